import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  changeTest,
  differenceOfMeansTest,
  differenceOfProportionsTest,
  isChangeSignificant,
  normalQuantile,
  studentTQuantile,
  twoSidedPValue,
  wilsonInterval,
  zForConfidence,
} from './intervals.ts';

describe('wilsonInterval', () => {
  // Newcombe RG (1998) "Two-sided confidence intervals for the single proportion:
  // comparison of seven methods", Stat Med 17:857–872, Table II, method 3 (score, no continuity correction).
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])('%i/%i → %f to %f', (x, n, lo, hi) => {
    const ci = wilsonInterval(x, n);
    expect(ci.low).toBeCloseTo(lo, 4);
    expect(ci.high).toBeCloseTo(hi, 4);
    expect(ci.estimate).toBe(x / n);
  });

  it('hand formula at 81/263', () => {
    const z = 1.959963984540054;
    const n = 263;
    const p = 81 / 263;
    const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
    const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / (1 + (z * z) / n);
    const ci = wilsonInterval(81, 263);
    expect(ci.low).toBeCloseTo(centre - half, 15);
    expect(ci.high).toBeCloseTo(centre + half, 15);
  });

  it('is within [0,1], contains p̂, and narrows with confidence', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, f) => {
        const x = Math.round(f * n);
        const ci = wilsonInterval(x, n);
        expect(ci.low).toBeGreaterThanOrEqual(0);
        expect(ci.high).toBeLessThanOrEqual(1);
        expect(ci.low).toBeLessThanOrEqual(ci.estimate + 1e-15);
        expect(ci.high).toBeGreaterThanOrEqual(ci.estimate - 1e-15);
        const ci90 = wilsonInterval(x, n, 0.9);
        expect(ci90.high - ci90.low).toBeLessThanOrEqual(ci.high - ci.low + 1e-15);
      }),
    );
    expect(wilsonInterval(20, 20).high).toBe(1);
  });

  it('rejects impossible input', () => {
    expect(() => wilsonInterval(1, 0)).toThrow(RangeError);
    expect(() => wilsonInterval(5, 4)).toThrow(RangeError);
    expect(() => wilsonInterval(-1, 4)).toThrow(RangeError);
    expect(() => wilsonInterval(1, 4, 1)).toThrow(RangeError);
  });
});

describe('normal helpers', () => {
  it('quantiles and p-values', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 12);
    expect(zForConfidence(0.99)).toBeCloseTo(2.5758293035489, 11);
    expect(twoSidedPValue(1.959963984540054)).toBeCloseTo(0.05, 12);
    expect(twoSidedPValue(0)).toBe(1);
    expect(twoSidedPValue(Infinity)).toBe(0);
    expect(studentTQuantile(0.975, 39)).toBeCloseTo(2.0226909117347285, 7);
    expect(studentTQuantile(0.975, Infinity)).toBeCloseTo(1.959963984540054, 12);
    expect(() => normalQuantile(0)).toThrow(RangeError);
    expect(() => twoSidedPValue(NaN)).toThrow(RangeError);
  });
});

describe('z-tests', () => {
  it('difference of proportions, pooled (hand computed)', () => {
    // 45/100 vs 60/100: pooled p = 0.525, se = √(0.525·0.475·0.02) = 0.0706222; z = 0.15/se = 2.12398
    const r = differenceOfProportionsTest(45, 100, 60, 100);
    expect(r.difference).toBeCloseTo(0.15, 15);
    expect(r.se).toBeCloseTo(Math.sqrt(0.525 * 0.475 * 0.02), 15);
    expect(r.z).toBeCloseTo(2.1239769762143, 10);
    expect(r.pValue).toBeCloseTo(0.0336717, 6);
    expect(r.significant).toBe(true);
    const u = differenceOfProportionsTest(45, 100, 60, 100, { pooled: false });
    expect(u.se).toBeCloseTo(Math.sqrt((0.45 * 0.55) / 100 + (0.6 * 0.4) / 100), 15);
  });

  it('difference of means', () => {
    // means 10 (sd 4, n 64) vs 11 (sd 3, n 36): se = √(16/64 + 9/36) = √0.5, z = 1.41421
    const r = differenceOfMeansTest({ mean: 10, sd: 4, n: 64 }, { mean: 11, sd: 3, n: 36 });
    expect(r.se).toBeCloseTo(Math.SQRT1_2, 15);
    expect(r.z).toBeCloseTo(Math.SQRT2, 12);
    expect(r.pValue).toBeCloseTo(0.1572992, 6);
    expect(r.significant).toBe(false);
  });

  it('change between waves and its edge cases', () => {
    expect(changeTest(0.5, 0.02, 0.58, 0.03).se).toBeCloseTo(Math.sqrt(0.0013), 15);
    expect(isChangeSignificant(0.5, 0.02, 0.58, 0.03)).toBe(true); // z = 2.2188
    expect(isChangeSignificant(0.5, 0.02, 0.55, 0.03)).toBe(false); // z = 1.3868
    expect(changeTest(1, 0, 1, 0)).toMatchObject({ z: 0, pValue: 1, significant: false });
    expect(changeTest(1, 0, 2, 0)).toMatchObject({ z: Infinity, pValue: 0, significant: true });
    expect(() => changeTest(1, -0.1, 2, 0)).toThrow(RangeError);
    expect(() => changeTest(NaN, 0.1, 2, 0)).toThrow(RangeError);
    expect(() => changeTest(1, 0.1, 2, 0.1, 0)).toThrow(RangeError);
  });
});
