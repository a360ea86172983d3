/**
 * Logistic regression by Newton–Raphson (for the canonical logit link this is
 * the same iteration as IRLS / Fisher scoring), as R's
 * `glm(y ~ x1 + … + xk, family = binomial, weights = w)`.
 *
 * Model (McCullagh & Nelder 1989, "Generalized Linear Models", 2nd ed., ch. 4):
 *   logit μ_i = η_i = β₀ + Σ_j β_j x_ij,   y_i ∈ {0, 1},   prior weights w_i ≥ 0.
 * Log-likelihood ℓ(β) = Σ w_i [y_i η_i − ln(1 + e^{η_i})]; deviance D = −2ℓ.
 *   score      U = Xᵀ W (y − μ)           W = diag(w)
 *   information I = Xᵀ diag(w μ (1 − μ)) X
 *   step        β ← β + I⁻¹ U,  halved while the deviance goes up (as glm.fit).
 * Converged when every step on the standardised scale is small,
 * |Δγ_j| ≤ `tolerance` · max(1, |γ_j|) (default 1e-10), so coefficients are the
 * MLE to ~1e-10, tighter than glm's default deviance criterion (1e-8). Standard errors are √diag(I⁻¹) at the
 * final estimate — summary.glm's, for the binomial family (dispersion 1).
 *
 * Internally covariates are centred and scaled by their weighted mean and SD
 * (see linalg.ts) and the result is mapped back exactly; this only improves
 * the conditioning of I.
 *
 * Failure modes (Albert & Anderson 1984, "On the existence of maximum
 * likelihood estimates in logistic regression models", Biometrika 71: 1–10):
 * - SINGULAR: the design is rank deficient (a covariate is constant, or a
 *   linear combination of the intercept and earlier covariates: 1 − R² below
 *   1e-10). R would report the coefficient as NA (aliased).
 * - SEPARATION: complete or quasi-complete separation, so no finite MLE exists.
 *   Under separation Newton keeps stepping in the separating direction (η grows
 *   by about one unit per iteration for the separated rows) while the deviance
 *   barely changes. We flag it when the iteration has not converged after
 *   `maxIterations` (default 60) and some fitted probabilities are numerically
 *   0 or 1 (|η| > 20), or when the information matrix collapses; the error
 *   names the covariates that separate the outcome on their own (a threshold
 *   on x_j splits y = 0 from y = 1, ties allowed) and those whose coefficients
 *   were still diverging (standardised change > 0.5 over the last 10 steps).
 */
import { EvaluationError, check, checkFinite, checkLength } from './errors.ts';
import {
  cholesky,
  choleskyInverse,
  choleskySolve,
  sandwichProduct,
  standardiseDesign,
  matVec,
  weightedGram,
} from './linalg.ts';

/** Named covariate columns; the column order is the insertion order of the record. */
export type Covariates = Readonly<Record<string, ArrayLike<number>>>;

export interface LogisticOptions {
  /** Prior weights, finite and ≥ 0 (default all 1). Rows with weight 0 do not count. */
  readonly weights?: ArrayLike<number>;
  /** Iteration limit (default 60). */
  readonly maxIterations?: number;
  /** Convergence tolerance on the standardised Newton step (default 1e-10). */
  readonly tolerance?: number;
}

export interface LogisticFit {
  /** '(Intercept)' followed by the covariate names. */
  readonly names: readonly string[];
  readonly coefficients: Float64Array;
  /** Standard errors √diag(I⁻¹). */
  readonly se: Float64Array;
  /** I⁻¹, row-major p×p. */
  readonly covariance: Float64Array;
  /** Fitted probabilities μ_i (all rows, including zero-weight ones). */
  readonly fitted: Float64Array;
  readonly linearPredictor: Float64Array;
  readonly deviance: number;
  readonly nullDeviance: number;
  readonly iterations: number;
  readonly converged: boolean;
  /** Rows with positive weight. */
  readonly n: number;
}

/** ln(1 + e^x) without overflow. */
function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/** 1 / (1 + e^{−η}). */
function expit(eta: number): number {
  return eta >= 0 ? 1 / (1 + Math.exp(-eta)) : Math.exp(eta) / (1 + Math.exp(eta));
}

