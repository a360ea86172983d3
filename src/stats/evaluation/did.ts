/**
 * Difference-in-differences (DiD) and its event-study form, by weighted least
 * squares with robust variances (regression.ts).
 *
 * Two periods (Angrist & Pischke 2009, "Mostly Harmless Econometrics", §5.2;
 * Wooldridge 2010, "Econometric Analysis of Cross Section and Panel Data",
 * §6.5.2):
 *   y_it = β₀ + β₁ treat_i + β₂ post_t + δ (treat_i × post_t) + X_it γ + ε_it
 * δ is the DiD estimate. Without covariates and with equal weights it equals
 * (ȳ_T,post − ȳ_T,pre) − (ȳ_C,post − ȳ_C,pre) exactly. Standard errors are HC1
 * (default) or CR1 on a cluster column (usually the unit or area id, Bertrand,
 * Duflo & Mullainathan 2004, "How much should we trust differences-in-
 * differences estimates?", QJE 119: 249–275), with G − 1 degrees of freedom.
 * R equivalent: `lm(y ~ treat * post + x, weights = w)` with
 * `sandwich::vcovHC(type = "HC1")` or `vcovCL(cluster = ~id, type = "HC1")`.
 *
 * Event study with periods p ∈ P and a reference period r (usually the last
 * pre-treatment period; Freyaldenhoven et al. 2021, NBER WP 29170; Roth et al.
 * 2023, "What's trending in difference-in-differences?", J. Econometrics 235):
 *   y_it = β₀ + β₁ treat_i + Σ_{p≠r} α_p 1[t = p] + Σ_{p≠r} δ_p treat_i 1[t = p] + X_it γ + ε_it
 * δ_p is the treated–control gap in period p relative to its gap in period r:
 * the pre-period δ_p are the pre-trend check, the post-period ones the
 * dynamic effects. R: `lm(y ~ treat * relevel(factor(period), ref = r))`.
 */
import { EvaluationError, check, checkLength } from './errors.ts';
import type { EffectEstimate } from './att.ts';
import type { Covariates } from './logistic.ts';
import { coefficient, fitWls, type WlsFit } from './regression.ts';
import { cholesky, choleskySolve } from './linalg.ts';
import { incompleteBetaXY } from './distributions.ts';

export interface DidOptions {
  readonly covariates?: Covariates;
  /** Analysis weights (default 1). */
  readonly weights?: ArrayLike<number>;
  /** 'HC1' (default without a cluster) or 'CR1' (default with one). */
  readonly variance?: 'HC1' | 'CR1';
  /** Cluster of each row (unit or area id), for CR1. */
  readonly cluster?: ArrayLike<string | number>;
  /** Confidence level (default 0.95). */
  readonly level?: number;
}

export interface DidResult extends EffectEstimate {
  readonly fit: WlsFit;
}

const RESERVED = ['treat', 'post', 'treat:post'];

function checkCovariateNames(covariates: Covariates | undefined, reserved: (name: string) => boolean): void {
  for (const name of Object.keys(covariates ?? {})) {
    if (reserved(name)) throw new EvaluationError('INVALID_INPUT', `covariate name '${name}' is reserved by the model`);
  }
}

function check01(v: ArrayLike<number>, what: string): void {
  for (let i = 0; i < v.length; i++) check(v[i] === 0 || v[i] === 1, `${what}[${i}] must be 0 or 1`);
}

