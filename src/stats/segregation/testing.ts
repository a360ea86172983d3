/**
 * Test helpers: fast-check generators and naive reference implementations
 * written straight from the published formulas (O(n²) where the formula is).
 * Used only by the colocated tests.
 */
import fc from 'fast-check';
import type { CountsMatrix, TwoGroupCounts } from './types.ts';

/** Two-group data with whole-number counts; Y > 0 and X > 0. */
export function twoGroupArbitrary(maxAreas = 30, maxCount = 60): fc.Arbitrary<TwoGroupCounts> {
  return fc
    .array(fc.tuple(fc.integer({ min: 0, max: maxCount }), fc.integer({ min: 0, max: maxCount })), {
      minLength: 1,
      maxLength: maxAreas,
    })
    .filter((rows) => rows.some(([y]) => y > 0) && rows.some(([, x]) => x > 0))
    .map((rows) => ({ y: Float64Array.from(rows, (r) => r[0]), x: Float64Array.from(rows, (r) => r[1]) }));
}

/** A counts matrix with 2..maxGroups groups, at least two of them present. */
export function matrixArbitrary(maxAreas = 25, maxGroups = 5, maxCount = 40): fc.Arbitrary<CountsMatrix> {
  return fc.integer({ min: 2, max: maxGroups }).chain((g) =>
    fc
      .array(fc.array(fc.integer({ min: 0, max: maxCount }), { minLength: g, maxLength: g }), {
        minLength: 1,
        maxLength: maxAreas,
      })
      .filter((rows) => {
        const present = new Set<number>();
        rows.forEach((r) => r.forEach((v, j) => v > 0 && present.add(j)));
        return present.size >= 2;
      })
      .map((rows) => ({
        areas: rows.length,
        groups: Array.from({ length: g }, (_, j) => `g${j}`),
        counts: Float64Array.from(rows.flat()),
      })),
  );
}

/** The same data with its areas in another order. */
export function permuteTwoGroup(c: TwoGroupCounts, order: readonly number[]): TwoGroupCounts {
  return { y: Float64Array.from(order, (i) => c.y[i]), x: Float64Array.from(order, (i) => c.x[i]) };
}

/** Naive O(n²) Gini: Σ_i Σ_j t_i t_j |p_i − p_j| / (2 T² P (1 − P)). */
export function naiveGini(c: TwoGroupCounts): number {
  const n = c.y.length;
  let Y = 0;
  let T = 0;
  for (let i = 0; i < n; i++) {
    Y += c.y[i];
    T += c.y[i] + c.x[i];
  }
  const P = Y / T;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const ti = c.y[i] + c.x[i];
    if (ti === 0) continue;
    for (let j = 0; j < n; j++) {
      const tj = c.y[j] + c.x[j];
      if (tj === 0) continue;
      sum += ti * tj * Math.abs(c.y[i] / ti - c.y[j] / tj);
    }
  }
  return sum / (2 * T * T * P * (1 - P));
}

/** Reardon & Firebaugh (2002) indices computed literally (naive O(M n²) Gini). */
export function naiveMultiGroup(m: CountsMatrix): {
  D: number;
  G: number;
  H: number;
  P: number;
  C: number;
  I: number;
  E: number;
} {
  const g = m.groups.length;
  const t = Array.from({ length: m.areas }, (_, a) => {
    let s = 0;
    for (let j = 0; j < g; j++) s += m.counts[a * g + j];
    return s;
  });
  const T = t.reduce((s, v) => s + v, 0);
  const pi = Array.from({ length: g }, (_, j) => {
    let s = 0;
    for (let a = 0; a < m.areas; a++) s += m.counts[a * g + j];
    return s / T;
  });
  const share = (a: number, j: number) => m.counts[a * g + j] / t[a];
  const present = pi.filter((v) => v > 0).length;
  const I = pi.reduce((s, v) => s + v * (1 - v), 0);
  const E = pi.reduce((s, v) => (v > 0 ? s - v * Math.log(v) : s), 0);
  let D = 0;
  let G = 0;
  let H = 0;
  let P = 0;
  let C = 0;
  for (let j = 0; j < g; j++) {
    if (pi[j] === 0) continue;
    for (let a = 0; a < m.areas; a++) {
      if (t[a] === 0) continue;
      const s = share(a, j);
      D += t[a] * Math.abs(s - pi[j]);
      if (s > 0) H += t[a] * s * Math.log(s / pi[j]);
      P += (t[a] * (s - pi[j]) ** 2) / (1 - pi[j]);
      C += (t[a] * (s - pi[j]) ** 2) / pi[j];
      for (let b = 0; b < m.areas; b++) {
        if (t[b] === 0) continue;
        G += t[a] * t[b] * Math.abs(s - share(b, j));
      }
    }
  }
  return {
    D: D / (2 * T * I),
    G: G / (2 * T * T * I),
    H: H / (T * E),
    P: P / T,
    C: C / ((present - 1) * T),
    I,
    E,
  };
}

/** Every number reachable inside a value (objects, arrays, typed arrays). */
export function collectNumbers(value: unknown, out: number[] = []): number[] {
  if (typeof value === 'number') out.push(value);
  else if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const view = value as unknown as ArrayLike<number>;
    for (let k = 0; k < view.length; k++) out.push(Number(view[k]));
  } else if (Array.isArray(value)) value.forEach((v) => collectNumbers(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => collectNumbers(v, out));
  return out;
}
