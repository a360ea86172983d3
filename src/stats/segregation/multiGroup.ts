/**
 * Multi-group segregation and diversity indices (Reardon & Firebaugh 2002).
 *
 * Notation: groups m = 1..M, areas i with population t_i > 0 (areas with
 * t_i = 0 are skipped), T = Σ t_i, π_m = T_m / T the group's overall share,
 * π_im = t_im / t_i its share in area i. The area population is the stated
 * total when the matrix has `totals`, else the sum of the listed groups; when
 * totals exceed the listed groups, the remainder is treated as one extra,
 * unlisted group so that the groups partition every area's population.
 *
 *   Simpson's interaction   I = Σ_m π_m (1 − π_m)
 *   Diversity (entropy)     E = −Σ_m π_m ln π_m
 *   Dissimilarity           D = Σ_m Σ_i t_i |π_im − π_m| / (2 T I)
 *   Gini                    G = Σ_m Σ_i Σ_j t_i t_j |π_im − π_jm| / (2 T² I)
 *   Information theory      H = Σ_m Σ_i t_i π_im ln(π_im / π_m) / (T E)
 *   Normalised exposure     P = Σ_m Σ_i t_i (π_im − π_m)² / (T (1 − π_m))
 *   Squared coeff. of var.  C = Σ_m Σ_i t_i (π_im − π_m)² / ((M − 1) T π_m)
 *
 * Each inner sum over areas is exactly a two-group sufficient statistic of
 * group m against the rest (see twoGroup.ts), so one sweep per group gives
 * both the per-group two-group indices and the multi-group ones; the Gini
 * needs one sort per group (O(M n log n)), never the O(n²) double sum.
 * M counts only groups with members, so every index lies in [0, 1]. With
 * fewer than two groups present the segregation indices are undefined
 * (`SINGLE_GROUP`); E and I are then 0.
 *
 * References
 * - Reardon, S.F. & Firebaugh, G. (2002) "Measures of multigroup segregation",
 *   Sociological Methodology 32: 33–67 (all formulas above).
 * - White, M.J. (1986) "Segregation and diversity measures in population
 *   distribution", Population Index 52(2): 198–221 (entropy-based diversity
 *   and multi-group segregation as reduction in diversity).
 * - Theil, H. (1972) Statistical Decomposition Analysis, North-Holland (H).
 * - Simpson, E.H. (1949) "Measurement of diversity", Nature 163: 688 (I).
 */
import { areaPopulations, columnLayout, validateMatrix, type CountsLayout } from './matrix.ts';
import { clampUnit, sweep, type Scopes, type SweepSource, type TwoGroupSums } from './twoGroup.ts';
import { SegregationError, type CountsMatrix } from './types.ts';

export interface MultiGroupIndices {
  /** Areas with a positive population, and areas skipped as empty. */
  readonly areas: number;
  readonly emptyAreas: number;
  readonly population: number;
  /** Groups with at least one member (including the unlisted remainder, if any). */
  readonly groupsPresent: number;
  /** People in no listed group (stated totals minus the listed groups). */
  readonly unallocated: number;
  readonly diversity: number;
  readonly simpsonsInteraction: number;
  readonly multiDissimilarity: number;
  readonly multiGini: number;
  readonly informationTheory: number;
  readonly normalizedExposure: number;
  readonly squaredCoefficientOfVariation: number;
}

/** Per-group sufficient statistics: one entry per listed group, plus the unlisted remainder. */
export interface GroupSums {
  readonly groups: readonly TwoGroupSums[];
  /** Sums for the people in no listed group, or null if there are none. */
  readonly remainder: TwoGroupSums | null;
}

/** Relative size below which a stated-total remainder is treated as rounding. */
const REMAINDER_TOLERANCE = 1e-9;

/** Each listed group against the rest, plus the unlisted remainder if any. */
export function perGroupSums(m: CountsMatrix): GroupSums {
  validateMatrix(m);
  return perGroupSumsUnchecked(m, null).all;
}

/** Source for group `j` of a matrix against the rest of each area's population. */
export function restSource(
  m: CountsMatrix,
  j: number,
  populations: Float64Array,
  layout: CountsLayout = { data: m.counts, areaStride: m.groups.length, groupStride: 1 },
): SweepSource {
  return {
    areas: m.areas,
    y: layout.data,
    yStride: layout.areaStride,
    yOffset: j * layout.groupStride,
    x: populations,
    xStride: 1,
    xOffset: 0,
    xIsTotal: true,
  };
}

/** People in no listed group in each area (stated total − listed groups), or null if none anywhere. */
export function remainderCounts(m: CountsMatrix, populations: Float64Array = areaPopulations(m)): Float64Array | null {
  if (!m.totals) return null;
  const g = m.groups.length;
  const out = new Float64Array(m.areas);
  let any = false;
  for (let a = 0, k = 0; a < m.areas; a++) {
    let listed = 0;
    for (let j = 0; j < g; j++, k++) listed += m.counts[k];
    const r = populations[a] - listed;
    if (r > REMAINDER_TOLERANCE * Math.max(1, populations[a])) {
      out[a] = r;
      any = true;
    }
  }
  return any ? out : null;
}

/**
 * {@link perGroupSums} for a matrix that has already been validated, for the
 * whole matrix and, when `scopes` is given, for each scope (one pass per group).
 */