/** Two-period DiD: the coefficient of treat × post. */
export function estimateDid(
  outcome: ArrayLike<number>,
  treat: ArrayLike<number>,
  post: ArrayLike<number>,
  options: DidOptions = {},
): DidResult {
  const n = outcome.length;
  checkLength(treat, n, 'treat');
  checkLength(post, n, 'post');
  check01(treat, 'treat');
  check01(post, 'post');
  checkCovariateNames(options.covariates, (name) => RESERVED.includes(name));
  const inter = new Float64Array(n);
  for (let i = 0; i < n; i++) inter[i] = treat[i] * post[i];
  const covariates: Record<string, ArrayLike<number>> = { treat, post, 'treat:post': inter, ...options.covariates };
  const fit = fitWls(outcome, covariates, {
    weights: options.weights,
    variance: options.variance ?? (options.cluster ? 'CR1' : 'HC1'),
    cluster: options.cluster,
    level: options.level,
  });
  const row = coefficient(fit, 'treat:post');
  return {
    estimate: row.estimate,
    se: row.se,
    ciLow: row.ciLow,
    ciHigh: row.ciHigh,
    pValue: row.pValue,
    n: fit.n,
    clusters: fit.clusters,
    df: fit.df,
    fit,
  };
}

export interface EventStudyOptions extends DidOptions {
  /** The reference period (its effect is 0 by construction). */
  readonly reference: string | number;
}

export interface PeriodEffect {
  readonly period: string | number;
  readonly reference: boolean;
  readonly estimate: number;
  readonly se: number;
  readonly ciLow: number;
  readonly ciHigh: number;
  /** Null for the reference period. */
  readonly pValue: number | null;
}

export interface EventStudyResult {
  readonly reference: string | number;
  /** One entry per period, in period order (numbers ascending, otherwise string order). */
  readonly periods: readonly PeriodEffect[];
  readonly n: number;
  readonly clusters: number | null;
  readonly df: number;
  readonly fit: WlsFit;
}

/** Distinct periods in order: numerically when all are numbers, else by string. */
export function periodOrder(period: ArrayLike<string | number>): (string | number)[] {
  const seen = new Map<string, string | number>();
  let allNumbers = true;
  for (let i = 0; i < period.length; i++) {
    const p = period[i];
    if (typeof p !== 'number') allNumbers = false;
    const key = `${typeof p}:${String(p)}`;
    if (!seen.has(key)) seen.set(key, p);
  }
  const values = [...seen.values()];
  return allNumbers
    ? values.sort((a, b) => (a as number) - (b as number))
    : values.sort((a, b) => (String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0));
}

/** Event-study DiD: treatment × period effects relative to the reference period. */
export function estimateEventStudy(
  outcome: ArrayLike<number>,
  treat: ArrayLike<number>,
  period: ArrayLike<string | number>,
  options: EventStudyOptions,
): EventStudyResult {
  const n = outcome.length;
  checkLength(treat, n, 'treat');
  checkLength(period, n, 'period');
  check01(treat, 'treat');
  const periods = periodOrder(period);
  const refKey = `${typeof options.reference}:${String(options.reference)}`;
  const keyOf = (p: string | number): string => `${typeof p}:${String(p)}`;
  check(
    periods.some((p) => keyOf(p) === refKey),
    `reference period '${String(options.reference)}' does not occur in the data`,
  );
  check(periods.length >= 2, 'an event study needs at least two periods');
  check(
    new Set(periods.map(String)).size === periods.length,
    'period labels must be distinct as text (e.g. not both 1 and "1")',
  );
  checkCovariateNames(
    options.covariates,
    (name) => name === 'treat' || name.startsWith('period[') || name.startsWith('treat:period['),
  );
  const covariates: Record<string, ArrayLike<number>> = { treat };
  const others = periods.filter((p) => keyOf(p) !== refKey);
  const dummies = others.map((p) => {
    const key = keyOf(p);
    const d = new Float64Array(n);
    for (let i = 0; i < n; i++) d[i] = keyOf(period[i]) === key ? 1 : 0;
    return d;
  });
  others.forEach((p, k) => (covariates[`period[${String(p)}]`] = dummies[k]));
  others.forEach((p, k) => {
    const d = new Float64Array(n);
    for (let i = 0; i < n; i++) d[i] = treat[i] * dummies[k][i];
    covariates[`treat:period[${String(p)}]`] = d;
  });
  Object.assign(covariates, options.covariates);
  const fit = fitWls(outcome, covariates, {
    weights: options.weights,
    variance: options.variance ?? (options.cluster ? 'CR1' : 'HC1'),
    cluster: options.cluster,
    level: options.level,
  });
  const effects = periods.map((p): PeriodEffect => {
    if (keyOf(p) === refKey)
      return { period: p, reference: true, estimate: 0, se: 0, ciLow: 0, ciHigh: 0, pValue: null };
    const row = coefficient(fit, `treat:period[${String(p)}]`);
    return {
      period: p,
      reference: false,
      estimate: row.estimate,
      se: row.se,
      ciLow: row.ciLow,
      ciHigh: row.ciHigh,
      pValue: row.pValue,
    };
  });
  return { reference: options.reference, periods: effects, n: fit.n, clusters: fit.clusters, df: fit.df, fit };
}

