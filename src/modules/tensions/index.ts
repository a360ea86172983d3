/** Warn: tension and hate incident reporting, intelligence, tension levels, events and reports. */
import type { Module, PlatformDeps } from '../../kernel/module.ts';
import { seedTensionsDemo } from './demo.ts';
import type { AuditService } from '../audit/index.ts';
import type { CouncilsService } from '../councils/index.ts';
import type { GeographyService } from '../geography/index.ts';
import { TensionsService, eraseExpiredPersonalData } from './service.ts';
import { tensionsRoutes } from './routes.ts';
import { tensionsDashboardPanel } from './dashboard.ts';

export { TensionsService };
export type TensionsServices = TensionsService;

const HOUR = 3_600_000;
/** Reports that arrive together are assessed together, a couple of seconds after the first. */
const RECOMPUTE_DELAY_MS = 2_000;

export function createTensionsModule(
  deps: PlatformDeps & { audit: AuditService; councils: CouncilsService; geography: GeographyService },
): Module<TensionsServices> {
  const svc = new TensionsService(deps.db, deps.config, {
    audit: deps.audit,
    email: deps.email,
    councils: deps.councils,
  });
  svc.onReportStored = (councilId) =>
    void deps.jobs
      .enqueue('tensions.recompute', councilId, { delayMs: RECOMPUTE_DELAY_MS })
      .catch((err: Error) =>
        deps.log.error({ err: { type: err.name, message: err.message } }, 'could not queue a tension recompute'),
      );
  return {
    name: 'tensions',
    services: svc,
    routes: tensionsRoutes({
      svc,
      db: deps.db,
      audit: deps.audit,
      councils: deps.councils,
      geography: deps.geography,
      config: deps.config,
    }),
    nav: { path: '/tensions', key: 'tensions.nav.main', permission: 'councils.view' },
    demo: (council) => seedTensionsDemo(deps.db, svc, council.id),
    dashboard: (actor) => tensionsDashboardPanel(svc, actor),
    jobs: [
      {
        name: 'tensions.recompute',
        run: async ({ key }) => {
          const council = key ? await deps.councils.byId(key) : null;
          if (council) await svc.recompute(council);
        },
      },
      {
        name: 'tensions.recompute-all',
        everyMs: HOUR,
        run: async () => {
          for (const council of await deps.councils.all()) await svc.recompute(council);
        },
      },
      {
        name: 'tensions.retention',
        everyMs: HOUR,
        run: async ({ now }) => {
          await eraseExpiredPersonalData(deps.db, now);
        },
      },
    ],
  };
}
