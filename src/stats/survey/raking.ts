/**
 * Raking (iterative proportional fitting, IPF) of survey weights to population
 * margins, with optional weight trimming (trim-then-rake loop).
 *
 * Algorithm (Deming & Stephan 1940; as in R `survey::rake`, which calls
 * `postStratify` once per margin per sweep):
 *
 *   repeat (one "iteration" = one sweep over all margins, in the order given)
 *     for each margin k:
 *       for each category c of k:   t̂_kc = Σ_{i in c} w_i
 *       w_i ← w_i × T_kc / t̂_kc     for every respondent i, c = category of i in k
 *   until maxError ≤ epsilon
 *
 * Convergence measure (checked before the first sweep and after every sweep):
 *
 *   maxError = max over margins k and categories c with T_kc > 0 of |t̂_kc − T_kc| / T_kc
 *
 * i.e. the largest *relative* gap between a weighted sample margin and its
 * population target. The margin adjusted last in a sweep is met exactly (up to
 * rounding), so the error comes from the earlier margins. This differs from R,
 * which stops when no cell of the full cross-classified weighted table changes
 * by more than `epsilon` (an absolute count) between sweeps; both converge to
 * the same raking solution, they only stop at different points near it.
 *
 * Margin totals: every margin must describe the same population. When a
 * margin's total differs from the first margin's total by more than
 * `totalTolerance` (default 0.5%, relative to the first margin's total) raking
 * fails with INCONSISTENT_TOTALS; smaller differences (rounding in published
 * tables) are absorbed by scaling that margin's targets to the first margin's
 * total. The names of rescaled margins are reported.
 */

import { SurveyError, check } from './errors.ts';

export interface RakeMargin {
  /** Variable name, used in messages (e.g. "age_sex", "ward"). */
  name: string;
  /** One category code per respondent, 0 ≤ code < targets.length. */
  codes: Int32Array;
  /** Population total for each category code. Finite and ≥ 0. */
  targets: ArrayLike<number>;
  /** Optional category labels (same indexing as targets) for messages. */
  labels?: readonly string[];
}

export interface TrimOptions {
  /** Lower bound (0 = no lower bound). */
  low: number;
  /** Upper bound (Infinity = no upper bound). */
  high: number;
  /**
   * 'mean' (default): bounds are multiples of the mean weight, i.e. the bound
   * on w_i is low × W/n and high × W/n, with W the population total and n the
   * number of respondents (the mean weight is fixed by the margins, so the
   * bounds never move). Requires low ≤ 1 ≤ high.
   * 'absolute': bounds are weight values. Requires low ≤ W/n ≤ high.
   */
  mode?: 'mean' | 'absolute';
  /** Maximum number of trim-and-re-rake rounds (default 50). */
  maxRounds?: number;
  /**
   * Relative slack when checking the bounds after re-raking (default 1e-3):
   * satisfied when every w_i ≤ high × (1 + tolerance) and w_i ≥ low × (1 − tolerance).
   */
  tolerance?: number;
}

export interface RakeOptions {
  /** Starting (design) weights, default all 1. Must be finite and > 0. */
  baseWeights?: ArrayLike<number>;
  /** Maximum number of sweeps per raking run (default 100). */
  maxIterations?: number;
  /** Convergence threshold on maxError (default 1e-6 = one part in a million). */
  epsilon?: number;
  /** Allowed relative disagreement between margin totals before failing (default 0.005). */
  totalTolerance?: number;
  /** Optional trimming; see {@link TrimOptions}. */
  trim?: TrimOptions;
}

export interface TrimReport {
  /** Number of clip-and-re-rake rounds performed. */
  rounds: number;
  /** True when the final (raked) weights are within the bounds (with tolerance). */
  satisfied: boolean;
  /** Bounds as weight values. */
  lowWeight: number;
  highWeight: number;
  /** Largest relative violation of the bounds in the final weights (0 when within). */
  maxExcess: number;
}

export interface RakeResult {
  weights: Float64Array;
  /** Sweeps used by the final raking run (0 when the starting weights already met every margin). */
  iterations: number;
  /** Sweeps summed over every raking run (differs from `iterations` only with trimming). */
  totalIterations: number;
  /** Achieved convergence measure (see module doc) for the returned weights. */
  maxError: number;
  /** Population total W (the first margin's total); the weights sum to this. */
  populationTotal: number;
  /** Names of margins whose targets were scaled to the first margin's total. */
  rescaledMargins: string[];
  /** Present when trimming was requested. */
  trim?: TrimReport;
}

