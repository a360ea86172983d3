/**
 * Two-group segregation indices: group Y against a comparison population X.
 *
 * X is either everyone in the area who is not in Y (so the area population is
 * the area total) or a named second group (so the population is Y + X only, as
 * in the R package MLID). Either way the input is a {@link TwoGroupCounts} and
 * the population of area i is t_i = y_i + x_i.
 *
 * Notation (Massey & Denton 1988): for the areas with t_i > 0,
 *   Y = Σ y_i, X = Σ x_i, T = Y + X, P = Y / T, Q = X / T = 1 − P,
 *   p_i = y_i / t_i, q_i = x_i / t_i = 1 − p_i.
 * Areas with t_i = 0 are skipped: they hold nobody and cannot affect any index.
 * Every index below is undefined when Y = 0 or X = 0; it then throws
 * `SegregationError` with code `ZERO_GROUP_TOTAL` (`EMPTY_INPUT` if no area
 * has anyone). Results are snapped into [0, 1] to remove floating-point dust.
 *
 * References
 * - Duncan, O.D. & Duncan, B. (1955) "A methodological analysis of segregation
 *   indexes", American Sociological Review 20(2): 210–217.
 * - Massey, D.S. & Denton, N.A. (1988) "The dimensions of residential
 *   segregation", Social Forces 67(2): 281–315.
 * - Theil, H. & Finizza, A.J. (1971) "A note on the measurement of racial
 *   integration of schools by means of informational concepts", Journal of
 *   Mathematical Sociology 1(2): 187–193.
 * - Atkinson, A.B. (1970) "On the measurement of inequality", Journal of
 *   Economic Theory 2(3): 244–263, in the segregation form of Massey & Denton (1988).
 * - Bell, W. (1954) "A probability model for the measurement of ecological
 *   segregation", Social Forces 32(4): 357–364 (isolation, correlation ratio).
 */
import { validateTwoGroup } from './matrix.ts';
import { argsortNonNegative } from './sort.ts';
import type { TwoGroupCounts } from './types.ts';
import { assertDefined, binaryEntropy, clampUnit, DEFAULT_LABELS, type PairLabels } from './twoGroupMath.ts';

export { assertDefined, clampUnit, pairAbsDifference, type PairLabels } from './twoGroupMath.ts';
export {
  dissimilarity,
  gini,
  theilEntropy,
  isolation,
  interaction,
  correlationRatio,
  atkinson,
} from './twoGroupFormulas.ts';

/** All two-group indices for one comparison. Every index lies in [0, 1]. */
export interface TwoGroupIndices {
  /** Areas with a positive population (t_i > 0). */
  readonly areas: number;
  /** Y, X and T = Y + X. */
  readonly y: number;
  readonly x: number;
  readonly population: number;
  /** P = Y / T. */
  readonly proportion: number;
  /** Index of dissimilarity D (Duncan & Duncan 1955). */
  readonly dissimilarity: number;
  /** Gini coefficient G (Massey & Denton 1988). */
  readonly gini: number;
  /** Entropy / information index H (Theil & Finizza 1971; Massey & Denton 1988). */
  readonly entropy: number;
  /** Isolation index xPx (Bell 1954; Lieberson; Massey & Denton 1988). */
  readonly isolation: number;
  /** Interaction (exposure) index xPy (Massey & Denton 1988). */
  readonly interaction: number;
  /** Correlation ratio eta² (Bell 1954; Massey & Denton 1988). */
  readonly correlationRatio: number;
  /** Atkinson index with b = 0.1, 0.5, 0.9 (Atkinson 1970; Massey & Denton 1988). */
  readonly atkinson01: number;
  readonly atkinson05: number;
  readonly atkinson09: number;
}

/**
 * The sufficient statistics from which every two-group index (and, summed over
 * groups, every multi-group index) follows. Sums run over areas with t_i > 0.
 */
