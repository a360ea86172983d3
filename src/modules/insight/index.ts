/** Know: indicators, census imports, segregation and benchmarking. */
import type { Module, PlatformDeps } from '../../kernel/module.ts';
import { seedInsightDemo } from './demo.ts';
import type { AuditService } from '../audit/index.ts';
import type { GeographyService } from '../geography/index.ts';
import { InsightService } from './service.ts';
import { insightRoutes } from './routes.ts';

export { InsightService };
export type InsightServices = InsightService;

export function createInsightModule(
  deps: PlatformDeps & { audit: AuditService; geography: GeographyService },
): Module<InsightServices> {
  const svc = new InsightService(deps.db, deps.audit);
  return {
    name: 'insight',
    services: svc,
    routes: insightRoutes({ svc, geo: deps.geography }),
    nav: { path: '/insight', key: 'insight.nav', permission: 'insight.view' },
    demo: (council) => seedInsightDemo(deps.db, svc, council),
  };
}
