import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  diversity,
  multiGroupIndices,
  perGroupSums,
  simpsonsInteraction,
  type MultiGroupIndices,
} from './multiGroup.ts';
import { twoGroupIndices } from './twoGroup.ts';
import { SegregationError, type CountsMatrix } from './types.ts';
import { matrixArbitrary, naiveMultiGroup } from './testing.ts';

/**
 * Worked example: three groups a, b, c in two areas.
 *   area   a   b   c    t     shares π_i
 *   1     30  10   0   40    0.75  0.25  0
 *   2     10  30  20   60    1/6   0.5   1/3
 *   total 40  40  20  100    π = 0.4, 0.4, 0.2
 */
const example: CountsMatrix = { areas: 2, groups: ['a', 'b', 'c'], counts: Float64Array.from([30, 10, 0, 10, 30, 20]) };

describe('multi-group indices: worked example', () => {
  const r = multiGroupIndices(example);

  it("Simpson's interaction I = Σ π_m (1 − π_m) and diversity E = −Σ π_m ln π_m", () => {
    // I = 0.4·0.6 + 0.4·0.6 + 0.2·0.8 = 0.64
    expect(r.simpsonsInteraction).toBeCloseTo(0.64, 12);
    expect(simpsonsInteraction(example)).toBeCloseTo(0.64, 12);
    // E = −(2 · 0.4 ln 0.4 + 0.2 ln 0.2) = 2 · 0.366516 + 0.321888 = 1.054920
    expect(r.diversity).toBeCloseTo(1.05492, 5);
    expect(diversity(example)).toBeCloseTo(r.diversity, 12);
  });

  it('dissimilarity D = Σ_m Σ_i t_i |π_im − π_m| / (2 T I)', () => {
    // area 1: 40 (0.35 + 0.15 + 0.2) = 28; area 2: 60 (0.23333 + 0.1 + 0.13333) = 28
    // D = 56 / (2 · 100 · 0.64) = 0.4375
    expect(r.multiDissimilarity).toBeCloseTo(0.4375, 12);
  });

  it('Gini G = Σ_m Σ_i Σ_j t_i t_j |π_im − π_jm| / (2 T² I)', () => {
    // two areas: 2 · 40 · 60 · (0.58333 + 0.25 + 0.33333) = 4800 · 1.16667 = 5600
    // G = 5600 / (2 · 10000 · 0.64) = 0.4375
    expect(r.multiGini).toBeCloseTo(0.4375, 12);
  });

  it('information theory H = Σ_m Σ_i t_i π_im ln(π_im/π_m) / (T E)', () => {
    // area 1: 30 ln(0.75/0.4) + 10 ln(0.25/0.4) = 18.85826 − 4.70004 = 14.15822
    // area 2: 10 ln((1/6)/0.4) + 30 ln(0.5/0.4) + 20 ln((1/3)/0.2) = −8.75469 + 6.69431 + 10.21651 = 8.15613
    // H = 22.31435 / (100 · 1.054920) = 0.211526
    const num =
      30 * Math.log(0.75 / 0.4) +
      10 * Math.log(0.25 / 0.4) +
      10 * Math.log(1 / 6 / 0.4) +
      30 * Math.log(0.5 / 0.4) +
      20 * Math.log(1 / 3 / 0.2);
    expect(num).toBeCloseTo(22.31435, 4);
    expect(r.informationTheory).toBeCloseTo(num / (100 * r.diversity), 12);
    expect(r.informationTheory).toBeCloseTo(0.211526, 6);
  });

  it('normalised exposure P = Σ_m Σ_i t_i (π_im − π_m)² / (T (1 − π_m))', () => {
    // a: (40·0.1225 + 60·0.054444) / (100·0.6) = 8.166667/60 = 0.136111
    // b: (40·0.0225 + 60·0.01) / 60 = 1.5/60 = 0.025
    // c: (40·0.04 + 60·0.017778) / 80 = 2.666667/80 = 0.033333;  P = 0.194444
    expect(r.normalizedExposure).toBeCloseTo(8.166666666666666 / 60 + 1.5 / 60 + 2.6666666666666665 / 80, 12);
    expect(r.normalizedExposure).toBeCloseTo(0.194444, 6);
  });

  it('squared coefficient of variation C = Σ_m Σ_i t_i (π_im − π_m)² / ((M − 1) T π_m)', () => {
    // (8.166667/40 + 1.5/40 + 2.666667/20) / 2 = (0.204167 + 0.0375 + 0.133333) / 2 = 0.1875
    expect(r.squaredCoefficientOfVariation).toBeCloseTo(0.1875, 12);
  });

  it('reports the shape of the data', () => {
    expect(r).toMatchObject({ areas: 2, emptyAreas: 0, population: 100, groupsPresent: 3, unallocated: 0 });
  });
});

