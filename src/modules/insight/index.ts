/** Know: indicators, census imports, segregation and benchmarking. */
import type { Module, PlatformDeps } from '../../kernel/module.ts';
import { seedInsightDemo } from './demo.ts';
import type { AuditService } from '../audit/index.ts';
import type { GeographyService } from '../geography/index.ts';
import { InsightService } from './service.ts';
import { insightRoutes } from './routes.ts';

import { IndicatorsApi } from './indicators-api.ts';

export { InsightService };
export type { CouncilIndicatorDefinition, IndicatorValueInput, IndicatorsApi } from './indicators-api.ts';

export interface InsightServices {
  /** The indicators framework's write path for other modules (survey results, plan measures). */
  indicators: IndicatorsApi;
  /** Everything else Know does (transitional: split by sub-domain in the module's conversion). */
  insight: InsightService;
}

export function createInsightModule(
  deps: PlatformDeps & { audit: AuditService; geography: GeographyService },
): Module<InsightServices> {
  const svc = new InsightService(deps.db, deps.audit);
  return {
    name: 'insight',
    services: { indicators: new IndicatorsApi(), insight: svc },
    routes: insightRoutes({ svc, geo: deps.geography }),
    nav: { path: '/insight', key: 'insight.nav', permission: 'insight.view' },
    demo: (council) => seedInsightDemo(deps.db, svc, council),
  };
}
