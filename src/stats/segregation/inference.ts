/**
 * Inference for two-group indices: the expected index of dissimilarity under
 * random allocation, and bootstrap confidence intervals. Both are simulations
 * driven by a seeded generator (see src/stats/random.ts), so a seed
 * reproduces a result exactly.
 *
 * Random allocation ("no segregation" benchmark). The index of dissimilarity
 * is above zero even when people are spread at random, especially when areas
 * are small or the group is small. We keep every area's population t_i fixed
 * and the group total Y fixed, and place the Y members at random among the T
 * people: the area counts then follow the multivariate hypergeometric
 * distribution, drawn exactly as a chain of univariate hypergeometric draws
 *   y*_i ~ Hypergeometric(population = T − Σ_{k<i} t_k,
 *                         successes  = Y − Σ_{k<i} y*_k,  draws = t_i),
 * with x*_i = t_i − y*_i. (MLID's `id(..., expected = TRUE)` instead draws
 * binomial area totals and binomial group counts, so its totals vary between
 * draws; results are close for large areas.) Counts must be whole numbers.
 *
 * The adjusted index of Carrington & Troske (1997) rescales D against its
 * expected value E: D* = (D − E) / (1 − E) when D ≥ E, else (D − E) / E.
 *
 * Bootstrap. Percentile intervals (type-7 quantiles) over resampled data:
 * - method "areas": resample areas with replacement (the areas are treated
 *   as a sample from a larger set of possible areas);
 * - method "counts": keep each area's population t_i and redraw its group
 *   count as y*_i ~ Binomial(t_i, y_i / t_i) (sampling variation in who
 *   lives where). Counts must be whole numbers.
 * Draws in which the statistic is undefined (for example no member of Y was
 * drawn) are skipped and reported.
 *
 * References
 * - Carrington, W.J. & Troske, K.R. (1997) "On measuring segregation in
 *   samples with small units", Journal of Business & Economic Statistics
 *   15(4): 402–409.
 * - Efron, B. & Tibshirani, R.J. (1993) An Introduction to the Bootstrap,
 *   Chapman & Hall (percentile interval).
 * - Harris, R. (2017) MLID R package (expected value under randomisation).
 */
import { createRng, hypergeometricUnchecked, randomInt, sampleBinomial } from '../random.ts';
import { validateTwoGroup } from './matrix.ts';
import { assertDefined, type PairLabels } from './twoGroup.ts';
import { SegregationError, type TwoGroupCounts } from './types.ts';

export interface SimulationOptions {
  /** Number of simulated draws (positive integer, at most 1,000,000). */
  readonly draws: number;
  /** Seed for the generator (safe integer). */
  readonly seed: number;
}

export interface ExpectedDissimilarity {
  readonly method: 'hypergeometric';
  readonly draws: number;
  readonly seed: number;
  /** D of the data. */
  readonly observed: number;
  /** Mean, standard deviation (n − 1), minimum and maximum of D over the draws. */
  readonly mean: number;
  readonly sd: number;
  readonly min: number;
  readonly max: number;
  /** Carrington & Troske (1997) adjusted D (between −1 and 1). */
  readonly adjusted: number;
}

export interface BootstrapInterval {
  readonly method: 'areas' | 'counts';
  readonly draws: number;
  readonly seed: number;
  /** Draws in which the statistic was defined. */
  readonly used: number;
  readonly level: number;
  /** The statistic on the data. */
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
  readonly mean: number;
  readonly sd: number;
}

const MAX_DRAWS = 1_000_000;

function checkOptions(opts: SimulationOptions): void {
  if (!Number.isSafeInteger(opts.draws) || opts.draws < 1 || opts.draws > MAX_DRAWS) {
    throw new SegregationError('INVALID_INPUT', `draws must be an integer from 1 to ${MAX_DRAWS}, got ${opts.draws}`);
  }
  if (!Number.isSafeInteger(opts.seed)) {
    throw new SegregationError('INVALID_INPUT', `seed must be an integer, got ${opts.seed}`);
  }
}

/** Populated areas only, as whole numbers: { y, t } compacted. */
function compactWhole(c: TwoGroupCounts): { y: Float64Array; t: Float64Array; Y: number; X: number } {
  validateTwoGroup(c);
  let n = 0;
  for (let i = 0; i < c.y.length; i++) if (c.y[i] + c.x[i] > 0) n++;
  const y = new Float64Array(n);
  const t = new Float64Array(n);
  let Y = 0;
  let X = 0;
  for (let i = 0, k = 0; i < c.y.length; i++) {
    const yi = c.y[i];
    const xi = c.x[i];
    if (!(yi + xi > 0)) continue;
    if (!Number.isInteger(yi) || !Number.isInteger(xi)) {
      throw new SegregationError(
        'INVALID_INPUT',
        `area ${i}: simulation needs whole-number counts, got y=${yi}, x=${xi}`,
      );
    }
    y[k] = yi;
    t[k] = yi + xi;
    Y += yi;
    X += xi;
    k++;
  }
  if (!Number.isSafeInteger(Y + X)) throw new SegregationError('INVALID_INPUT', 'population too large to simulate');
  return { y, t, Y, X };
}

/** D = ½ Σ |y_i/Y − (t_i − y_i)/X| for compacted arrays. */
function dissimilarityOf(y: Float64Array, t: Float64Array, Y: number, X: number): number {
  let sum = 0;
  for (let i = 0; i < y.length; i++) sum += Math.abs(y[i] / Y - (t[i] - y[i]) / X);
  const d = sum / 2;
  return d > 1 ? 1 : d;
}

