import { describe, expect, it } from 'vitest';
import { isCalendarDate } from './dates.ts';

describe('isCalendarDate', () => {
  it('accepts dates that exist, leap days included', () => {
    for (const d of ['2026-01-01', '2024-02-29', '2000-02-29', '2026-12-31', '1000-01-01', '9999-12-31'])
      expect(isCalendarDate(d), d).toBe(true);
  });

  it('refuses dates that do not exist, the year 0000 and anything not YYYY-MM-DD', () => {
    for (const d of ['2026-02-30', '2026-02-29', '1900-02-29', '2026-13-01', '2026-00-10', '2026-04-31', '2026-01-00'])
      expect(isCalendarDate(d), d).toBe(false);
    for (const d of ['0000-01-01', '0999-12-31', '26-01-01', '2026-1-1', '2026-01-01T00:00', ' 2026-01-01', ''])
      expect(isCalendarDate(d), d).toBe(false);
  });
});
