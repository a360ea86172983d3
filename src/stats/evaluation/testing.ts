/**
 * Test helpers for the evaluation library: seeded synthetic data (through the
 * project's one generator, src/stats/random.ts), a brute-force reference
 * matcher, and comparison helpers. Used only by the *.test.ts files.
 */
import { expect } from 'vitest';
import { createRng, type Rng } from '../random.ts';
import { coefficient, type WlsFit } from './regression.ts';
import { exactStrata, sampleSd, type MatchOptions } from './matching.ts';

/** A seeded source of uniforms, normals and Bernoulli draws. */
export interface Draws {
  uniform(): number;
  normal(): number;
  bernoulli(p: number): number;
  int(n: number): number;
}

export function draws(seed: number): Draws {
  const rng: Rng = createRng(seed);
  let spare: number | null = null;
  return {
    uniform: () => rng.next(),
    normal(): number {
      if (spare !== null) {
        const v = spare;
        spare = null;
        return v;
      }
      const u = 1 - rng.next(); // (0, 1]
      const v = rng.next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
    bernoulli: (p: number) => (rng.next() < p ? 1 : 0),
    int: (n: number) => Math.floor(rng.next() * n),
  };
}

/** Largest absolute difference between two equal-length arrays. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** Largest relative difference |a − b| / max(|b|, floor). */
export function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>, floor = 1e-12): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]) / Math.max(Math.abs(b[i]), floor));
  return m;
}

/**
 * The matching rules of matching.ts written as directly as possible, in
 * O(n_t · n · k): treated by descending score (ties by row); k rounds; each
 * takes the unused control of its stratum with the smallest |difference|,
 * the lowest row on ties; pairs beyond the caliper are refused. Returns the
 * match matrix (treated in row order × ratio, −1 = none).
 */
export function bruteForceMatch(
  treat: ArrayLike<number>,
  ps: ArrayLike<number>,
  options: MatchOptions = {},
): Int32Array {
  const n = treat.length;
  const ratio = options.ratio ?? 1;
  const strata = exactStrata(n, options.exact);
  const caliper = options.caliper === undefined ? Infinity : options.caliper * sampleSd(ps);
  const treated: number[] = [];
  for (let i = 0; i < n; i++) if (treat[i] === 1) treated.push(i);
  const order = [...treated].sort((a, b) => ps[b] - ps[a] || a - b);
  const used = new Uint8Array(n);
  const matrix = new Int32Array(treated.length * ratio).fill(-1);
  for (let r = 0; r < ratio; r++) {
    for (const t of order) {
      let best = -1;
      let bestD = Infinity;
      for (let c = 0; c < n; c++) {
        if (treat[c] !== 0 || used[c] || strata[c] !== strata[t]) continue;
        const d = Math.abs(ps[t] - ps[c]);
        if (d < bestD) {
          bestD = d;
          best = c;
        }
      }
      if (best < 0 || bestD > caliper) continue;
      used[best] = 1;
      matrix[treated.indexOf(t) * ratio + r] = best;
    }
  }
  return matrix;
}

/** A coefficient table as the R fixtures store it. */
export interface RTable {
  names: string[];
  estimate: number[];
  se: number[];
  p: number[];
  ci_low: number[];
  ci_high: number[];
  df: number;
}

/** Compares every coefficient of an R table (by name) with a fit; returns the largest relative difference. */
export function compareTable(fit: WlsFit, r: RTable, rename: (name: string) => string = (s) => s, tol = 1e-9): number {
  expect(fit.df).toBe(r.df);
  let worst = 0;
  r.names.forEach((rName, j) => {
    const c = coefficient(fit, rename(rName));
    const pairs: [number, number][] = [
      [c.estimate, r.estimate[j]],
      [c.se, r.se[j]],
      [c.pValue, r.p[j]],
      [c.ciLow, r.ci_low[j]],
      [c.ciHigh, r.ci_high[j]],
    ];
    for (const [a, b] of pairs) {
      const rel = Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
      worst = Math.max(worst, rel);
      expect(rel).toBeLessThan(tol);
    }
  });
  return worst;
}
