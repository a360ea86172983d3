/**
 * Units in downloads: every value in the unit the page shows it in (a proportion such as 0.605 is shown, and
 * downloaded, as the percentage 60.5), each column holding one unit only. A change in a percentage is in
 * percentage points.
 */
import { UNITS, type Unit } from '../model.ts';

/** The unit a download gives a value of this unit in: percentages for proportions, otherwise the same. */
export function downloadUnit(unit: Unit): Exclude<Unit, 'proportion'> {
  return unit === 'proportion' ? 'percent' : unit;
}

/** The units of downloads, in the order their columns appear. */
export const DOWNLOAD_UNITS = UNITS.filter((u) => u !== 'proportion') as Exclude<Unit, 'proportion'>[];

/** A value (or its interval or change) in the download's unit; null stays null. */
export function inDownloadUnit(unit: Unit, v: number | null | undefined): number | null {
  if (v === null || v === undefined || !Number.isFinite(v)) return null;
  // toPrecision(12) drops the binary noise of × 100 (0.605 × 100 = 60.49999999999999).
  return unit === 'proportion' ? Number((v * 100).toPrecision(12)) : v;
}

/** The unit of a change in a value of this unit: percentage points for percentages. */
export function changeUnit(unit: Unit): string {
  const u = downloadUnit(unit);
  return u === 'percent' ? 'percentage_points' : u;
}
