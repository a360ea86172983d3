/** What the insight pages are built from: Know's services (never the database) and small request helpers. */
import type { FastifyRequest } from 'fastify';
import { actorOf } from '../../../server/request.ts';
import type { InsightServices } from '../services/index.ts';

/** The services the pages call; the indicators write path is for other modules only. */
export type InsightRouteServices = Omit<InsightServices, 'indicators'>;

/** The address of the council's insight pages. */
export function insightBase(req: FastifyRequest): string {
  return `/c/${actorOf(req).council.slug}/insight`;
}

/** The submitted form's fields as they were typed, to show them again beside an error. */
export function submitted(req: FastifyRequest): Record<string, unknown> {
  const body: unknown = req.body;
  return body && typeof body === 'object' ? Object.fromEntries(Object.entries(body)) : {};
}
