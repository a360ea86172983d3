import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { aggregateContributions, dissimilarityContributions, multiGroupDissimilarityContributions } from './local.ts';
import { groupingFromValues } from './matrix.ts';
import { multiGroupIndices } from './multiGroup.ts';
import { dissimilarity } from './twoGroup.ts';
import { SegregationError } from './types.ts';
import { matrixArbitrary, twoGroupArbitrary } from './testing.ts';

const f64 = (values: number[]) => Float64Array.from(values);

describe('dissimilarityContributions (MLID-style impacts)', () => {
  /**
   * area  y   x   unit   r = y/Y − x/X     c = |r|/2
   *  1   10   0   U1     0.5 − 0   = 0.5   0.25
   *  2    0  10   U2     0 − 0.5   = −0.5  0.25
   *  3    5   5   U1     0.25 − 0.25 = 0   0
   *  4    5   5   U2     0               0
   * Y = X = 20, D = 0.5.  s = √(Σ r² / n) = √(0.5 / 4) = 0.353553
   * U1: contribution 0.25, share of D 0.5, share of areas 0.5, impact 1,
   *     mean r 0.25 → scaled mean 0.25 / 0.353553 = 0.707107,
   *     sample sd of (0.5, 0) = 0.353553 → scaled sd 1
   * U2: the mirror image, scaled mean −0.707107, scaled sd 1.
   */
  const c = { y: f64([10, 0, 5, 5]), x: f64([0, 10, 5, 5]) };
  const units = groupingFromValues(['U1', 'U2', 'U1', 'U2']);

  it('matches the worked example', () => {
    const rows = dissimilarityContributions(c, units);
    expect(rows.map((r) => r.unit)).toEqual(['U1', 'U2']);
    const [u1, u2] = rows;
    expect(u1.areas).toBe(2);
    expect(u1.contribution).toBeCloseTo(0.25, 12);
    expect(u1.indexShare).toBeCloseTo(0.5, 12);
    expect(u1.areaShare).toBeCloseTo(0.5, 12);
    expect(u1.impact).toBeCloseTo(1, 12);
    expect(u1.scaledMean).toBeCloseTo(Math.SQRT1_2, 12);
    expect(u1.scaledSd).toBeCloseTo(1, 12);
    expect(u2.scaledMean).toBeCloseTo(-Math.SQRT1_2, 12);
  });

  it('a place holding all the separation has impact 1 / its share of areas', () => {
    // U1 = areas 1 and 2 (all of D); U2 = areas 3 and 4 (nothing)
    const rows = dissimilarityContributions(c, groupingFromValues(['U1', 'U1', 'U2', 'U2']));
    expect(rows[0].indexShare).toBeCloseTo(1, 12);
    expect(rows[0].impact).toBeCloseTo(2, 12);
    expect(rows[1].indexShare).toBeCloseTo(0, 12);
    expect(rows[1].impact).toBeCloseTo(0, 12);
    expect(rows[0].scaledMean).toBeCloseTo(0, 12); // r = +0.5 and −0.5 cancel
  });

  it('contributions sum to D and shares to 1 (any data, any grouping)', () => {
    fc.assert(
      fc.property(
        twoGroupArbitrary().chain((data) =>
          fc.tuple(
            fc.constant(data),
            fc.array(fc.integer({ min: 0, max: 4 }), { minLength: data.y.length, maxLength: data.y.length }),
          ),
        ),
        ([data, unitOf]) => {
          const rows = dissimilarityContributions(data, groupingFromValues(unitOf.map(String)));
          const D = dissimilarity(data);
          expect(rows.reduce((s, r) => s + r.contribution, 0)).toBeCloseTo(D, 12);
          expect(rows.reduce((s, r) => s + r.areaShare, 0)).toBeCloseTo(1, 12);
          if (D > 0) expect(rows.reduce((s, r) => s + (r.indexShare ?? 0), 0)).toBeCloseTo(1, 12);
          for (const r of rows) {
            for (const v of [r.contribution, r.indexShare, r.areaShare, r.impact, r.scaledMean, r.scaledSd]) {
              expect(v === null || Number.isFinite(v)).toBe(true);
            }
          }
        },
      ),
    );
  });

  it('leaves out areas with no population and places with none left', () => {
    const withEmpty = { y: f64([10, 0, 0]), x: f64([0, 10, 0]) };
    const rows = dissimilarityContributions(withEmpty, groupingFromValues(['A', 'B', 'C']));
    expect(rows.map((r) => r.unit)).toEqual(['A', 'B']);
    expect(rows[0].areaShare).toBeCloseTo(0.5, 12);
  });

  it('gives null (not NaN) where a value would divide by zero', () => {
    const even = { y: f64([1, 2]), x: f64([1, 2]) }; // D = 0, s = 0
    const rows = dissimilarityContributions(even, groupingFromValues(['A', 'B']));
    for (const r of rows) {
      expect(r.indexShare).toBeNull();
      expect(r.impact).toBeNull();
      expect(r.scaledMean).toBeNull();
      expect(r.scaledSd).toBeNull();
    }
  });

  it('throws when D is undefined or the grouping does not fit', () => {
    expect(() =>
      dissimilarityContributions({ y: f64([0, 0]), x: f64([1, 1]) }, groupingFromValues(['A', 'B'])),
    ).toThrow(SegregationError);
    expect(() => dissimilarityContributions(c, groupingFromValues(['A']))).toThrow(/grouping covers/);
    expect(() =>
      aggregateContributions(
        { contribution: f64([1]), residual: null, include: Uint8Array.from([1]) },
        { labels: ['A'], index: Int32Array.from([3]) },
      ),
    ).toThrow(/unit 3/);
  });
});

describe('multiGroupDissimilarityContributions', () => {
  it('contributions sum to the multi-group D', () => {
    fc.assert(
      fc.property(
        matrixArbitrary().chain((m) =>
          fc.tuple(
            fc.constant(m),
            fc.array(fc.integer({ min: 0, max: 3 }), { minLength: m.areas, maxLength: m.areas }),
          ),
        ),
        ([m, unitOf]) => {
          const rows = multiGroupDissimilarityContributions(m, groupingFromValues(unitOf.map(String)));
          expect(rows.reduce((s, r) => s + r.contribution, 0)).toBeCloseTo(multiGroupIndices(m).multiDissimilarity, 12);
          for (const r of rows) {
            expect(r.scaledMean).toBeNull();
            expect(r.scaledSd).toBeNull();
          }
        },
      ),
    );
  });

  it('counts the unlisted remainder of stated totals as a group', () => {
    const m = { areas: 2, groups: ['a', 'b'], counts: f64([30, 10, 10, 30]), totals: f64([40, 60]) };
    const rows = multiGroupDissimilarityContributions(m, groupingFromValues(['X', 'Y']));
    expect(rows.reduce((s, r) => s + r.contribution, 0)).toBeCloseTo(0.4375, 12); // as in multiGroup.test.ts
  });
});
