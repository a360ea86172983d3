import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  atkinson,
  correlationRatio,
  dissimilarity,
  gini,
  interaction,
  isolation,
  theilEntropy,
  twoGroupIndices,
  twoGroupSums,
  type TwoGroupIndices,
} from './twoGroup.ts';
import { SegregationError, type TwoGroupCounts } from './types.ts';
import { naiveGini, permuteTwoGroup, twoGroupArbitrary } from './testing.ts';

const f64 = (values: number[]) => Float64Array.from(values);

/**
 * Worked example used throughout:
 *   area  y   x   t    p = y/t
 *   A1   10   0  10    1
 *   A2   10  30  40    0.25
 *   A3    0  50  50    0
 *   Y = 20, X = 80, T = 100, P = 0.2, Q = 0.8
 */
const example: TwoGroupCounts = { y: f64([10, 10, 0]), x: f64([0, 30, 50]) };

describe('two-group indices: worked example', () => {
  it('dissimilarity D = ½ Σ |y_i/Y − x_i/X|', () => {
    // ½ (|10/20 − 0/80| + |10/20 − 30/80| + |0/20 − 50/80|) = ½ (0.5 + 0.125 + 0.625) = 0.625
    expect(dissimilarity(example)).toBeCloseTo(0.625, 12);
  });

  it('Gini G = Σ_i Σ_j t_i t_j |p_i − p_j| / (2 T² P Q)', () => {
    // pairs: (A1,A2) 10·40·0.75 = 300; (A1,A3) 10·50·1 = 500; (A2,A3) 40·50·0.25 = 500
    // double sum = 2 × 1300 = 2600;  2 T² P Q = 2 · 10000 · 0.16 = 3200;  G = 2600/3200 = 0.8125
    expect(gini(example)).toBeCloseTo(0.8125, 12);
  });

  it('Theil entropy H = Σ t_i (E − E_i) / (E T)', () => {
    // E  = −0.2 ln 0.2 − 0.8 ln 0.8 = 0.500402
    // E1 = E3 = 0 (one group only); E2 = −0.25 ln 0.25 − 0.75 ln 0.75 = 0.562335
    // H = [10 E + 40 (E − E2) + 50 E] / (100 E) = 1 − 40 E2 / (100 E) = 1 − 0.4495063 = 0.5504937
    const E = -0.2 * Math.log(0.2) - 0.8 * Math.log(0.8);
    const E2 = -0.25 * Math.log(0.25) - 0.75 * Math.log(0.75);
    expect(E).toBeCloseTo(0.500402, 6);
    expect(E2).toBeCloseTo(0.562335, 6);
    expect(theilEntropy(example)).toBeCloseTo(1 - (40 * E2) / (100 * E), 12);
    expect(theilEntropy(example)).toBeCloseTo(0.5504937, 7);
  });

  it('isolation xPx and interaction xPy', () => {
    // xPx = (10/20)(10/10) + (10/20)(10/40) + 0 = 0.5 + 0.125 = 0.625
    // xPy = (10/20)(0/10) + (10/20)(30/40) + 0 = 0.375
    expect(isolation(example)).toBeCloseTo(0.625, 12);
    expect(interaction(example)).toBeCloseTo(0.375, 12);
  });

  it('correlation ratio eta² = (xPx − P) / (1 − P)', () => {
    // (0.625 − 0.2) / 0.8 = 0.53125
    expect(correlationRatio(example)).toBeCloseTo(0.53125, 12);
  });

  it('Atkinson A_b = 1 − (P/Q) [Σ t_i q_i^(1−b) p_i^b / (P T)]^(1/(1−b))', () => {
    // Only A2 has 0 < p < 1, so the sum is 40 · 0.75^(1−b) · 0.25^b, and P T = 20, P/Q = 0.25.
    // b = 0.5: 40 · √(0.75 · 0.25) = 17.3205; /20 = 0.866025; squared = 0.75; A = 1 − 0.25 · 0.75 = 0.8125
    expect(atkinson(example, 0.5)).toBeCloseTo(0.8125, 12);
    // b = 0.1: 40 · 0.75^0.9 · 0.25^0.1 = 40 · 0.7718895 · 0.8705506 = 26.878754; /20 = 1.3439377;
    //         ^(1/0.9) = 1.3888121; A = 1 − 0.25 · 1.3888121 = 0.6527970
    expect(atkinson(example, 0.1)).toBeCloseTo(0.652797, 6);
    // b = 0.9: 40 · 0.75^0.1 · 0.25^0.9 = 40 · 0.9716417 · 0.2871746 = 11.161232; /20 = 0.5580616;
    //         ^10 = 0.0029297 (exactly 3/1024); A = 1 − 0.25 · 3/1024 = 0.99926758
    expect(atkinson(example, 0.9)).toBeCloseTo(1 - 0.25 * (3 / 1024), 12);
  });

  it('the one-pass batch equals the single-index functions', () => {
    const all = twoGroupIndices(example);
    expect(all.dissimilarity).toBeCloseTo(0.625, 12);
    expect(all.gini).toBeCloseTo(0.8125, 12);
    expect(all.entropy).toBeCloseTo(theilEntropy(example), 12);
    expect(all.isolation).toBeCloseTo(0.625, 12);
    expect(all.interaction).toBeCloseTo(0.375, 12);
    expect(all.correlationRatio).toBeCloseTo(0.53125, 12);
    expect(all.atkinson01).toBeCloseTo(atkinson(example, 0.1), 12);
    expect(all.atkinson05).toBeCloseTo(0.8125, 12);
    expect(all.atkinson09).toBeCloseTo(atkinson(example, 0.9), 12);
    expect(all).toMatchObject({ areas: 3, y: 20, x: 80, population: 100, proportion: 0.2 });
  });

  it('takes the same route for fractional counts (no lookup tables) as for whole numbers', () => {
    const scaled = { y: example.y.map((v) => v / 3), x: example.x.map((v) => v / 3) };
    const a = twoGroupIndices(example);
    const b = twoGroupIndices(scaled);
    for (const key of Object.keys(a) as (keyof TwoGroupIndices)[]) {
      if (['y', 'x', 'population'].includes(key)) continue;
      expect(b[key]).toBeCloseTo(a[key], 12);
    }
  });

  it('uses the direct route for counts beyond the lookup tables', () => {
    const big = { y: example.y.map((v) => v * 10_000), x: example.x.map((v) => v * 10_000) };
    expect(twoGroupIndices(big).entropy).toBeCloseTo(twoGroupIndices(example).entropy, 12);
    expect(twoGroupIndices(big).atkinson01).toBeCloseTo(twoGroupIndices(example).atkinson01, 12);
  });
});

