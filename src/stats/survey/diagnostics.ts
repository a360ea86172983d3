/**
 * Weight diagnostics: Kish's design effect due to unequal weighting and the
 * effective sample size.
 *
 *   deff = n Σw² / (Σw)²        (Kish 1965, §11.7; = 1 + CV² with CV below)
 *   ESS  = n / deff = (Σw)² / Σw²
 *   CV   = SD(w) / mean(w), SD with divisor n (population form), so deff = 1 + CV² exactly
 *
 * deff describes only the loss of precision from variable weights; it ignores
 * clustering and any gain from calibration (the design-based standard errors
 * in estimates.ts include both).
 */

import { check } from './errors.ts';

export interface WeightDiagnostics {
  n: number;
  sum: number;
  min: number;
  max: number;
  mean: number;
  /** Coefficient of variation of the weights (SD with divisor n over mean). */
  cv: number;
  /** Kish design effect due to weighting, n Σw² / (Σw)² (≥ 1). */
  deff: number;
  /** Effective sample size n / deff. */
  ess: number;
  /** max / min (Infinity when a weight is 0). */
  ratio: number;
}

/** Diagnostics for a set of weights. Weights must be finite, ≥ 0, and not all zero. */
export function weightDiagnostics(weights: ArrayLike<number>): WeightDiagnostics {
  const n = weights.length;
  check(n > 0, 'weightDiagnostics needs at least one weight');
  let sum = 0;
  let sumSq = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const w = weights[i];
    check(Number.isFinite(w) && w >= 0, `weight ${i + 1} must be a finite number ≥ 0 (got ${String(w)})`);
    sum += w;
    sumSq += w * w;
    if (w < min) min = w;
    if (w > max) max = w;
  }
  check(sum > 0, 'weights must not all be zero');
  const mean = sum / n;
  // Σ(w − mean)² computed in a second pass for accuracy.
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = weights[i] - mean;
    ss += d * d;
  }
  const cv = Math.sqrt(ss / n) / mean;
  const deff = (n * sumSq) / (sum * sum);
  return {
    n,
    sum,
    min,
    max,
    mean,
    cv,
    deff,
    ess: n / deff,
    ratio: min > 0 ? max / min : Infinity,
  };
}
