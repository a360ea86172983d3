/** Health: liveness and readiness for load balancers. */
import type { Module, PlatformDeps } from '../../kernel/module.ts';
import { healthRoutes } from './routes.ts';

export function createHealthModule(deps: Pick<PlatformDeps, 'db'>): Module<null> {
  return { name: 'health', services: null, routes: healthRoutes(deps.db) };
}
