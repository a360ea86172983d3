/**
 * Trends and gaps between groups, as the Race Equality Scorecard asks: "is the gap narrowing?"
 *
 * Change against a baseline: d = p₂ − p₁. When both are proportions with known numerator and
 * denominator, the 95% interval for d is Newcombe's hybrid score interval (Newcombe 1998, method 10),
 * built from the two Wilson score intervals (l₁,u₁) and (l₂,u₂):
 *   low  = d − √((p₂ − l₂)² + (u₁ − p₁)²)
 *   high = d + √((u₂ − p₂)² + (p₁ − l₁)²)
 * When only stated confidence limits are known, the same formula is applied to them. The change is
 * significant when the interval excludes 0.
 *
 * Gap analysis: gap_t = (group value − whole-population value) at each period. The gap is narrowing
 * when |gap| at the last period is smaller than at the first. When standard errors can be derived
 * (from numerator/denominator or stated 95% limits, se ≈ half-width / 1.96), the change in the gap is
 * tested with z = (gap_last − gap_first) / √(se_first² + se_last²), where se_t² = se_group² + se_all²
 * (this ignores the covariance from the group being part of the whole population, so it is
 * conservative). Without them the status is given from the point values alone and `significant` is null.
 *
 * Pure: no I/O. Values are on the scale given (e.g. percentages with scale 100).
 */
import { wilsonInterval } from './intervals.ts';

export interface Estimate {
  value: number;
  numerator?: number | null;
  denominator?: number | null;
  ciLow?: number | null;
  ciHigh?: number | null;
}

export interface Change {
  change: number;
  low: number | null;
  high: number | null;
  /** null when no interval could be formed. */
  significant: boolean | null;
}

const Z95 = 1.959963984540054;

function finite(v: number | null | undefined): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** The 95% interval of an estimate: Wilson from numerator/denominator when known, else stated limits. */
export function intervalOf(e: Estimate, scale = 1): { low: number; high: number } | null {
  if (
    finite(e.numerator) &&
    finite(e.denominator) &&
    e.denominator > 0 &&
    e.numerator >= 0 &&
    e.numerator <= e.denominator
  ) {
    const w = wilsonInterval(e.numerator, e.denominator);
    // Centre the interval on the stated value's scale (value may be rounded or a percentage).
    return { low: w.low * scale, high: w.high * scale };
  }
  if (finite(e.ciLow) && finite(e.ciHigh) && e.ciLow <= e.value && e.value <= e.ciHigh)
    return { low: e.ciLow, high: e.ciHigh };
  return null;
}

/** Approximate standard error from the 95% interval (half the wider side / 1.96), or null. */
export function standardError(e: Estimate, scale = 1): number | null {
  const ci = intervalOf(e, scale);
  if (!ci) return null;
  return Math.max(e.value - ci.low, ci.high - e.value) / Z95;
}

/** Change from `base` to `current` with Newcombe's hybrid score interval when possible. */
export function changeFrom(base: Estimate, current: Estimate, scale = 1): Change {
  if (!finite(base.value) || !finite(current.value)) throw new RangeError('changeFrom: values must be finite numbers');
  const change = current.value - base.value;
  const c1 = intervalOf(base, scale);
  const c2 = intervalOf(current, scale);
  if (!c1 || !c2) return { change, low: null, high: null, significant: null };
  const p1 = base.value;
  const p2 = current.value;
  const low = change - Math.sqrt((p2 - Math.min(c2.low, p2)) ** 2 + (Math.max(c1.high, p1) - p1) ** 2);
  const high = change + Math.sqrt((Math.max(c2.high, p2) - p2) ** 2 + (p1 - Math.min(c1.low, p1)) ** 2);
  return { change, low, high, significant: low > 0 || high < 0 };
}

export interface GapPoint {
  period: string;
  group: Estimate;
  all: Estimate;
}

export interface GapRow {
  period: string;
  group: number;
  all: number;
  gap: number;
  se: number | null;
}

export type GapStatus = 'narrowing' | 'widening' | 'no_clear_change' | 'insufficient_data';

export interface GapAnalysis {
  rows: GapRow[];
  /** |gap| at the last period minus |gap| at the first (negative = narrowing); null with fewer than 2 periods. */
  change: number | null;
  status: GapStatus;
  /** Whether the change in the gap is statistically significant at 5%; null when it cannot be tested. */
  significant: boolean | null;
  /** Whether the group is on the worse side of the whole population at the last period (null: no direction). */
  behind: boolean | null;
}

/**
 * Gap between a group and the whole population over time. Points must be in time order.
 * @param higherIsBetter direction of the indicator (null: neither) — only used for `behind`.
 */
export function gapAnalysis(points: readonly GapPoint[], higherIsBetter: boolean | null, scale = 1): GapAnalysis {
  const rows: GapRow[] = [];
  for (const p of points) {
    if (!finite(p.group.value) || !finite(p.all.value)) continue;
    const sg = standardError(p.group, scale);
    const sa = standardError(p.all, scale);
    rows.push({
      period: p.period,
      group: p.group.value,
      all: p.all.value,
      gap: p.group.value - p.all.value,
      se: sg !== null && sa !== null ? Math.sqrt(sg * sg + sa * sa) : null,
    });
  }
  const last = rows[rows.length - 1];
  const behind = !last || higherIsBetter === null ? null : higherIsBetter ? last.gap < 0 : last.gap > 0;
  if (rows.length < 2) return { rows, change: null, status: 'insufficient_data', significant: null, behind };
  const first = rows[0];
  const change = Math.abs(last.gap) - Math.abs(first.gap);
  let significant: boolean | null = null;
  if (first.se !== null && last.se !== null) {
    const se = Math.sqrt(first.se ** 2 + last.se ** 2);
    significant = se > 0 ? Math.abs(last.gap - first.gap) / se > Z95 : last.gap !== first.gap;
  }
  let status: GapStatus;
  if (significant === false || change === 0) status = 'no_clear_change';
  else status = change < 0 ? 'narrowing' : 'widening';
  return { rows, change, status, significant, behind };
}
