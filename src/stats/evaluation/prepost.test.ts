import { describe, expect, it } from 'vitest';
import ref from './fixtures/prepost.json' with { type: 'json' };
import { EvaluationError } from './errors.ts';
import { PRE_POST_DESIGN, estimatePrePost } from './prepost.ts';

describe('estimatePrePost', () => {
  it('matches R t.test(post, pre, paired = TRUE) (fixtures/prepost.json)', () => {
    const r = estimatePrePost(ref.pre, ref.post);
    expect(r.design).toBe(PRE_POST_DESIGN);
    expect(r.design).toBe('pre-post (no comparison group)');
    expect(r.n).toBe(ref.pre.length);
    expect(r.df).toBe(ref.df);
    expect(r.estimate).toBeCloseTo(ref.estimate, 12);
    expect(r.se).toBeCloseTo(ref.se, 12);
    expect(r.ciLow).toBeCloseTo(ref.ci_low, 12);
    expect(r.ciHigh).toBeCloseTo(ref.ci_high, 12);
    expect(Math.abs(r.pValue - ref.p) / ref.p).toBeLessThan(1e-10);
    expect(r.correlation).toBeCloseTo(ref.correlation, 12);
  });

  it('a hand-worked example', () => {
    // changes 1, 2, 3, 4, 5: mean 3, sd √2.5, se √0.5
    const r = estimatePrePost([10, 10, 10, 10, 10], [11, 12, 13, 14, 15]);
    expect(r.estimate).toBe(3);
    expect(r.se).toBeCloseTo(Math.sqrt(0.5), 14);
    expect(r.ciLow).toBeCloseTo(3 - 2.776445105197793 * Math.sqrt(0.5), 12);
    expect(r.correlation).toBeNull(); // pre is constant
  });

  it('needs two participants and paired arrays', () => {
    expect(() => estimatePrePost([1], [2])).toThrow(EvaluationError);
    expect(() => estimatePrePost([1, 2], [2])).toThrow(EvaluationError);
  });
});