export function perGroupSumsUnchecked(
  m: CountsMatrix,
  scopes: Scopes | null,
  layout: CountsLayout = columnLayout(m),
): { readonly all: GroupSums; readonly scopes: readonly GroupSums[] | null } {
  const populations = areaPopulations(m);
  const results = m.groups.map((_, j) => sweep(restSource(m, j, populations, layout), scopes));
  const rest = remainderCounts(m, populations);
  const remainder = rest
    ? sweep(
        { areas: m.areas, y: rest, yStride: 1, yOffset: 0, x: populations, xStride: 1, xOffset: 0, xIsTotal: true },
        scopes,
      )
    : null;
  const all: GroupSums = { groups: results.map((r) => r.all), remainder: remainder ? remainder.all : null };
  if (!scopes) return { all, scopes: null };
  const perScope: GroupSums[] = [];
  for (let u = 0; u < scopes.count; u++) {
    const rem = remainder?.scopes?.[u] ?? null;
    perScope.push({
      groups: results.map((r) => (r.scopes as TwoGroupSums[])[u]),
      // A scope whose areas have no unlisted people has no remainder group.
      remainder: rem && rem.y > 0 ? rem : null,
    });
  }
  return { all, scopes: perScope };
}

/** Diversity and Simpson's interaction from the group totals; need T > 0. */
function compositionOf(all: readonly TwoGroupSums[]): { T: number; E: number; I: number; present: number } {
  const T = all[0]?.population ?? 0;
  if (!(T > 0)) throw new SegregationError('EMPTY_INPUT', 'no area has a positive population');
  let E = 0;
  let I = 0;
  let present = 0;
  for (const s of all) {
    if (!(s.y > 0)) continue;
    const share = s.y / T;
    E -= share * Math.log(share);
    I += share * (s.x / T);
    present++;
  }
  return { T, E, I, present };
}

/** Every multi-group index from per-group sums (throws `EMPTY_INPUT` / `SINGLE_GROUP`). */
export function multiGroupFromSums(sums: GroupSums): MultiGroupIndices {
  const all = sums.remainder ? [...sums.groups, sums.remainder] : [...sums.groups];
  const { T, E, I, present } = compositionOf(all);
  if (present < 2) {
    throw new SegregationError(
      'SINGLE_GROUP',
      'fewer than two groups have members, so multi-group segregation is undefined',
    );
  }
  let absDev = 0;
  let pairs = 0;
  let info = 0;
  let exposure = 0;
  let variation = 0;
  for (const s of all) {
    if (!(s.y > 0)) continue;
    const share = s.y / T;
    absDev += s.absDeviation;
    pairs += s.pairAbsDifference;
    // Σ_i t_i π_im ln(π_im/π_m) = Σ_i y_i ln p_i − Y_m ln π_m
    info += s.yLogP - s.y * Math.log(share);
    exposure += s.squaredDeviation / (T * (s.x / T));
    variation += s.squaredDeviation / (T * share);
  }
  const first = all[0];
  return {
    areas: first.areas,
    emptyAreas: first.emptyAreas,
    population: T,
    groupsPresent: present,
    unallocated: sums.remainder ? sums.remainder.y : 0,
    diversity: E,
    simpsonsInteraction: I,
    multiDissimilarity: clampUnit(absDev / (2 * T * I)),
    multiGini: clampUnit(pairs / (T * T * I)),
    informationTheory: clampUnit(info / (T * E)),
    normalizedExposure: clampUnit(exposure),
    squaredCoefficientOfVariation: clampUnit(variation / (present - 1)),
  };
}

/** All multi-group indices of a matrix. Throws `SegregationError` when undefined. */
export function multiGroupIndices(m: CountsMatrix): MultiGroupIndices {
  return multiGroupFromSums(perGroupSums(m));
}

/** Column totals including the unlisted remainder; validates the matrix. */
function groupTotals(m: CountsMatrix): { totals: number[]; T: number } {
  validateMatrix(m);
  const g = m.groups.length;
  const totals = new Array<number>(g).fill(0);
  for (let a = 0, k = 0; a < m.areas; a++) for (let j = 0; j < g; j++, k++) totals[j] += m.counts[k];
  let T = totals.reduce((s, v) => s + v, 0);
  if (m.totals) {
    const stated = m.totals.reduce((s, v) => s + v, 0);
    if (stated - T > REMAINDER_TOLERANCE * Math.max(1, stated)) totals.push(stated - T);
    T = stated;
  }
  if (!(T > 0)) throw new SegregationError('EMPTY_INPUT', 'no area has a positive population');
  return { totals, T };
}

/**
 * Diversity as entropy, E = −Σ_m π_m ln π_m (natural log; White 1986).
 * 0 when everyone is in one group; at most ln M.
 */
export function diversity(m: CountsMatrix): number {
  const { totals, T } = groupTotals(m);
  let E = 0;
  for (const v of totals) if (v > 0) E -= (v / T) * Math.log(v / T);
  return E;
}

/**
 * Simpson's interaction index, I = Σ_m π_m (1 − π_m): the chance that two
 * people drawn at random (with replacement) are in different groups.
 */
export function simpsonsInteraction(m: CountsMatrix): number {
  const { totals, T } = groupTotals(m);
  let I = 0;
  for (const v of totals) I += (v / T) * (1 - v / T);
  return I;
}