export const RAKE_DEFAULTS = Object.freeze({
  maxIterations: 100,
  epsilon: 1e-6,
  totalTolerance: 0.005,
  trimMaxRounds: 50,
  trimTolerance: 1e-3,
});

interface PreparedMargins {
  n: number;
  codes: Int32Array[];
  targets: Float64Array[];
  names: string[];
  labels: (readonly string[] | undefined)[];
  total: number;
  rescaled: string[];
}

function label(m: { labels?: readonly string[] }, c: number): string {
  const l = m.labels?.[c];
  return l === undefined ? `code ${c}` : `'${l}'`;
}

/**
 * Validates margins (lengths, codes in range, targets finite, no empty or
 * zero-population categories, consistent totals) and returns scaled copies of the targets.
 */
export function prepareMargins(margins: readonly RakeMargin[], totalTolerance: number): PreparedMargins {
  check(margins.length > 0, 'raking needs at least one margin');
  check(totalTolerance >= 0 && Number.isFinite(totalTolerance), 'totalTolerance must be a finite number ≥ 0');
  const n = margins[0].codes.length;
  check(n > 0, 'raking needs at least one respondent');
  const names = new Set<string>();
  const out: PreparedMargins = { n, codes: [], targets: [], names: [], labels: [], total: 0, rescaled: [] };
  for (const m of margins) {
    check(!names.has(m.name), `margin '${m.name}' is given twice`);
    names.add(m.name);
    check(m.codes.length === n, `margin '${m.name}' has ${m.codes.length} codes but there are ${n} respondents`);
    const k = m.targets.length;
    check(k > 0, `margin '${m.name}' has no categories`);
    const t = new Float64Array(k);
    let total = 0;
    for (let c = 0; c < k; c++) {
      const v = m.targets[c];
      check(
        Number.isFinite(v) && v >= 0,
        `margin '${m.name}' category ${label(m, c)} has an invalid population (${String(v)})`,
      );
      t[c] = v;
      total += v;
    }
    check(total > 0, `margin '${m.name}' has a population total of zero`);
    const counts = new Int32Array(k);
    for (let i = 0; i < n; i++) {
      const c = m.codes[i];
      if (!(c >= 0 && c < k)) {
        throw new SurveyError(
          'UNKNOWN_CATEGORY',
          `respondent ${i + 1} has a category (${c}) not in margin '${m.name}'`,
          { margin: m.name, respondent: i, code: c },
        );
      }
      counts[c]++;
    }
    for (let c = 0; c < k; c++) {
      if (t[c] > 0 && counts[c] === 0) {
        throw new SurveyError(
          'EMPTY_CATEGORY',
          `margin '${m.name}' category ${label(m, c)} has a population of ${t[c]} but no respondents, so it cannot be met`,
          { margin: m.name, category: c },
        );
      }
      if (t[c] === 0 && counts[c] > 0) {
        throw new SurveyError(
          'ZERO_POPULATION',
          `margin '${m.name}' category ${label(m, c)} has ${counts[c]} respondent(s) but a population of 0`,
          { margin: m.name, category: c },
        );
      }
    }
    if (out.codes.length === 0) {
      out.total = total;
    } else {
      const rel = Math.abs(total - out.total) / out.total;
      if (rel > totalTolerance) {
        throw new SurveyError(
          'INCONSISTENT_TOTALS',
          `margin '${m.name}' totals ${total} but margin '${out.names[0]}' totals ${out.total} ` +
            `(differ by ${(rel * 100).toFixed(2)}%, more than ${(totalTolerance * 100).toFixed(2)}%)`,
          { margin: m.name, total, reference: out.total },
        );
      }
      if (total !== out.total) {
        const f = out.total / total;
        for (let c = 0; c < k; c++) t[c] *= f;
        out.rescaled.push(m.name);
      }
    }
    out.codes.push(m.codes);
    out.targets.push(t);
    out.names.push(m.name);
    out.labels.push(m.labels);
  }
  return out;
}

/** max over margins/categories (target > 0) of |total − target| / target. */
function maxRelativeError(totals: Float64Array[], targets: Float64Array[]): number {
  let err = 0;
  for (let k = 0; k < targets.length; k++) {
    const t = targets[k];
    const s = totals[k];
    for (let c = 0; c < t.length; c++) {
      if (t[c] > 0) {
        const e = Math.abs(s[c] - t[c]) / t[c];
        if (!(e <= err)) err = e; // also propagates NaN as "not converged"
      }
    }
  }
  return err;
}

/**
 * Weighted totals of every margin at the current weights (one pass over respondents).
 */