export interface PreTrendTest {
  /** The pre-treatment periods tested (every period before the treatment except the reference). */
  readonly periods: readonly (string | number)[];
  /** Wald statistic divided by the number of restrictions, referred to F(q, df). */
  readonly statistic: number;
  readonly df1: number;
  readonly df2: number;
  readonly pValue: number;
  /** True when the joint test does not reject parallel pre-trends at `alpha`. */
  readonly passed: boolean;
}

/**
 * The pre-trend check of an event study: the joint Wald test that every pre-treatment effect δ_p (p before
 * the treatment, p ≠ reference) is zero, F = δ̂ᵀ V̂⁻¹ δ̂ / q on (q, df) degrees of freedom, with V̂ the
 * model's robust (HC1 or CR1) variance of those coefficients and df its residual degrees of freedom (G − 1
 * when clustered; Wooldridge 2010, §4.2.3; Stata's `test` after `regress, vce(cluster)`; R's
 * `car::linearHypothesis(fit, vcov. = vcovCL(...), test = "F")`). With one pre-period F = t² and the p-value
 * is that coefficient's. Passing is weak evidence (Roth 2022, "Pretest with caution", AER: Insights 4:
 * 305–322): a test with little power passes easily, which the pages say.
 *
 * `prePeriods` are the periods before the treatment; the reference is left out. Null when there are none.
 */
export function preTrendTest(
  es: EventStudyResult,
  prePeriods: readonly (string | number)[],
  alpha = 0.05,
): PreTrendTest | null {
  const keyOf = (p: string | number): string => `${typeof p}:${String(p)}`;
  const refKey = keyOf(es.reference);
  const wanted = new Set(prePeriods.map(keyOf));
  const tested = es.periods.filter((p) => !p.reference && keyOf(p.period) !== refKey && wanted.has(keyOf(p.period)));
  if (!tested.length) return null;
  const q = tested.length;
  const idx = tested.map((p) => es.fit.names.indexOf(`treat:period[${String(p.period)}]`));
  check(
    idx.every((i) => i >= 0),
    'a pre-treatment period has no coefficient',
  );
  const k = es.fit.k;
  const V = new Float64Array(q * q);
  for (let a = 0; a < q; a++) for (let b = 0; b < q; b++) V[a * q + b] = es.fit.covariance[idx[a] * k + idx[b]];
  const chol = cholesky(V, q);
  if (!chol.ok) throw new EvaluationError('SINGULAR', 'the pre-trend coefficients have a singular variance');
  const d = Float64Array.from(idx, (i) => es.fit.coefficients[i]);
  const solved = choleskySolve(chol.factor, q, d);
  let wald = 0;
  for (let a = 0; a < q; a++) wald += d[a] * solved[a];
  const statistic = wald / q;
  const df2 = es.df;
  // P(F > f) for F(q, df2) = I_{df2 / (df2 + q f)}(df2 / 2, q / 2).
  const pValue =
    statistic <= 0
      ? 1
      : incompleteBetaXY(df2 / (df2 + q * statistic), (q * statistic) / (df2 + q * statistic), df2 / 2, q / 2);
  return { periods: tested.map((p) => p.period), statistic, df1: q, df2, pValue, passed: pValue >= alpha };
}
