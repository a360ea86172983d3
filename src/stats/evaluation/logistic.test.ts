import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import ref from './fixtures/logistic.json' with { type: 'json' };
import { EvaluationError } from './errors.ts';
import { fitLogistic, univariateSeparators } from './logistic.ts';
import { draws, maxAbsDiff, maxRelDiff } from './testing.ts';

const { y, age, female, dep, w } = ref.data;
const covs = { age, female, dep };

function codeOf(fn: () => unknown): { code: string; details: Readonly<Record<string, unknown>> } {
  try {
    fn();
  } catch (e) {
    if (e instanceof EvaluationError) return { code: e.code, details: e.details };
    throw e;
  }
  throw new Error('expected an EvaluationError');
}

describe('fitLogistic against R glm(family = binomial) (fixtures/logistic.json)', () => {
  it('unweighted: coefficients, SEs, fitted values and deviance', () => {
    const fit = fitLogistic(y, covs);
    expect(fit.converged).toBe(true);
    expect(fit.names).toEqual(['(Intercept)', 'age', 'female', 'dep']);
    expect(maxRelDiff(fit.coefficients, ref.unweighted.coefficients)).toBeLessThan(1e-8);
    expect(maxRelDiff(fit.se, ref.unweighted.se)).toBeLessThan(1e-8);
    expect(maxAbsDiff(fit.fitted, ref.unweighted.fitted)).toBeLessThan(1e-10);
    expect(Math.abs(fit.deviance - ref.unweighted.deviance)).toBeLessThan(1e-8);
    expect(Math.abs(fit.nullDeviance - ref.unweighted.null_deviance)).toBeLessThan(1e-8);
  });

  it('with prior weights', () => {
    const fit = fitLogistic(y, covs, { weights: w });
    expect(maxRelDiff(fit.coefficients, ref.weighted.coefficients)).toBeLessThan(1e-8);
    expect(maxRelDiff(fit.se, ref.weighted.se)).toBeLessThan(1e-8);
    expect(maxAbsDiff(fit.fitted, ref.weighted.fitted)).toBeLessThan(1e-10);
    expect(Math.abs(fit.deviance - ref.weighted.deviance)).toBeLessThan(1e-8);
  });

  it('integer prior weights equal replicating rows', () => {
    const rows: number[] = [];
    w.forEach((k, i) => {
      for (let j = 0; j < k; j++) rows.push(i);
    });
    const pick = (v: number[]) => rows.map((i) => v[i]);
    const a = fitLogistic(y, covs, { weights: w });
    const b = fitLogistic(pick(y), { age: pick(age), female: pick(female), dep: pick(dep) });
    expect(maxRelDiff(a.coefficients, b.coefficients)).toBeLessThan(1e-10);
    expect(maxRelDiff(a.se, b.se)).toBeLessThan(1e-10);
  });
});

describe('fitLogistic properties', () => {
  it('solves the score equations Σ w (y − μ) x = 0 on random data', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e9 }), fc.integer({ min: 30, max: 300 }), (seed, n) => {
        const d = draws(seed);
        const x1 = Array.from({ length: n }, () => d.normal());
        const x2 = Array.from({ length: n }, () => d.bernoulli(0.4));
        const wt = Array.from({ length: n }, () => 0.5 + d.uniform());
        const yy = x1.map((v, i) => d.bernoulli(1 / (1 + Math.exp(-(-0.3 + 0.8 * v - 0.5 * x2[i])))));
        let fit;
        try {
          fit = fitLogistic(yy, { x1, x2 }, { weights: wt });
        } catch (e) {
          // Small samples can be separated by chance; that must be reported as such.
          expect(e instanceof EvaluationError && e.code === 'SEPARATION').toBe(true);
          return;
        }
        for (const x of [null, x1, x2]) {
          let s = 0;
          for (let i = 0; i < n; i++) s += wt[i] * (yy[i] - fit.fitted[i]) * (x ? x[i] : 1);
          expect(Math.abs(s)).toBeLessThan(1e-8);
        }
      }),
      { numRuns: 60, seed: 20240513 },
    );
  });
});

describe('separation and collinearity', () => {
  const x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const noise = [0.3, -1.2, 0.8, 0.1, -0.4, 1.5, -0.7, 0.2, 0.9, -1.1];

  it('complete separation names the covariate', () => {
    const yy = x.map((v) => (v > 5 ? 1 : 0));
    const err = codeOf(() => fitLogistic(yy, { x, noise }));
    expect(err.code).toBe('SEPARATION');
    expect(err.details.covariates).toContain('x');
    expect(univariateSeparators(yy, { x, noise })).toEqual(['x']);
  });

  it('quasi-complete separation (a tie at the boundary) names the covariate', () => {
    const xq = [...x, 5];
    const yq = [...x.map((v) => (v > 5 ? 1 : 0)), 1]; // x = 5 has y = 0 and y = 1
    const err = codeOf(() => fitLogistic(yq, { x: xq, noise: [...noise, 0.05] }));
    expect(err.code).toBe('SEPARATION');
    expect(err.details.covariates).toContain('x');
  });

  it('a binary covariate that is 1 for every case separates', () => {
    const d = draws(3);
    const n = 200;
    const flag = Array.from({ length: n }, () => d.bernoulli(0.5));
    const z = Array.from({ length: n }, () => d.normal());
    const yy = flag.map((f, i) => (f === 1 ? d.bernoulli(1 / (1 + Math.exp(-z[i]))) : 0));
    const err = codeOf(() => fitLogistic(yy, { z, flag }));
    expect(err.code).toBe('SEPARATION');
    expect(err.details.covariates).toEqual(['flag']);
  });

  it('a constant outcome is reported as separation', () => {
    expect(
      codeOf(() =>
        fitLogistic(
          x.map(() => 1),
          { x },
        ),
      ).code,
    ).toBe('SEPARATION');
  });

  it('collinear and constant covariates are SINGULAR, named', () => {
    const yy = [0, 1, 0, 0, 1, 1, 0, 1, 1, 0];
    const err = codeOf(() => fitLogistic(yy, { x, noise, x2: x.map((v, i) => 2 * v - noise[i]) }));
    expect(err).toEqual({ code: 'SINGULAR', details: { covariates: ['x2'] } });
    const c = codeOf(() => fitLogistic(yy, { x, k: x.map(() => 4) }));
    expect(c).toEqual({ code: 'SINGULAR', details: { covariates: ['k'] } });
  });

  it('a strong but finite effect is fitted, not flagged', () => {
    const d = draws(9);
    const n = 2000;
    const z = Array.from({ length: n }, () => d.normal());
    const yy = z.map((v) => d.bernoulli(1 / (1 + Math.exp(-4 * v))));
    const fit = fitLogistic(yy, { z });
    expect(fit.converged).toBe(true);
    expect(fit.coefficients[1]).toBeGreaterThan(3);
  });

  it('rejects invalid input', () => {
    expect(codeOf(() => fitLogistic([0, 1, 2], { x: [1, 2, 3] })).code).toBe('INVALID_INPUT');
    expect(codeOf(() => fitLogistic([0, 1, 1], { x: [1, 2] })).code).toBe('INVALID_INPUT');
    expect(codeOf(() => fitLogistic([0, 1, 1], { x: [1, 2, 3] }, { weights: [1, -1, 1] })).code).toBe('INVALID_INPUT');
    expect(codeOf(() => fitLogistic([0, 1], { x: [1, 2] })).code).toBe('INSUFFICIENT_DATA');
  });
});