export interface TwoGroupSums {
  /** Areas with t_i > 0, and areas skipped because t_i = 0. */
  readonly areas: number;
  readonly emptyAreas: number;
  readonly y: number;
  readonly x: number;
  readonly population: number;
  /** Σ t_i |p_i − P|  (= Σ |y_i − t_i P|). */
  readonly absDeviation: number;
  /** Σ over pairs i < j of t_i t_j |p_i − p_j|, by sorting on p (O(n log n)). */
  readonly pairAbsDifference: number;
  /** Σ t_i (p_i − P)². */
  readonly squaredDeviation: number;
  /** Σ y_i p_i  (= Σ y_i² / t_i). */
  readonly yIsolation: number;
  /** Σ y_i q_i  (= Σ y_i x_i / t_i). */
  readonly yInteraction: number;
  /** Σ t_i E_i with E_i = −p_i ln p_i − q_i ln q_i (0 ln 0 = 0). */
  readonly areaEntropy: number;
  /** Σ y_i ln p_i (0 ln 0 = 0); used by the multi-group information index. */
  readonly yLogP: number;
  /** Σ t_i q_i^(1−b) p_i^b for b = 0.1, 0.5, 0.9. */
  readonly atkinsonSum01: number;
  readonly atkinsonSum05: number;
  readonly atkinsonSum09: number;
}

// Lookup tables for whole-number counts below TABLE_SIZE. For such counts,
// with p = y/t and q = x/t,
//   t E_i     = t ln t − y ln y − x ln x
//   y ln p    = y ln y − y ln t
//   t q^(1−b) p^b = x^(1−b) y^b
// so the per-area logs and powers become table look-ups (this is most of the
// cost of a national run). Other counts take the direct Math.log/exp route.
const TABLE_SIZE = 1 << 16;
let tables: { ln: Float64Array; xlnx: Float64Array; pow01: Float64Array; pow09: Float64Array } | null = null;

function lookupTables(): NonNullable<typeof tables> {
  if (tables) return tables;
  const ln = new Float64Array(TABLE_SIZE);
  const xlnx = new Float64Array(TABLE_SIZE);
  const pow01 = new Float64Array(TABLE_SIZE);
  const pow09 = new Float64Array(TABLE_SIZE);
  for (let k = 1; k < TABLE_SIZE; k++) {
    ln[k] = Math.log(k);
    xlnx[k] = k * ln[k];
    pow01[k] = Math.pow(k, 0.1);
    pow09[k] = Math.pow(k, 0.9);
  }
  tables = { ln, xlnx, pow01, pow09 };
  return tables;
}

/**
 * Compute {@link TwoGroupSums} in one pass over the areas plus one sort.
 * Logs and powers are needed only where 0 < p_i < 1, and come from lookup
 * tables for whole-number counts.
 */
export function twoGroupSums(c: TwoGroupCounts): TwoGroupSums {
  validateTwoGroup(c);
  return sweep(pairSource(c.y, c.x)).all;
}

/**
 * Where the two counts of each area come from, read in place (no copies):
 *   y_i = y[i · yStride + yOffset]
 *   x_i = x[i · xStride + xOffset], or, when `xIsTotal`, that value minus y_i
 *         (so x holds area populations and X is "everyone else").
 */
export interface SweepSource {
  readonly areas: number;
  readonly y: Float64Array;
  readonly yStride: number;
  readonly yOffset: number;
  readonly x: Float64Array;
  readonly xStride: number;
  readonly xOffset: number;
  readonly xIsTotal: boolean;
}

/** Source for two plain per-area arrays. */
export function pairSource(y: Float64Array, x: Float64Array): SweepSource {
  return { areas: y.length, y, yStride: 1, yOffset: 0, x, xStride: 1, xOffset: 0, xIsTotal: false };
}

/** A partition of the areas into scopes (e.g. local authorities): scope of area i = index[i] in [0, count). */
export interface Scopes {
  readonly index: Int32Array;
  readonly count: number;
}

export interface SweepResult {
  /** Sums over all areas. */
  readonly all: TwoGroupSums;
  /** Sums within each scope, when scopes were given (each as if its areas were the only data). */
  readonly scopes: readonly TwoGroupSums[] | null;
}

// Per-area sums that do not depend on P, kept per scope in a flat array.
const ACC_Y = 0;
const ACC_X = 1;
const ACC_AREAS = 2;
const ACC_ROWS = 3;
const ACC_ZERO_WEIGHT = 4;
const ACC_ISOLATION = 5;
const ACC_INTERACTION = 6;
const ACC_ENTROPY = 7;
const ACC_YLOGP = 8;
const ACC_A01 = 9;
const ACC_A05 = 10;
const ACC_A09 = 11;
const ACC_SIZE = 12;

