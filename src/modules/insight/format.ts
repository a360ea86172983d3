/** Number formatting for indicator values by unit (pure, locale-independent). */
import type { Unit } from './model.ts';

const thousands = (s: string) => s.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

export function formatValue(unit: string, v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  switch (unit as Unit) {
    case 'percent':
      return `${v.toFixed(1)}%`;
    case 'proportion':
      return `${(v * 100).toFixed(1)}%`;
    case 'index':
      return v.toFixed(3);
    case 'rate_per_1000':
      return v.toFixed(1);
    case 'count':
      return thousands(Math.round(v).toString());
    default:
      return v.toFixed(2);
  }
}

/** A change in the indicator's unit: percentage points for percentages. */
export function formatChange(unit: string, v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  const a = Math.abs(v);
  const body =
    unit === 'percent'
      ? `${a.toFixed(1)} pts`
      : unit === 'proportion'
        ? `${(a * 100).toFixed(1)} pts`
        : formatValue(unit, a);
  // No sign on a change that rounds to zero ("−0.0 pts" would read as a fall).
  const zero = !/[1-9]/.test(body);
  return `${zero ? '' : v > 0 ? '+' : '−'}${body}`;
}

/** Scale of a unit for Wilson intervals: numerator/denominator × scale = value. Null when not a proportion. */
export function proportionScale(unit: string): number | null {
  return unit === 'percent' ? 100 : unit === 'proportion' ? 1 : null;
}

/** 1st, 2nd, 3rd, 4th … */
export function ordinal(n: number): string {
  const s = n % 100;
  if (s >= 11 && s <= 13) return `${n}th`;
  return `${n}${({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th'}`;
}
