/**
 * Ward tension scoring (pure: no I/O). The method is written out in plain English in
 * docs/methods/tensions.md; keep the two in step.
 *
 * Each signal (a resident's report or a partner's intelligence entry) contributes
 *
 *     weight = grading weight × severity weight × confidence weight × 2^(−age in days / half-life)
 *
 * Signals about the same incident (linked reports) share a `group` and count once: the heaviest of them.
 * Signals dated after the assessment time, or older than `windowDays`, contribute nothing.
 * The ward's score is the sum of the weights; the level (1 normal … 5 critical) is the first band whose
 * upper bound the score is below.
 */

export type Grading = 'evidenced' | 'experienced' | 'potential';
export type Confidence = 'low' | 'medium' | 'high';
export type Severity = 1 | 2 | 3;
export type TensionLevel = 1 | 2 | 3 | 4 | 5;

export interface TensionSignal {
  /** When it happened (reports: the incident date; intelligence: the date observed). */
  at: Date;
  /** Residents' reports are first-hand accounts and are graded `experienced`. */
  grading: Grading;
  severity: Severity;
  /** Intelligence confidence; reports are `high` (the account is what the reporter says happened). */
  confidence?: Confidence;
  /** Signals with the same group (e.g. linked reports about one incident) count once. */
  group?: string;
}

export interface TensionOptions {
  /** Days for a signal's weight to halve. */
  halfLifeDays: number;
  /** Signals older than this many days are ignored. */
  windowDays: number;
  gradingWeights: Record<Grading, number>;
  severityWeights: Record<Severity, number>;
  confidenceWeights: Record<Confidence, number>;
  /** Upper bounds (exclusive) of levels 1–4; level 5 is anything at or above the last. */
  bands: readonly [number, number, number, number];
}

export const TENSION_DEFAULTS: TensionOptions = {
  halfLifeDays: 14,
  windowDays: 56,
  gradingWeights: { evidenced: 2, experienced: 1, potential: 0.5 },
  severityWeights: { 1: 1, 2: 2, 3: 4 },
  confidenceWeights: { low: 0.5, medium: 0.75, high: 1 },
  bands: [1, 3, 6, 10],
};

export const LEVEL_NAMES: Record<TensionLevel, 'normal' | 'low' | 'moderate' | 'high' | 'critical'> = {
  1: 'normal',
  2: 'low',
  3: 'moderate',
  4: 'high',
  5: 'critical',
};

const DAY_MS = 86_400_000;

/** Recency factor 2^(−age/halfLife) for a signal `ageDays` old; 0 outside [0, windowDays]. */
export function decay(
  ageDays: number,
  opts: Pick<TensionOptions, 'halfLifeDays' | 'windowDays'> = TENSION_DEFAULTS,
): number {
  if (!Number.isFinite(ageDays) || ageDays < 0 || ageDays > opts.windowDays) return 0;
  return Math.pow(2, -ageDays / opts.halfLifeDays);
}

/** One signal's contribution at time `asOf`. */
export function signalWeight(s: TensionSignal, asOf: Date, opts: TensionOptions = TENSION_DEFAULTS): number {
  const ageDays = (asOf.getTime() - s.at.getTime()) / DAY_MS;
  const r = decay(ageDays, opts);
  if (r === 0) return 0;
  return (
    opts.gradingWeights[s.grading] *
    opts.severityWeights[s.severity] *
    opts.confidenceWeights[s.confidence ?? 'high'] *
    r
  );
}

export function levelForScore(score: number, opts: Pick<TensionOptions, 'bands'> = TENSION_DEFAULTS): TensionLevel {
  if (!Number.isFinite(score) || score < 0)
    throw new RangeError(`tension score must be a finite number ≥ 0 (got ${score})`);
  const [b1, b2, b3, b4] = opts.bands;
  if (score < b1) return 1;
  if (score < b2) return 2;
  if (score < b3) return 3;
  if (score < b4) return 4;
  return 5;
}

export interface TensionResult {
  score: number;
  level: TensionLevel;
  /** Signals that contributed a non-zero weight (after grouping). */
  counted: number;
}

/** Score and level of one ward at `asOf`. */
export function assessTension(
  signals: readonly TensionSignal[],
  asOf: Date,
  opts: TensionOptions = TENSION_DEFAULTS,
): TensionResult {
  const grouped = new Map<string, number>();
  let ungrouped = 0;
  let counted = 0;
  for (const s of signals) {
    const w = signalWeight(s, asOf, opts);
    if (w <= 0) continue;
    if (s.group === undefined) {
      ungrouped += w;
      counted++;
    } else {
      const prev = grouped.get(s.group);
      if (prev === undefined) counted++;
      grouped.set(s.group, Math.max(prev ?? 0, w));
    }
  }
  let score = ungrouped;
  for (const w of grouped.values()) score += w;
  // Round away floating-point noise so a score exactly on a band edge is classed consistently.
  score = Math.round(score * 1e9) / 1e9;
  return { score, level: levelForScore(score, opts), counted };
}

// ---- ISO 8601 weeks (UTC) ----

/** The ISO week of a date, e.g. "2024-W09". Weeks start on Monday; week 1 holds the year's first Thursday. */
export function isoWeek(d: Date): string {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day); // the Thursday of this week decides the year
  const year = t.getUTCFullYear();
  const week = Math.ceil(((t.getTime() - Date.UTC(year, 0, 1)) / DAY_MS + 1) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

const WEEK_RE = /^(\d{4})-W(\d{2})$/;

export function isIsoWeek(s: string): boolean {
  const m = WEEK_RE.exec(s);
  if (!m) return false;
  const w = Number(m[2]);
  return w >= 1 && w <= 53 && isoWeek(weekStart(s)) === s;
}

/** Monday 00:00 UTC of an ISO week. */
export function weekStart(week: string): Date {
  const m = WEEK_RE.exec(week);
  if (!m) throw new RangeError(`not an ISO week: ${week}`);
  const year = Number(m[1]);
  const w = Number(m[2]);
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const monday1 = Date.UTC(year, 0, 4 - ((jan4.getUTCDay() || 7) - 1));
  return new Date(monday1 + (w - 1) * 7 * DAY_MS);
}

/** The end of an ISO week (the next Monday 00:00 UTC): the moment a week's assessment is made as of. */
export function weekEnd(week: string): Date {
  return new Date(weekStart(week).getTime() + 7 * DAY_MS);
}

/** The ISO week `n` weeks before (negative: after) the given one. */
export function addWeeks(week: string, n: number): string {
  return isoWeek(new Date(weekStart(week).getTime() + n * 7 * DAY_MS));
}