describe('multi-group indices: stated totals', () => {
  it('treats people in no listed group as one more group', () => {
    // Same as adding a column "rest" = totals − listed.
    const withTotals: CountsMatrix = {
      areas: 2,
      groups: ['a', 'b'],
      counts: Float64Array.from([30, 10, 10, 30]),
      totals: Float64Array.from([40, 60]),
    };
    const explicit: CountsMatrix = {
      areas: 2,
      groups: ['a', 'b', 'rest'],
      counts: Float64Array.from([30, 10, 0, 10, 30, 20]),
    };
    const a = multiGroupIndices(withTotals);
    const b = multiGroupIndices(explicit);
    for (const key of Object.keys(b) as (keyof MultiGroupIndices)[]) {
      if (key === 'unallocated') continue;
      expect(a[key]).toBeCloseTo(b[key], 12);
    }
    expect(a.unallocated).toBe(20);
    expect(diversity(withTotals)).toBeCloseTo(diversity(explicit), 12);
    expect(simpsonsInteraction(withTotals)).toBeCloseTo(simpsonsInteraction(explicit), 12);
    expect(perGroupSums(withTotals).remainder?.y).toBe(20);
  });

  it('rejects totals smaller than the listed groups', () => {
    expect(() =>
      multiGroupIndices({
        areas: 1,
        groups: ['a', 'b'],
        counts: Float64Array.from([3, 4]),
        totals: Float64Array.from([6]),
      }),
    ).toThrow(/less than the sum/);
  });
});

describe('multi-group indices: edge cases', () => {
  it('SINGLE_GROUP when fewer than two groups have members', () => {
    const m: CountsMatrix = { areas: 2, groups: ['a', 'b'], counts: Float64Array.from([3, 0, 5, 0]) };
    try {
      multiGroupIndices(m);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(SegregationError);
      expect((error as SegregationError).code).toBe('SINGLE_GROUP');
    }
    expect(diversity(m)).toBe(0);
    expect(simpsonsInteraction(m)).toBe(0);
  });

  it('EMPTY_INPUT with no population', () => {
    for (const m of [
      { areas: 0, groups: ['a', 'b'], counts: new Float64Array(0) },
      { areas: 2, groups: ['a', 'b'], counts: new Float64Array(4) },
    ]) {
      expect(() => multiGroupIndices(m)).toThrow(/no area has a positive population/);
      expect(() => diversity(m)).toThrow(SegregationError);
    }
  });

  it('ignores a group with no members and empty areas', () => {
    const withExtras: CountsMatrix = {
      areas: 3,
      groups: ['a', 'b', 'none', 'c'],
      counts: Float64Array.from([30, 10, 0, 0, 0, 0, 0, 0, 10, 30, 0, 20]),
    };
    const a = multiGroupIndices(withExtras);
    const b = multiGroupIndices(example);
    expect(a.multiDissimilarity).toBeCloseTo(b.multiDissimilarity, 12);
    expect(a.squaredCoefficientOfVariation).toBeCloseTo(b.squaredCoefficientOfVariation, 12);
    expect(a).toMatchObject({ groupsPresent: 3, emptyAreas: 1, areas: 2 });
  });

  it('rejects malformed matrices', () => {
    expect(() => multiGroupIndices({ areas: 2, groups: ['a', 'b'], counts: new Float64Array(3) })).toThrow(/length/);
    expect(() => multiGroupIndices({ areas: 1, groups: ['a', 'a'], counts: new Float64Array(2) })).toThrow(/unique/);
    expect(() => multiGroupIndices({ areas: 1, groups: ['a', 'b'], counts: Float64Array.from([1, -2]) })).toThrow(
      /≥ 0/,
    );
  });
});

const KEYS = [
  'multiDissimilarity',
  'multiGini',
  'informationTheory',
  'normalizedExposure',
  'squaredCoefficientOfVariation',
] as const;

