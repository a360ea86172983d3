import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { CouncilContext } from './types.ts';
import { tensionsDashboardPanel } from '../modules/tensions/dashboard.ts';
import type { Permission } from '../kernel/access.ts';
import healthRoutes from '../modules/health/routes.ts';
import authRoutes from '../modules/auth/routes.ts';
import councilsRoutes from '../modules/councils/routes.ts';
import adminRoutes from '../modules/admin/routes.ts';
import geographyRoutes from '../modules/geography/routes.ts';
import insightRoutes from '../modules/insight/routes.ts';
import surveyRoutes from '../modules/survey/routes.ts';
import tensionsRoutes from '../modules/tensions/routes.ts';

/**
 * The capability modules, in navigation order. Each is a Fastify plugin registered under its prefix
 * (council modules live under /c/:council/…), with an optional entry in the council navigation.
 * To add a module: create src/modules/<name>/{routes,service,repository}.ts, views/, locales/, and add a line here.
 */
export interface ModuleDefinition {
  name: string;
  routes: FastifyPluginAsync;
  prefix?: string;
  /** Council navigation item; `path` is relative to /c/:council. */
  nav?: { path: string; key: string; permission: Permission };
  /** A panel on the council overview: a template and its data, or null when there is nothing for this user. */
  dashboard?: (app: FastifyInstance, council: CouncilContext) => Promise<DashboardPanel | null>;
}

export interface DashboardPanel {
  template: string;
  data: Record<string, unknown>;
}

export const MODULES: ModuleDefinition[] = [
  { name: 'health', routes: healthRoutes },
  { name: 'auth', routes: authRoutes },
  { name: 'councils', routes: councilsRoutes },
  { name: 'geography', routes: geographyRoutes, prefix: '/c/:council/areas' },
  {
    name: 'insight',
    routes: insightRoutes,
    prefix: '/c/:council/insight',
    nav: { path: '/insight', key: 'insight.nav', permission: 'insight.view' },
  },
  // Staff pages under /c/:council/surveys and the public survey at /s/:waveId: the plugin declares full paths.
  { name: 'survey', routes: surveyRoutes, nav: { path: '/surveys', key: 'survey.nav', permission: 'survey.view' } },
  // Staff pages under /c/:council/tensions and the public reporting journey at /report/:council: the plugin declares both prefixes.
  {
    name: 'tensions',
    routes: tensionsRoutes,
    nav: { path: '/tensions', key: 'tensions.nav.main', permission: 'council.view' },
    dashboard: tensionsDashboardPanel,
  },
  { name: 'admin', routes: adminRoutes, prefix: '/c/:council/admin' },
];

export const MODULE_NAV = MODULES.flatMap((m) => (m.nav ? [m.nav] : []));

/** The overview panels for this user, in module order. */
export async function dashboardPanels(app: FastifyInstance, council: CouncilContext): Promise<DashboardPanel[]> {
  const panels = await Promise.all(MODULES.map((m) => (m.dashboard ? m.dashboard(app, council) : null)));
  return panels.filter((p): p is DashboardPanel => p !== null);
}

export async function registerModules(app: FastifyInstance): Promise<void> {
  for (const m of MODULES) await app.register(m.routes, m.prefix ? { prefix: m.prefix } : {});
}
