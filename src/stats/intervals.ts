/**
 * Confidence intervals and simple significance tests used across the product.
 *
 * - Wilson score interval for a proportion (Wilson 1927; Newcombe 1998, method 3).
 * - Normal-approximation z-tests for a difference of two proportions or two means.
 * - "Is this change significant?" for two independent estimates with standard errors.
 *
 * The normal distribution comes from jStat (quantiles accurate to ~1e-15).
 * All functions validate their input and throw RangeError rather than return NaN.
 */

import { createRequire } from 'node:module';

interface JStatNormal {
  inv(p: number, mean: number, sd: number): number;
}
interface JStatStudentT {
  inv(p: number, df: number): number;
}
interface JStatLike {
  normal: JStatNormal;
  studentt: JStatStudentT;
  erfc(x: number): number;
}

// jstat ships no type declarations; load it through require and type the small part we use.
const { jStat } = createRequire(import.meta.url)('jstat') as { jStat: JStatLike };

function assertProbability(p: number, what: string): void {
  if (!(p > 0 && p < 1)) throw new RangeError(`${what} must be strictly between 0 and 1 (got ${String(p)})`);
}

/** Standard normal quantile Φ⁻¹(p), 0 < p < 1. */
export function normalQuantile(p: number): number {
  assertProbability(p, 'normalQuantile: p');
  return jStat.normal.inv(p, 0, 1);
}

/** Student t quantile with `df` degrees of freedom (df ≥ 1; Infinity gives the normal quantile). */
export function studentTQuantile(p: number, df: number): number {
  assertProbability(p, 'studentTQuantile: p');
  if (!(df >= 1)) throw new RangeError(`studentTQuantile: df must be ≥ 1 (got ${String(df)})`);
  if (!Number.isFinite(df)) return normalQuantile(p);
  return jStat.studentt.inv(p, df);
}

/** Two-sided critical value for a confidence level, e.g. 0.95 → 1.959964. */
export function zForConfidence(confLevel: number): number {
  assertProbability(confLevel, 'confidence level');
  return normalQuantile(1 - (1 - confLevel) / 2);
}

/** Upper tail of the standard normal, 1 − Φ(z), accurate in the tail (via erfc). */
export function normalUpperTail(z: number): number {
  if (Number.isNaN(z)) throw new RangeError('normalUpperTail: z is NaN');
  if (z === Infinity) return 0;
  if (z === -Infinity) return 1;
  if (z === 0) return 0.5; // jStat's erfc(0) is 1 − 2^-53
  return Math.min(1, Math.max(0, 0.5 * jStat.erfc(z / Math.SQRT2)));
}

/** Two-sided p-value for a z statistic: 2 (1 − Φ(|z|)), capped at 1. */
export function twoSidedPValue(z: number): number {
  return Math.min(1, 2 * normalUpperTail(Math.abs(z)));
}

export interface Interval {
  estimate: number;
  low: number;
  high: number;
}

/**
 * Wilson score interval for num/den:
 *
 *   p̂ = num/den,  z = Φ⁻¹(1 − α/2)
 *   centre = (p̂ + z²/(2n)) / (1 + z²/n)
 *   half   = z √(p̂(1 − p̂)/n + z²/(4n²)) / (1 + z²/n)
 *
 * Unlike the simple (Wald) interval it never leaves [0, 1] and behaves well
 * for small counts and proportions near 0 or 1. At num = 0 the lower limit is
 * exactly 0 and at num = den the upper limit is exactly 1.
 *
 * Example (Newcombe 1998, Table I): 81/263 → 0.2553 to 0.3662 at 95%.
 */
export function wilsonInterval(num: number, den: number, confLevel = 0.95): Interval {
  if (!(Number.isFinite(den) && den > 0))
    throw new RangeError(`wilsonInterval: denominator must be > 0 (got ${String(den)})`);
  if (!(Number.isFinite(num) && num >= 0 && num <= den)) {
    throw new RangeError(
      `wilsonInterval: numerator must be between 0 and the denominator (got ${String(num)}/${String(den)})`,
    );
  }
  const z = zForConfidence(confLevel);
  const n = den;
  const p = num / den;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return {
    estimate: p,
    low: num === 0 ? 0 : Math.max(0, centre - half),
    high: num === den ? 1 : Math.min(1, centre + half),
  };
}

