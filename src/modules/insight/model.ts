/** The shapes of the insight module's data, shared by its services, routes and presenters. */
import type { GeoLevel } from '../../geo/gss.ts';

export const UNITS = ['percent', 'proportion', 'rate_per_1000', 'count', 'index', 'score', 'mean'] as const;
export type Unit = (typeof UNITS)[number];

/** The frameworks indicators belong to, in the order pages list them. */
export const FRAMEWORKS = [
  'lg_inform',
  'segregation',
  'gla_social_integration',
  'race_equality_scorecard',
  'home_office_ioi',
  'council',
  'survey',
] as const;
export type Framework = (typeof FRAMEWORKS)[number];

/** The breakdowns a council indicator may declare. */
export const BREAKDOWNS = ['ethnic_group', 'age_band', 'sex', 'religion', 'disability', 'country_of_birth'] as const;

export interface IndicatorRow {
  id: string;
  council_id: string | null;
  code: string;
  name: string;
  framework: string;
  domain: string;
  unit: Unit;
  higher_is_better: boolean | null;
  source: string;
  geography_level: GeoLevel;
  breakdowns: string[];
  description: string;
}

/** A definition with how many values the council holds of it. */
export type IndicatorListRow = IndicatorRow & { value_count: number };

/** What a council defines for a new indicator of its own. */
export type IndicatorDefinition = Omit<IndicatorRow, 'id' | 'council_id' | 'framework'>;

export interface ValueRow {
  indicator_id: string;
  area_code: string;
  period: string;
  group_code: string;
  value: number;
  numerator: number | null;
  denominator: number | null;
  ci_low: number | null;
  ci_high: number | null;
  suppressed: boolean;
  source: string;
}

export interface ComparatorSet {
  method: 'nearest' | 'manual';
  characteristics: string[];
  period: string | null;
  updated_at: Date;
  members: { area_code: string; name: string; position: number; distance: number | null }[];
}

/** An area as the insight pages name it. */
export interface AreaRef {
  code: string;
  name: string;
  level: GeoLevel;
}
