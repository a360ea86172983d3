/**
 * Typed errors for the evaluation library.
 *
 * Every error carries a machine-readable `code`, a one-line human-readable
 * `message` the CLI can show as it is, and optional structured `details`
 * (for example the covariates involved in a separation).
 */

export type EvaluationErrorCode =
  /** Arguments are malformed (wrong lengths, non-finite values, bad options…). */
  | 'INVALID_INPUT'
  /** Logistic regression: the outcome is (quasi-)completely separated, so the MLE does not exist. */
  | 'SEPARATION'
  /** A design matrix is rank deficient (collinear covariates, or a covariate constant in the data). */
  | 'SINGULAR'
  /** An iterative fit did not reach its tolerance within the iteration limit. */
  | 'NOT_CONVERGED'
  /** Too few observations or clusters for the requested quantity (e.g. N ≤ K, G < 2). */
  | 'INSUFFICIENT_DATA';

export class EvaluationError extends Error {
  constructor(
    readonly code: EvaluationErrorCode,
    message: string,
    /** Structured details (e.g. the covariates involved) for callers that want them. */
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'EvaluationError';
  }
}

/** Throws an INVALID_INPUT EvaluationError unless `cond` holds. */
export function check(cond: boolean, message: string): asserts cond {
  if (!cond) throw new EvaluationError('INVALID_INPUT', message);
}

/** Checks that every value of `values` is finite; `what` names the argument in the message. */
export function checkFinite(values: ArrayLike<number>, what: string): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      throw new EvaluationError('INVALID_INPUT', `${what}: value ${i} is not a finite number (${String(values[i])})`);
    }
  }
}

/** Checks that `values` has length `n`. */
export function checkLength(values: ArrayLike<unknown>, n: number, what: string): void {
  if (values.length !== n) {
    throw new EvaluationError('INVALID_INPUT', `${what} has length ${values.length}, expected ${n}`);
  }
}
