/** Geography: shared reference areas (GSS codes), their hierarchy, boundaries and census counts. */
import type { Module, PlatformDeps } from '../../kernel/module.ts';
import type { AuditService } from '../audit/index.ts';
import { GeographyService, ImportFileError } from './service.ts';
import { geographyRoutes } from './routes.ts';
export { geographyCommands } from './cli.ts';

export { GeographyService, ImportFileError };
export type { ImportOutcome, ImportProblem } from './service.ts';
export type { AreaRow, PopulationRow } from './repository.ts';

export function createGeographyModule(
  deps: Pick<PlatformDeps, 'db'> & { audit: AuditService },
): Module<GeographyService> {
  const geography = new GeographyService(deps.db, deps.audit);
  return { name: 'geography', services: geography, routes: geographyRoutes(geography) };
}
