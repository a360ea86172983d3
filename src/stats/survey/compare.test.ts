import { describe, expect, it } from 'vitest';
import { compareWaves, compareWithBenchmark } from './compare.ts';
import type { Estimate } from './estimates.ts';

const est = (estimate: number, se: number, suppressed = false): Estimate => ({
  n: 500,
  weightedN: 1000,
  estimate: suppressed ? null : estimate,
  se: suppressed ? null : se,
  seUncalibrated: suppressed ? null : se,
  ciLow: suppressed ? null : estimate - 1.959963984540054 * se,
  ciHigh: suppressed ? null : estimate + 1.959963984540054 * se,
  suppressed,
});

describe('compareWaves', () => {
  it('difference, SE √(se1² + se2²), z and p', () => {
    // 0.60 (se 0.03) → 0.52 (se 0.04): diff −0.08, se 0.05, z −1.6, p = 2(1 − Φ(1.6)) = 0.109598
    const c = compareWaves(est(0.6, 0.03), est(0.52, 0.04))!;
    expect(c.difference).toBeCloseTo(-0.08, 15);
    expect(c.se).toBeCloseTo(0.05, 15);
    expect(c.z).toBeCloseTo(-1.6, 12);
    expect(c.pValue).toBeCloseTo(0.10959858340379, 9);
    expect(c.significant).toBe(false);
    expect(compareWaves(est(0.6, 0.02), est(0.52, 0.02))!.significant).toBe(true);
  });

  it('returns null when either wave is suppressed', () => {
    expect(compareWaves(est(0.6, 0.03, true), est(0.5, 0.03))).toBeNull();
  });
});

describe('compareWithBenchmark', () => {
  it('flags a benchmark outside the CI', () => {
    const e = est(0.7, 0.02); // CI 0.6608 – 0.7392
    expect(compareWithBenchmark(e, 0.65)).toMatchObject({ outsideCi: true, verdict: 'above' });
    expect(compareWithBenchmark(e, 0.72)).toMatchObject({ outsideCi: false, verdict: 'similar' });
    expect(compareWithBenchmark(e, 0.75)).toMatchObject({ outsideCi: true, verdict: 'below' });
    expect(compareWithBenchmark(e, 0.65)!.difference).toBeCloseTo(0.05, 15);
    expect(compareWithBenchmark(est(0, 0, true), 0.5)).toBeNull();
    expect(() => compareWithBenchmark(e, NaN)).toThrow();
  });
});
