/** The single JSON document `cohesion segregation --json` prints. */
import { basename } from 'node:path';
import type {
  ExpectedDissimilarity,
  LocalContribution,
  Outcome,
  ScopeResult,
  TwoGroupIndices,
} from '../../../stats/segregation/index.ts';
import type { AnalysisRequest } from './analyse.ts';
import type { CountsTable } from './load.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** JSON-safe number: non-finite values (never expected) become null. */
function num(value: number | null | undefined): number | null {
  return value === null || value === undefined || !Number.isFinite(value) ? null : value;
}

const TWO_GROUP_KEYS: readonly [string, keyof TwoGroupIndices][] = [
  ['dissimilarity', 'dissimilarity'],
  ['gini', 'gini'],
  ['entropy', 'entropy'],
  ['isolation', 'isolation'],
  ['interaction', 'interaction'],
  ['correlation_ratio', 'correlationRatio'],
  ['atkinson_0_1', 'atkinson01'],
  ['atkinson_0_5', 'atkinson05'],
  ['atkinson_0_9', 'atkinson09'],
];

function twoGroupJson(outcome: Outcome<TwoGroupIndices>): { [key: string]: Json } {
  const out: { [key: string]: Json } = {};
  for (const [key, field] of TWO_GROUP_KEYS) out[key] = outcome.ok ? num(outcome.value[field]) : null;
  return out;
}

function expectedJson(outcome: Outcome<ExpectedDissimilarity>): Json {
  if (!outcome.ok) return null;
  const e = outcome.value;
  return {
    observed: num(e.observed),
    mean: num(e.mean),
    sd: num(e.sd),
    min: num(e.min),
    max: num(e.max),
    adjusted: num(e.adjusted),
  };
}

function impactRowJson(row: LocalContribution): Json {
  return {
    unit: row.unit,
    areas: row.areas,
    contribution: num(row.contribution),
    index_share: num(row.indexShare),
    area_share: num(row.areaShare),
    impact: num(row.impact),
    scaled_mean: num(row.scaledMean),
    scaled_sd: num(row.scaledSd),
  };
}

function scopeJson(
  scope: ScopeResult,
  by: string | null,
  expected: AnalysisRequest['expected'],
): { [key: string]: Json } {
  const notes: string[] = [];
  const m = scope.multi;
  if (!m.ok) notes.push(`multi-group indices: ${m.reason}`);
  const indices: { [key: string]: Json } = {
    multi_dissimilarity: m.ok ? num(m.value.multiDissimilarity) : null,
    multi_gini: m.ok ? num(m.value.multiGini) : null,
    information_theory: m.ok ? num(m.value.informationTheory) : null,
    normalized_exposure: m.ok ? num(m.value.normalizedExposure) : null,
    squared_coefficient_of_variation: m.ok ? num(m.value.squaredCoefficientOfVariation) : null,
    simpsons_interaction: num(scope.simpsonsInteraction),
    diversity: num(scope.diversity),
  };
  const out: { [key: string]: Json } = {
    scope: scope.scope,
    by,
    areas: scope.areas,
    empty_areas: scope.emptyAreas,
    population: num(scope.population),
    unallocated: num(scope.unallocated),
    indices,
  };
  if (scope.pair) {
    const p = scope.pair;
    Object.assign(indices, twoGroupJson(p.indices));
    if (!p.indices.ok) notes.push(`${p.y} vs ${p.x}: ${p.indices.reason}`);
    out.pair = {
      y: p.y,
      x: p.x,
      population: num(p.population),
      y_count: p.indices.ok ? num(p.indices.value.y) : null,
      x_count: p.indices.ok ? num(p.indices.value.x) : null,
    };
  }
  const groups: { [key: string]: Json } = {};
  for (const gr of scope.groups) {
    groups[gr.group] = { count: num(gr.count), share: num(gr.share), ...twoGroupJson(gr.indices) };
    if (!gr.indices.ok) notes.push(`${gr.group} vs rest: ${gr.indices.reason}`);
  }
  out.groups = groups;
  if (expected) {
    const base: { [key: string]: Json } = { method: 'hypergeometric', draws: expected.draws, seed: expected.seed };
    if (scope.pair?.expected) {
      base.dissimilarity = expectedJson(scope.pair.expected);
    } else {
      const perGroup: { [key: string]: Json } = {};
      for (const gr of scope.groups) if (gr.expected) perGroup[gr.group] = expectedJson(gr.expected);
      base.groups = perGroup;
    }
    out.expected = base;
  }
  if (scope.impacts.length) {
    const impacts: { [key: string]: Json } = {};
    for (const table of scope.impacts) {
      impacts[table.level] = { index: table.index, rows: table.rows.ok ? table.rows.value.map(impactRowJson) : null };
      if (!table.rows.ok) notes.push(`impacts at ${table.level}: ${table.rows.reason}`);
    }
    out.impacts = impacts;
  }
  out.notes = notes;
  return out;
}

/** The single JSON document printed by --json. */
export function reportToJson(table: CountsTable, request: AnalysisRequest, scopes: readonly ScopeResult[]): Json {
  return {
    scopes: scopes.map((s, k) => scopeJson(s, k === 0 ? null : (request.by ?? null), request.expected)),
    file: basename(table.file),
    area_column: table.areaColumn,
    groups: [...table.matrix.groups],
    population: table.totalColumn ? `column ${table.totalColumn}` : 'sum of the group columns',
    pair: request.pair ? { y: request.pair.y, x: request.pair.x } : null,
    by: request.by ?? null,
    levels: [...(request.levels ?? [])],
  };
}
