/**
 * Commissioning's records for other modules (`commissioning.programme`, `commissioning.grant`), grants as
 * backlinks of any record they link to ("grants funding this outcome"), and "Award a grant" offered from a
 * plan outcome. Answers only with what the actor may see.
 */
import { actorCan } from '../../kernel/access.ts';
import type { Actor } from '../../kernel/actor.ts';
import type { LinkProvider, LinkRef, LinkTarget } from '../../kernel/links.ts';
import { formatLinkRef } from '../../kernel/links.ts';
import type { GrantRow, ProgrammeRow } from './model.ts';
import type { CommissioningServices } from './services/index.ts';

const money = (n: number) => `£${n.toLocaleString('en-GB', { maximumFractionDigits: 2 })}`;
const base = (actor: Actor) => `/c/${actor.council.slug}/commissioning`;

const grantTarget = (actor: Actor, g: GrantRow): LinkTarget => ({
  kind: 'commissioning.grant',
  id: g.id,
  label: `${g.title} (${g.recipient_name})`,
  href: `${base(actor)}/grants/${g.id}`,
  hint: `${money(g.amount)} · ${g.award_date}`,
});

const programmeTarget = (actor: Actor, p: ProgrammeRow): LinkTarget => ({
  kind: 'commissioning.programme',
  id: p.id,
  label: p.name,
  href: `${base(actor)}/programmes/${p.id}`,
  hint: `${p.starts_on} – ${p.ends_on}`,
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function commissioningLinkProvider(services: CommissioningServices): LinkProvider {
  return {
    kinds: ['commissioning.programme', 'commissioning.grant'],
    async options(actor, kind) {
      if (kind === 'commissioning.grant') {
        if (!actorCan(actor, 'commissioning.grants')) return [];
        return (await services.grants.list(actor)).map((g) => grantTarget(actor, g));
      }
      if (!actorCan(actor, 'commissioning.view')) return [];
      return (await services.programmes.list(actor.council)).map((p) => programmeTarget(actor, p));
    },
    async resolve(actor, refs) {
      const out: LinkTarget[] = [];
      for (const ref of refs.filter((r) => UUID.test(r.id))) {
        if (ref.kind === 'commissioning.grant' && actorCan(actor, 'commissioning.grants')) {
          const g = await services.grants.get(actor, ref.id);
          if (g) out.push(grantTarget(actor, g));
        } else if (ref.kind === 'commissioning.programme' && actorCan(actor, 'commissioning.view')) {
          const p = await services.programmes.get(actor.council, ref.id);
          if (p) out.push(programmeTarget(actor, p));
        }
      }
      return out;
    },
    async backlinks(actor, ref: LinkRef) {
      if (!actorCan(actor, 'commissioning.grants')) return [];
      return (await services.grants.linkedTo(actor, ref)).map((g) => grantTarget(actor, g));
    },
    actionsFrom(actor, ref) {
      if (ref.kind !== 'plan.outcome' || !actorCan(actor, 'commissioning.edit')) return [];
      return [
        {
          labelKey: 'commissioning.grants.awardFromOutcome',
          href: `${base(actor)}/grants/new?link=${encodeURIComponent(formatLinkRef(ref))}`,
        },
      ];
    },
  };
}
