import { describe, expect, it } from 'vitest';
import { changeFrom, gapAnalysis, intervalOf } from './gaps.ts';
import { wilsonInterval } from './intervals.ts';

describe('changeFrom', () => {
  it("matches Newcombe's hybrid score interval (Newcombe 1998, example 56/70 vs 48/80)", () => {
    // Newcombe (1998) Table II, example (a): 56/70 − 48/80 = 0.2000, method 10: 0.0524 to 0.3339.
    const r = changeFrom(
      { value: 48 / 80, numerator: 48, denominator: 80 },
      { value: 56 / 70, numerator: 56, denominator: 70 },
    );
    expect(r.change).toBeCloseTo(0.2, 10);
    expect(r.low).toBeCloseTo(0.0524, 4);
    expect(r.high).toBeCloseTo(0.3339, 4);
    expect(r.significant).toBe(true);
  });

  it('works on the percentage scale and says when the change is not significant', () => {
    const r = changeFrom(
      { value: 50, numerator: 10, denominator: 20 },
      { value: 55, numerator: 11, denominator: 20 },
      100,
    );
    expect(r.change).toBeCloseTo(5, 10);
    expect(r.low!).toBeLessThan(0);
    expect(r.high!).toBeGreaterThan(0);
    expect(r.significant).toBe(false);
  });

  it('uses stated limits, and gives no interval without them', () => {
    expect(changeFrom({ value: 1, ciLow: 0.9, ciHigh: 1.1 }, { value: 2, ciLow: 1.9, ciHigh: 2.1 }).significant).toBe(
      true,
    );
    expect(changeFrom({ value: 1 }, { value: 2 })).toEqual({ change: 1, low: null, high: null, significant: null });
  });

  it('intervalOf prefers the Wilson interval from counts', () => {
    const w = wilsonInterval(81, 263);
    expect(intervalOf({ value: 30.8, numerator: 81, denominator: 263 }, 100)).toEqual({
      low: w.low * 100,
      high: w.high * 100,
    });
  });
});

describe('gapAnalysis', () => {
  it('finds a narrowing gap from point values when no uncertainty is known', () => {
    const g = gapAnalysis(
      [
        { period: '2011', group: { value: 40 }, all: { value: 60 } },
        { period: '2016', group: { value: 48 }, all: { value: 61 } },
        { period: '2021', group: { value: 55 }, all: { value: 62 } },
      ],
      true,
    );
    expect(g.rows.map((r) => r.gap)).toEqual([-20, -13, -7]);
    expect(g.change).toBe(-13);
    expect(g.status).toBe('narrowing');
    expect(g.significant).toBeNull();
    expect(g.behind).toBe(true);
  });

  it('finds a widening gap, significant with large samples', () => {
    const g = gapAnalysis(
      [
        {
          period: '2011',
          group: { value: 11, numerator: 1100, denominator: 10000 },
          all: { value: 10, numerator: 10000, denominator: 100000 },
        },
        {
          period: '2021',
          group: { value: 16, numerator: 1600, denominator: 10000 },
          all: { value: 10, numerator: 10000, denominator: 100000 },
        },
      ],
      false,
      100,
    );
    expect(g.status).toBe('widening');
    expect(g.significant).toBe(true);
    expect(g.behind).toBe(true);
  });

  it('reports no clear change when the change in the gap is within the noise', () => {
    const g = gapAnalysis(
      [
        {
          period: '2011',
          group: { value: 30, numerator: 6, denominator: 20 },
          all: { value: 25, numerator: 50, denominator: 200 },
        },
        {
          period: '2021',
          group: { value: 35, numerator: 7, denominator: 20 },
          all: { value: 25, numerator: 50, denominator: 200 },
        },
      ],
      null,
      100,
    );
    expect(g.status).toBe('no_clear_change');
    expect(g.significant).toBe(false);
    expect(g.behind).toBeNull();
  });

  it('needs two periods', () => {
    expect(gapAnalysis([{ period: '2021', group: { value: 1 }, all: { value: 2 } }], true).status).toBe(
      'insufficient_data',
    );
    expect(gapAnalysis([], true)).toEqual({
      rows: [],
      change: null,
      status: 'insufficient_data',
      significant: null,
      behind: null,
    });
  });
});
