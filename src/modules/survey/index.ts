/** Hear: residents' surveys. */
import type { Module, PlatformDeps } from '../../kernel/module.ts';
import { seedSurveyDemo } from './demo.ts';
import type { AuditService } from '../audit/index.ts';
import type { GeographyService } from '../geography/index.ts';
import type { InsightServices } from '../insight/index.ts';
import { SurveyService } from './service.ts';
import { surveyRoutes } from './routes.ts';

export { SurveyService };
export type SurveyServices = SurveyService;

export function createSurveyModule(
  deps: PlatformDeps & { audit: AuditService; geography: GeographyService; insight: InsightServices },
): Module<SurveyServices> {
  const svc = new SurveyService(deps.db, deps.config, { audit: deps.audit });
  return {
    name: 'survey',
    services: svc,
    routes: surveyRoutes({ svc, audit: deps.audit, geography: deps.geography, config: deps.config }),
    nav: { path: '/surveys', key: 'survey.nav', permission: 'survey.view' },
    demo: (council) => seedSurveyDemo(deps.db, svc, council.id),
  };
}
