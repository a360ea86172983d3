/**
 * Typed errors for the survey library.
 *
 * Every error carries a machine-readable `code` and a one-line, human-readable
 * `message` that the CLI can show as it is.
 */

export type SurveyErrorCode =
  /** Arguments are malformed (wrong lengths, negative weights, bad options…). */
  | 'INVALID_INPUT'
  /** A respondent has a category code that the margin does not define. */
  | 'UNKNOWN_CATEGORY'
  /** A margin category has a positive population but no respondents, so it cannot be met. */
  | 'EMPTY_CATEGORY'
  /** A margin category has respondents but a population of zero (R: "Strata in sample absent from population"). */
  | 'ZERO_POPULATION'
  /** Margin totals differ between variables by more than the tolerance. */
  | 'INCONSISTENT_TOTALS'
  /** Raking did not reach the requested precision within the iteration limit. */
  | 'NOT_CONVERGED';

export class SurveyError extends Error {
  constructor(
    readonly code: SurveyErrorCode,
    message: string,
    /** Structured details (e.g. iterations used, achieved error) for callers that want them. */
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'SurveyError';
  }
}

/** Throws an INVALID_INPUT SurveyError unless `cond` holds. */
export function check(cond: boolean, message: string): asserts cond {
  if (!cond) throw new SurveyError('INVALID_INPUT', message);
}
