/** Connect's records for other modules' links: `connect.programme` (council-scoped; needs connect.view). */
import { actorCan } from '../../kernel/access.ts';
import type { Actor } from '../../kernel/actor.ts';
import type { LinkProvider, LinkTarget } from '../../kernel/links.ts';
import type { ProgrammeRow } from './model.ts';
import type { ConnectServices } from './services/index.ts';

export const PROGRAMME_KIND = 'connect.programme';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function target(actor: Actor, p: ProgrammeRow): LinkTarget {
  return {
    kind: PROGRAMME_KIND,
    id: p.id,
    label: p.name,
    href: `/c/${actor.council.slug}/connect/p/${p.id}`,
    hint: p.kind === 'esol' ? 'ESOL placement' : p.kind === 'linking' ? 'School linking' : 'Friendships',
  };
}

export function connectLinkProvider(services: ConnectServices): LinkProvider {
  return {
    kinds: [PROGRAMME_KIND],
    async options(actor) {
      if (!actorCan(actor, 'connect.view')) return [];
      return (await services.programmes.list(actor.council)).map((p) => target(actor, p));
    },
    async resolve(actor, refs) {
      if (!actorCan(actor, 'connect.view')) return [];
      const ids = refs.filter((r) => r.kind === PROGRAMME_KIND && UUID.test(r.id)).map((r) => r.id);
      if (!ids.length) return [];
      return (await services.programmes.byIds(actor.council, ids)).map((p) => target(actor, p));
    },
  };
}
