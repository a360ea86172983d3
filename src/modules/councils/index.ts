/** Councils: the tenants, their members, the service's front pages and each council's overview. */
import type { DashboardPanel, Module, PlatformDeps } from '../../kernel/module.ts';
import type { Actor } from '../../kernel/actor.ts';
import type { GeographyService } from '../geography/index.ts';
import { CouncilsService } from './service.ts';
import { councilsRoutes } from './routes.ts';
export { councilsCommands } from './cli.ts';

export { CouncilsService };
export type { Membership } from './service.ts';

export function createCouncilsModule(
  deps: Pick<PlatformDeps, 'db' | 'config'> & {
    geography: GeographyService;
    /** Every module's overview panel for the actor; bound late by the container, as panels come from later modules. */
    panels: (actor: Actor) => Promise<DashboardPanel[]>;
  },
): Module<CouncilsService> {
  const councils = new CouncilsService(deps.db);
  return {
    name: 'councils',
    services: councils,
    routes: councilsRoutes({
      councils,
      geography: deps.geography,
      panels: deps.panels,
      feedbackEmail: deps.config.feedbackEmail,
    }),
  };
}
