import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addWeeks,
  assessTension,
  decay,
  isIsoWeek,
  isoWeek,
  levelForScore,
  signalWeight,
  weekEnd,
  weekStart,
  type TensionSignal,
} from './tension.ts';

const asOf = new Date('2024-03-11T00:00:00Z');
const daysAgo = (d: number) => new Date(asOf.getTime() - d * 86_400_000);

describe('decay (half-life 14 days, window 56 days)', () => {
  it('halves every 14 days and stops after 56', () => {
    expect(decay(0)).toBe(1);
    expect(decay(14)).toBeCloseTo(0.5, 12);
    expect(decay(28)).toBeCloseTo(0.25, 12);
    expect(decay(56)).toBeCloseTo(0.0625, 12);
    expect(decay(56.01)).toBe(0);
    expect(decay(-1)).toBe(0); // not yet happened at the assessment time
  });
});

describe('signal weights, worked by hand', () => {
  it('a report today: experienced (1) × medium severity (2) × high confidence (1) × 1 = 2', () => {
    expect(signalWeight({ at: asOf, grading: 'experienced', severity: 2 }, asOf)).toBe(2);
  });
  it('evidenced (2) × high severity (4) × medium confidence (0.75) × 2^(−7/14) = 6 × 0.7071 = 4.243', () => {
    const w = signalWeight({ at: daysAgo(7), grading: 'evidenced', severity: 3, confidence: 'medium' }, asOf);
    expect(w).toBeCloseTo(6 / Math.SQRT2, 10);
    expect(w).toBeCloseTo(4.2426, 4);
  });
  it('potential (0.5) × low severity (1) × low confidence (0.5) × 1 = 0.25', () => {
    expect(signalWeight({ at: asOf, grading: 'potential', severity: 1, confidence: 'low' }, asOf)).toBe(0.25);
  });
});

describe('levels from the score: bands 1, 3, 6, 10', () => {
  it('maps band edges to the higher level', () => {
    expect(levelForScore(0)).toBe(1);
    expect(levelForScore(0.99)).toBe(1);
    expect(levelForScore(1)).toBe(2);
    expect(levelForScore(2.99)).toBe(2);
    expect(levelForScore(3)).toBe(3);
    expect(levelForScore(6)).toBe(4);
    expect(levelForScore(9.99)).toBe(4);
    expect(levelForScore(10)).toBe(5);
    expect(() => levelForScore(-1)).toThrow(RangeError);
    expect(() => levelForScore(Number.NaN)).toThrow(RangeError);
  });
});

describe('assessTension', () => {
  const report = (d: number, extra: Partial<TensionSignal> = {}): TensionSignal => ({
    at: daysAgo(d),
    grading: 'experienced',
    severity: 2,
    ...extra,
  });

  it('no signals: score 0, level 1 (normal)', () => {
    expect(assessTension([], asOf)).toEqual({ score: 0, level: 1, counted: 0 });
  });

  it('one report today scores 2 (low); 14 days later it scores 1 (still low); 28 days later 0.5 (normal)', () => {
    expect(assessTension([report(0)], asOf)).toEqual({ score: 2, level: 2, counted: 1 });
    expect(assessTension([report(14)], asOf)).toEqual({ score: 1, level: 2, counted: 1 });
    expect(assessTension([report(28)], asOf)).toEqual({ score: 0.5, level: 1, counted: 1 });
  });

  it('five medium reports today sum to 10: critical', () => {
    expect(
      assessTension(
        [0, 0, 0, 0, 0].map((d) => report(d)),
        asOf,
      ).level,
    ).toBe(5);
  });

  it('worked example: 2 reports today (2 + 2), evidenced intelligence 7 days ago (4.243), a report 14 days ago (1) = 9.243: high', () => {
    const r = assessTension(
      [report(0), report(0), { at: daysAgo(7), grading: 'evidenced', severity: 3, confidence: 'medium' }, report(14)],
      asOf,
    );
    expect(r.score).toBeCloseTo(4 + 6 / Math.SQRT2 + 1, 8);
    expect(r.level).toBe(4);
    expect(r.counted).toBe(4);
  });

  it('linked reports about one incident count once, at the heaviest weight', () => {
    const r = assessTension(
      [report(0, { group: 'a' }), report(14, { group: 'a' }), report(0, { group: 'a', severity: 1 })],
      asOf,
    );
    expect(r).toEqual({ score: 2, level: 2, counted: 1 });
  });

  it('ignores signals after the assessment time and outside the window', () => {
    expect(assessTension([report(-1), report(57)], asOf)).toEqual({ score: 0, level: 1, counted: 0 });
  });

  it('never decreases when a signal is added (property)', () => {
    const sig = fc.record({
      d: fc.double({ min: -5, max: 70, noNaN: true }),
      grading: fc.constantFrom('evidenced', 'experienced', 'potential' as const),
      severity: fc.constantFrom(1, 2, 3 as const),
    });
    fc.assert(
      fc.property(fc.array(sig, { maxLength: 20 }), sig, (list, extra) => {
        const toSignal = (s: typeof extra): TensionSignal => ({
          at: daysAgo(s.d),
          grading: s.grading as TensionSignal['grading'],
          severity: s.severity as TensionSignal['severity'],
        });
        const before = assessTension(list.map(toSignal), asOf);
        const after = assessTension([...list.map(toSignal), toSignal(extra)], asOf);
        return after.score >= before.score && after.level >= before.level;
      }),
    );
  });
});

describe('ISO weeks', () => {
  it('matches ISO 8601 at year boundaries', () => {
    expect(isoWeek(new Date('2021-01-03T12:00:00Z'))).toBe('2020-W53');
    expect(isoWeek(new Date('2021-01-04T00:00:00Z'))).toBe('2021-W01');
    expect(isoWeek(new Date('2024-12-30T00:00:00Z'))).toBe('2025-W01');
    expect(isoWeek(new Date('2024-03-10T23:59:59Z'))).toBe('2024-W10');
    expect(isoWeek(new Date('2024-03-11T00:00:00Z'))).toBe('2024-W11');
  });
  it('week start and end are Mondays, and weeks round-trip', () => {
    expect(weekStart('2020-W53').toISOString()).toBe('2020-12-28T00:00:00.000Z');
    expect(weekStart('2024-W11').toISOString()).toBe('2024-03-11T00:00:00.000Z');
    expect(weekEnd('2024-W10').toISOString()).toBe('2024-03-11T00:00:00.000Z');
    expect(addWeeks('2024-W01', -1)).toBe('2023-W52');
    expect(addWeeks('2020-W52', 1)).toBe('2020-W53');
    expect(isIsoWeek('2020-W53')).toBe(true);
    expect(isIsoWeek('2021-W53')).toBe(false);
    expect(isIsoWeek('2021-W00')).toBe(false);
    expect(isIsoWeek('nonsense')).toBe(false);
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }), (d) => {
        const w = isoWeek(d);
        return isIsoWeek(w) && weekStart(w).getTime() <= d.getTime() && d.getTime() < weekEnd(w).getTime();
      }),
    );
  });
});