function devianceOf(y: ArrayLike<number>, w: ArrayLike<number>, eta: Float64Array): number {
  let d = 0;
  for (let i = 0; i < eta.length; i++) {
    if (w[i] === 0) continue;
    d += w[i] * (y[i] === 1 ? softplus(-eta[i]) : softplus(eta[i]));
  }
  return 2 * d;
}

function linearPredictor(z: Float64Array, n: number, p: number, gamma: Float64Array, out: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < p; j++) s += z[i * p + j] * gamma[j];
    out[i] = s;
  }
}

/**
 * Covariates that separate y on their own among positive-weight rows: every
 * y = 1 row has x ≥ every y = 0 row's x, or the reverse (quasi-complete when
 * the extremes tie, complete otherwise).
 */
export function univariateSeparators(
  y: ArrayLike<number>,
  covariates: Covariates,
  weights?: ArrayLike<number>,
): string[] {
  const out: string[] = [];
  for (const [name, x] of Object.entries(covariates)) {
    let min1 = Infinity;
    let max1 = -Infinity;
    let min0 = Infinity;
    let max0 = -Infinity;
    for (let i = 0; i < y.length; i++) {
      if (weights && weights[i] === 0) continue;
      if (y[i] === 1) {
        if (x[i] < min1) min1 = x[i];
        if (x[i] > max1) max1 = x[i];
      } else {
        if (x[i] < min0) min0 = x[i];
        if (x[i] > max0) max0 = x[i];
      }
    }
    // A constant covariate "separates" trivially only if y is constant too; skip it.
    if (min1 === max1 && min0 === max0 && min1 === min0) continue;
    if (max0 <= min1 || max1 <= min0) out.push(name);
  }
  return out;
}

