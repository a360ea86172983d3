/**
 * The `evaluation` link provider: other modules find evaluations (a plan outcome's "Evaluations of this
 * outcome"), and get "Start an evaluation" from a plan outcome, a plan action or a grant, which opens the new
 * evaluation form with the link filled in (`?link=kind:id`).
 */
import { actorCan } from '../../kernel/access.ts';
import type { Actor } from '../../kernel/actor.ts';
import { formatLinkRef, type LinkDetail, type LinkProvider, type LinkTarget } from '../../kernel/links.ts';
import type { EvaluationRow } from './model.ts';
import { estimateParts } from './present/results.ts';
import type { EvaluationServices } from './services/index.ts';
import { LINKABLE_KINDS } from './services/evaluations.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const evaluationsPath = (actor: Actor) => `/c/${actor.council.slug}/evaluations`;

function target(actor: Actor, e: EvaluationRow): LinkTarget {
  const r = e.result;
  const hint = r ? `SMS ${r.evidence.sms} · Nesta ${r.evidence.nesta}` : undefined;
  // The headline a plan outcome shows for its evaluation: the estimate in plain English and the evidence label.
  const details: LinkDetail[] = r
    ? [
        ...estimateParts(r),
        { key: 'evaluation.links.evidence', params: { sms: r.evidence.sms, nesta: r.evidence.nesta } },
      ]
    : [{ key: 'evaluation.links.notAnalysed' }];
  return {
    kind: 'evaluation',
    id: e.id,
    label: e.title,
    href: `${evaluationsPath(actor)}/${e.id}`,
    ...(hint ? { hint } : {}),
    details,
  };
}

export function evaluationLinkProvider(services: EvaluationServices): LinkProvider {
  const { evaluations } = services;
  const mayView = (actor: Actor) => actorCan(actor, 'evaluation.view');
  return {
    kinds: ['evaluation'],
    async options(actor) {
      if (!mayView(actor)) return [];
      return (await evaluations.list(actor.council)).map((e) => target(actor, e));
    },
    async resolve(actor, refs) {
      if (!mayView(actor)) return [];
      const ids = refs.filter((r) => r.kind === 'evaluation' && UUID.test(r.id)).map((r) => r.id);
      if (!ids.length) return [];
      return (await evaluations.byIds(actor.council, ids)).map((e) => target(actor, e));
    },
    async backlinks(actor, ref) {
      if (!mayView(actor) || !(LINKABLE_KINDS as readonly string[]).includes(ref.kind)) return [];
      return (await evaluations.linkedTo(actor.council, ref)).map((e) => target(actor, e));
    },
    actionsFrom(actor, ref) {
      if (!actorCan(actor, 'evaluation.manage') || !(LINKABLE_KINDS as readonly string[]).includes(ref.kind)) return [];
      return [
        {
          labelKey: 'evaluation.actions.start',
          href: `${evaluationsPath(actor)}/new?link=${encodeURIComponent(formatLinkRef(ref))}`,
        },
      ];
    },
  };
}
