/**
 * The plans module's records for other modules' links (`plan`, `plan.outcome`, `plan.action`, `plan.measure`),
 * its backlinks (actions raised from a signal) and what it offers from a signal ("Add an action").
 */
import type { Actor } from '../../../kernel/actor.ts';
import type { LinkProvider, LinkRef, LinkTarget } from '../../../kernel/links.ts';
import * as repo from '../repository/index.ts';
import { SIGNAL_KINDS, type ActionsService } from './actions.ts';
import { mayAct, type PlansContext } from './context.ts';
import type { PlansService } from './plans.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const PLAN_KINDS = ['plan', 'plan.outcome', 'plan.action', 'plan.measure'] as const;

const base = (actor: Actor) => `/c/${actor.council.slug}/plans`;

export function plansLinkProvider(ctx: PlansContext, plans: PlansService, actions: ActionsService): LinkProvider {
  const actionTarget = (actor: Actor, a: repo.ActionRow): LinkTarget => ({
    kind: 'plan.action',
    id: a.id,
    label: `${a.reference} ${a.title}`,
    href: `${base(actor)}/actions/${a.id}`,
    hint: a.status,
  });
  const outcomeTarget = (actor: Actor, o: repo.OutcomeRow): LinkTarget => ({
    kind: 'plan.outcome',
    id: o.id,
    label: o.title,
    href: `${base(actor)}/outcomes/${o.id}`,
  });
  const measureTarget = (actor: Actor, m: repo.MeasureRow): LinkTarget => ({
    kind: 'plan.measure',
    id: m.id,
    label: m.indicator_code,
    href: `${base(actor)}/outcomes/${m.outcome_id}#measure-${m.id}`,
  });
  return {
    kinds: PLAN_KINDS,
    async options(actor, kind) {
      const c = actor.council;
      if (kind === 'plan.action') return (await actions.list(actor)).map((a) => actionTarget(actor, a));
      if (!mayAct(actor, 'plans.view')) return [];
      const all = await plans.list(c);
      if (kind === 'plan') return all.map((p) => ({ kind, id: p.id, label: p.title, href: `${base(actor)}/${p.id}` }));
      if (kind === 'plan.outcome') return (await plans.allOutcomes(c)).map((o) => outcomeTarget(actor, o));
      const measures = (await Promise.all(all.map((p) => repo.listMeasures(ctx.db, c.id, p.id)))).flat();
      return measures.map((m) => measureTarget(actor, m));
    },
    async resolve(actor, refs) {
      const c = actor.council.id;
      const ids = (kind: string) => refs.filter((r) => r.kind === kind && UUID.test(r.id)).map((r) => r.id);
      const out: LinkTarget[] = [];
      const actionIds = ids('plan.action');
      if (actionIds.length)
        for (const a of await repo.actionsByIds(ctx.db, c, actionIds)) {
          const visible = await actions.action(actor, a.id);
          if (visible) out.push(actionTarget(actor, visible));
        }
      if (!mayAct(actor, 'plans.view')) return out;
      const planIds = ids('plan');
      if (planIds.length)
        for (const p of await repo.listPlans(ctx.db, c))
          if (planIds.includes(p.id))
            out.push({ kind: 'plan', id: p.id, label: p.title, href: `${base(actor)}/${p.id}` });
      const outcomeIds = ids('plan.outcome');
      if (outcomeIds.length)
        for (const o of await repo.outcomesByIds(ctx.db, c, outcomeIds)) out.push(outcomeTarget(actor, o));
      const measureIds = ids('plan.measure');
      if (measureIds.length)
        for (const m of await repo.measuresByIds(ctx.db, c, measureIds)) out.push(measureTarget(actor, m));
      return out;
    },
    async backlinks(actor, ref: LinkRef) {
      if (!(SIGNAL_KINDS as readonly string[]).includes(ref.kind)) return [];
      return (await actions.fromSignal(actor, ref)).map((a) => actionTarget(actor, a));
    },
    actionsFrom(actor, ref) {
      if (!(SIGNAL_KINDS as readonly string[]).includes(ref.kind) || !mayAct(actor, 'plans.edit')) return [];
      return [
        {
          labelKey: 'plans.signal.addAction',
          href: `${base(actor)}/actions/new?signal=${encodeURIComponent(`${ref.kind}:${ref.id}`)}`,
        },
      ];
    },
  };
}