// Work arrays, reused between calls (the engine is synchronous).
let poolKeys = new Float64Array(0);
let poolT = new Float64Array(0);
let poolY = new Float64Array(0);
let poolScope = new Int32Array(0);

function workArrays(n: number): void {
  if (poolKeys.length >= n) return;
  const size = Math.max(n, poolKeys.length * 2);
  poolKeys = new Float64Array(size);
  poolT = new Float64Array(size);
  poolY = new Float64Array(size);
  poolScope = new Int32Array(size);
}

/**
 * All sufficient statistics for the whole data and, optionally, for every
 * scope at once, in one pass over the areas and one sort, without copying.
 *
 * Only sums that do not depend on P are accumulated per area, so one pass
 * serves every scope. The rest come from the areas in ascending order of p
 * (one national sort; each scope's areas are in order within it):
 *   Σ_{i<j} t_i t_j |p_i − p_j| = Σ_j (y_j W_j − t_j S_j)            (Gini)
 *   Σ_i t_i |p_i − P| = 2 max_k (P W_k − S_k)                        (D)
 * where W_k, S_k are the sums of t and y over the areas before k: the
 * terms t_i (P − p_i) are positive while p_i < P and negative after, and the
 * positive and negative deviations balance because Σ t_i (p_i − P) = 0.
 *   Σ_i t_i (p_i − P)² = Σ_i y_i p_i − P Y                           (eta²)
 * Callers validate the input.
 */
export function sweep(src: SweepSource, scopes: Scopes | null = null): SweepResult {
  // Each loop lives in its own small function: V8 then optimises each one
  // as a whole instead of repeatedly compiling and abandoning one big function.
  const count = scopes ? scopes.count : 0;
  const acc = new Float64Array((count + 1) * ACC_SIZE); // slot `count` holds the whole data
  workArrays(src.areas);
  const nonZero = accumulate(src, scopes ? scopes.index : null, count, acc);
  const sorted = argsortNonNegative(poolKeys, nonZero);
  const ordered = new Float64Array((count + 1) * 3); // pairs, max deviation, (scratch)
  orderedPass(sorted, nonZero, acc, count, ordered, scopes !== null);
  const all = sumsFromAccumulators(acc, count, ordered);
  if (!scopes) return { all, scopes: null };
  const perScope: TwoGroupSums[] = [];
  for (let u = 0; u < count; u++) perScope.push(sumsFromAccumulators(acc, u, ordered));
  return { all, scopes: perScope };
}

/**
 * The P-free per-area sums into acc (per scope and, in slot `count`, overall);
 * returns the number of areas with p > 0. Sums are kept in local variables
 * and written out whenever the scope changes (areas usually come grouped by
 * scope), so the hot loop does no memory read-modify-writes.
 */