describe('two-group indices: edge cases', () => {
  it('skips areas with no population', () => {
    const withEmpty = { y: f64([10, 0, 10, 0]), x: f64([0, 0, 30, 50]) };
    expect(twoGroupIndices(withEmpty).dissimilarity).toBeCloseTo(0.625, 12);
    expect(twoGroupSums(withEmpty)).toMatchObject({ areas: 3, emptyAreas: 1 });
  });

  it('throws a typed error when a group has no members', () => {
    const noY = { y: f64([0, 0]), x: f64([3, 4]) };
    const noX = { y: f64([3, 4]), x: f64([0, 0]) };
    for (const c of [noY, noX]) {
      expect(() => twoGroupIndices(c)).toThrowError(SegregationError);
      for (const f of [dissimilarity, gini, theilEntropy, isolation, interaction, correlationRatio]) {
        try {
          f(c);
          expect.unreachable();
        } catch (error) {
          expect((error as SegregationError).code).toBe('ZERO_GROUP_TOTAL');
        }
      }
    }
    expect(() => twoGroupIndices(noY, { y: 'Bangladeshi', x: 'WhiteBrit' })).toThrow(/Bangladeshi has no members/);
  });

  it('throws EMPTY_INPUT for no areas or no population', () => {
    for (const c of [
      { y: f64([]), x: f64([]) },
      { y: f64([0, 0]), x: f64([0, 0]) },
    ]) {
      try {
        twoGroupIndices(c);
        expect.unreachable();
      } catch (error) {
        expect((error as SegregationError).code).toBe('EMPTY_INPUT');
      }
    }
  });

  it('rejects negative, non-finite and mismatched input', () => {
    expect(() => twoGroupIndices({ y: f64([1, -1]), x: f64([1, 1]) })).toThrow(/finite and ≥ 0/);
    expect(() => twoGroupIndices({ y: f64([1, NaN]), x: f64([1, 1]) })).toThrow(SegregationError);
    expect(() => twoGroupIndices({ y: f64([1, Infinity]), x: f64([1, 1]) })).toThrow(SegregationError);
    expect(() => twoGroupIndices({ y: f64([1]), x: f64([1, 1]) })).toThrow(/areas/);
    expect(() => atkinson(example, 1)).toThrow(/b must be in/);
  });

  it('a single area gives zero unevenness', () => {
    const one = { y: f64([5]), x: f64([15]) };
    const r = twoGroupIndices(one);
    expect(r.dissimilarity).toBe(0);
    expect(r.gini).toBe(0);
    expect(r.entropy).toBeCloseTo(0, 12);
    expect(r.correlationRatio).toBeCloseTo(0, 12);
    expect(r.atkinson05).toBeCloseTo(0, 12);
    expect(r.isolation).toBeCloseTo(0.25, 12);
  });
});

