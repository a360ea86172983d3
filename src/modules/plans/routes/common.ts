/** What every plans page shares. */
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../../../kernel/actor.ts';
import type { FormErrors } from '../../../server/forms.ts';
import { linkDetailText, type LinkRegistry, type LinkTarget } from '../../../kernel/links.ts';
import type { PlansServices } from '../services/index.ts';

export interface PlansRouteDeps {
  readonly services: PlansServices;
  readonly clock: () => Date;
  /** Labels of linked records, backlinks and actions offered by other modules. */
  readonly links: LinkRegistry;
}

export const plansBase = (actor: Actor) => `/c/${actor.council.slug}/plans`;

/** The submitted body as plain values, to show again in a form. */
export function bodyValues(req: FastifyRequest): Record<string, unknown> {
  const b = req.body;
  return b && typeof b === 'object' ? { ...(b as Record<string, unknown>) } : {};
}

/** Errors of one of several forms on a page, whose fields' ids carry the form's name as a prefix. */
export function prefixErrors(errors: FormErrors, form: string | undefined): FormErrors {
  if (!form) return errors;
  return { fields: errors.fields, list: errors.list.map((e) => ({ ...e, href: `#${form}-${e.href.slice(1)}` })) };
}

/** Backlinks with their details (for example an evaluation's estimate and evidence label) in the page's language. */
export function withDetailText(
  backlinks: readonly LinkTarget[],
  t: (key: string, params?: Record<string, string | number>) => string,
): (LinkTarget & { detailText: string[] })[] {
  return backlinks.map((b) => ({ ...b, detailText: (b.details ?? []).map((d) => linkDetailText(t, d)) }));
}
