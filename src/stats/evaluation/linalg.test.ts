import { describe, expect, it } from 'vitest';
import {
  cholesky,
  choleskyInverse,
  choleskySolve,
  sandwichProduct,
  standardiseDesign,
  weightedGram,
} from './linalg.ts';
import { maxAbsDiff } from './testing.ts';

const A = Float64Array.from([4, 2, 0.4, 2, 10, 1, 0.4, 1, 3]);

describe('Cholesky helpers', () => {
  it('factorises, solves and inverts a small SPD matrix', () => {
    const c = cholesky(A, 3);
    expect(c.ok).toBe(true);
    if (!c.ok) return;
    const L = c.factor;
    // L Lᵀ = A
    const back = new Float64Array(9);
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) for (let k = 0; k < 3; k++) back[i * 3 + j] += L[i * 3 + k] * L[j * 3 + k];
    expect(maxAbsDiff(back, A)).toBeLessThan(1e-14);
    const x = choleskySolve(L, 3, [1, 2, 3]);
    const Ax = [0, 1, 2].map((i) => A[i * 3] * x[0] + A[i * 3 + 1] * x[1] + A[i * 3 + 2] * x[2]);
    expect(maxAbsDiff(Ax, [1, 2, 3])).toBeLessThan(1e-14);
    const inv = choleskyInverse(L, 3);
    const I = sandwichProduct(Float64Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1]), inv, 3);
    expect(maxAbsDiff(I, inv)).toBe(0);
    const prod = new Float64Array(9);
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) for (let k = 0; k < 3; k++) prod[i * 3 + j] += A[i * 3 + k] * inv[k * 3 + j];
    expect(maxAbsDiff(prod, [1, 0, 0, 0, 1, 0, 0, 0, 1])).toBeLessThan(1e-15);
  });

  it('reports the first dependent column', () => {
    // columns: 1, x, 2x + 1 → column 2 is dependent
    const x = [1, 2, 3, 5, 8];
    const d = standardiseDesign([x, x.map((v) => 2 * v + 1)], [1, 1, 1, 1, 1], 5);
    const c = cholesky(weightedGram(d.z, 5, 3, [1, 1, 1, 1, 1]), 3);
    expect(c).toEqual({ ok: false, column: 2 });
  });

  it('flags a constant covariate in standardisation', () => {
    const d = standardiseDesign(
      [
        [1, 2, 3],
        [7, 7, 7],
      ],
      [1, 1, 1],
      3,
    );
    expect(d.constantColumn).toBe(1);
  });
});
