/**
 * The full batch for one or many scopes (the whole data set and, say, each
 * local authority): every multi-group index, every group against the rest,
 * optionally a named pair, local contributions by higher-level geography and
 * expected dissimilarity under random allocation. Pure: no I/O.
 *
 * Speed: each group is swept once over all areas, accumulating the
 * sufficient statistics of the whole data and of every scope together, with
 * one sort per group (see `sweep` in twoGroup.ts). The per-group statistics
 * also give the multi-group indices. Scope matrices are only built when
 * local contributions or simulations need them.
 */
import { expectedDissimilarity, type ExpectedDissimilarity, type SimulationOptions } from './inference.ts';
import {
  aggregateContributions,
  dissimilarityAreaContributions,
  multiGroupAreaContributionsUnchecked,
  type LocalContribution,
} from './local.ts';
import {
  againstRest,
  areaPopulations,
  columnLayout,
  groupIndex,
  pairCounts,
  partitionAreas,
  subsetAreas,
  subsetGrouping,
  validateGrouping,
  validateMatrix,
} from './matrix.ts';
import { multiGroupFromSums, perGroupSumsUnchecked, type GroupSums, type MultiGroupIndices } from './multiGroup.ts';
import { indicesFromSums, sweep, type Scopes, type TwoGroupIndices, type TwoGroupSums } from './twoGroup.ts';
import { attempt, type CountsMatrix, type Grouping, type Outcome } from './types.ts';

/** A named higher-level geography for local contributions. */
export interface Level {
  readonly name: string;
  readonly grouping: Grouping;
}

export interface AnalysisOptions {
  /** Also compute Y against X with the population taken as Y + X only. */
  readonly pair?: { readonly y: string; readonly x: string };
  /** Higher-level geographies for local contributions. */
  readonly levels?: readonly Level[];
  /** Expected D under random allocation: for the pair if given, else for each group against the rest. */
  readonly expected?: SimulationOptions;
}

export interface GroupResult {
  readonly group: string;
  /** Members of the group in the scope, and their share of the population (null if it is 0). */
  readonly count: number;
  readonly share: number | null;
  /** The group against the rest of the population. */
  readonly indices: Outcome<TwoGroupIndices>;
  readonly expected?: Outcome<ExpectedDissimilarity>;
}

export interface PairResult {
  readonly y: string;
  readonly x: string;
  /** Y + X in the scope. */
  readonly population: number;
  readonly indices: Outcome<TwoGroupIndices>;
  readonly expected?: Outcome<ExpectedDissimilarity>;
}

export interface ImpactTable {
  readonly level: string;
  /** Which index the contributions decompose: the pair's D, or the multi-group D without a pair. */
  readonly index: 'dissimilarity' | 'multi_dissimilarity';
  readonly rows: Outcome<readonly LocalContribution[]>;
}

export interface ScopeResult {
  readonly scope: string;
  /** Rows in the scope, and those skipped because their population is 0. */
  readonly areas: number;
  readonly emptyAreas: number;
  readonly population: number;
  /** Population in none of the listed groups (only with stated totals). */
  readonly unallocated: number;
  /** Entropy diversity and Simpson's interaction (null when the population is 0). */
  readonly diversity: number | null;
  readonly simpsonsInteraction: number | null;
  readonly multi: Outcome<MultiGroupIndices>;
  readonly groups: readonly GroupResult[];
  readonly pair?: PairResult;
  readonly impacts: readonly ImpactTable[];
}

/** Diversity and Simpson's interaction from the group totals. */
function composition(sums: GroupSums): { diversity: number; interaction: number } | null {
  const all = sums.remainder ? [...sums.groups, sums.remainder] : sums.groups;
  const T = all[0]?.population ?? 0;
  if (!(T > 0)) return null;
  let diversity = 0;
  let interaction = 0;
  for (const s of all) {
    if (!(s.y > 0)) continue;
    diversity -= (s.y / T) * Math.log(s.y / T);
    interaction += (s.y / T) * (s.x / T);
  }
  return { diversity, interaction };
}

function validateOptions(m: CountsMatrix, options: AnalysisOptions): void {
  for (const level of options.levels ?? []) validateGrouping(level.grouping, m.areas);
  if (options.pair) pairCounts(m, options.pair.y, options.pair.x); // throws on unknown or equal names
}

/** The parts of a scope's result that need the scope's own matrix (built only when asked for). */
function scopeExtras(
  m: CountsMatrix,
  options: AnalysisOptions,
): {
  expectedByGroup: (Outcome<ExpectedDissimilarity> | undefined)[];
  expectedPair?: Outcome<ExpectedDissimilarity>;
  impacts: ImpactTable[];
} {
  const { pair, expected } = options;
  const populations = areaPopulations(m);
  const restLabel = (group: string) => ({ y: group, x: `the rest of the population (not ${group})` });
  const expectedByGroup = m.groups.map((group, j) =>
    expected && !pair
      ? attempt(() => expectedDissimilarity(againstRest(m, j, populations), expected, restLabel(group)))
      : undefined,
  );
  const expectedPair =
    expected && pair ? attempt(() => expectedDissimilarity(pairCounts(m, pair.y, pair.x), expected, pair)) : undefined;
  // Each area's contribution is computed once and summed for every level.
  const levels = options.levels ?? [];
  const perArea = levels.length
    ? attempt(() =>
        pair
          ? dissimilarityAreaContributions(pairCounts(m, pair.y, pair.x), pair)
          : multiGroupAreaContributionsUnchecked(m),
      )
    : null;
  const impacts: ImpactTable[] = levels.map((level) => ({
    level: level.name,
    index: pair ? ('dissimilarity' as const) : ('multi_dissimilarity' as const),
    rows:
      perArea && perArea.ok
        ? attempt(() => aggregateContributions(perArea.value, level.grouping))
        : (perArea as Outcome<never>),
  }));
  return { expectedByGroup, ...(expectedPair ? { expectedPair } : {}), impacts };
}

