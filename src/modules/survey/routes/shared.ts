/** What the survey's route files share: their dependencies, address schemas and small helpers. */
import type { FastifyRequest } from 'fastify';
import type { Config } from '../../../config.ts';
import { isLanguage, type Language, type Translate } from '../../../i18n/index.ts';
import { can } from '../../../kernel/access.ts';
import { emptyErrors, type FormErrors } from '../../../server/forms.ts';
import { notFound } from '../../../server/errors.ts';
import { actorOf } from '../../../server/request.ts';
import { councilParams, uuid } from '../../../server/schemas.ts';
import type { LineProblem } from '../model.ts';
import type { SurveyServices } from '../services/index.ts';
import type { LinkRegistry } from '../../../kernel/links.ts';

export interface SurveyRouteDeps {
  survey: SurveyServices;
  config: Pick<Config, 'baseUrl' | 'secureCookies' | 'rateLimitPublicForms'>;
  /** Other modules' actions from a result ("Add an action"); absent in route tests. */
  links?: LinkRegistry;
}

export const manage = { access: can('survey.manage') };
export const view = { access: can('survey.view') };

export const surveyParams = councilParams({ surveyId: uuid });
export const waveParams = councilParams({ waveId: uuid });
export const questionParams = councilParams({ questionId: uuid });
export const importParams = councilParams({ waveId: uuid, importId: uuid });

/** The staff pages' base address for the request's council. */
export const base = (req: FastifyRequest) => `/c/${actorOf(req).council.slug}/surveys`;

export function langOf(req: FastifyRequest): Language {
  return isLanguage(req.lang) ? req.lang : 'en';
}

/** The council's wave from the address, or the 404 page. */
export async function loadWave(survey: Pick<SurveyServices, 'waves'>, req: FastifyRequest, waveId: string) {
  const wave = await survey.waves.wave(actorOf(req).council, waveId);
  if (!wave) throw notFound();
  return wave;
}

/** Problems of a file or of pasted margins, one line each in the error summary, on `field`. */
export function problemErrors(problems: LineProblem[], total: number, t: Translate, field: string): FormErrors {
  const errors = emptyErrors();
  for (const p of problems)
    errors.list.push({
      text: t('survey.import.errors.line', { line: p.line, message: t(p.key, p.params) }),
      href: `#${field}`,
    });
  if (total > problems.length)
    errors.list.push({ text: t('survey.import.errors.more', { count: total - problems.length }), href: `#${field}` });
  errors.fields[field] = { text: t('survey.import.errors.fixFile', { count: total }) };
  return errors;
}

/** A form body's fields as typed, to show them again beside an error. */
export function valuesOf(body: unknown): Record<string, unknown> {
  return body && typeof body === 'object' ? { ...body } : {};
}
