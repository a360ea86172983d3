/** Know: the indicators framework, census and indicator importers, segregation, benchmarking and area profiles. */
import type { CliCommand } from '../../cli/types.ts';
import type { Module, PlatformDeps } from '../../kernel/module.ts';
import type { AuditService } from '../audit/index.ts';
import type { GeographyService } from '../geography/index.ts';
import { importCensusCommand, importIndicatorsCommand } from './cli.ts';
import { insightDashboard } from './dashboard.ts';
import { seedInsightDemo } from './demo.ts';
import { insightLinkProvider } from './links.ts';
import { insightRoutes } from './routes/index.ts';
import type { InsightContext } from './services/context.ts';
import { createInsightServices, type InsightServices } from './services/index.ts';

export type { InsightServices };
export type { CouncilIndicatorDefinition, IndicatorValueInput, IndicatorsApi } from './indicators-api.ts';
export type { IndicatorDefinitionsService } from './services/definitions.ts';
export type { ImportsService, ImportKind } from './services/imports/service.ts';
export type { ImportOutcome } from './services/imports/outcome.ts';
export type { SegregationService, SegregationAnalysis, SegregationParams } from './services/segregation.ts';
export type { ComparatorsService, Benchmark } from './services/comparators.ts';
export type { ProfilesService, HeadlineRow } from './services/profiles.ts';
export type { TrendsService, IndicatorView } from './services/trends.ts';
export type { IndicatorRow, ValueRow, ComparatorSet } from './model.ts';

/** The insight commands of the CLI: `cohesion import census` and `cohesion import indicators`. */
export const insightCommands: CliCommand[] = [importCensusCommand, importIndicatorsCommand];

export function createInsightModule(
  deps: PlatformDeps & { audit: AuditService; geography: GeographyService },
): Module<InsightServices> {
  const ctx: InsightContext = {
    db: deps.db,
    audit: deps.audit,
    geography: deps.geography,
    clock: deps.clock,
    log: deps.log,
  };
  const services = createInsightServices(ctx);
  return {
    name: 'insight',
    services,
    routes: insightRoutes(services, deps.links),
    linkProviders: [insightLinkProvider(services)],
    nav: { path: '/insight', key: 'insight.nav', permission: 'insight.view' },
    dashboard: insightDashboard(services),
    demo: (council) => seedInsightDemo(ctx, services, council),
  };
}
