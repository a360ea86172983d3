/** Act's pages: the staff side under /c/:council/plans, and public progress pages under /progress/:council. */
import type { FastifyInstance } from 'fastify';
import type { LinkRegistry } from '../../../kernel/links.ts';
import type { PlansServices } from '../services/index.ts';
import { actionRoutes } from './actions.ts';
import type { PlansRouteDeps } from './common.ts';
import { publicRoutes } from './public.ts';
import { reportRoutes } from './report.ts';
import { staffRoutes } from './staff.ts';

export function plansRoutes(services: PlansServices, links: LinkRegistry, clock: () => Date = () => new Date()) {
  const deps: PlansRouteDeps = { services, links, clock };
  return async function routes(app: FastifyInstance) {
    await app.register(publicRoutes(deps));
    // Fixed paths (report, actions) before the plan id pattern is not needed: ids are UUIDs, checked by schema.
    for (const plugin of [reportRoutes, actionRoutes, staffRoutes])
      await app.register(plugin(deps), { prefix: '/c/:council/plans' });
  };
}
