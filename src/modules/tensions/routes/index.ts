/** Warn's pages: the staff side under /c/:council/tensions, and the public journey under /report/:council. */
import type { FastifyInstance } from 'fastify';
import type { LinkRegistry } from '../../../kernel/links.ts';
import type { TensionsServices } from '../services/index.ts';
import { publicReportRoutes } from './public.ts';
import { assistedRoutes } from './staff/assisted.ts';
import { caseRoutes } from './staff/cases.ts';
import type { StaffRouteDeps } from './staff/common.ts';
import { eventRoutes } from './staff/events.ts';
import { intelligenceRoutes } from './staff/intelligence.ts';
import { pictureRoutes } from './staff/picture.ts';
import { reportRoutes } from './staff/reports.ts';
import { settingsRoutes } from './staff/settings.ts';
import { submitRoutes } from './submit.ts';

export { DRAFT_COOKIE } from './public.ts';

export function tensionsRoutes(services: TensionsServices, clock: () => Date = () => new Date(), links?: LinkRegistry) {
  const staff: StaffRouteDeps = { services, clock, links };
  return async function routes(app: FastifyInstance) {
    await app.register(publicReportRoutes(services), { prefix: '/report/:council' });
    await app.register(submitRoutes(services), { prefix: '/report/:council' });
    for (const plugin of [
      pictureRoutes,
      caseRoutes,
      assistedRoutes,
      intelligenceRoutes,
      eventRoutes,
      reportRoutes,
      settingsRoutes,
    ])
      await app.register(plugin(staff), { prefix: '/c/:council/tensions' });
  };
}
