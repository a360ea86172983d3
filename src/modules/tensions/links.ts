/**
 * The tensions module's records that other modules can link to: a ward's tension picture (`tensions.ward`, id the
 * ward's GSS code) and a trigger event (`tensions.event`, id the event's id). A plan action raised from either
 * keeps the `{ kind, id }` and shows it through these.
 */
import { actorCan } from '../../kernel/access.ts';
import type { Actor } from '../../kernel/actor.ts';
import type { LinkProvider, LinkTarget } from '../../kernel/links.ts';
import { isoWeek } from '../../stats/tension.ts';
import type { TensionsServices } from './services/index.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const base = (actor: Actor) => `/c/${actor.council.slug}/tensions`;
const mayAct = (actor: Actor, p: 'tensions.picture' | 'tensions.events') =>
  (actor.userId === null && actor.via !== 'public') || actorCan(actor, p);

/**
 * Wards are offered highest tension level first (this week's final level, as the picture shows it), each with
 * its level as the hint; events newest first.
 */
export function tensionsLinkProvider(
  services: Pick<TensionsServices, 'places' | 'events' | 'assessment'>,
  clock: () => Date,
): LinkProvider {
  return {
    kinds: ['tensions.ward', 'tensions.event'],
    async options(actor, kind) {
      if (kind === 'tensions.ward' && mayAct(actor, 'tensions.picture')) {
        const picture = await services.assessment.picture(actor.council, isoWeek(clock()));
        return picture.rows
          .map((r) => ({ r, level: r.level?.final_level ?? 0 }))
          .sort((a, b) => b.level - a.level)
          .map(({ r, level }) => ({
            kind,
            id: r.code,
            label: r.name,
            href: `${base(actor)}/wards/${r.code}`,
            hint: level ? String(level) : undefined,
          }));
      }
      if (kind === 'tensions.event' && mayAct(actor, 'tensions.events'))
        return (await services.events.list(actor.council)).map((e) => ({
          kind,
          id: e.id,
          label: e.title,
          href: `${base(actor)}/events/${e.id}`,
        }));
      return [];
    },
    async resolve(actor, refs) {
      const out: LinkTarget[] = [];
      for (const ref of refs) {
        if (ref.kind === 'tensions.ward' && mayAct(actor, 'tensions.picture')) {
          const w = await services.places.ward(actor.council, ref.id);
          if (w) out.push({ ...ref, label: w.name, href: `${base(actor)}/wards/${w.code}` });
        } else if (ref.kind === 'tensions.event' && UUID.test(ref.id) && mayAct(actor, 'tensions.events')) {
          const e = await services.events.event(actor.council, ref.id);
          if (e) out.push({ ...ref, label: e.event.title, href: `${base(actor)}/events/${e.event.id}` });
        }
      }
      return out;
    },
  };
}
