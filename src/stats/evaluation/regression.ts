/**
 * Weighted least squares with classical, heteroskedasticity-robust (HC1) and
 * cluster-robust (CR1) variances, as R's `lm(y ~ x, weights = w)` with
 * `sandwich::vcovHC(type = "HC1")` / `sandwich::vcovCL(cluster = ~g,
 * type = "HC1")` and Stata's `regress …, vce(robust)` / `vce(cluster g)`.
 *
 * With X the n×K design (intercept first), W = diag(w), e = y − Xβ̂:
 *   β̂ = (XᵀWX)⁻¹ XᵀW y                                   (weighted normal equations)
 *   B  = (XᵀWX)⁻¹
 *   classical: V = σ̂² B,  σ̂² = Σ w_i e_i² / (N − K)             (summary.lm)
 *   HC1:       V = N/(N − K) · B [Σ_i w_i² e_i² x_i x_iᵀ] B       (MacKinnon & White 1985;
 *                                                                 sandwich::vcovHC, Zeileis 2004)
 *   CR1:       V = G/(G − 1) · (N − 1)/(N − K) · B [Σ_g u_g u_gᵀ] B,  u_g = Σ_{i∈g} w_i e_i x_i
 *              (Liang & Zeger 1986; Cameron & Miller 2015, "A practitioner's guide to
 *               cluster-robust inference", J. Human Resources 50(2): 317–372, eq. 11–12;
 *               sandwich::vcovCL with type = "HC1", cadjust = TRUE; Zeileis, Köll & Graham 2020)
 * Inference: t = β̂/SE with a Student t reference on G − 1 degrees of freedom
 * when clustered (Stata's convention; Cameron & Miller 2015 §VI.C) and N − K
 * otherwise; intervals β̂ ± t_{1−α/2, df} · SE.
 *
 * N counts rows with positive weight only; rows with weight 0 are dropped
 * before anything else (R's lm drops them from the fit too, but sandwich's HC1
 * factor would still count them in N: pass only the rows you mean to use).
 * Covariates are centred and scaled internally and results mapped back
 * exactly (linalg.ts); rank deficiency throws SINGULAR naming the covariate.
 */
import { EvaluationError, check, checkFinite, checkLength } from './errors.ts';
import { studentTQuantile, studentTTwoSidedP } from './distributions.ts';
import {
  cholesky,
  choleskyInverse,
  choleskySolve,
  matVec,
  sandwichProduct,
  standardiseDesign,
  weightedGram,
} from './linalg.ts';
import type { Covariates } from './logistic.ts';

export type VarianceType = 'classical' | 'HC1' | 'CR1';

export interface WlsOptions {
  /** Analysis weights, finite and ≥ 0 (default 1). Zero-weight rows are dropped. */
  readonly weights?: ArrayLike<number>;
  /** Variance estimator (default 'HC1'; 'CR1' when `cluster` is given). */
  readonly variance?: VarianceType;
  /** Cluster of each row, for CR1. */
  readonly cluster?: ArrayLike<string | number>;
  /** Confidence level (default 0.95). */
  readonly level?: number;
}

/** One coefficient with its inference. */
export interface Coefficient {
  readonly name: string;
  readonly estimate: number;
  readonly se: number;
  readonly t: number;
  readonly pValue: number;
  readonly ciLow: number;
  readonly ciHigh: number;
}

export interface WlsFit {
  readonly names: readonly string[];
  readonly coefficients: Float64Array;
  readonly se: Float64Array;
  /** Variance matrix of the coefficients, row-major K×K. */
  readonly covariance: Float64Array;
  readonly table: readonly Coefficient[];
  readonly variance: VarianceType;
  /** Rows used (positive weight), coefficients, clusters (null unless CR1). */
  readonly n: number;
  readonly k: number;
  readonly clusters: number | null;
  /** Degrees of freedom of the t reference: G − 1 for CR1, N − K otherwise. */
  readonly df: number;
  readonly level: number;
  /** Residuals y − Xβ̂ of the rows used, in their original order. */
  readonly residuals: Float64Array;
}

/** Cluster index 0..G−1 of each listed row, and G. */
function clusterIndex(cluster: ArrayLike<string | number>, rows: Int32Array): { index: Int32Array; count: number } {
  const ids = new Map<string, number>();
  const index = new Int32Array(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const v = cluster[rows[r]];
    const key = `${typeof v}:${String(v)}`;
    let id = ids.get(key);
    if (id === undefined) {
      id = ids.size;
      ids.set(key, id);
    }
    index[r] = id;
  }
  return { index, count: ids.size };
}