describe('multi-group indices: properties', () => {
  it('match the formulas of Reardon & Firebaugh computed literally (naive Gini)', () => {
    fc.assert(
      fc.property(matrixArbitrary(), (m) => {
        const r = multiGroupIndices(m);
        const naive = naiveMultiGroup(m);
        expect(r.multiDissimilarity).toBeCloseTo(naive.D, 12);
        expect(r.multiGini).toBeCloseTo(naive.G, 12);
        expect(r.informationTheory).toBeCloseTo(naive.H, 12);
        expect(r.normalizedExposure).toBeCloseTo(naive.P, 12);
        expect(r.squaredCoefficientOfVariation).toBeCloseTo(naive.C, 12);
        expect(r.simpsonsInteraction).toBeCloseTo(naive.I, 12);
        expect(r.diversity).toBeCloseTo(naive.E, 12);
      }),
      { numRuns: 200 },
    );
  });

  it('lie in [0, 1]; diversity in [0, ln M]', () => {
    fc.assert(
      fc.property(matrixArbitrary(), (m) => {
        const r = multiGroupIndices(m);
        for (const key of KEYS) {
          expect(r[key]).toBeGreaterThanOrEqual(0);
          expect(r[key]).toBeLessThanOrEqual(1);
        }
        expect(r.diversity).toBeLessThanOrEqual(Math.log(m.groups.length) + 1e-12);
        expect(r.simpsonsInteraction).toBeLessThanOrEqual(1 - 1 / m.groups.length + 1e-12);
      }),
    );
  });

  it('with two groups, equal the two-group indices (D, G, H, and P = C = eta²)', () => {
    fc.assert(
      fc.property(matrixArbitrary(20, 2), (m) => {
        const r = multiGroupIndices(m);
        const y = Float64Array.from({ length: m.areas }, (_, a) => m.counts[2 * a]);
        const x = Float64Array.from({ length: m.areas }, (_, a) => m.counts[2 * a + 1]);
        const two = twoGroupIndices({ y, x });
        expect(r.multiDissimilarity).toBeCloseTo(two.dissimilarity, 12);
        expect(r.multiGini).toBeCloseTo(two.gini, 12);
        expect(r.informationTheory).toBeCloseTo(two.entropy, 12);
        expect(r.normalizedExposure).toBeCloseTo(two.correlationRatio, 12);
        expect(r.squaredCoefficientOfVariation).toBeCloseTo(two.correlationRatio, 12);
      }),
    );
  });

  it('do not depend on the order of areas or of groups', () => {
    fc.assert(
      fc.property(matrixArbitrary(), fc.integer(), (m, salt) => {
        const g = m.groups.length;
        const areaOrder = [...Array(m.areas).keys()].sort(
          (a, b) => ((a * 7 + salt) % 11) - ((b * 7 + salt) % 11) || a - b,
        );
        const groupOrder = [...Array(g).keys()].reverse();
        const counts = new Float64Array(m.counts.length);
        areaOrder.forEach((a, r) => groupOrder.forEach((j, c) => (counts[r * g + c] = m.counts[a * g + j])));
        const other = multiGroupIndices({ areas: m.areas, groups: groupOrder.map((j) => m.groups[j]), counts });
        const r = multiGroupIndices(m);
        for (const key of [...KEYS, 'diversity', 'simpsonsInteraction'] as const)
          expect(other[key]).toBeCloseTo(r[key], 12);
      }),
    );
  });

  it('are 0 when every area has the same composition', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 2, maxLength: 5 }),
        fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 1, maxLength: 20 }),
        (mix, sizes) => {
          const counts = Float64Array.from(sizes.flatMap((k) => mix.map((v) => v * k)));
          const r = multiGroupIndices({ areas: sizes.length, groups: mix.map((_, j) => `g${j}`), counts });
          for (const key of KEYS) expect(r[key]).toBeCloseTo(0, 10);
        },
      ),
    );
  });

  it('are 1 under complete separation', () => {
    fc.assert(
      fc.property(
        fc
          .array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 30 })), {
            minLength: 2,
            maxLength: 25,
          })
          .filter((rows) => new Set(rows.map(([g]) => g)).size >= 2),
        (rows) => {
          const counts = Float64Array.from(rows.flatMap(([g, k]) => [0, 1, 2, 3].map((j) => (j === g ? k : 0))));
          const r = multiGroupIndices({ areas: rows.length, groups: ['a', 'b', 'c', 'd'], counts });
          for (const key of KEYS) expect(r[key]).toBeCloseTo(1, 10);
        },
      ),
    );
  });
});