function meanAndSd(values: Float64Array): { mean: number; sd: number } {
  const n = values.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i];
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i] - mean) * (values[i] - mean);
  return { mean, sd: n > 1 ? Math.sqrt(ss / (n - 1)) : 0 };
}

/** Carrington & Troske (1997): D* = (D − E)/(1 − E) if D ≥ E, else (D − E)/E. */
export function adjustedDissimilarity(observed: number, expected: number): number {
  if (observed >= expected) return expected < 1 ? (observed - expected) / (1 - expected) : 0;
  return expected > 0 ? (observed - expected) / expected : 0;
}

/**
 * Expected index of dissimilarity under random allocation (area populations
 * and group total fixed; multivariate hypergeometric). Throws if D is undefined.
 */
export function expectedDissimilarity(
  c: TwoGroupCounts,
  opts: SimulationOptions,
  labels?: PairLabels,
): ExpectedDissimilarity {
  checkOptions(opts);
  const { y, t, Y, X } = compactWhole(c);
  assertDefined({ areas: y.length, y: Y, x: X }, labels);
  const observed = dissimilarityOf(y, t, Y, X);
  const rng = createRng(opts.seed);
  const simY = new Float64Array(y.length);
  const results = new Float64Array(opts.draws);
  const T = Y + X;
  for (let d = 0; d < opts.draws; d++) {
    let remainingPeople = T;
    let remainingY = Y;
    for (let i = 0; i < t.length; i++) {
      const ti = t[i];
      const k = remainingY === 0 ? 0 : hypergeometricUnchecked(rng, remainingPeople, remainingY, ti);
      simY[i] = k;
      remainingPeople -= ti;
      remainingY -= k;
    }
    results[d] = dissimilarityOf(simY, t, Y, X);
  }
  const { mean, sd } = meanAndSd(results);
  let min = Infinity;
  let max = -Infinity;
  for (const v of results) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return {
    method: 'hypergeometric',
    draws: opts.draws,
    seed: opts.seed,
    observed,
    mean,
    sd,
    min,
    max,
    adjusted: adjustedDissimilarity(observed, mean),
  };
}

/** Type-7 (linear interpolation) quantile of sorted values. */
export function quantileSorted(sorted: Float64Array, prob: number): number {
  const n = sorted.length;
  if (n === 0) throw new SegregationError('INVALID_INPUT', 'quantile of an empty set');
  const h = (n - 1) * prob;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

export interface BootstrapOptions extends SimulationOptions {
  /** Confidence level in (0, 1); default 0.95. */
  readonly level?: number;
  /** Resampling scheme; default "areas". */
  readonly method?: 'areas' | 'counts';
}

/**
 * Percentile bootstrap interval for any two-group statistic (for example
 * `dissimilarity` or `(c) => twoGroupIndices(c).gini`).
 */
export function bootstrapInterval(
  c: TwoGroupCounts,
  statistic: (c: TwoGroupCounts) => number,
  opts: BootstrapOptions,
): BootstrapInterval {
  checkOptions(opts);
  const level = opts.level ?? 0.95;
  const method = opts.method ?? 'areas';
  if (!(level > 0 && level < 1)) throw new SegregationError('INVALID_INPUT', `level must be in (0, 1), got ${level}`);
  const estimate = statistic(c);
  const { y, t } = method === 'counts' ? compactWhole(c) : compactAny(c);
  const n = y.length;
  const rng = createRng(opts.seed);
  const by = new Float64Array(n);
  const bx = new Float64Array(n);
  const sample: TwoGroupCounts = { y: by, x: bx };
  const values: number[] = [];
  for (let d = 0; d < opts.draws; d++) {
    if (method === 'areas') {
      for (let i = 0; i < n; i++) {
        const k = randomInt(rng, n);
        by[i] = y[k];
        bx[i] = t[k] - y[k];
      }
    } else {
      for (let i = 0; i < n; i++) {
        const k = sampleBinomial(rng, t[i], y[i] / t[i]);
        by[i] = k;
        bx[i] = t[i] - k;
      }
    }
    try {
      const v = statistic(sample);
      if (Number.isFinite(v)) values.push(v);
    } catch (error) {
      if (!(error instanceof SegregationError)) throw error;
    }
  }
  if (values.length === 0) {
    throw new SegregationError('ZERO_GROUP_TOTAL', 'the statistic was undefined in every bootstrap draw');
  }
  const sorted = Float64Array.from(values).sort();
  const { mean, sd } = meanAndSd(sorted);
  const alpha = (1 - level) / 2;
  return {
    method,
    draws: opts.draws,
    seed: opts.seed,
    used: values.length,
    level,
    estimate,
    lower: quantileSorted(sorted, alpha),
    upper: quantileSorted(sorted, 1 - alpha),
    mean,
    sd,
  };
}

/** Populated areas only (any non-negative counts): { y, t } compacted. */
function compactAny(c: TwoGroupCounts): { y: Float64Array; t: Float64Array } {
  validateTwoGroup(c);
  const ys: number[] = [];
  const ts: number[] = [];
  for (let i = 0; i < c.y.length; i++) {
    const t = c.y[i] + c.x[i];
    if (t > 0) {
      ys.push(c.y[i]);
      ts.push(t);
    }
  }
  return { y: Float64Array.from(ys), t: Float64Array.from(ts) };
}