/** Fits y on the named covariates (intercept added) by weighted least squares. */
export function fitWls(y: ArrayLike<number>, covariates: Covariates, options: WlsOptions = {}): WlsFit {
  const nAll = y.length;
  checkFinite(y, 'outcome');
  const covNames = Object.keys(covariates);
  covNames.forEach((name) => {
    checkLength(covariates[name], nAll, `covariate '${name}'`);
    checkFinite(covariates[name], `covariate '${name}'`);
  });
  const wAll = options.weights;
  if (wAll) {
    checkLength(wAll, nAll, 'weights');
    checkFinite(wAll, 'weights');
    for (let i = 0; i < nAll; i++) check(wAll[i] >= 0, `weights[${i}] must be ≥ 0`);
  }
  const variance: VarianceType = options.variance ?? (options.cluster ? 'CR1' : 'HC1');
  check(
    variance === 'classical' || variance === 'HC1' || variance === 'CR1',
    `unknown variance type '${String(variance)}'`,
  );
  check(variance !== 'CR1' || options.cluster !== undefined, "variance 'CR1' needs a cluster column");
  if (options.cluster) checkLength(options.cluster, nAll, 'cluster');
  const level = options.level ?? 0.95;
  check(level > 0 && level < 1, 'level must lie strictly between 0 and 1');

  // Keep positive-weight rows.
  let n = 0;
  for (let i = 0; i < nAll; i++) if (!wAll || wAll[i] > 0) n++;
  const rows = new Int32Array(n);
  for (let i = 0, r = 0; i < nAll; i++) if (!wAll || wAll[i] > 0) rows[r++] = i;
  const names = ['(Intercept)', ...covNames];
  const K = names.length;
  if (n <= K)
    throw new EvaluationError(
      'INSUFFICIENT_DATA',
      `regression needs more than ${K} rows with positive weight (got ${n})`,
    );
  const w = new Float64Array(n);
  const yy = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    w[r] = wAll ? wAll[rows[r]] : 1;
    yy[r] = y[rows[r]];
  }
  const columns = covNames.map((name) => {
    const col = covariates[name];
    const out = new Float64Array(n);
    for (let r = 0; r < n; r++) out[r] = col[rows[r]];
    return out;
  });

  const design = standardiseDesign(columns, w, n);
  const { z } = design;
  if (design.constantColumn >= 0) {
    const name = covNames[design.constantColumn];
    throw new EvaluationError('SINGULAR', `covariate '${name}' does not vary, so it is collinear with the intercept`, {
      covariates: [name],
    });
  }
  const chol = cholesky(weightedGram(z, n, K, w), K);
  if (!chol.ok) {
    const name = names[chol.column];
    throw new EvaluationError(
      'SINGULAR',
      `covariate '${name}' is collinear with the intercept and earlier covariates`,
      { covariates: [name] },
    );
  }
  const xtwy = new Float64Array(K);
  for (let r = 0; r < n; r++) {
    const v = w[r] * yy[r];
    for (let j = 0; j < K; j++) xtwy[j] += z[r * K + j] * v;
  }
  const gamma = choleskySolve(chol.factor, K, xtwy);
  const residuals = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    let f = 0;
    for (let j = 0; j < K; j++) f += z[r * K + j] * gamma[j];
    residuals[r] = yy[r] - f;
  }
  const bread = choleskyInverse(chol.factor, K);
  let vGamma: Float64Array;
  let clusters: number | null = null;
  if (variance === 'classical') {
    let ss = 0;
    for (let r = 0; r < n; r++) ss += w[r] * residuals[r] * residuals[r];
    const sigma2 = ss / (n - K);
    vGamma = bread.map((v) => v * sigma2);
  } else {
    const meat = new Float64Array(K * K);
    if (variance === 'HC1') {
      for (let r = 0; r < n; r++) addOuter(meat, z, r, K, w[r] * residuals[r]);
      vGamma = scaled(sandwichProduct(bread, meat, K), n / (n - K));
    } else {
      const { index, count } = clusterIndex(options.cluster as ArrayLike<string | number>, rows);
      if (count < 2)
        throw new EvaluationError('INSUFFICIENT_DATA', 'cluster-robust variance needs at least two clusters');
      clusters = count;
      const u = new Float64Array(count * K);
      for (let r = 0; r < n; r++) {
        const v = w[r] * residuals[r];
        const g = index[r] * K;
        for (let j = 0; j < K; j++) u[g + j] += z[r * K + j] * v;
      }
      for (let g = 0; g < count; g++) addOuter(meat, u, g, K, 1);
      vGamma = scaled(sandwichProduct(bread, meat, K), (count / (count - 1)) * ((n - 1) / (n - K)));
    }
  }
  const covariance = sandwichProduct(design.transform, vGamma, K);
  const coefficients = matVec(design.transform, K, gamma);
  const se = new Float64Array(K);
  for (let j = 0; j < K; j++) se[j] = Math.sqrt(Math.max(0, covariance[j * K + j]));
  const df = clusters !== null ? clusters - 1 : n - K;
  const crit = studentTQuantile(1 - (1 - level) / 2, df);
  const table = names.map((name, j) => coefficientRow(name, coefficients[j], se[j], df, crit));
  return { names, coefficients, se, covariance, table, variance, n, k: K, clusters, df, level, residuals };
}

/** Adds s² · v vᵀ to `m`, where v is row `r` of the row-major matrix `x` (K columns). */
function addOuter(m: Float64Array, x: Float64Array, r: number, K: number, s: number): void {
  for (let a = 0; a < K; a++) {
    const va = s * x[r * K + a];
    if (va === 0) continue;
    for (let b = 0; b < K; b++) m[a * K + b] += va * s * x[r * K + b];
  }
}

function scaled(m: Float64Array, f: number): Float64Array {
  return m.map((v) => v * f);
}

/** Estimate, t statistic, two-sided p-value and interval with critical value `crit`. */
export function coefficientRow(name: string, estimate: number, se: number, df: number, crit: number): Coefficient {
  const t = se > 0 ? estimate / se : estimate === 0 ? 0 : Math.sign(estimate) * Infinity;
  const pValue = se > 0 ? studentTTwoSidedP(t, df) : estimate === 0 ? 1 : 0;
  return { name, estimate, se, t, pValue, ciLow: estimate - crit * se, ciHigh: estimate + crit * se };
}

/** The named coefficient's row of a fit (throws INVALID_INPUT if absent). */
export function coefficient(fit: WlsFit, name: string): Coefficient {
  const row = fit.table.find((c) => c.name === name);
  if (!row) throw new EvaluationError('INVALID_INPUT', `no coefficient named '${name}'`);
  return row;
}
