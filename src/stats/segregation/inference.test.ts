import { describe, expect, it } from 'vitest';
import { adjustedDissimilarity, bootstrapInterval, expectedDissimilarity, quantileSorted } from './inference.ts';
import { dissimilarity, twoGroupIndices } from './twoGroup.ts';
import { SegregationError, type TwoGroupCounts } from './types.ts';
import { collectNumbers } from './testing.ts';

function evenlyMixed(areas: number, size: number, share: number): TwoGroupCounts {
  const y = new Float64Array(areas).fill(Math.round(size * share));
  const x = new Float64Array(areas).fill(size - Math.round(size * share));
  return { y, x };
}

describe('expectedDissimilarity (random allocation, hypergeometric)', () => {
  const small = evenlyMixed(200, 10, 0.3); // small areas: random D is well above 0

  it('is reproducible from the seed and changes with it', () => {
    const a = expectedDissimilarity(small, { draws: 50, seed: 7 });
    const b = expectedDissimilarity(small, { draws: 50, seed: 7 });
    const c = expectedDissimilarity(small, { draws: 50, seed: 8 });
    expect(a).toEqual(b);
    expect(c.mean).not.toBe(a.mean);
  });

  it('gives a positive expected D for small areas, far less for large ones', () => {
    const e = expectedDissimilarity(small, { draws: 100, seed: 1 });
    expect(e.observed).toBe(0); // the data themselves are perfectly even
    // For areas of 10 with P = 0.3, the expected D under random allocation is about 0.25
    expect(e.mean).toBeGreaterThan(0.18);
    expect(e.mean).toBeLessThan(0.32);
    expect(e.min).toBeLessThanOrEqual(e.mean);
    expect(e.max).toBeGreaterThanOrEqual(e.mean);
    expect(e.sd).toBeGreaterThan(0);
    expect(e.adjusted).toBeLessThan(0); // observed below random: "less segregated than chance"
    const large = expectedDissimilarity(evenlyMixed(50, 5000, 0.3), { draws: 20, seed: 1 });
    expect(large.mean).toBeLessThan(0.03);
  });

  it('matches the analytic expectation for areas of two people', () => {
    // Two people per area, Y = X = n: an area is "mixed" with probability 2n/(2n−1) · ½ ≈ ½;
    // D = share of areas that are not mixed... E[D] = 1 − P(mixed) = (n − 1)/(2n − 1).
    const n = 400;
    const c = { y: new Float64Array(n).fill(1), x: new Float64Array(n).fill(1) };
    const e = expectedDissimilarity(c, { draws: 200, seed: 3 });
    expect(e.mean).toBeCloseTo((n - 1) / (2 * n - 1), 2);
  });

  it('keeps the observed D and reports the Carrington–Troske adjustment', () => {
    const c = { y: Float64Array.from([10, 0, 5, 7]), x: Float64Array.from([0, 10, 5, 3]) };
    const e = expectedDissimilarity(c, { draws: 30, seed: 2 });
    expect(e.observed).toBeCloseTo(dissimilarity(c), 12);
    expect(e.adjusted).toBeCloseTo(adjustedDissimilarity(e.observed, e.mean), 12);
    expect(collectNumbers(e).every(Number.isFinite)).toBe(true);
  });

  it('throws for fractional counts, bad options and undefined D', () => {
    expect(() =>
      expectedDissimilarity({ y: Float64Array.from([1.5]), x: Float64Array.from([2]) }, { draws: 5, seed: 1 }),
    ).toThrow(/whole-number/);
    expect(() => expectedDissimilarity(small, { draws: 0, seed: 1 })).toThrow(/draws/);
    expect(() => expectedDissimilarity(small, { draws: 5, seed: 1.5 })).toThrow(/seed/);
    expect(() =>
      expectedDissimilarity({ y: Float64Array.from([0]), x: Float64Array.from([2]) }, { draws: 5, seed: 1 }),
    ).toThrow(SegregationError);
  });
});

describe('adjustedDissimilarity (Carrington & Troske 1997)', () => {
  it('rescales against the expected value', () => {
    // D ≥ E: (0.6 − 0.2)/(1 − 0.2) = 0.5;  D < E: (0.1 − 0.2)/0.2 = −0.5
    expect(adjustedDissimilarity(0.6, 0.2)).toBeCloseTo(0.5, 12);
    expect(adjustedDissimilarity(0.1, 0.2)).toBeCloseTo(-0.5, 12);
    expect(adjustedDissimilarity(1, 1)).toBe(0);
    expect(adjustedDissimilarity(0, 0)).toBe(0);
  });
});

describe('bootstrapInterval', () => {
  const c: TwoGroupCounts = {
    y: Float64Array.from({ length: 60 }, (_, i) => (i % 3 === 0 ? 20 : i % 3 === 1 ? 5 : 1)),
    x: Float64Array.from({ length: 60 }, (_, i) => (i % 3 === 0 ? 5 : i % 3 === 1 ? 20 : 30)),
  };

  for (const method of ['areas', 'counts'] as const) {
    it(`gives a reproducible percentile interval around the estimate (${method})`, () => {
      const a = bootstrapInterval(c, dissimilarity, { draws: 200, seed: 11, method });
      const b = bootstrapInterval(c, dissimilarity, { draws: 200, seed: 11, method });
      expect(a).toEqual(b);
      expect(a.estimate).toBeCloseTo(dissimilarity(c), 12);
      expect(a.lower).toBeLessThanOrEqual(a.upper);
      expect(a.lower).toBeLessThan(a.estimate + 0.05);
      expect(a.upper).toBeGreaterThan(a.estimate - 0.05);
      expect(a.used).toBe(200);
      expect(a.level).toBe(0.95);
      expect(collectNumbers(a).every(Number.isFinite)).toBe(true);
    });
  }

  it('works for any statistic', () => {
    const r = bootstrapInterval(c, (d) => twoGroupIndices(d).gini, { draws: 100, seed: 5, level: 0.9 });
    expect(r.estimate).toBeCloseTo(twoGroupIndices(c).gini, 12);
    expect(r.level).toBe(0.9);
  });

  it('skips draws where the statistic is undefined, and fails if all are', () => {
    const rare = { y: Float64Array.from([1, 0, 0, 0, 0]), x: Float64Array.from([3, 4, 5, 6, 7]) };
    const r = bootstrapInterval(rare, dissimilarity, { draws: 100, seed: 1, method: 'areas' });
    expect(r.used).toBeLessThan(100);
    expect(r.used).toBeGreaterThan(0);
    let calls = 0;
    const onlyOnTheData = () => {
      if (calls++ === 0) return 0.5; // the estimate on the data itself
      throw new SegregationError('ZERO_GROUP_TOTAL', 'undefined in this draw');
    };
    expect(() => bootstrapInterval(c, onlyOnTheData, { draws: 3, seed: 1 })).toThrow(
      /undefined in every bootstrap draw/,
    );
  });

  it('validates its options', () => {
    expect(() => bootstrapInterval(c, dissimilarity, { draws: 10, seed: 1, level: 1 })).toThrow(/level/);
  });
});

describe('quantileSorted (type 7)', () => {
  it('interpolates linearly', () => {
    const v = Float64Array.from([1, 2, 3, 4]);
    expect(quantileSorted(v, 0)).toBe(1);
    expect(quantileSorted(v, 1)).toBe(4);
    expect(quantileSorted(v, 0.5)).toBe(2.5);
    expect(quantileSorted(v, 0.25)).toBeCloseTo(1.75, 12);
    expect(() => quantileSorted(new Float64Array(0), 0.5)).toThrow();
  });
});
