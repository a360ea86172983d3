/**
 * Core types of the segregation engine. The engine is pure maths: no I/O,
 * typed-array inputs, and no NaN in any result (undefined indices are reported
 * as a typed {@link SegregationError} or an `Outcome` with a reason).
 */

/**
 * Counts of people by group in each area (for example ethnic group by output area).
 *
 * `counts` is row-major: the count of group `g` in area `a` is
 * `counts[a * groups.length + g]`.
 */
export interface CountsMatrix {
  /** Number of areas (rows). */
  readonly areas: number;
  /** Group names, in column order. */
  readonly groups: readonly string[];
  /** Row-major counts, length `areas * groups.length`; finite and ≥ 0. */
  readonly counts: Float64Array;
  /**
   * Optional population of each area. When absent, the population of an area
   * is the sum of its group counts. When present it must be at least that sum;
   * the excess (people in none of the listed groups) counts as the rest of the
   * population in two-group indices, and as one extra unlisted group in
   * multi-group indices (so every index uses the same area populations).
   */
  readonly totals?: Float64Array;
}

/**
 * Per-area counts for a two-group comparison: group Y and the comparison
 * population X (a named second group, or everyone in the area who is not in Y).
 * The area population is taken as y + x.
 */
export interface TwoGroupCounts {
  readonly y: Float64Array;
  readonly x: Float64Array;
}

/**
 * Assignment of each area to a unit of some other geography, for example each
 * output area to its local authority. `index[a]` is the position in `labels`
 * of the unit containing area `a`.
 */
export interface Grouping {
  readonly labels: readonly string[];
  readonly index: Int32Array;
}

export type SegregationErrorCode =
  /** Malformed input: wrong lengths, negative or non-finite counts, bad option. */
  | 'INVALID_INPUT'
  /** No area with a positive population. */
  | 'EMPTY_INPUT'
  /** Group Y or the comparison population has no members, so the index is 0/0. */
  | 'ZERO_GROUP_TOTAL'
  /** Fewer than two groups have members: multi-group segregation is undefined. */
  | 'SINGLE_GROUP'
  /** A group name that is not in the matrix. */
  | 'UNKNOWN_GROUP';

/** The one error type the engine throws. `message` is a one-line reason. */
export class SegregationError extends Error {
  constructor(
    readonly code: SegregationErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SegregationError';
  }
}

/** Either a value or the reason it is undefined. */
export type Outcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly code: SegregationErrorCode; readonly reason: string };

/** Run `compute`, turning a {@link SegregationError} into a failed Outcome. */
export function attempt<T>(compute: () => T): Outcome<T> {
  try {
    return { ok: true, value: compute() };
  } catch (error) {
    if (error instanceof SegregationError) {
      return { ok: false, code: error.code, reason: error.message };
    }
    throw error;
  }
}