export interface ZTestResult {
  /** second − first. */
  difference: number;
  /** Standard error of the difference. */
  se: number;
  /** difference / se (0 when both are 0; ±Infinity when se is 0 and difference is not). */
  z: number;
  /** Two-sided p-value. */
  pValue: number;
  /** pValue < alpha. */
  significant: boolean;
}

function assertAlpha(alpha: number): void {
  assertProbability(alpha, 'alpha');
}

function zTest(difference: number, se: number, alpha: number): ZTestResult {
  assertAlpha(alpha);
  let z: number;
  if (se > 0) z = difference / se;
  else z = difference === 0 ? 0 : difference > 0 ? Infinity : -Infinity;
  const pValue = twoSidedPValue(z);
  return { difference, se, z, pValue, significant: pValue < alpha };
}

function assertSe(se: number, what: string): void {
  if (!(Number.isFinite(se) && se >= 0))
    throw new RangeError(`${what} must be a finite number ≥ 0 (got ${String(se)})`);
}

function assertFinite(x: number, what: string): void {
  if (!Number.isFinite(x)) throw new RangeError(`${what} must be a finite number (got ${String(x)})`);
}

/**
 * Two-sample z-test for proportions x1/n1 vs x2/n2 (simple random samples).
 * By default uses the pooled proportion under H0: se = √(p(1−p)(1/n1 + 1/n2)),
 * p = (x1 + x2)/(n1 + n2). With `pooled: false` uses √(p1(1−p1)/n1 + p2(1−p2)/n2).
 */
export function differenceOfProportionsTest(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
  options: { alpha?: number; pooled?: boolean } = {},
): ZTestResult {
  for (const [x, n, label] of [
    [x1, n1, 'first'],
    [x2, n2, 'second'],
  ] as const) {
    if (!(Number.isFinite(n) && n > 0)) throw new RangeError(`${label} sample size must be > 0`);
    if (!(Number.isFinite(x) && x >= 0 && x <= n))
      throw new RangeError(`${label} count must be between 0 and its sample size`);
  }
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  let se: number;
  if (options.pooled ?? true) {
    const p = (x1 + x2) / (n1 + n2);
    se = Math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2));
  } else {
    se = Math.sqrt((p1 * (1 - p1)) / n1 + (p2 * (1 - p2)) / n2);
  }
  return zTest(p2 - p1, se, options.alpha ?? 0.05);
}

export interface SampleSummary {
  mean: number;
  /** Sample standard deviation. */
  sd: number;
  n: number;
}

/** Two-sample z-test for means from summaries: se = √(sd1²/n1 + sd2²/n2). */
export function differenceOfMeansTest(a: SampleSummary, b: SampleSummary, alpha = 0.05): ZTestResult {
  for (const [s, label] of [
    [a, 'first'],
    [b, 'second'],
  ] as const) {
    assertFinite(s.mean, `${label} mean`);
    assertSe(s.sd, `${label} sd`);
    if (!(Number.isFinite(s.n) && s.n > 0)) throw new RangeError(`${label} n must be > 0`);
  }
  const se = Math.sqrt((a.sd * a.sd) / a.n + (b.sd * b.sd) / b.n);
  return zTest(b.mean - a.mean, se, alpha);
}

/**
 * Change between two independent estimates (e.g. two survey waves) with
 * standard errors: difference = est2 − est1, se = √(se1² + se2²), z, two-sided p.
 */
export function changeTest(est1: number, se1: number, est2: number, se2: number, alpha = 0.05): ZTestResult {
  assertFinite(est1, 'first estimate');
  assertFinite(est2, 'second estimate');
  assertSe(se1, 'first standard error');
  assertSe(se2, 'second standard error');
  return zTest(est2 - est1, Math.sqrt(se1 * se1 + se2 * se2), alpha);
}

/** True when the change from est1 to est2 is statistically significant at level alpha (default 5%). */
export function isChangeSignificant(est1: number, se1: number, est2: number, se2: number, alpha = 0.05): boolean {
  return changeTest(est1, se1, est2, se2, alpha).significant;
}