export function marginTotals(
  codes: readonly Int32Array[],
  sizes: readonly number[],
  weights: ArrayLike<number>,
): Float64Array[] {
  const totals = sizes.map((k) => new Float64Array(k));
  const K = codes.length;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i];
    for (let k = 0; k < K; k++) totals[k][codes[k][i]] += w;
  }
  return totals;
}

// The sweeps' passes over the respondents, each a small function of its own: called once per margin per
// sweep, they are optimised after the first call instead of running a cold copy of ipf's loops each time.

/** w_i ← w_i × f[c_i], and the totals of the next margin at the new weights. */
function adjustAndTotal(
  w: Float64Array,
  f: Float64Array,
  codes: Int32Array,
  nextCodes: Int32Array,
  nextTotals: Float64Array,
  n: number,
): void {
  for (let i = 0; i < n; i++) {
    const v = w[i] * f[codes[i]];
    w[i] = v;
    nextTotals[nextCodes[i]] += v;
  }
}

/** w_i ← w_i × f[c_i], and the totals of every margin at the new weights. */
function adjustAndTotalAll(
  w: Float64Array,
  f: Float64Array,
  codes: Int32Array,
  allCodes: readonly Int32Array[],
  totals: Float64Array[],
  n: number,
): void {
  const K = allCodes.length;
  for (let i = 0; i < n; i++) {
    const v = w[i] * f[codes[i]];
    w[i] = v;
    for (let j = 0; j < K; j++) totals[j][allCodes[j][i]] += v;
  }
}

/**
 * Plain IPF on prepared margins; modifies `w` in place.
 * Throws NOT_CONVERGED when maxIterations sweeps do not reach epsilon.
 */
function ipf(
  pm: PreparedMargins,
  w: Float64Array,
  maxIterations: number,
  epsilon: number,
): { iterations: number; maxError: number } {
  const K = pm.codes.length;
  const n = pm.n;
  const sizes = pm.targets.map((t) => t.length);
  const totals = marginTotals(pm.codes, sizes, w);
  let err = maxRelativeError(totals, pm.targets);
  if (err <= epsilon) return { iterations: 0, maxError: err };
  const factors = sizes.map((k) => new Float64Array(k));

  for (let iter = 1; iter <= maxIterations; iter++) {
    for (let k = 0; k < K; k++) {
      const t = pm.targets[k];
      const s = totals[k];
      const f = factors[k];
      for (let c = 0; c < t.length; c++) {
        if (t[c] === 0) {
          f[c] = 1; // no respondents here (validated)
        } else if (s[c] > 0 && Number.isFinite(s[c])) {
          f[c] = t[c] / s[c];
        } else {
          throw new SurveyError(
            'NOT_CONVERGED',
            `raking failed: weights in margin '${pm.names[k]}' category ${label({ labels: pm.labels[k] }, c)} collapsed to ${s[c]} after ${iter - 1} iteration(s)`,
            { iterations: iter - 1, maxError: err },
          );
        }
      }
      const codes = pm.codes[k];
      if (k < K - 1) {
        // Adjust margin k and, in the same pass, total the next margin.
        const nextTotals = totals[k + 1];
        nextTotals.fill(0);
        adjustAndTotal(w, f, codes, pm.codes[k + 1], nextTotals, n);
      } else {
        // Last margin: adjust and total every margin for the convergence check.
        for (const tt of totals) tt.fill(0);
        adjustAndTotalAll(w, f, codes, pm.codes, totals, n);
      }
    }
    err = maxRelativeError(totals, pm.targets);
    if (err <= epsilon) return { iterations: iter, maxError: err };
  }
  throw new SurveyError(
    'NOT_CONVERGED',
    `raking did not converge: after ${maxIterations} iterations the largest margin error is ${formatErr(err)} (epsilon ${epsilon})`,
    { iterations: maxIterations, maxError: err },
  );
}

function formatErr(e: number): string {
  return Number.isFinite(e) ? e.toPrecision(3) : String(e);
}

function validateCount(value: number | undefined, fallback: number, what: string): number {
  const v = value ?? fallback;
  check(Number.isInteger(v) && v >= 1, `${what} must be a positive integer`);
  return v;
}

/**
 * Rakes `baseWeights` (default 1) to the population margins.
 *
 * Errors (all SurveyError): INVALID_INPUT, UNKNOWN_CATEGORY, EMPTY_CATEGORY,
 * ZERO_POPULATION, INCONSISTENT_TOTALS, NOT_CONVERGED (details.iterations,
 * details.maxError).
 */
