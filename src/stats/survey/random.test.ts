import { describe, expect, it } from 'vitest';
import { createRng, cumulativeProbabilities } from './random.ts';

describe('createRng', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
  });

  it('produces uniforms in [0,1) with plausible moments', () => {
    const r = createRng(1);
    let s = 0;
    let s2 = 0;
    const N = 200_000;
    for (let i = 0; i < N; i++) {
      const u = r.next();
      expect(u >= 0 && u < 1).toBe(true);
      s += u;
      s2 += u * u;
    }
    expect(s / N).toBeCloseTo(0.5, 2);
    expect(s2 / N - (s / N) ** 2).toBeCloseTo(1 / 12, 2);
  });

  it('int, normal and pick behave', () => {
    const r = createRng(7);
    const counts = [0, 0, 0];
    const cum = cumulativeProbabilities([1, 2, 7]);
    let ns = 0;
    let ns2 = 0;
    const N = 100_000;
    for (let i = 0; i < N; i++) {
      const k = r.int(6);
      expect(Number.isInteger(k) && k >= 0 && k < 6).toBe(true);
      counts[r.pick(cum)]++;
      const z = r.normal();
      ns += z;
      ns2 += z * z;
    }
    expect(counts[0] / N).toBeCloseTo(0.1, 1);
    expect(counts[2] / N).toBeCloseTo(0.7, 1);
    expect(ns / N).toBeCloseTo(0, 1);
    expect(ns2 / N).toBeCloseTo(1, 1);
    expect(() => r.int(0)).toThrow(RangeError);
    expect(() => createRng(NaN)).toThrow(RangeError);
    expect(() => cumulativeProbabilities([0, 0])).toThrow(RangeError);
  });
});
