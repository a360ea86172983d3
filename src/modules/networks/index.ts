/** Networks: who knows whom in a neighbourhood, from an edge list or survey name generators, in aggregate for
 * most roles and by pseudonymous respondent code for the restricted one. */
import type { Module, PlatformDeps } from '../../kernel/module.ts';
import type { AuditService } from '../audit/index.ts';
import type { GeographyService } from '../geography/index.ts';
import { seedNetworksDemo } from './demo.ts';
import { networksReport } from './report.ts';
import { networksRoutes } from './routes/index.ts';
import { createNetworksServices, type NetworksServices } from './services/index.ts';
import type { NameGeneratorAnswers } from './services/studies.ts';

export type { NetworksServices, NameGeneratorAnswers };
export type { Study } from './model.ts';
export { pseudonym } from './parse.ts';
export { MAX_CONTACTS, type NameGeneratorAnswer } from './name-generator.ts';

export function createNetworksModule(
  deps: PlatformDeps & { audit: AuditService; geography: GeographyService; survey?: NameGeneratorAnswers },
): Module<NetworksServices> {
  const services = createNetworksServices({
    db: deps.db,
    audit: deps.audit,
    geography: deps.geography,
    ...(deps.survey ? { survey: deps.survey } : {}),
  });
  return {
    name: 'networks',
    services,
    routes: networksRoutes(services),
    nav: { path: '/networks', key: 'networks.nav', permission: 'networks.view' },
    demo: (council) => seedNetworksDemo(services, council),
    report: networksReport({ db: deps.db }),
  };
}
