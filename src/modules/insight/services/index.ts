/** Builds Know's services once, on one shared context (called only by the module's index.ts). */
import { IndicatorsApi } from '../indicators-api.ts';
import { ComparatorsService } from './comparators.ts';
import type { InsightContext } from './context.ts';
import { IndicatorDefinitionsService } from './definitions.ts';
import { ImportsService } from './imports/service.ts';
import { ProfilesService } from './profiles.ts';
import { SegregationService } from './segregation.ts';
import { TrendsService } from './trends.ts';

/** Know's public services, by sub-domain. */
export interface InsightServices {
  /** The indicators framework's write path for other modules (survey results, plan measures). */
  indicators: IndicatorsApi;
  /** Indicator definitions: the built-in frameworks and the council's own. */
  definitions: IndicatorDefinitionsService;
  /** Tidy indicator values, Nomis census tables and the census 2011 files. */
  imports: ImportsService;
  /** Segregation indices on the council's own areas, and storing them as indicator values. */
  segregation: SegregationService;
  /** The comparator group and benchmarks against it. */
  comparators: ComparatorsService;
  /** Area profiles: headline indicators of an area. */
  profiles: ProfilesService;
  /** One indicator for one area over time: change, gaps, benchmark and sub-areas. */
  trends: TrendsService;
}

export function createInsightServices(ctx: InsightContext): InsightServices {
  const definitions = new IndicatorDefinitionsService(ctx);
  const comparators = new ComparatorsService(ctx);
  return {
    indicators: new IndicatorsApi(),
    definitions,
    imports: new ImportsService(ctx, definitions),
    segregation: new SegregationService(ctx),
    comparators,
    profiles: new ProfilesService(ctx, comparators),
    trends: new TrendsService(ctx, comparators),
  };
}
