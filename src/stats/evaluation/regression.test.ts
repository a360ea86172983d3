import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import ref from './fixtures/did.json' with { type: 'json' };
import { EvaluationError } from './errors.ts';
import { fitWls } from './regression.ts';
import { compareTable, draws, maxRelDiff } from './testing.ts';

const rows = ref.did_rows;
const pick = <T>(v: T[]): T[] => rows.map((i) => v[i]);
const y = pick(ref.data.y);
const treat = pick(ref.data.treat);
const post = pick(ref.data.post);
const x = pick(ref.data.x);
const id = pick(ref.data.id);
const weight = pick(ref.data.weight);
const inter = treat.map((t, i) => t * post[i]);
const covs = { treat, post, 'treat:post': inter, x };

describe('fitWls against R lm + sandwich (fixtures/did.json)', () => {
  it('weighted, classical variance (summary.lm)', () => {
    compareTable(fitWls(y, covs, { weights: weight, variance: 'classical' }), ref.did_weighted_classical);
  });

  it('weighted, HC1 (vcovHC type = "HC1") with N − K df', () => {
    compareTable(fitWls(y, covs, { weights: weight, variance: 'HC1' }), ref.did_weighted_hc1);
  });

  it('weighted, CR1 (vcovCL type = "HC1") with G − 1 df', () => {
    const fit = fitWls(y, covs, { weights: weight, cluster: id });
    expect(fit.variance).toBe('CR1');
    expect(fit.clusters).toBe(120);
    compareTable(fit, ref.did_weighted_cr1);
  });

  it('unweighted HC1 and CR1', () => {
    compareTable(fitWls(y, covs), ref.did_hc1);
    compareTable(fitWls(y, covs, { cluster: id }), ref.did_cr1);
  });
});

describe('fitWls properties', () => {
  const seeds = fc.integer({ min: 0, max: 2 ** 31 - 1 });

  function randomData(seed: number): { yy: number[]; a: number[]; b: number[]; g: number[]; w: number[] } {
    const d = draws(seed);
    const n = 12 + d.int(80);
    const a = Array.from({ length: n }, () => d.normal());
    const b = Array.from({ length: n }, () => d.bernoulli(0.5));
    const g = Array.from({ length: n }, () => d.int(2 + d.int(8)));
    const yy = a.map((v, i) => 1 + 2 * v - b[i] + d.normal() * (1 + Math.abs(v)));
    const w = a.map(() => 0.2 + 3 * d.uniform());
    if (new Set(g).size < 2) g[0] = g[0] === 0 ? 1 : 0;
    if (new Set(b).size < 2) b[0] = 1 - b[0];
    return { yy, a, b, g, w };
  }

  it('equal weights give OLS, for every variance type', () => {
    fc.assert(
      fc.property(seeds, fc.double({ min: 0.01, max: 100, noNaN: true }), (seed, c) => {
        const { yy, a, b, g } = randomData(seed);
        for (const variance of ['classical', 'HC1', 'CR1'] as const) {
          const cluster = variance === 'CR1' ? g : undefined;
          const ols = fitWls(yy, { a, b }, { variance, cluster });
          const wls = fitWls(yy, { a, b }, { variance, cluster, weights: yy.map(() => c) });
          expect(maxRelDiff(wls.coefficients, ols.coefficients, 1e-8)).toBeLessThan(1e-9);
          expect(maxRelDiff(wls.se, ols.se, 1e-8)).toBeLessThan(1e-9);
        }
      }),
      { numRuns: 80, seed: 3 },
    );
  });

  it('integer weights give the coefficients of replicated rows', () => {
    fc.assert(
      fc.property(seeds, (seed) => {
        const { yy, a, b } = randomData(seed);
        const k = yy.map((_, i) => 1 + (i % 3));
        const idx: number[] = [];
        k.forEach((m, i) => {
          for (let j = 0; j < m; j++) idx.push(i);
        });
        const wls = fitWls(yy, { a, b }, { weights: k });
        const rep = fitWls(
          idx.map((i) => yy[i]),
          { a: idx.map((i) => a[i]), b: idx.map((i) => b[i]) },
        );
        expect(maxRelDiff(wls.coefficients, rep.coefficients, 1e-8)).toBeLessThan(1e-9);
      }),
      { numRuns: 50, seed: 5 },
    );
  });
});

describe('fitWls errors', () => {
  it('collinear covariates, too few rows, one cluster, bad weights', () => {
    const code = (fn: () => unknown): string => {
      try {
        fn();
      } catch (e) {
        if (e instanceof EvaluationError) return e.code;
        throw e;
      }
      return 'none';
    };
    expect(code(() => fitWls([1, 2, 3, 4], { a: [1, 2, 3, 4], b: [2, 4, 6, 8] }))).toBe('SINGULAR');
    expect(code(() => fitWls([1, 2], { a: [1, 2] }))).toBe('INSUFFICIENT_DATA');
    expect(code(() => fitWls([1, 2, 4], { a: [1, 2, 2] }, { cluster: [1, 1, 1] }))).toBe('INSUFFICIENT_DATA');
    expect(code(() => fitWls([1, 2, 4], { a: [1, 2, 2] }, { weights: [1, -1, 1] }))).toBe('INVALID_INPUT');
    expect(code(() => fitWls([1, 2, 4], { a: [1, 2, 2] }, { variance: 'CR1' }))).toBe('INVALID_INPUT');
  });
});
