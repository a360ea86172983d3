/**
 * Act: the Local Integration Plan — plans, domains, outcomes, measures and actions; actions raised from signals
 * of other modules; measured progress; the quarterly cabinet report; bulk editing by CSV; a public progress
 * page per plan. This file is the module's only public surface.
 */
import type { Actor } from '../../kernel/actor.ts';
import type { Module } from '../../kernel/module.ts';
import type { ReportPeriod, ReportSection } from '../../kernel/reports.ts';
import { actorCan } from '../../kernel/access.ts';
import { seedPlansDemo } from './demo.ts';
import { plansRoutes } from './routes/index.ts';
import type { PlansDeps } from './services/context.ts';
import { createPlansServices, type PlansServices } from './services/index.ts';
import { plansLinkProvider } from './services/links.ts';

export type { PlansServices, PlansDeps };
export type { CabinetReport } from './services/report.ts';
export { plansCommands } from './cli.ts';

export function createPlansModule(
  deps: PlansDeps & {
    /** Every module's section of the cabinet report; bound late by the container, as sections come from later modules. */
    reportSections: (actor: Actor, period: ReportPeriod, lang: string) => Promise<ReportSection[]>;
  },
): Module<PlansServices> {
  const services = createPlansServices(deps, () => deps.reportSections);
  return {
    name: 'plans',
    services,
    routes: plansRoutes(services, deps.links, deps.clock),
    nav: { path: '/plans', key: 'plans.nav', permission: 'plans.actions' },
    linkProviders: [plansLinkProvider(deps, services.plans, services.actions)],
    dashboard: async (actor) => {
      if (!actorCan(actor, 'plans.actions')) return null;
      const mine = await services.actions.mine(actor);
      return { template: 'plans/views/_dashboard-panel.njk', data: mine };
    },
    demo: (council) => seedPlansDemo(deps, services, council),
  };
}
