import { describe, expect, it } from 'vitest';
import {
  createDraws,
  createRng,
  cumulativeProbabilities,
  logFactorial,
  logFallingFactorial,
  randomInt,
  sampleBinomial,
  sampleHypergeometric,
} from './random.ts';

function moments(values: number[]): { mean: number; variance: number } {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1);
  return { mean, variance };
}

describe('createRng (xoshiro128**)', () => {
  it('is deterministic per seed and differs between seeds', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const sa = Array.from({ length: 5 }, () => a.nextUint32());
    expect(Array.from({ length: 5 }, () => b.nextUint32())).toEqual(sa);
    expect(Array.from({ length: 5 }, () => c.nextUint32())).not.toEqual(sa);
  });

  it('accepts large and negative safe-integer seeds, rejects others', () => {
    expect(createRng(2 ** 40 + 3).next()).not.toBe(createRng(3).next());
    expect(createRng(-1).next()).toBeGreaterThanOrEqual(0);
    expect(() => createRng(1.5)).toThrow(RangeError);
    expect(() => createRng(Number.NaN)).toThrow(RangeError);
  });

  it('gives uniform doubles in [0, 1)', () => {
    const rng = createRng(1);
    const values = Array.from({ length: 20000 }, () => rng.next());
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const { mean, variance } = moments(values);
    expect(mean).toBeCloseTo(0.5, 2);
    expect(variance).toBeCloseTo(1 / 12, 2);
    const buckets = new Array(10).fill(0);
    values.forEach((v) => buckets[Math.floor(v * 10)]++);
    for (const b of buckets) expect(Math.abs(b - 2000)).toBeLessThan(200);
  });

  it('randomInt stays in range', () => {
    const rng = createRng(9);
    for (let i = 0; i < 1000; i++) {
      const k = randomInt(rng, 7);
      expect(Number.isInteger(k) && k >= 0 && k < 7).toBe(true);
    }
  });
});

describe('logFactorial', () => {
  it('is exact for small n and accurate beyond the table', () => {
    expect(logFactorial(0)).toBe(0);
    expect(logFactorial(1)).toBe(0);
    expect(logFactorial(5)).toBeCloseTo(Math.log(120), 12);
    let direct = 0;
    for (let k = 2; k <= 1000; k++) direct += Math.log(k);
    expect(logFactorial(1000)).toBeCloseTo(direct, 8);
    expect(logFactorial(255) + Math.log(256)).toBeCloseTo(logFactorial(256), 10);
  });
});

describe('logFallingFactorial', () => {
  it('equals ln(a!/(a−k)!) on every route', () => {
    for (const [a, k] of [
      [10, 3],
      [5000, 4],
      [100_000, 50],
      [56_000_000, 300],
      [56_000_000, 0],
      [1_000_000, 999],
      [2_000_000, 5000],
    ] as const) {
      let direct = 0;
      for (let j = 0; j < k; j++) direct += Math.log(a - j);
      expect(logFallingFactorial(a, k)).toBeCloseTo(direct, 8);
    }
  });
});

describe('sampleBinomial', () => {
  it('has mean n p and variance n p (1 − p)', () => {
    for (const [n, p] of [
      [20, 0.3],
      [1000, 0.02],
      [5000, 0.5],
    ] as const) {
      const rng = createRng(n);
      const draws = Array.from({ length: 20000 }, () => sampleBinomial(rng, n, p));
      const { mean, variance } = moments(draws);
      expect(Math.abs(mean - n * p)).toBeLessThan(4 * Math.sqrt((n * p * (1 - p)) / 20000) + 1e-9);
      expect(variance / (n * p * (1 - p))).toBeGreaterThan(0.93);
      expect(variance / (n * p * (1 - p))).toBeLessThan(1.07);
      expect(draws.every((k) => Number.isInteger(k) && k >= 0 && k <= n)).toBe(true);
    }
  });

  it('handles the edges', () => {
    const rng = createRng(1);
    expect(sampleBinomial(rng, 0, 0.5)).toBe(0);
    expect(sampleBinomial(rng, 10, 0)).toBe(0);
    expect(sampleBinomial(rng, 10, 1)).toBe(10);
    expect(() => sampleBinomial(rng, -1, 0.5)).toThrow(RangeError);
    expect(() => sampleBinomial(rng, 3, 1.5)).toThrow(RangeError);
  });
});

