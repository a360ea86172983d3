/**
 * Commissioning over HTTP: pages under /c/:council/commissioning (programmes, grants, 360Giving). Routes receive
 * the module's services; they never build them.
 */
import type { FastifyInstance } from 'fastify';
import { givingPages } from './giving.ts';
import { grantPages } from './grants.ts';
import { programmePages } from './programmes.ts';
import type { CommissioningRouteDeps } from './shared.ts';

export type { CommissioningRouteDeps };

export function commissioningRoutes(deps: CommissioningRouteDeps) {
  return async function routes(app: FastifyInstance) {
    for (const pages of [programmePages, grantPages, givingPages])
      await app.register(pages(deps), { prefix: '/c/:council/commissioning' });
  };
}
