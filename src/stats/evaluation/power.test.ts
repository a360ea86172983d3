import { describe, expect, it } from 'vitest';
import { EvaluationError } from './errors.ts';
import { designEffect, mdeDid, mdeMean, mdeMultiplier, mdePrePost, mdeProportion } from './power.ts';
import { studentTQuantile } from './distributions.ts';

describe('MDE multiplier (Bloom 1995)', () => {
  it('is 2.80 for α = 0.05 two-sided and 80% power', () => {
    expect(mdeMultiplier().multiplier).toBeCloseTo(1.959963984540054 + 0.8416212335729143, 13);
    expect(mdeMultiplier({ twoSided: false }).multiplier).toBeCloseTo(1.6448536269514722 + 0.8416212335729143, 13);
    expect(mdeMultiplier({ power: 0.9, alpha: 0.01 }).multiplier).toBeCloseTo(
      2.5758293035489004 + 1.2815515655446004,
      13,
    );
    expect(mdeMultiplier({ df: 20 }).multiplier).toBeCloseTo(
      studentTQuantile(0.975, 20) + studentTQuantile(0.8, 20),
      13,
    );
  });

  it('design effect from ICC and cluster size', () => {
    expect(designEffect({ icc: 0.05, clusterSize: 21 })).toBeCloseTo(2, 14);
    expect(designEffect({ designEffect: 1.7 })).toBe(1.7);
    expect(designEffect({})).toBe(1);
    expect(() => designEffect({ icc: 0.05 })).toThrow(EvaluationError);
  });
});

describe('minimum detectable effects', () => {
  const M = 1.959963984540054 + 0.8416212335729143;

  it('difference in means: M·σ·√(1/n_T + 1/n_C), inflated by √deff', () => {
    const r = mdeMean({ sd: 1, nTreated: 100, nControl: 100 });
    expect(r.mde).toBeCloseTo(M * Math.sqrt(0.02), 13);
    expect(r.mde).toBeCloseTo(0.3962, 4);
    const c = mdeMean({ sd: 10, nTreated: 100, nControl: 100, icc: 0.05, clusterSize: 21 });
    expect(c.mde).toBeCloseTo(10 * M * Math.sqrt(0.02 * 2), 12);
    expect(c.standardisedMde).toBeCloseTo(M * Math.sqrt(0.04), 12);
  });

  it('difference in proportions solves δ = M·SE(δ) with the treated variance at p₀ + δ', () => {
    const r = mdeProportion({ baseline: 0.3, nTreated: 400, nControl: 600 });
    const p1 = 0.3 + r.mde;
    expect(r.mde).toBeCloseTo(M * Math.sqrt((p1 * (1 - p1)) / 400 + (0.3 * 0.7) / 600), 12);
    expect(r.se).toBeCloseTo(r.mde / M, 12);
    const down = mdeProportion({ baseline: 0.3, nTreated: 400, nControl: 600, direction: 'decrease' });
    const p1d = 0.3 - down.mde;
    expect(down.mde).toBeCloseTo(M * Math.sqrt((p1d * (1 - p1d)) / 400 + 0.21 / 600), 12);
    expect(down.mde).toBeLessThan(r.mde); // variance shrinks towards 0
    expect(() => mdeProportion({ baseline: 0.5, nTreated: 1, nControl: 1 })).toThrow(EvaluationError);
  });

  it('DiD with correlation ρ: √(2(1 − ρ)) times the two-group SE; ρ = ½ gives the two-group MDE', () => {
    const two = mdeMean({ sd: 2, nTreated: 150, nControl: 250 });
    expect(mdeDid({ sd: 2, nTreated: 150, nControl: 250, correlation: 0.5 }).mde).toBeCloseTo(two.mde, 13);
    expect(mdeDid({ sd: 2, nTreated: 150, nControl: 250 }).mde).toBeCloseTo(two.mde * Math.SQRT2, 13);
    expect(mdeDid({ sd: 2, nTreated: 150, nControl: 250, correlation: 0.8, designEffect: 1.5 }).mde).toBeCloseTo(
      two.mde * Math.sqrt(2 * 0.2 * 1.5),
      13,
    );
  });

  it('pre-post: M·σ·√(2(1 − ρ)/n)', () => {
    expect(mdePrePost({ sd: 1, n: 100, correlation: 0.5 }).mde).toBeCloseTo(M * 0.1, 13);
    expect(() => mdePrePost({ sd: 1, n: 100, correlation: 1 })).toThrow(EvaluationError);
    expect(() => mdePrePost({ sd: 0, n: 100 })).toThrow(EvaluationError);
  });
});
