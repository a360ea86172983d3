/** What connect's route files share: dependencies, address schemas, forms and small helpers. */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Translate } from '../../../i18n/index.ts';
import { can } from '../../../kernel/access.ts';
import { notFound } from '../../../server/errors.ts';
import { emptyErrors, type FormErrors } from '../../../server/forms.ts';
import { actorOf } from '../../../server/request.ts';
import { councilParams, uuid } from '../../../server/schemas.ts';
import { KINDS, RECORDABLE, type LineProblem } from '../model.ts';
import type { ConnectServices } from '../services/index.ts';

export const view = { access: can('connect.view') };
export const manage = { access: can('connect.manage') };

export const programmeParams = councilParams({ programmeId: uuid });
export const personParams = councilParams({ programmeId: uuid, personId: uuid });

export const base = (req: FastifyRequest) => `/c/${actorOf(req).council.slug}/connect`;

export async function loadProgramme(services: ConnectServices, req: FastifyRequest, id: string) {
  const found = await services.programmes.get(actorOf(req).council, id);
  if (!found) throw notFound();
  return found;
}

export const programmeForm = z.object({
  name: z
    .string({ message: 'connect.programmes.errors.name' })
    .trim()
    .min(2, 'connect.programmes.errors.name')
    .max(120, 'connect.programmes.errors.nameTooLong'),
  kind: z.enum(KINDS, { message: 'connect.programmes.errors.kind' }),
  maxKm: z.coerce
    .number({ message: 'connect.programmes.errors.maxKm' })
    .min(0, 'connect.programmes.errors.maxKm')
    .max(200, 'connect.programmes.errors.maxKm'),
});

export const uploadForm = z.object({
  file: z
    .instanceof(Buffer, { message: 'connect.import.errors.fileRequired' })
    .refine((b) => b.length > 0, 'connect.import.errors.fileRequired'),
});

export const statusForm = z.object({
  status: z.enum(RECORDABLE as unknown as [string, ...string[]], { message: 'connect.people.errors.status' }),
});

/** Any form body: text hygiene only (parseForm); the fields are checked by the model. */
export const anyForm = z.record(z.string(), z.unknown());

/** Problems of a file, one line each in the error summary, on the file field. */
export function problemErrors(problems: LineProblem[], total: number, t: Translate): FormErrors {
  const errors = emptyErrors();
  for (const p of problems)
    errors.list.push({
      text: t('connect.import.errors.line', { line: p.line, message: t(p.key, p.params) }),
      href: '#file',
    });
  if (total > problems.length)
    errors.list.push({ text: t('connect.import.errors.more', { count: total - problems.length }), href: '#file' });
  errors.fields.file = { text: t('connect.import.errors.fixFile', { count: total }) };
  return errors;
}