export function rake(margins: readonly RakeMargin[], options: RakeOptions = {}): RakeResult {
  const maxIterations = validateCount(options.maxIterations, RAKE_DEFAULTS.maxIterations, 'maxIterations');
  const epsilon = options.epsilon ?? RAKE_DEFAULTS.epsilon;
  check(Number.isFinite(epsilon) && epsilon > 0, 'epsilon must be a finite number > 0');
  const pm = prepareMargins(margins, options.totalTolerance ?? RAKE_DEFAULTS.totalTolerance);
  const n = pm.n;

  const w = new Float64Array(n);
  if (options.baseWeights) {
    check(
      options.baseWeights.length === n,
      `baseWeights has ${options.baseWeights.length} values but there are ${n} respondents`,
    );
    for (let i = 0; i < n; i++) {
      const v = options.baseWeights[i];
      check(
        Number.isFinite(v) && v > 0,
        `base weight of respondent ${i + 1} must be a finite number > 0 (got ${String(v)})`,
      );
      w[i] = v;
    }
  } else {
    w.fill(1);
  }

  let run = ipf(pm, w, maxIterations, epsilon);
  let totalIterations = run.iterations;
  const result: RakeResult = {
    weights: w,
    iterations: run.iterations,
    totalIterations,
    maxError: run.maxError,
    populationTotal: pm.total,
    rescaledMargins: pm.rescaled,
  };
  if (!options.trim) return result;

  const bounds = trimBounds(options.trim, pm.total, n);
  const maxRounds = validateCount(options.trim.maxRounds, RAKE_DEFAULTS.trimMaxRounds, 'trim.maxRounds');
  const tol = options.trim.tolerance ?? RAKE_DEFAULTS.trimTolerance;
  check(Number.isFinite(tol) && tol >= 0, 'trim.tolerance must be a finite number ≥ 0');

  let rounds = 0;
  let excess = boundExcess(w, bounds.low, bounds.high);
  while (excess > tol && rounds < maxRounds) {
    rounds++;
    clip(w, bounds.low, bounds.high);
    run = ipf(pm, w, maxIterations, epsilon);
    totalIterations += run.iterations;
    excess = boundExcess(w, bounds.low, bounds.high);
  }
  result.iterations = run.iterations;
  result.totalIterations = totalIterations;
  result.maxError = run.maxError;
  result.trim = {
    rounds,
    satisfied: excess <= tol,
    lowWeight: bounds.low,
    highWeight: bounds.high,
    maxExcess: excess,
  };
  return result;
}

/** Converts trim options to absolute weight bounds and checks they are feasible. */
export function trimBounds(trim: TrimOptions, populationTotal: number, n: number): { low: number; high: number } {
  const mode = trim.mode ?? 'mean';
  check(mode === 'mean' || mode === 'absolute', `trim.mode must be 'mean' or 'absolute'`);
  const { low, high } = trim;
  check(Number.isFinite(low) && low >= 0, 'trim low bound must be a finite number ≥ 0');
  check(high > 0 && !Number.isNaN(high), 'trim high bound must be a number > 0');
  check(low < high, 'trim low bound must be below the high bound');
  const mean = populationTotal / n;
  if (mode === 'mean') {
    check(low <= 1 && high >= 1, 'trim bounds relative to the mean weight must satisfy LOW ≤ 1 ≤ HIGH');
    return { low: low * mean, high: high * mean };
  }
  check(
    low <= mean && high >= mean,
    `absolute trim bounds [${low}, ${high}] cannot contain the mean weight ${mean.toPrecision(6)} implied by the margins`,
  );
  return { low, high };
}

function boundExcess(w: Float64Array, low: number, high: number): number {
  let ex = 0;
  for (let i = 0; i < w.length; i++) {
    const v = w[i];
    if (v > high) ex = Math.max(ex, v / high - 1);
    else if (v < low) ex = Math.max(ex, 1 - v / low);
  }
  return ex;
}

function clip(w: Float64Array, low: number, high: number): void {
  for (let i = 0; i < w.length; i++) {
    if (w[i] > high) w[i] = high;
    else if (w[i] < low) w[i] = low;
  }
}

/**
 * Convergence measure for arbitrary weights against margins (same definition as
 * RakeResult.maxError, after the same total rescaling). Useful to check that a
 * weights file really is calibrated to a set of margins.
 */
export function marginError(
  margins: readonly RakeMargin[],
  weights: ArrayLike<number>,
  totalTolerance = RAKE_DEFAULTS.totalTolerance,
): number {
  const pm = prepareMargins(margins, totalTolerance);
  check(weights.length === pm.n, `weights has ${weights.length} values but there are ${pm.n} respondents`);
  const totals = marginTotals(
    pm.codes,
    pm.targets.map((t) => t.length),
    weights,
  );
  return maxRelativeError(totals, pm.targets);
}
