/**
 * Small-number suppression, used everywhere the product publishes counts or estimates.
 *
 * Counts: a count below the threshold (default 5) is replaced by null and
 * flagged, so that individuals cannot be picked out of small groups.
 * Zero: by default a true zero is *not* suppressed — it reveals nothing about
 * any individual, and hiding zeros makes tables harder to read. Pass
 * `{ suppressZero: true }` where a zero would itself be disclosive (e.g. "no
 * one in this small group said no" tells you what everyone said).
 *
 * Estimates: a survey estimate (percentage, mean) based on fewer than minN
 * respondents (default 30) is too unreliable to publish; callers should show
 * it as suppressed rather than print a number.
 */

export const DEFAULT_COUNT_THRESHOLD = 5;
export const DEFAULT_MIN_N = 30;

export interface SuppressedCount {
  /** The count, or null when suppressed. */
  value: number | null;
  suppressed: boolean;
}

function assertCount(n: number, what: string): void {
  if (!(Number.isInteger(n) && n >= 0)) throw new RangeError(`${what} must be a whole number ≥ 0 (got ${String(n)})`);
}

/**
 * Suppresses a count n when 0 < n < threshold (and when n = 0 if options.suppressZero).
 * @throws RangeError when n or threshold is not a whole number ≥ 0.
 */
export function suppressCount(
  n: number,
  threshold: number = DEFAULT_COUNT_THRESHOLD,
  options: { suppressZero?: boolean } = {},
): SuppressedCount {
  assertCount(n, 'count');
  assertCount(threshold, 'threshold');
  const suppressed = n === 0 ? options.suppressZero === true : n < threshold;
  return { value: suppressed ? null : n, suppressed };
}

/**
 * True when an estimate based on n respondents must be suppressed (n < minN).
 * An estimate from zero respondents is always suppressed, whatever minN.
 * @throws RangeError when n or minN is not a whole number ≥ 0.
 */
export function suppressEstimate(n: number, minN: number = DEFAULT_MIN_N): boolean {
  assertCount(n, 'respondent count');
  assertCount(minN, 'minimum n');
  return n === 0 || n < minN;
}
