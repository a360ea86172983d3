/** Know's pages, all for the council's members under /c/:council/insight (Know has no public pages). */
import type { FastifyInstance } from 'fastify';
import type { LinkRegistry } from '../../../kernel/links.ts';
import { comparatorRoutes } from './comparators.ts';
import type { InsightRouteServices } from './context.ts';
import { importRoutes } from './import.ts';
import { indicatorRoutes } from './indicators.ts';
import { profileRoutes } from './profiles.ts';
import { segregationRoutes } from './segregation.ts';

export type { InsightRouteServices };

export function insightRoutes(services: InsightRouteServices, links?: LinkRegistry) {
  return async function plugin(app: FastifyInstance) {
    await app.register(
      async (scoped) => {
        await scoped.register(profileRoutes(services));
        await scoped.register(indicatorRoutes(services, links));
        await scoped.register(segregationRoutes(services));
        await scoped.register(comparatorRoutes(services));
        await scoped.register(importRoutes(services));
      },
      { prefix: '/c/:council/insight' },
    );
  };
}
