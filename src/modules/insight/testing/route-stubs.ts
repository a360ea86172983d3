/**
 * Stub services and fixtures for the insight route tests: the pages run on the real platform plugins around
 * these, with no database. Each stub returns fixed, fictional data the tests look for on the pages.
 */
import { vi } from 'vitest';
import type { Role } from '../../../kernel/access.ts';
import { routeTestApp } from '../../../../test/helpers/routes.ts';
import { analyseScope, groupingFromValues } from '../../../stats/segregation/index.ts';
import type { AreaRef, ComparatorSet, IndicatorListRow, IndicatorRow, ValueRow } from '../model.ts';
import { insightRoutes, type InsightRouteServices } from '../routes/index.ts';
import type { ImportOutcome } from '../services/imports/outcome.ts';
import type { HeadlineRow } from '../services/profiles.ts';
import type { SegregationAnalysis, SegregationSelection } from '../services/segregation.ts';
import type { IndicatorView } from '../services/trends.ts';

export const BASE = '/c/council-a/insight';
export const LAD: AreaRef = { code: 'X08000001', name: 'Fictional Borough', level: 'lad' };
export const WARD: AreaRef = { code: 'X05000001', name: 'North Ward (fictional)', level: 'ward' };
export const WARD2: AreaRef = { code: 'X05000002', name: 'South Ward (fictional)', level: 'ward' };

export const INDICATOR: IndicatorRow = {
  id: '00000000-0000-4000-8000-0000000000e1',
  council_id: null,
  code: 'lg_inform.english_proficiency',
  name: 'Residents who cannot speak English well (test)',
  framework: 'lg_inform',
  domain: 'language',
  unit: 'percent',
  higher_is_better: false,
  source: 'Census (test)',
  geography_level: 'lad',
  breakdowns: ['ethnic_group'],
  description: 'A test indicator.',
};
export const OWN_INDICATOR: IndicatorListRow = {
  ...INDICATOR,
  id: '00000000-0000-4000-8000-0000000000e2',
  council_id: '00000000-0000-4000-8000-00000000000a',
  code: 'council.youth_mixing',
  name: 'Youth club mixing (test)',
  framework: 'council',
  domain: 'relationships',
  value_count: 0,
};
export const INDICATORS: IndicatorListRow[] = [{ ...INDICATOR, value_count: 12 }, OWN_INDICATOR];

export function value(period: string, v: number, group = 'all', area = LAD.code): ValueRow {
  return {
    indicator_id: INDICATOR.id,
    area_code: area,
    period,
    group_code: group,
    value: v,
    numerator: null,
    denominator: null,
    ci_low: v - 0.25,
    ci_high: v + 0.25,
    suppressed: false,
    source: 'test source',
  };
}

export const HEADLINE: HeadlineRow = {
  indicator: INDICATOR,
  latest: value('2021', 2.5),
  baseline: value('2011', 3.25),
  change: { change: -0.75, low: -1.1, high: -0.4, significant: true },
  periods: ['2011', '2021'],
  series: [
    { period: '2011', value: 3.25 },
    { period: '2021', value: 2.5 },
  ],
  position: { rank: 1, of: 4, quartile: 1, among: 'comparators', level: 'lad' },
};

export const COMPARATORS: ComparatorSet = {
  method: 'nearest',
  characteristics: ['lg_inform.english_proficiency@2021'],
  period: null,
  updated_at: new Date('2026-01-01T00:00:00Z'),
  members: [
    { area_code: 'X08000002', name: 'Northvale (fictional)', position: 1, distance: 0.125 },
    { area_code: 'X08000003', name: 'Eastbrook (fictional)', position: 2, distance: 0.5 },
  ],
};

export const VIEW: IndicatorView = {
  values: [value('2011', 3.25), value('2021', 2.5), value('2011', 9, 'Pakistani'), value('2021', 6, 'Pakistani')],
  periods: ['2011', '2021'],
  groups: ['all', 'Pakistani'],
  baseline: value('2011', 3.25),
  changes: [
    { row: value('2011', 3.25), change: null },
    { row: value('2021', 2.5), change: { change: -0.75, low: -1.1, high: -0.4, significant: true } },
  ],
  gaps: [
    {
      group: 'Pakistani',
      analysis: {
        rows: [
          { period: '2011', group: 9, all: 3.25, gap: 5.75, se: 0.2 },
          { period: '2021', group: 6, all: 2.5, gap: 3.5, se: 0.2 },
        ],
        change: -2.25,
        status: 'narrowing',
        significant: true,
        behind: true,
      },
    },
  ],
  benchmark: {
    period: '2021',
    rows: [
      { code: LAD.code, name: LAD.name, value: 2.5, self: true },
      { code: 'X08000002', name: 'Northvale (fictional)', value: 3, self: false },
      { code: 'X08000003', name: 'Eastbrook (fictional)', value: 4, self: false },
    ],
    rank: { rank: 1, of: 3, quartile: 2 },
    median: 3,
    method: 'nearest',
  },
  subareas: {
    level: 'ward',
    period: '2021',
    rows: [
      { code: WARD.code, name: WARD.name, value: value('2021', 4, 'all', WARD.code) },
      { code: WARD2.code, name: WARD2.name, value: value('2021', 1, 'all', WARD2.code) },
    ],
  },
};

