/**
 * Dates typed by people or read from files, checked before they reach the database: an ISO 8601 calendar date
 * (YYYY-MM-DD) that exists (not 2026-02-30) in the years 1000 to 9999. PostgreSQL refuses a date that does not
 * exist and the year 0000, so a form or an import must catch them first and say so.
 */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export const MIN_YEAR = 1000;
export const MAX_YEAR = 9999;

/** Whether `s` is a YYYY-MM-DD date that exists, in the years 1000 to 9999. */
export function isCalendarDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}
