/** What commissioning's route files share: dependencies, access rules, address schemas and helpers. */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Translate } from '../../../i18n/index.ts';
import { can } from '../../../kernel/access.ts';
import type { LinkRegistry } from '../../../kernel/links.ts';
import { emptyErrors, type FormErrors } from '../../../server/forms.ts';
import { actorOf } from '../../../server/request.ts';
import { councilParams, uuid } from '../../../server/schemas.ts';
import type { LineProblem } from '../model.ts';
import type { CommissioningServices } from '../services/index.ts';

export interface CommissioningRouteDeps {
  services: CommissioningServices;
  links: LinkRegistry;
}

export const view = { access: can('commissioning.view') };
export const grantsView = { access: can('commissioning.grants') };
export const edit = { access: can('commissioning.edit') };
export const returnsAccess = { access: can('commissioning.returns') };
export const exportAccess = { access: can('commissioning.export') };
export const settingsAccess = { access: can('commissioning.settings') };

export const programmeParams = councilParams({ programmeId: uuid });
export const grantParams = councilParams({ grantId: uuid });
export const organisationParams = councilParams({ organisationId: uuid });

/** An optional query-string value; anything malformed is treated as absent. */
export const optionalQuery = (re: RegExp) => z.string().regex(re).optional().catch(undefined);

export const base = (req: FastifyRequest) => `/c/${actorOf(req).council.slug}/commissioning`;

/** A form body's fields as typed, to show them again beside an error. */
export function valuesOf(body: unknown): Record<string, unknown> {
  return body && typeof body === 'object' ? { ...body } : {};
}

/** Problems of an imported file, one line each in the error summary, on `field`. */
export function problemErrors(problems: LineProblem[], t: Translate, field: string): FormErrors {
  const errors = emptyErrors();
  for (const p of problems) {
    const message = t(p.key, p.params);
    errors.list.push({
      text: p.line > 0 ? t('commissioning.import.errors.line', { line: p.line, message }) : message,
      href: `#${field}`,
    });
  }
  errors.fields[field] = { text: t('commissioning.import.errors.fixFile', { count: problems.length }) };
  return errors;
}