describe('sampleHypergeometric', () => {
  it('has the hypergeometric mean and variance', () => {
    for (const [N, K, n] of [
      [50, 20, 10],
      [56_000_000, 450_000, 300], // national-scale population, one output area
      [1000, 900, 950],
    ] as const) {
      const rng = createRng(K);
      const draws = Array.from({ length: 20000 }, () => sampleHypergeometric(rng, N, K, n));
      const { mean, variance } = moments(draws);
      const p = K / N;
      const expectedVar = n * p * (1 - p) * ((N - n) / (N - 1));
      expect(Math.abs(mean - n * p)).toBeLessThan(4 * Math.sqrt(expectedVar / 20000));
      expect(variance / expectedVar).toBeGreaterThan(0.92);
      expect(variance / expectedVar).toBeLessThan(1.08);
      const lo = Math.max(0, n - (N - K));
      expect(draws.every((k) => Number.isInteger(k) && k >= lo && k <= Math.min(n, K))).toBe(true);
    }
  });

  it('handles degenerate cases exactly', () => {
    const rng = createRng(1);
    expect(sampleHypergeometric(rng, 10, 0, 5)).toBe(0);
    expect(sampleHypergeometric(rng, 10, 10, 5)).toBe(5);
    expect(sampleHypergeometric(rng, 10, 4, 10)).toBe(4);
    expect(sampleHypergeometric(rng, 10, 4, 0)).toBe(0);
    expect(() => sampleHypergeometric(rng, 10, 11, 1)).toThrow(RangeError);
  });
});

describe('createDraws (synthetic data)', () => {
  it('uses one 32-bit word of the seeded generator per uniform, so generated data never shifts', () => {
    const draws = createDraws(2024);
    const words = createRng(2024);
    for (let i = 0; i < 5; i++) expect(draws.next()).toBe(words.nextUint32() / 4294967296);
    // The seed is truncated to its low 32 bits, as the demo generator always did.
    expect(createDraws(-1).next()).toBe(createDraws(4294967295).next());
    expect(createDraws(7.9).next()).toBe(createDraws(7).next());
    expect(() => createDraws(NaN)).toThrow(RangeError);
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const a = createDraws(42);
    const b = createDraws(42);
    const c = createDraws(43);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
  });

  it('produces uniforms in [0,1) with plausible moments', () => {
    const r = createDraws(1);
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

  it('below, int, normal, pickIndex, pick and shuffle behave', () => {
    const r = createDraws(7);
    const counts = [0, 0, 0];
    const cum = cumulativeProbabilities([1, 2, 7]);
    let ns = 0;
    let ns2 = 0;
    const N = 100_000;
    const ints = new Set<number>();
    for (let i = 0; i < N; i++) {
      const k = r.below(6);
      expect(Number.isInteger(k) && k >= 0 && k < 6).toBe(true);
      const j = r.int(12, 16);
      expect(Number.isInteger(j) && j >= 12 && j <= 16).toBe(true);
      ints.add(j);
      counts[r.pickIndex(cum)]++;
      const z = r.normal();
      ns += z;
      ns2 += z * z;
    }
    expect([...ints].sort()).toEqual([12, 13, 14, 15, 16]);
    expect(counts[0] / N).toBeCloseTo(0.1, 1);
    expect(counts[2] / N).toBeCloseTo(0.7, 1);
    expect(ns / N).toBeCloseTo(0, 1);
    expect(ns2 / N).toBeCloseTo(1, 1);
    expect(['a', 'b', 'c']).toContain(r.pick(['a', 'b', 'c']));
    const items = Array.from({ length: 20 }, (_, i) => i);
    const shuffled = r.shuffle(items);
    expect(shuffled).not.toEqual(items);
    expect([...shuffled].sort((x, y) => x - y)).toEqual(items);
    expect(() => r.below(0)).toThrow(RangeError);
    expect(() => cumulativeProbabilities([0, 0])).toThrow(RangeError);
    expect(() => cumulativeProbabilities([1, -1])).toThrow(RangeError);
  });
});
