/**
 * Covariate balance before and after matching, as R MatchIt 4.5's
 * `summary(m, standardize = TRUE)` reports it for the ATT (its internal
 * `bal1var`, `wvar` and `pooled_sd`), plus the data of a love plot.
 *
 * For a covariate x (binary when every value is 0 or 1), treated group T,
 * control group C, and weights v (all 1 before matching; the matching weights
 * after, rows with weight 0 left out):
 *   mean_g      = Σ_{g} v x / Σ_{g} v
 *   SMD         = (mean_T − mean_C) / s_T
 *   s_T         = SD of x among the treated in the WHOLE (unmatched) sample, the same
 *                 denominator before and after, so the two are comparable:
 *                 binary:     √(p(1 − p)), p = treated proportion (no n − 1 factor)
 *                 continuous: sample SD with n − 1
 *   VR          = var_T / var_C, continuous covariates only (null for binary),
 *                 with the weighted "reliability" variance
 *                 var = Σ ṽ (x − mean)² / (1 − Σ ṽ²),  ṽ = v / Σ v
 *                 (the unbiased sample variance when all weights are equal).
 * MatchIt's edge rules, kept here so results agree: when |mean_T − mean_C| ≤
 * √ε (1.49e-8) the "SMD" is the raw difference; when s_T is zero or not finite
 * it falls back to the pooled within-group SD (binary: √(Σ_g s_g(1 − s_g/n_g)/n),
 * s_g the group's count of ones; continuous: √(Σ within-group squared
 * deviations / (n − 1)), as pooled_sd with unit sampling weights); when
 * both groups have fewer than two units the SMD and VR are null.
 *
 * References: Ho, Imai, King & Stuart (2007) "Matching as nonparametric
 * preprocessing…", Political Analysis 15: 199–236; Stuart (2010) "Matching
 * methods for causal inference: a review and a look forward", Statistical
 * Science 25(1): 1–21 (SMD on the treated SD for the ATT; |SMD| < 0.25 and
 * 0.5 < VR < 2 as rules of thumb, after Rubin 2001, "Using propensity scores
 * to help design observational studies", Health Services & Outcomes Research
 * Methodology 2: 169–188); Austin (2009) "Balance diagnostics for comparing the
 * distribution of baseline covariates…", Statistics in Medicine 28: 3083–3107
 * (|SMD| < 0.1).
 */
import { EvaluationError, check, checkFinite, checkLength } from './errors.ts';
import type { Covariates } from './logistic.ts';

const SQRT_EPS = Math.sqrt(2.220446049250313e-16);

export interface BalanceRow {
  readonly covariate: string;
  readonly binary: boolean;
  readonly meanTreatedBefore: number;
  readonly meanControlBefore: number;
  /** Null when neither group has two units. */
  readonly smdBefore: number | null;
  /** Null for binary covariates or when a variance is undefined. */
  readonly varianceRatioBefore: number | null;
  readonly meanTreatedAfter: number;
  readonly meanControlAfter: number;
  readonly smdAfter: number | null;
  readonly varianceRatioAfter: number | null;
}

export interface BalanceTable {
  readonly rows: readonly BalanceRow[];
  readonly treatedBefore: number;
  readonly controlBefore: number;
  /** Units with positive matching weight. */
  readonly treatedAfter: number;
  readonly controlAfter: number;
}

/** One point of a love plot: a covariate's SMD before and after matching. */
export interface LovePlotPoint {
  readonly covariate: string;
  readonly smdBefore: number | null;
  readonly smdAfter: number | null;
}

function weightedMean(x: ArrayLike<number>, rows: readonly number[], v: ArrayLike<number> | null): number {
  let s = 0;
  let w = 0;
  for (const i of rows) {
    const wi = v ? v[i] : 1;
    s += wi * x[i];
    w += wi;
  }
  return s / w;
}

/** MatchIt's wvar: p(1 − p) for binary x, the reliability-weighted variance otherwise. */
export function weightedVariance(
  x: ArrayLike<number>,
  rows: readonly number[],
  v: ArrayLike<number> | null,
  binary: boolean,
): number {
  const m = weightedMean(x, rows, v);
  if (binary) return m * (1 - m);
  let W = 0;
  for (const i of rows) W += v ? v[i] : 1;
  let ss = 0;
  let sw2 = 0;
  for (const i of rows) {
    const wi = (v ? v[i] : 1) / W;
    ss += wi * (x[i] - m) * (x[i] - m);
    sw2 += wi * wi;
  }
  return ss / (1 - sw2);
}

/** MatchIt's pooled_sd (contribution "proportional", unit sampling weights): the fallback SMD denominator. */
function pooledSd(
  x: ArrayLike<number>,
  treated: readonly number[],
  control: readonly number[],
  binary: boolean,
): number {
  const n = treated.length + control.length;
  let total = 0;
  for (const rows of [treated, control]) {
    if (rows.length === 0) continue;
    if (binary) {
      let s = 0;
      for (const i of rows) s += x[i];
      total += (s * (1 - s / rows.length)) / n;
    } else {
      const m = weightedMean(x, rows, null);
      for (const i of rows) total += (x[i] - m) * (x[i] - m);
    }
  }
  return Math.sqrt(binary ? total : total / (n - 1));
}

function finiteOrNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

/**
 * Balance of each covariate before and after matching. `weights` are the
 * matching weights (e.g. `MatchResult.weights`); rows with weight 0 are not in
 * the matched sample.
 */
