import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { weightDiagnostics } from './diagnostics.ts';

describe('weightDiagnostics', () => {
  it('hand-computed example', () => {
    // w = 1, 1, 2, 4: n = 4, Σw = 8, Σw² = 22, mean = 2.
    // deff = 4·22/64 = 1.375; ESS = 64/22 = 2.909…; SD (divisor n) = √((1+1+0+4)/4) = √1.5; CV = √1.5/2.
    const d = weightDiagnostics([1, 1, 2, 4]);
    expect(d).toMatchObject({ n: 4, sum: 8, min: 1, max: 4, mean: 2, ratio: 4 });
    expect(d.deff).toBeCloseTo(1.375, 15);
    expect(d.ess).toBeCloseTo(64 / 22, 14);
    expect(d.cv).toBeCloseTo(Math.sqrt(1.5) / 2, 15);
  });

  it('equal weights: deff 1, ESS n', () => {
    const d = weightDiagnostics(new Float64Array(10).fill(3.5));
    expect(d.deff).toBeCloseTo(1, 15);
    expect(d.ess).toBeCloseTo(10, 13);
    expect(d.cv).toBe(0);
  });

  it('deff = 1 + CV² and 1 ≤ ESS ≤ n', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.01, max: 1000, noNaN: true }), { minLength: 1, maxLength: 200 }), (w) => {
        const d = weightDiagnostics(w);
        expect(d.deff).toBeCloseTo(1 + d.cv * d.cv, 9);
        expect(d.ess).toBeLessThanOrEqual(w.length * (1 + 1e-12));
        expect(d.ess).toBeGreaterThanOrEqual(1 - 1e-12);
      }),
    );
  });

  it('rejects invalid weights', () => {
    expect(() => weightDiagnostics([])).toThrow(/at least one/);
    expect(() => weightDiagnostics([1, -1])).toThrow(/weight 2/);
    expect(() => weightDiagnostics([0, 0])).toThrow(/all be zero/);
    expect(() => weightDiagnostics([1, NaN])).toThrow(/weight 2/);
  });
});