function accumulate(src: SweepSource, scopeOf: Int32Array | null, count: number, acc: Float64Array): number {
  const { ln, xlnx, pow01, pow09 } = lookupTables();
  const { areas: len, y, yStride, yOffset, x, xStride, xOffset, xIsTotal } = src;
  const keys = poolKeys;
  const tc = poolT;
  const yc = poolY;
  const sc = poolScope;
  let nonZero = 0;
  let current = scopeOf && len > 0 ? scopeOf[0] : count;
  let sY = 0;
  let sX = 0;
  let sAreas = 0;
  let sRows = 0;
  let sZero = 0;
  let sIso = 0;
  let sInt = 0;
  let sEnt = 0;
  let sLogP = 0;
  let s01 = 0;
  let s05 = 0;
  let s09 = 0;
  for (let i = 0, yk = yOffset, xk = xOffset; i < len; i++, yk += yStride, xk += xStride) {
    if (scopeOf && scopeOf[i] !== current) {
      const base = current * ACC_SIZE;
      acc[base + ACC_Y] += sY;
      acc[base + ACC_X] += sX;
      acc[base + ACC_AREAS] += sAreas;
      acc[base + ACC_ROWS] += sRows;
      acc[base + ACC_ZERO_WEIGHT] += sZero;
      acc[base + ACC_ISOLATION] += sIso;
      acc[base + ACC_INTERACTION] += sInt;
      acc[base + ACC_ENTROPY] += sEnt;
      acc[base + ACC_YLOGP] += sLogP;
      acc[base + ACC_A01] += s01;
      acc[base + ACC_A05] += s05;
      acc[base + ACC_A09] += s09;
      sY = sX = sAreas = sRows = sZero = sIso = sInt = sEnt = sLogP = s01 = s05 = s09 = 0;
      current = scopeOf[i];
    }
    sRows++;
    const yi = y[yk];
    let xi = x[xk];
    if (xIsTotal) xi = xi > yi ? xi - yi : 0;
    const t = yi + xi;
    if (!(t > 0)) continue;
    const p = yi > 0 ? yi / t : 0; // +0 even for y = −0
    if (p > 0) {
      keys[nonZero] = p;
      tc[nonZero] = t;
      yc[nonZero] = yi;
      sc[nonZero] = current;
      nonZero++;
    } else {
      sZero += t;
    }
    sY += yi;
    sX += xi;
    sAreas++;
    sIso += yi * p;
    sInt += (yi * xi) / t;
    if (yi > 0 && xi > 0) {
      if (t < TABLE_SIZE && (yi | 0) === yi && (xi | 0) === xi) {
        const ylny = xlnx[yi];
        sEnt += xlnx[t] - ylny - xlnx[xi];
        sLogP += ylny - yi * ln[t];
        s01 += pow09[xi] * pow01[yi];
        s05 += Math.sqrt(xi * yi);
        s09 += pow01[xi] * pow09[yi];
      } else {
        const lp = Math.log(p);
        const lq = Math.log(xi / t);
        sEnt -= yi * lp + xi * lq;
        sLogP += yi * lp;
        s01 += t * Math.exp(0.9 * lq + 0.1 * lp);
        s05 += Math.sqrt(xi * yi);
        s09 += t * Math.exp(0.1 * lq + 0.9 * lp);
      }
    }
    // p = 0 or p = 1: E_i = 0, y ln p = 0 and the Atkinson terms are 0.
  }
  const base = current * ACC_SIZE;
  acc[base + ACC_Y] += sY;
  acc[base + ACC_X] += sX;
  acc[base + ACC_AREAS] += sAreas;
  acc[base + ACC_ROWS] += sRows;
  acc[base + ACC_ZERO_WEIGHT] += sZero;
  acc[base + ACC_ISOLATION] += sIso;
  acc[base + ACC_INTERACTION] += sInt;
  acc[base + ACC_ENTROPY] += sEnt;
  acc[base + ACC_YLOGP] += sLogP;
  acc[base + ACC_A01] += s01;
  acc[base + ACC_A05] += s05;
  acc[base + ACC_A09] += s09;
  if (scopeOf) {
    // The whole data is the sum of its scopes.
    const allBase = count * ACC_SIZE;
    for (let u = 0; u < count; u++) {
      for (let k = 0; k < ACC_SIZE; k++) acc[allBase + k] += acc[u * ACC_SIZE + k];
    }
  }
  return nonZero;
}

/**
 * Walk the areas with p > 0 in ascending order of p, overall and within each
 * scope, giving the Gini pair sum and max_k (P W_k − S_k) into `out`
 * ([3u] pairs, [3u + 1] max deviation). Areas with p = 0 come first: they
 * start W at the zero weight.
 */
function orderedPass(
  sorted: Uint32Array,
  n: number,
  acc: Float64Array,
  count: number,
  out: Float64Array,
  byScope: boolean,
): void {
  const tc = poolT;
  const yc = poolY;
  const sc = poolScope;
  const slots = count + 1;
  const share = new Float64Array(slots);
  const w = new Float64Array(slots);
  const s = new Float64Array(slots);
  for (let u = 0; u < slots; u++) {
    const base = u * ACC_SIZE;
    const T = acc[base + ACC_Y] + acc[base + ACC_X];
    share[u] = T > 0 ? acc[base + ACC_Y] / T : 0;
    w[u] = acc[base + ACC_ZERO_WEIGHT];
    out[3 * u + 1] = share[u] * w[u]; // the prefix of zero-share areas
  }
  let pairs = 0;
  let wAll = w[count];
  let sAll = 0;
  let maxAll = out[3 * count + 1];
  const P = share[count];
  for (let k = 0; k < n; k++) {
    const j = sorted[k];
    const t = tc[j];
    const y = yc[j];
    pairs += y * wAll - t * sAll;
    wAll += t;
    sAll += y;
    const dev = P * wAll - sAll;
    if (dev > maxAll) maxAll = dev;
    if (byScope) {
      const u = sc[j];
      out[3 * u] += y * w[u] - t * s[u];
      w[u] += t;
      s[u] += y;
      const devU = share[u] * w[u] - s[u];
      if (devU > out[3 * u + 1]) out[3 * u + 1] = devU;
    }
  }
  out[3 * count] = pairs;
  out[3 * count + 1] = maxAll;
}

