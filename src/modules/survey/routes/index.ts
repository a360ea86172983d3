/**
 * Residents' surveys over HTTP: staff pages under /c/:council/surveys (one file per sub-domain) and the
 * anonymous online survey under /s. Routes receive the module's services; they never build them.
 */
import type { FastifyInstance } from 'fastify';
import { fieldworkPages } from './staff/fieldwork.ts';
import { questionPages } from './staff/questions.ts';
import { resultPages } from './staff/results.ts';
import { surveyPages } from './staff/surveys.ts';
import { wavePages } from './staff/waves.ts';
import { weightingPages } from './staff/weighting.ts';
import { publicRoutes } from './public.ts';
import type { SurveyRouteDeps } from './shared.ts';

export type { SurveyRouteDeps };

export function surveyRoutes(deps: SurveyRouteDeps) {
  return async function routes(app: FastifyInstance) {
    const staff = '/c/:council/surveys';
    for (const pages of [surveyPages, questionPages, wavePages, fieldworkPages, weightingPages, resultPages])
      await app.register(pages(deps), { prefix: staff });
    await app.register(publicRoutes(deps), { prefix: '/s' });
  };
}