const INDEX_KEYS: (keyof TwoGroupIndices)[] = [
  'dissimilarity',
  'gini',
  'entropy',
  'isolation',
  'interaction',
  'correlationRatio',
  'atkinson01',
  'atkinson05',
  'atkinson09',
];

describe('two-group indices: properties', () => {
  it('every index lies in [0, 1] and is finite', () => {
    fc.assert(
      fc.property(twoGroupArbitrary(), (c) => {
        const r = twoGroupIndices(c);
        for (const key of INDEX_KEYS) {
          expect(Number.isFinite(r[key])).toBe(true);
          expect(r[key]).toBeGreaterThanOrEqual(0);
          expect(r[key]).toBeLessThanOrEqual(1);
        }
        expect(r.isolation + r.interaction).toBeCloseTo(1, 10);
      }),
    );
  });

  it('D, Gini, H and eta² are symmetric in the two groups', () => {
    fc.assert(
      fc.property(twoGroupArbitrary(), (c) => {
        const a = twoGroupIndices(c);
        const b = twoGroupIndices({ y: c.x, x: c.y });
        expect(b.dissimilarity).toBeCloseTo(a.dissimilarity, 12);
        expect(b.gini).toBeCloseTo(a.gini, 12);
        expect(b.entropy).toBeCloseTo(a.entropy, 12);
        expect(b.correlationRatio).toBeCloseTo(a.correlationRatio, 12);
      }),
    );
  });

  it('results do not depend on the order of the areas', () => {
    fc.assert(
      fc.property(
        twoGroupArbitrary().chain((c) =>
          fc.tuple(
            fc.constant(c),
            fc.shuffledSubarray([...c.y.keys()], { minLength: c.y.length, maxLength: c.y.length }),
          ),
        ),
        ([c, order]) => {
          const a = twoGroupIndices(c);
          const b = twoGroupIndices(permuteTwoGroup(c, order));
          for (const key of INDEX_KEYS) expect(b[key]).toBeCloseTo(a[key], 12);
        },
      ),
    );
  });

  it('every unevenness index is 0 when all areas have the same composition', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 9 }),
        fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 30 }).filter((k) => k.some((v) => v > 0)),
        (a, b, sizes) => {
          const r = twoGroupIndices({
            y: Float64Array.from(sizes, (k) => k * a),
            x: Float64Array.from(sizes, (k) => k * b),
          });
          for (const key of [
            'dissimilarity',
            'gini',
            'entropy',
            'correlationRatio',
            'atkinson01',
            'atkinson05',
            'atkinson09',
          ] as const) {
            expect(r[key]).toBeCloseTo(0, 10);
          }
          expect(r.isolation).toBeCloseTo(a / (a + b), 10);
        },
      ),
    );
  });

  it('every unevenness index is 1 under complete separation', () => {
    fc.assert(
      fc.property(
        fc
          .array(fc.tuple(fc.boolean(), fc.integer({ min: 1, max: 50 })), { minLength: 2, maxLength: 30 })
          .filter((rows) => rows.some(([isY]) => isY) && rows.some(([isY]) => !isY)),
        (rows) => {
          const c = {
            y: Float64Array.from(rows, ([isY, k]) => (isY ? k : 0)),
            x: Float64Array.from(rows, ([isY, k]) => (isY ? 0 : k)),
          };
          const r = twoGroupIndices(c);
          for (const key of [
            'dissimilarity',
            'gini',
            'entropy',
            'isolation',
            'correlationRatio',
            'atkinson01',
            'atkinson05',
            'atkinson09',
          ] as const) {
            expect(r[key]).toBeCloseTo(1, 10);
          }
          expect(r.interaction).toBeCloseTo(0, 10);
        },
      ),
    );
  });

  it('the O(n log n) Gini equals the naive pairwise Gini', () => {
    fc.assert(
      fc.property(twoGroupArbitrary(60, 30), (c) => {
        expect(gini(c)).toBeCloseTo(naiveGini(c), 12);
        expect(twoGroupIndices(c).gini).toBeCloseTo(naiveGini(c), 12);
      }),
      { numRuns: 300 },
    );
  });

  it('the Gini is right with many ties and real-valued counts', () => {
    fc.assert(
      fc.property(
        fc
          .array(fc.tuple(fc.constantFrom(0, 0.5, 1, 2, 3.25), fc.constantFrom(0, 1, 2, 2.5)), {
            minLength: 40,
            maxLength: 200,
          })
          .filter((rows) => rows.some(([y]) => y > 0) && rows.some(([, x]) => x > 0)),
        (rows) => {
          const c = { y: Float64Array.from(rows, (r) => r[0]), x: Float64Array.from(rows, (r) => r[1]) };
          expect(twoGroupIndices(c).gini).toBeCloseTo(naiveGini(c), 12);
        },
      ),
    );
  });

  it('the batch agrees with each single-index function', () => {
    fc.assert(
      fc.property(twoGroupArbitrary(), (c) => {
        const r = twoGroupIndices(c);
        expect(r.dissimilarity).toBeCloseTo(dissimilarity(c), 12);
        expect(r.gini).toBeCloseTo(gini(c), 12);
        expect(r.entropy).toBeCloseTo(theilEntropy(c), 12);
        expect(r.isolation).toBeCloseTo(isolation(c), 12);
        expect(r.interaction).toBeCloseTo(interaction(c), 12);
        expect(r.correlationRatio).toBeCloseTo(correlationRatio(c), 12);
        expect(r.atkinson01).toBeCloseTo(atkinson(c, 0.1), 12);
        expect(r.atkinson05).toBeCloseTo(atkinson(c, 0.5), 12);
        expect(r.atkinson09).toBeCloseTo(atkinson(c, 0.9), 12);
      }),
    );
  });

  it('Gini ≥ D (the Gini is never below the dissimilarity index)', () => {
    fc.assert(
      fc.property(twoGroupArbitrary(), (c) => {
        const r = twoGroupIndices(c);
        expect(r.gini).toBeGreaterThanOrEqual(r.dissimilarity - 1e-12);
      }),
    );
  });
});
