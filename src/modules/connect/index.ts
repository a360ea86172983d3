/**
 * Connect: matching programmes — ESOL placement from a waiting list (imports, exact placement with a reason for
 * everyone left unplaced, offers by email, answers, re-matching when a place frees up) and school linking — on
 * the exact solvers of src/stats/matching. This file is the module's only public surface.
 */
import type { Module } from '../../kernel/module.ts';
import { seedConnectDemo } from './demo.ts';
import { connectLinkProvider } from './links.ts';
import { connectReport } from './report.ts';
import { connectRoutes } from './routes/index.ts';
import type { ConnectDeps } from './services/context.ts';
import { createConnectServices, type ConnectServices } from './services/index.ts';

export type { ConnectServices, ConnectDeps };
export type { ImportOutcome } from './services/context.ts';
export type { RunSummary } from './services/placement.ts';
export type { PersonInput, ProgrammeRow, PersonRow, ClassRow, Status } from './model.ts';
export { PROGRAMME_KIND } from './links.ts';

const DAY = 86_400_000;

export function createConnectModule(deps: ConnectDeps): Module<ConnectServices> {
  const services = createConnectServices(deps);
  return {
    name: 'connect',
    services,
    routes: connectRoutes(services, deps.clock),
    nav: { path: '/connect', key: 'connect.nav', permission: 'connect.view' },
    demo: (council) => seedConnectDemo(deps, services, council),
    linkProviders: [connectLinkProvider(services)],
    report: connectReport({ db: deps.db, clock: deps.clock }),
    jobs: [
      {
        name: 'connect.retention',
        everyMs: DAY,
        run: async ({ now }) => {
          await services.retention.eraseExpired(now);
        },
      },
    ],
  };
}
