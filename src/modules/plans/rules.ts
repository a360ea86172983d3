/**
 * The plans module's pure rules: how progress rolls up from actions to outcomes, domains and the plan, when an
 * action is overdue or at risk, and the automatic status of a measure. docs/methods/plans.md explains each.
 */

export const ACTION_STATUSES = ['not_started', 'in_progress', 'completed', 'cancelled'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];
export const RAGS = ['green', 'amber', 'red'] as const;
export type Rag = (typeof RAGS)[number];
export const DIRECTIONS = ['increase', 'decrease'] as const;
export type Direction = (typeof DIRECTIONS)[number];
export const MEASURE_STATUSES = ['on_track', 'at_risk', 'off_track'] as const;
export type MeasureStatus = (typeof MEASURE_STATUSES)[number];

/** Cantle's five domains for Local Integration Plans, offered as a template (keys of the message catalogue). */
export const CANTLE_DOMAINS = ['newArrivals', 'livingTogether', 'narrative', 'segregation', 'economic'] as const;

export interface RollupAction {
  status: ActionStatus;
  progress: number;
  weight: number;
}

/**
 * The progress an action counts for: a completed action counts 100 whatever its recorded progress; a cancelled
 * one is left out (null).
 */
export function effectiveProgress(a: Pick<RollupAction, 'status' | 'progress'>): number | null {
  if (a.status === 'cancelled') return null;
  if (a.status === 'completed') return 100;
  return Math.max(0, Math.min(100, a.progress));
}

/**
 * Outcome progress: the weighted mean of its actions' effective progress, Σ wᵢpᵢ / Σ wᵢ over the actions
 * that are not cancelled; null when there are none.
 */
export function rollupActions(actions: readonly RollupAction[]): number | null {
  let sum = 0;
  let weights = 0;
  for (const a of actions) {
    const p = effectiveProgress(a);
    if (p === null) continue;
    sum += a.weight * p;
    weights += a.weight;
  }
  return weights > 0 ? sum / weights : null;
}

/**
 * A domain's (or plan's) progress: the unweighted mean of its children's progress, leaving out children with
 * no progress (an outcome with no live actions); null when none has any.
 */
export function rollupMean(children: readonly (number | null)[]): number | null {
  const known = children.filter((c): c is number => c !== null);
  return known.length ? known.reduce((s, c) => s + c, 0) / known.length : null;
}

/** Days between two ISO dates (b − a). */
function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

export interface ActionTiming {
  status: ActionStatus;
  dueOn: string | null;
  rag: Rag | null;
}

/** Open (not completed or cancelled) and past its due date. */
export function isOverdue(a: ActionTiming, today: string): boolean {
  return a.status !== 'completed' && a.status !== 'cancelled' && a.dueOn !== null && a.dueOn < today;
}

/** Open and due within `days` days from today (not yet overdue). */
export function isDueSoon(a: ActionTiming, today: string, days = 30): boolean {
  if (a.status === 'completed' || a.status === 'cancelled' || a.dueOn === null || a.dueOn < today) return false;
  return daysBetween(today, a.dueOn) <= days;
}

/** At risk: open with an amber or red RAG, or overdue. */
export function isAtRisk(a: ActionTiming, today: string): boolean {
  if (a.status === 'completed' || a.status === 'cancelled') return false;
  return a.rag === 'amber' || a.rag === 'red' || isOverdue(a, today);
}

export interface MeasureInput {
  direction: Direction;
  baseline: number;
  target: number;
  /** The latest value, or null when the indicator has none for the area. */
  current: number | null;
  /** The confidence interval of the change since baseline, when the indicator has intervals. */
  changeLow: number | null;
  changeHigh: number | null;
  /** The share of the time from the plan's start to the target date that has passed, 0..1. */
  elapsed: number;
}

export interface MeasureAssessment {
  status: MeasureStatus | null;
  /** Signed improvement since baseline (positive is better). */
  improvement: number | null;
  /** Remaining distance to the target in the better direction (0 when met). */
  distance: number | null;
  /** Share of the way from baseline to target achieved (may be negative or above 1). */
  achieved: number | null;
}

/** How far behind the straight line from baseline to target a measure may fall and still be on track. */
export const ON_TRACK_TOLERANCE = 0.1;

/**
 * A measure's automatic status (docs/methods/plans.md):
 * 1. no current value: no status;
 * 2. target met (achieved ≥ 1): on track;
 * 3. change not distinguishable from none (its interval includes 0): at risk, or off track once half the
 *    time has passed with no improvement (achieved ≤ 0);
 * 4. achieved ≥ elapsed − 0.1 (at or near the straight line from baseline to target): on track;
 * 5. improving but behind that line (achieved > 0): at risk;
 * 6. no improvement or worse (achieved ≤ 0): off track.
 */
export function assessMeasure(m: MeasureInput): MeasureAssessment {
  if (m.current === null || !Number.isFinite(m.current))
    return { status: null, improvement: null, distance: null, achieved: null };
  const sign = m.direction === 'increase' ? 1 : -1;
  const improvement = sign * (m.current - m.baseline);
  const needed = sign * (m.target - m.baseline);
  const distance = Math.max(0, sign * (m.target - m.current));
  // A target no better than the baseline is met as long as the value has not got worse than it.
  const achieved = needed > 0 ? improvement / needed : improvement >= 0 ? 1 : -1;
  const elapsed = Math.max(0, Math.min(1, m.elapsed));
  let status: MeasureStatus;
  if (achieved >= 1) status = 'on_track';
  else if (m.changeLow !== null && m.changeHigh !== null && m.changeLow <= 0 && m.changeHigh >= 0)
    status = achieved > 0 || elapsed < 0.5 ? 'at_risk' : 'off_track';
  else if (achieved >= elapsed - ON_TRACK_TOLERANCE) status = 'on_track';
  else if (achieved > 0) status = 'at_risk';
  else status = 'off_track';
  return { status, improvement, distance, achieved };
}

/** The share of the time from `start` to `target` that has passed on `today`, clamped to 0..1. */
export function elapsedShare(start: string, target: string, today: string): number {
  const total = daysBetween(start, target);
  if (total <= 0) return 1;
  return Math.max(0, Math.min(1, daysBetween(start, today) / total));
}

/** Worst first: the status a measure with several areas shows. */
export function worstStatus(statuses: readonly (MeasureStatus | null)[]): MeasureStatus | null {
  for (const s of ['off_track', 'at_risk', 'on_track'] as const) if (statuses.includes(s)) return s;
  return null;
}

/** A quarter label "2026-Q3" as its inclusive start and exclusive end; null when malformed. */
export function quarterPeriod(label: string): { label: string; from: Date; to: Date } | null {
  const m = /^(\d{4})-Q([1-4])$/.exec(label);
  if (!m) return null;
  const year = Number(m[1]);
  const q = Number(m[2]);
  // Date.UTC reads the years 0–99 as 1900–1999, and the database holds no date after 9999.
  if (year < 1000 || year > 9998) return null;
  return { label, from: new Date(Date.UTC(year, (q - 1) * 3, 1)), to: new Date(Date.UTC(year, q * 3, 1)) };
}

/** The quarter a date falls in, as "2026-Q3". */
export function quarterOf(d: Date): string {
  return `${d.getUTCFullYear()}-Q${Math.floor(d.getUTCMonth() / 3) + 1}`;
}