/** Fits a logistic regression of the 0/1 outcome `y` on the named covariates (intercept added). */
export function fitLogistic(y: ArrayLike<number>, covariates: Covariates, options: LogisticOptions = {}): LogisticFit {
  const n = y.length;
  const covNames = Object.keys(covariates);
  const columns = covNames.map((name) => covariates[name]);
  const names = ['(Intercept)', ...covNames];
  const p = names.length;
  const maxIterations = options.maxIterations ?? 60;
  const tolerance = options.tolerance ?? 1e-10;
  check(Number.isInteger(maxIterations) && maxIterations > 0, 'maxIterations must be a positive integer');
  check(tolerance > 0, 'tolerance must be > 0');
  for (let i = 0; i < n; i++) check(y[i] === 0 || y[i] === 1, `y[${i}] must be 0 or 1 (got ${String(y[i])})`);
  covNames.forEach((name, j) => {
    checkLength(columns[j], n, `covariate '${name}'`);
    checkFinite(columns[j], `covariate '${name}'`);
  });
  const w = options.weights ?? new Float64Array(n).fill(1);
  checkLength(w, n, 'weights');
  checkFinite(w, 'weights');
  let nPos = 0;
  let sw = 0;
  let swy = 0;
  for (let i = 0; i < n; i++) {
    check(w[i] >= 0, `weights[${i}] must be ≥ 0`);
    if (w[i] > 0) {
      nPos++;
      sw += w[i];
      swy += w[i] * y[i];
    }
  }
  if (nPos <= p) {
    throw new EvaluationError(
      'INSUFFICIENT_DATA',
      `logistic regression needs more than ${p} rows with positive weight (got ${nPos})`,
    );
  }
  if (swy === 0 || swy === sw) {
    throw new EvaluationError('SEPARATION', 'the outcome takes only one value, so no logistic model can be fitted', {
      covariates: [],
    });
  }

  const design = standardiseDesign(columns, w, n);
  const { z } = design;
  if (design.constantColumn >= 0) {
    const name = covNames[design.constantColumn];
    throw new EvaluationError('SINGULAR', `covariate '${name}' does not vary, so it is collinear with the intercept`, {
      covariates: [name],
    });
  }
  const rank = cholesky(weightedGram(z, n, p, w), p);
  if (!rank.ok) {
    const name = names[rank.column];
    throw new EvaluationError(
      'SINGULAR',
      `covariate '${name}' is collinear with the intercept and earlier covariates`,
      { covariates: [name] },
    );
  }

  const gamma = new Float64Array(p);
  const ybar = swy / sw;
  gamma[0] = Math.log(ybar / (1 - ybar));
  const eta = new Float64Array(n);
  const mu = new Float64Array(n);
  const iw = new Float64Array(n);
  linearPredictor(z, n, p, gamma, eta);
  let deviance = devianceOf(y, w, eta);
  const nullDeviance = deviance;
  const history: Float64Array[] = [];
  let converged = false;
  let iterations = 0;
  let collapsed = false;

  while (iterations < maxIterations) {
    iterations++;
    const score = new Float64Array(p);
    for (let i = 0; i < n; i++) {
      mu[i] = expit(eta[i]);
      iw[i] = w[i] * mu[i] * (1 - mu[i]);
      const r = w[i] * (y[i] - mu[i]);
      if (r === 0) continue;
      for (let j = 0; j < p; j++) score[j] += z[i * p + j] * r;
    }
    const info = cholesky(weightedGram(z, n, p, iw), p, 1e-14);
    if (!info.ok) {
      collapsed = true;
      break;
    }
    const step = choleskySolve(info.factor, p, score);
    let scale = 1;
    const trial = new Float64Array(p);
    const trialEta = new Float64Array(n);
    let trialDev = Infinity;
    for (let halving = 0; halving < 40; halving++) {
      for (let j = 0; j < p; j++) trial[j] = gamma[j] + scale * step[j];
      linearPredictor(z, n, p, trial, trialEta);
      trialDev = devianceOf(y, w, trialEta);
      if (trialDev <= deviance * (1 + 1e-12) + 1e-12) break;
      scale /= 2;
    }
    let maxStep = 0;
    for (let j = 0; j < p; j++)
      maxStep = Math.max(maxStep, Math.abs(trial[j] - gamma[j]) / Math.max(1, Math.abs(gamma[j])));
    gamma.set(trial);
    eta.set(trialEta);
    deviance = trialDev;
    history.push(Float64Array.from(gamma));
    if (maxStep <= tolerance) {
      converged = true;
      break;
    }
  }

  let maxAbsEta = 0;
  for (let i = 0; i < n; i++) if (w[i] > 0) maxAbsEta = Math.max(maxAbsEta, Math.abs(eta[i]));
  if (collapsed || (!converged && maxAbsEta > 20)) {
    throw separationError(y, covariates, w, history, covNames);
  }

  for (let i = 0; i < n; i++) {
    mu[i] = expit(eta[i]);
    iw[i] = w[i] * mu[i] * (1 - mu[i]);
  }
  const info = cholesky(weightedGram(z, n, p, iw), p, 1e-14);
  if (!info.ok) throw separationError(y, covariates, w, history, covNames);
  const covariance = sandwichProduct(design.transform, choleskyInverse(info.factor, p), p);
  const coefficients = matVec(design.transform, p, gamma);
  const se = new Float64Array(p);
  for (let j = 0; j < p; j++) se[j] = Math.sqrt(covariance[j * p + j]);
  return {
    names,
    coefficients,
    se,
    covariance,
    fitted: Float64Array.from(mu),
    linearPredictor: eta,
    deviance,
    nullDeviance,
    iterations,
    converged,
    n: nPos,
  };
}

function separationError(
  y: ArrayLike<number>,
  covariates: Covariates,
  w: ArrayLike<number>,
  history: readonly Float64Array[],
  covNames: readonly string[],
): EvaluationError {
  const named = new Set(univariateSeparators(y, covariates, w));
  if (history.length > 10) {
    const last = history[history.length - 1];
    const earlier = history[history.length - 11];
    covNames.forEach((name, j) => {
      if (Math.abs(last[j + 1] - earlier[j + 1]) > 0.5) named.add(name);
    });
  }
  const list = covNames.filter((name) => named.has(name));
  const which = list.length > 0 ? `: ${list.map((s) => `'${s}'`).join(', ')}` : '';
  return new EvaluationError(
    'SEPARATION',
    `the outcome is (quasi-)completely separated by the covariates${which}; fitted probabilities reach 0 or 1 and the coefficients diverge, so no finite estimate exists`,
    { covariates: list },
  );
}
