/**
 * Two-group indices one at a time, each written directly from its published formula (see twoGroup.ts for the
 * notation and references). They are slower than twoGroupIndices when several are needed, and serve as
 * readable definitions (the tests check that both routes agree).
 */
import { validateTwoGroup } from './matrix.ts';
import { SegregationError, type TwoGroupCounts } from './types.ts';
import { assertDefined, binaryEntropy, clampUnit, pairAbsDifference } from './twoGroupMath.ts';

interface Totals {
  areas: number;
  y: number;
  x: number;
  t: number;
}

function totalsOf(c: TwoGroupCounts): Totals {
  validateTwoGroup(c);
  let y = 0;
  let x = 0;
  let areas = 0;
  for (let i = 0; i < c.y.length; i++) {
    if (c.y[i] + c.x[i] > 0) {
      y += c.y[i];
      x += c.x[i];
      areas++;
    }
  }
  const totals = { areas, y, x, t: y + x };
  assertDefined(totals);
  return totals;
}

/**
 * Index of dissimilarity (Duncan & Duncan 1955):
 *   D = ½ Σ_i | y_i / Y − x_i / X |.
 * The share of group Y that would have to move to another area for both
 * groups to be spread in the same proportions everywhere.
 */
export function dissimilarity(c: TwoGroupCounts): number {
  const { y: Y, x: X } = totalsOf(c);
  let sum = 0;
  for (let i = 0; i < c.y.length; i++) sum += Math.abs(c.y[i] / Y - c.x[i] / X);
  return clampUnit(sum / 2);
}

/**
 * Gini coefficient (Massey & Denton 1988):
 *   G = Σ_i Σ_j t_i t_j |p_i − p_j| / (2 T² P (1 − P)),
 * the mean absolute difference in the group's share between all pairs of
 * people, relative to its maximum. Computed by sorting, O(n log n).
 */
export function gini(c: TwoGroupCounts): number {
  const { y: Y, t: T, areas } = totalsOf(c);
  const p = new Float64Array(areas);
  const t = new Float64Array(areas);
  const y = new Float64Array(areas);
  for (let i = 0, k = 0; i < c.y.length; i++) {
    const ti = c.y[i] + c.x[i];
    if (ti > 0) {
      p[k] = c.y[i] > 0 ? c.y[i] / ti : 0;
      t[k] = ti;
      y[k] = c.y[i];
      k++;
    }
  }
  const P = Y / T;
  return clampUnit((2 * pairAbsDifference(p, t, y, areas)) / (2 * T * T * P * (1 - P)));
}

/**
 * Entropy (information) index, Theil's H (Theil & Finizza 1971; Massey & Denton 1988):
 *   E = −P ln P − (1 − P) ln(1 − P),  E_i likewise with p_i,
 *   H = Σ_i t_i (E − E_i) / (E T).
 * The base of the logarithm cancels out.
 */
export function theilEntropy(c: TwoGroupCounts): number {
  const { y: Y, t: T } = totalsOf(c);
  const P = Y / T;
  const E = binaryEntropy(P, 1 - P);
  let sum = 0;
  for (let i = 0; i < c.y.length; i++) {
    const t = c.y[i] + c.x[i];
    if (t > 0) sum += t * (E - binaryEntropy(c.y[i] / t, c.x[i] / t));
  }
  return clampUnit(sum / (E * T));
}

/**
 * Isolation index (Bell 1954; Massey & Denton 1988):
 *   xPx = Σ_i (y_i / Y)(y_i / t_i),
 * the share of Y in the area of the average member of Y.
 */
export function isolation(c: TwoGroupCounts): number {
  const { y: Y } = totalsOf(c);
  let sum = 0;
  for (let i = 0; i < c.y.length; i++) {
    const t = c.y[i] + c.x[i];
    if (t > 0) sum += (c.y[i] / Y) * (c.y[i] / t);
  }
  return clampUnit(sum);
}

/**
 * Interaction (exposure) index (Massey & Denton 1988):
 *   xPy = Σ_i (y_i / Y)(x_i / t_i),
 * the share of X in the area of the average member of Y. xPx + xPy = 1.
 */
export function interaction(c: TwoGroupCounts): number {
  const { y: Y } = totalsOf(c);
  let sum = 0;
  for (let i = 0; i < c.y.length; i++) {
    const t = c.y[i] + c.x[i];
    if (t > 0) sum += (c.y[i] / Y) * (c.x[i] / t);
  }
  return clampUnit(sum);
}

/**
 * Correlation ratio eta² (Bell 1954; Massey & Denton 1988):
 *   V = (xPx − P) / (1 − P),
 * isolation corrected for the group's overall share.
 */
export function correlationRatio(c: TwoGroupCounts): number {
  const { y: Y, t: T } = totalsOf(c);
  const P = Y / T;
  return clampUnit((isolation(c) - P) / (1 - P));
}

/**
 * Atkinson index (Atkinson 1970, as adapted by Massey & Denton 1988), 0 < b < 1:
 *   A_b = 1 − [P / (1 − P)] · | Σ_i (1 − p_i)^(1−b) p_i^b t_i / (P T) |^(1 / (1 − b)).
 * b sets which areas weigh most: b < 0.5 emphasises areas where Y is
 * under-represented, b > 0.5 areas where Y is over-represented.
 */
export function atkinson(c: TwoGroupCounts, b: number): number {
  if (!(b > 0 && b < 1)) throw new SegregationError('INVALID_INPUT', `Atkinson b must be in (0, 1), got ${b}`);
  const { y: Y, t: T } = totalsOf(c);
  const P = Y / T;
  let sum = 0;
  for (let i = 0; i < c.y.length; i++) {
    const t = c.y[i] + c.x[i];
    if (t > 0) sum += Math.pow(c.x[i] / t, 1 - b) * Math.pow(c.y[i] / t, b) * t;
  }
  return clampUnit(1 - (P / (1 - P)) * Math.pow(Math.abs(sum / (P * T)), 1 / (1 - b)));
}