export function balanceTable(
  treat: ArrayLike<number>,
  covariates: Covariates,
  weights: ArrayLike<number>,
): BalanceTable {
  const n = treat.length;
  checkLength(weights, n, 'weights');
  checkFinite(weights, 'weights');
  const treated: number[] = [];
  const control: number[] = [];
  const treatedAfter: number[] = [];
  const controlAfter: number[] = [];
  for (let i = 0; i < n; i++) {
    check(treat[i] === 0 || treat[i] === 1, `treat[${i}] must be 0 or 1`);
    check(weights[i] >= 0, `weights[${i}] must be ≥ 0`);
    (treat[i] === 1 ? treated : control).push(i);
    if (weights[i] > 0) (treat[i] === 1 ? treatedAfter : controlAfter).push(i);
  }
  if (treated.length === 0 || control.length === 0) {
    throw new EvaluationError('INSUFFICIENT_DATA', 'balance needs at least one treated and one control unit');
  }
  if (treatedAfter.length === 0 || controlAfter.length === 0) {
    throw new EvaluationError('INSUFFICIENT_DATA', 'the matched sample has no treated or no control unit');
  }
  const rows = Object.entries(covariates).map(([name, x]): BalanceRow => {
    checkLength(x, n, `covariate '${name}'`);
    checkFinite(x, `covariate '${name}'`);
    let binary = true;
    for (let i = 0; i < n; i++) if (x[i] !== 0 && x[i] !== 1) binary = false;
    let sd = Math.sqrt(weightedVariance(x, treated, null, binary));
    if (!Number.isFinite(sd) || sd < SQRT_EPS) sd = pooledSd(x, treated, control, binary);
    const before = side(x, treated, control, null, binary, sd);
    const after = side(x, treatedAfter, controlAfter, weights, binary, sd);
    return {
      covariate: name,
      binary,
      meanTreatedBefore: before.meanT,
      meanControlBefore: before.meanC,
      smdBefore: before.smd,
      varianceRatioBefore: before.vr,
      meanTreatedAfter: after.meanT,
      meanControlAfter: after.meanC,
      smdAfter: after.smd,
      varianceRatioAfter: after.vr,
    };
  });
  return {
    rows,
    treatedBefore: treated.length,
    controlBefore: control.length,
    treatedAfter: treatedAfter.length,
    controlAfter: controlAfter.length,
  };
}

function side(
  x: ArrayLike<number>,
  t: readonly number[],
  c: readonly number[],
  v: ArrayLike<number> | null,
  binary: boolean,
  sd: number,
): { meanT: number; meanC: number; smd: number | null; vr: number | null } {
  const meanT = weightedMean(x, t, v);
  const meanC = weightedMean(x, c, v);
  const diff = meanT - meanC;
  const tooSmall = t.length < 2 && c.length < 2;
  let smd: number | null;
  if (Math.abs(diff) <= SQRT_EPS) smd = diff;
  else smd = tooSmall ? null : finiteOrNull(diff / sd);
  const vr =
    binary || tooSmall ? null : finiteOrNull(weightedVariance(x, t, v, false) / weightedVariance(x, c, v, false));
  return { meanT, meanC, smd, vr };
}

/** The love-plot data: one point per covariate, in table order. */
export function lovePlotData(table: BalanceTable): LovePlotPoint[] {
  return table.rows.map((r) => ({ covariate: r.covariate, smdBefore: r.smdBefore, smdAfter: r.smdAfter }));
}

export interface BalanceThresholds {
  /** |SMD| at or below which a covariate counts as balanced (default 0.25; Rubin 2001, Stuart 2010). */
  readonly acceptableSmd?: number;
  /** |SMD| at or below which balance counts as good (default 0.1; Austin 2009). */
  readonly goodSmd?: number;
  /** Variance ratios inside [low, high] are acceptable (default [0.5, 2]; Rubin 2001). */
  readonly varianceRatio?: readonly [number, number];
}

export interface BalanceAssessment {
  /** Largest |SMD| after matching (null if none could be computed). */
  readonly maxAbsSmd: number | null;
  /** Every |SMD| ≤ acceptableSmd and every variance ratio inside the range. */
  readonly achieved: boolean;
  /** Every |SMD| ≤ goodSmd and every variance ratio inside the range. */
  readonly good: boolean;
  /** Covariates failing the acceptable threshold. */
  readonly failing: readonly string[];
}

/** Summarises the after-matching columns of a balance table against the thresholds. */
export function assessBalance(table: BalanceTable, thresholds: BalanceThresholds = {}): BalanceAssessment {
  const acceptable = thresholds.acceptableSmd ?? 0.25;
  const good = thresholds.goodSmd ?? 0.1;
  const [vrLow, vrHigh] = thresholds.varianceRatio ?? [0.5, 2];
  let maxAbsSmd: number | null = null;
  let allGood = true;
  const failing: string[] = [];
  for (const r of table.rows) {
    const smd = r.smdAfter;
    const vr = r.varianceRatioAfter;
    const vrOk = vr === null || (vr >= vrLow && vr <= vrHigh);
    if (smd === null) {
      allGood = false;
      failing.push(r.covariate);
      continue;
    }
    maxAbsSmd = Math.max(maxAbsSmd ?? 0, Math.abs(smd));
    if (Math.abs(smd) > acceptable || !vrOk) failing.push(r.covariate);
    if (Math.abs(smd) > good || !vrOk) allGood = false;
  }
  const achieved = failing.length === 0 && table.rows.length > 0;
  return { maxAbsSmd, achieved, good: achieved && allGood, failing };
}