function sumsFromAccumulators(acc: Float64Array, slot: number, ordered: Float64Array): TwoGroupSums {
  const base = slot * ACC_SIZE;
  const Y = acc[base + ACC_Y];
  const X = acc[base + ACC_X];
  const T = Y + X;
  const P = T > 0 ? Y / T : 0;
  const isolationSum = acc[base + ACC_ISOLATION];
  const squared = isolationSum - P * Y;
  return {
    areas: acc[base + ACC_AREAS],
    emptyAreas: acc[base + ACC_ROWS] - acc[base + ACC_AREAS],
    y: Y,
    x: X,
    population: T,
    absDeviation: 2 * ordered[3 * slot + 1],
    pairAbsDifference: ordered[3 * slot],
    squaredDeviation: squared > 0 ? squared : 0,
    yIsolation: isolationSum,
    yInteraction: acc[base + ACC_INTERACTION],
    areaEntropy: acc[base + ACC_ENTROPY],
    yLogP: acc[base + ACC_YLOGP],
    atkinsonSum01: acc[base + ACC_A01],
    atkinsonSum05: acc[base + ACC_A05],
    atkinsonSum09: acc[base + ACC_A09],
  };
}

/** Atkinson index from its sum S_b = Σ t_i q_i^(1−b) p_i^b (Massey & Denton 1988):
 *  A_b = 1 − (P / Q) · ( S_b / (P T) )^(1 / (1 − b)). */
function atkinsonFromSum(sum: number, b: number, P: number, Q: number, T: number): number {
  return clampUnit(1 - (P / Q) * Math.pow(sum / (P * T), 1 / (1 - b)));
}

/** Every two-group index from its sufficient statistics (throws if undefined). */
export function indicesFromSums(s: TwoGroupSums, labels: PairLabels = DEFAULT_LABELS): TwoGroupIndices {
  assertDefined(s, labels);
  const T = s.population;
  const P = s.y / T;
  const Q = s.x / T;
  const PQ = P * Q;
  const E = binaryEntropy(P, Q);
  return {
    areas: s.areas,
    y: s.y,
    x: s.x,
    population: T,
    proportion: P,
    // D = Σ t_i |p_i − P| / (2 T P Q), identical to ½ Σ |y_i/Y − x_i/X|.
    dissimilarity: clampUnit(s.absDeviation / (2 * T * PQ)),
    // G = Σ_i Σ_j t_i t_j |p_i − p_j| / (2 T² P Q); the double sum is 2 × pairs.
    gini: clampUnit(s.pairAbsDifference / (T * T * PQ)),
    // H = Σ t_i (E − E_i) / (E T) = 1 − Σ t_i E_i / (E T).
    entropy: clampUnit(1 - s.areaEntropy / (E * T)),
    isolation: clampUnit(s.yIsolation / s.y),
    interaction: clampUnit(s.yInteraction / s.y),
    // eta² = (xPx − P) / (1 − P) = Σ t_i (p_i − P)² / (T P Q).
    correlationRatio: clampUnit(s.squaredDeviation / (T * PQ)),
    atkinson01: atkinsonFromSum(s.atkinsonSum01, 0.1, P, Q, T),
    atkinson05: atkinsonFromSum(s.atkinsonSum05, 0.5, P, Q, T),
    atkinson09: atkinsonFromSum(s.atkinsonSum09, 0.9, P, Q, T),
  };
}

/** All two-group indices in one pass (plus one sort). Throws `SegregationError` if undefined. */
export function twoGroupIndices(c: TwoGroupCounts, labels: PairLabels = DEFAULT_LABELS): TwoGroupIndices {
  return indicesFromSums(twoGroupSums(c), labels);
}
