import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assessMeasure,
  effectiveProgress,
  elapsedShare,
  isAtRisk,
  isDueSoon,
  isOverdue,
  quarterOf,
  quarterPeriod,
  rollupActions,
  rollupMean,
  worstStatus,
  type ActionStatus,
} from './rules.ts';

const m = (current: number | null, o: Partial<Parameters<typeof assessMeasure>[0]> = {}) =>
  assessMeasure({
    direction: 'increase',
    baseline: 40,
    target: 60,
    current,
    changeLow: null,
    changeHigh: null,
    elapsed: 0.5,
    ...o,
  });

describe('progress roll-up', () => {
  it('counts completed as 100 and leaves cancelled out', () => {
    expect(effectiveProgress({ status: 'completed', progress: 20 })).toBe(100);
    expect(effectiveProgress({ status: 'cancelled', progress: 80 })).toBeNull();
    expect(
      rollupActions([
        { status: 'in_progress', progress: 40, weight: 1 },
        { status: 'in_progress', progress: 55, weight: 3 },
        { status: 'cancelled', progress: 0, weight: 10 },
      ]),
    ).toBeCloseTo(51.25);
    expect(rollupActions([{ status: 'cancelled', progress: 0, weight: 1 }])).toBeNull();
    expect(rollupMean([null, 20, 40])).toBe(30);
    expect(rollupMean([null])).toBeNull();
  });

  it('a weighted mean always lies between its smallest and largest action (property)', () => {
    const statuses: ActionStatus[] = ['not_started', 'in_progress', 'completed'];
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            status: fc.constantFrom(...statuses),
            progress: fc.integer({ min: 0, max: 100 }),
            weight: fc.integer({ min: 1, max: 100 }),
          }),
          { minLength: 1, maxLength: 20 },
        ),
        (actions) => {
          const p = rollupActions(actions) ?? NaN;
          const eff = actions.map((a) => effectiveProgress(a) ?? 0);
          return p >= Math.min(...eff) - 1e-9 && p <= Math.max(...eff) + 1e-9;
        },
      ),
      { seed: 42, numRuns: 200 },
    );
  });
});

describe('due, overdue and at risk', () => {
  const today = '2026-07-01';
  it('follows the due date and the RAG of open actions only', () => {
    expect(isOverdue({ status: 'in_progress', dueOn: '2026-06-30', rag: null }, today)).toBe(true);
    expect(isOverdue({ status: 'completed', dueOn: '2026-06-30', rag: null }, today)).toBe(false);
    expect(isDueSoon({ status: 'not_started', dueOn: '2026-07-31', rag: null }, today)).toBe(true);
    expect(isDueSoon({ status: 'not_started', dueOn: '2026-08-01', rag: null }, today)).toBe(false);
    expect(isAtRisk({ status: 'in_progress', dueOn: null, rag: 'amber' }, today)).toBe(true);
    expect(isAtRisk({ status: 'cancelled', dueOn: null, rag: 'red' }, today)).toBe(false);
  });
});

describe('measure status rule', () => {
  it('applies the documented rules in order', () => {
    expect(m(null).status).toBeNull();
    expect(m(60).status).toBe('on_track'); // 1: target met
    expect(m(41, { changeLow: -1, changeHigh: 3 }).status).toBe('at_risk'); // 3: unclear change
    expect(m(39, { changeLow: -3, changeHigh: 1, elapsed: 0.6 }).status).toBe('off_track'); // 3: late, no gain
    expect(m(48).status).toBe('on_track'); // 4: 0.4 ≥ 0.5 − 0.1
    expect(m(45).status).toBe('at_risk'); // 5: improving, behind
    expect(m(38).status).toBe('off_track'); // 6: worse
  });
  it('mirrors for lower-is-better and reports distance and achieved share', () => {
    const r = m(34, { direction: 'decrease', baseline: 40, target: 30 });
    expect(r).toMatchObject({ status: 'on_track', improvement: 6, distance: 4 });
    expect(r.achieved).toBeCloseTo(0.6);
  });
  it('picks the worst status across areas', () => {
    expect(worstStatus(['on_track', 'at_risk', null])).toBe('at_risk');
    expect(worstStatus([null])).toBeNull();
  });
  it('measures elapsed time and quarters', () => {
    expect(elapsedShare('2026-01-01', '2027-01-01', '2026-07-02')).toBeCloseTo(0.5, 2);
    expect(elapsedShare('2026-01-01', '2027-01-01', '2025-01-01')).toBe(0);
    expect(quarterPeriod('2026-Q3')).toEqual({
      label: '2026-Q3',
      from: new Date('2026-07-01T00:00:00Z'),
      to: new Date('2026-10-01T00:00:00Z'),
    });
    expect(quarterPeriod('2026-Q5')).toBeNull();
    // Date.UTC would read 0000 as 1900, and 9999-Q4 ends in the year 10000, past the database's dates.
    expect(quarterPeriod('0000-Q1')).toBeNull();
    expect(quarterPeriod('9999-Q4')).toBeNull();
    expect(quarterOf(new Date('2026-12-31T23:00:00Z'))).toBe('2026-Q4');
  });
});