/** Assemble a scope's result from its sums (and extras, if any). */
function scopeResult(
  scope: string,
  groupNames: readonly string[],
  sums: GroupSums,
  pairSums: TwoGroupSums | null,
  options: AnalysisOptions,
  extras: ReturnType<typeof scopeExtras> | null,
): ScopeResult {
  const first = sums.groups[0];
  const T = first.population;
  const mix = composition(sums);
  const groups: GroupResult[] = sums.groups.map((s, j) => {
    const group = groupNames[j];
    const expected = extras?.expectedByGroup[j];
    return {
      group,
      count: s.y,
      share: T > 0 ? s.y / T : null,
      indices: attempt(() => indicesFromSums(s, { y: group, x: `the rest of the population (not ${group})` })),
      ...(expected ? { expected } : {}),
    };
  });
  const pairLabels = options.pair;
  const pair: PairResult | undefined =
    pairLabels && pairSums
      ? {
          y: pairLabels.y,
          x: pairLabels.x,
          population: pairSums.population,
          indices: attempt(() => indicesFromSums(pairSums, pairLabels)),
          ...(extras?.expectedPair ? { expected: extras.expectedPair } : {}),
        }
      : undefined;
  return {
    scope,
    areas: first.areas + first.emptyAreas,
    emptyAreas: first.emptyAreas,
    population: T,
    unallocated: sums.remainder ? sums.remainder.y : 0,
    diversity: mix ? mix.diversity : null,
    simpsonsInteraction: mix ? mix.interaction : null,
    multi: attempt(() => multiGroupFromSums(sums)),
    groups,
    ...(pair ? { pair } : {}),
    impacts: extras?.impacts ?? [],
  };
}

/** Every index for one scope (a matrix of that scope's areas). */
export function analyseScope(scope: string, m: CountsMatrix, options: AnalysisOptions = {}): ScopeResult {
  return analyseScopes(m, null, options, scope)[0];
}

/**
 * The whole matrix as scope "ALL" (or `allName`), then one scope per unit of
 * `by` that has areas (in label order), each computed as if its areas were
 * the only data. Levels are restricted to each scope's areas.
 */
export function analyseScopes(
  m: CountsMatrix,
  by: Grouping | null,
  options: AnalysisOptions = {},
  allName = 'ALL',
): ScopeResult[] {
  validateMatrix(m);
  validateOptions(m, options);
  if (by) validateGrouping(by, m.areas);
  const scopes: Scopes | null = by ? { index: by.index, count: by.labels.length } : null;
  const layout = columnLayout(m);
  const sums = perGroupSumsUnchecked(m, scopes, layout);
  let pairSweep: ReturnType<typeof sweep> | null = null;
  if (options.pair) {
    pairSweep = sweep(
      {
        areas: m.areas,
        y: layout.data,
        yStride: layout.areaStride,
        yOffset: groupIndex(m, options.pair.y) * layout.groupStride,
        x: layout.data,
        xStride: layout.areaStride,
        xOffset: groupIndex(m, options.pair.x) * layout.groupStride,
        xIsTotal: false,
      },
      scopes,
    );
  }
  const needsExtras = (options.levels?.length ?? 0) > 0 || options.expected !== undefined;
  const results = [
    scopeResult(
      allName,
      m.groups,
      sums.all,
      pairSweep?.all ?? null,
      options,
      needsExtras ? scopeExtras(m, options) : null,
    ),
  ];
  if (!by || !sums.scopes) return results;
  const { offsets, rows } = needsExtras ? partitionAreas(by) : { offsets: null, rows: null };
  for (let u = 0; u < by.labels.length; u++) {
    const scopeSums = sums.scopes[u];
    if (scopeSums.groups[0].areas + scopeSums.groups[0].emptyAreas === 0) continue; // no rows in this unit
    let extras: ReturnType<typeof scopeExtras> | null = null;
    if (offsets && rows) {
      const members = rows.subarray(offsets[u], offsets[u + 1]);
      const levels = options.levels?.map((level) => ({
        name: level.name,
        grouping: subsetGrouping(level.grouping, members),
      }));
      extras = scopeExtras(subsetAreas(m, members), { ...options, ...(levels ? { levels } : {}) });
    }
    results.push(scopeResult(by.labels[u], m.groups, scopeSums, pairSweep?.scopes?.[u] ?? null, options, extras));
  }
  return results;
}