/** A real analysis of four fictional areas in two wards, Pakistani residents concentrated in the second. */
export function segregationAnalysis(): SegregationAnalysis {
  const groups = ['WhiteBrit', 'Pakistani'];
  const pair = { y: 'Pakistani', x: 'WhiteBrit' };
  const result = analyseScope(
    'Council A',
    {
      areas: 4,
      groups,
      counts: Float64Array.from([90, 10, 80, 20, 30, 70, 20, 80]),
      totals: Float64Array.from([100, 100, 100, 100]),
    },
    {
      pair,
      levels: [{ name: 'ward', grouping: groupingFromValues([WARD.code, WARD.code, WARD2.code, WARD2.code]) }],
    },
  );
  return {
    params: { dataset: 'demo_ethnic_group', level: 'lsoa', higher: 'ward', pair },
    dataset: {
      code: 'demo_ethnic_group',
      name: 'Residents by ethnic group (test)',
      period: '2011',
      source: 'test',
      categories: groups,
    },
    result,
    unitNames: { [WARD.code]: WARD.name, [WARD2.code]: WARD2.name },
  };
}

export function segregationSelection(): SegregationSelection {
  const base = {
    dataset: 'demo_ethnic_group',
    name: 'Residents by ethnic group (test)',
    period: '2011',
    level: 'lsoa' as const,
    areas: 4,
    categories: ['WhiteBrit', 'Pakistani'],
  };
  return {
    choices: { bases: [base], higher: ['ward'] },
    chosen: base,
    higherOptions: ['ward'],
    higher: 'ward',
    y: 'Pakistani',
    x: 'WhiteBrit',
    analysis: segregationAnalysis(),
  };
}

export const IMPORTED: ImportOutcome = {
  ok: true,
  problems: [],
  problemCount: 0,
  rows: 7,
  values: 14,
  areas: 7,
  newAreas: 2,
  skipped: 0,
  dataset: 'ts029_2021',
  indicators: ['lg_inform.english_proficiency'],
};

/** Stubs of every service the pages call. */
export function stubs() {
  return {
    definitions: {
      list: vi.fn(async () => INDICATORS),
      find: vi.fn(async (_council: unknown, code: string) => (code === INDICATOR.code ? INDICATOR : undefined)),
      define: vi.fn(async () => 'new-indicator-id'),
    },
    imports: { upload: vi.fn(async (): Promise<ImportOutcome> => IMPORTED) },
    segregation: {
      select: vi.fn(async () => segregationSelection()),
      contributionFeatures: vi.fn(async () => []),
      stored: vi.fn(async () => [value('2011', 0.4321, 'Pakistani vs WhiteBrit')]),
      store: vi.fn(async () => 17),
    },
    comparators: {
      current: vi.fn(async (): Promise<ComparatorSet | null> => COMPARATORS),
      characteristicChoices: vi.fn(async () => [INDICATORS[0]]),
      setNearest: vi.fn(async () => []),
      setManual: vi.fn(async () => undefined),
    },
    profiles: {
      councilArea: vi.fn(async (_council: unknown, code: string) =>
        code === LAD.code ? LAD : code === WARD.code ? WARD : null,
      ),
      profile: vi.fn(async () => [HEADLINE]),
      places: vi.fn(async () => ({ parents: [LAD], subareas: [WARD, WARD2] })),
    },
    trends: { indicatorView: vi.fn(async () => VIEW) },
  };
}
export type Stubs = ReturnType<typeof stubs>;

export function insightTestApp(s: Stubs, role: Role | undefined = 'analyst') {
  return routeTestApp({ role, routes: insightRoutes(s as unknown as InsightRouteServices) });
}

/** A multipart upload as a browser sends it: form fields and one file. */
export function multipart(fields: Record<string, string>, file: { name: string; content: string } | null) {
  const boundary = '----insightroutetest';
  const parts = Object.entries(fields).map(
    ([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`,
  );
  if (file)
    parts.push(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: text/csv\r\n\r\n${file.content}\r\n`,
    );
  parts.push(`--${boundary}--\r\n`);
  return { payload: parts.join(''), contentType: `multipart/form-data; boundary=${boundary}` };
}
