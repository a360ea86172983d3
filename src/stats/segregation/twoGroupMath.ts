/** Small helpers shared by the two-group indices (src/stats/segregation/twoGroup.ts and twoGroupFormulas.ts). */
import { argsortNonNegative } from './sort.ts';
import { SegregationError } from './types.ts';

/** Snap a value that should lie in [0, 1] into the interval (removes rounding dust). */
export function clampUnit(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}

/** Binary entropy −P ln P − Q ln Q with 0 ln 0 = 0. */
export function binaryEntropy(p: number, q: number): number {
  return (p > 0 ? -p * Math.log(p) : 0) + (q > 0 ? -q * Math.log(q) : 0);
}

/**
 * Σ over pairs i < j of t_i t_j |p_i − p_j|, in O(n log n).
 *
 * After sorting areas by p ascending, the pair (i, j) with i before j
 * contributes t_i t_j (p_j − p_i) = y_j t_i − t_j y_i, so
 *   Σ_j ( y_j · W_j − t_j · S_j ),  W_j = Σ_{i<j} t_i,  S_j = Σ_{i<j} y_i.
 * Ties contribute zero whatever their order. `p`, `t`, `y` hold n compacted
 * areas. Areas with p = 0 may be left out and passed as `zeroWeight` (the sum
 * of their t): they sort first and only add to W.
 */
export function pairAbsDifference(
  p: Float64Array,
  t: Float64Array,
  y: Float64Array,
  n: number,
  zeroWeight = 0,
): number {
  const order = argsortNonNegative(p, n);
  let total = 0;
  let w = zeroWeight;
  let s = 0;
  for (let k = 0; k < n; k++) {
    const j = order[k];
    total += y[j] * w - t[j] * s;
    w += t[j];
    s += y[j];
  }
  return total;
}

/** Names used in error messages. */
export interface PairLabels {
  readonly y: string;
  readonly x: string;
}

export const DEFAULT_LABELS: PairLabels = { y: 'group Y', x: 'the comparison population' };

/** Throw unless the index is defined (some population, both groups present). */
export function assertDefined(s: { areas: number; y: number; x: number }, labels: PairLabels = DEFAULT_LABELS): void {
  if (s.areas === 0) throw new SegregationError('EMPTY_INPUT', 'no area has a positive population');
  if (!(s.y > 0))
    throw new SegregationError('ZERO_GROUP_TOTAL', `${labels.y} has no members, so the index is undefined`);
  if (!(s.x > 0))
    throw new SegregationError('ZERO_GROUP_TOTAL', `${labels.x} has no members, so the index is undefined`);
}
