/**
 * Core types of the matching library: optimal placements and pairings with
 * a reason, as a code and parameters, for every placement and every person
 * left unplaced. Pure maths: no I/O, no randomness.
 */

/** A reason for one person's outcome: a stable code plus the numbers or ids behind it. */
export interface Explanation<C extends string = string> {
  readonly code: C;
  readonly params: Readonly<Record<string, number | string | readonly string[] | readonly number[]>>;
}

export type MatchingErrorCode =
  /** Malformed input: wrong lengths, non-finite numbers, bad options. */
  | 'INVALID_INPUT'
  /** The same id appears twice among the people, classes or volunteers. */
  | 'DUPLICATE_ID'
  /** Weights too large or too many to be handled exactly in double precision. */
  | 'TOO_LARGE'
  /** The optimality certificate failed: a bug, never expected. */
  | 'INTERNAL';

/** The one error type the matching library throws. `message` is a one-line reason. */
export class MatchingError extends Error {
  constructor(
    readonly code: MatchingErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'MatchingError';
  }
}

/** Throws an INVALID_INPUT MatchingError unless `cond` holds. */
export function check(cond: boolean, message: string): asserts cond {
  if (!cond) throw new MatchingError('INVALID_INPUT', message);
}

/** Throws DUPLICATE_ID if an id repeats; returns id → index. */
export function indexIds(ids: readonly string[], what: string): Map<string, number> {
  const index = new Map<string, number>();
  ids.forEach((id, i) => {
    check(typeof id === 'string' && id.length > 0, `${what} ${i}: id must be a non-empty string`);
    if (index.has(id)) throw new MatchingError('DUPLICATE_ID', `${what} id "${id}" appears twice`);
    index.set(id, i);
  });
  return index;
}

/** Straight-line distance in km between two British National Grid points given in metres. */
export function distanceKm(x1: number, y1: number, x2: number, y2: number): number {
  return Math.hypot(x1 - x2, y1 - y2) / 1000;
}

/** Largest power of two s with maxAbs × s × factor ≤ 2^52, at most 2^40; throws TOO_LARGE below 2^20. */
export function weightScale(maxAbs: number, factor: number): number {
  if (!(maxAbs > 0)) return 2 ** 40;
  const exponent = Math.min(40, Math.floor(Math.log2(2 ** 52 / (maxAbs * Math.max(1, factor)))));
  if (exponent < 20) {
    throw new MatchingError(
      'TOO_LARGE',
      `weights up to ${maxAbs} over ${factor} terms cannot be resolved to 2^-20 exactly`,
    );
  }
  return 2 ** exponent;
}
