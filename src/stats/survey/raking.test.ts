import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { rake, marginError, marginTotals, type RakeMargin } from './raking.ts';
import { SurveyError } from './errors.ts';

const i32 = (a: number[]): Int32Array => Int32Array.from(a);

/**
 * Hand-worked 2-variable IPF example.
 *
 * Six respondents, base weight 1, cross-classified by sex (M=0, F=1) and age (Young=0, Old=1):
 *
 *   respondent   1   2   3   4   5   6
 *   sex          M   M   M   F   F   F
 *   age          Y   Y   O   Y   O   O
 *
 * Sample table (counts):        Y   O
 *                          M    2   1   | 3
 *                          F    1   2   | 3
 * Population margins: sex M = 40, F = 60; age Y = 50, O = 50 (total 100).
 *
 * Sweep 1, sex:  M factor 40/3, F factor 60/3 = 20
 *   weights M·Y = 13.333, M·O = 13.333, F·Y = 20, F·O = 20
 *   age totals: Y = 2(40/3) + 20 = 140/3 = 46.667, O = 40/3 + 40 = 160/3 = 53.333
 * Sweep 1, age:  Y factor 50/(140/3) = 15/14, O factor 50/(160/3) = 15/16
 *   weights M·Y = (40/3)(15/14) = 100/7 = 14.2857, M·O = (40/3)(15/16) = 12.5,
 *           F·Y = 20(15/14) = 150/7 = 21.4286,   F·O = 20(15/16) = 18.75
 *   sex totals now: M = 200/7 + 12.5 = 41.0714, F = 150/7 + 37.5 = 58.9286
 *   max relative error = |41.0714 − 40| / 40 = 0.026786 (= 3/112)  (age is exact)
 *
 * Fixed point: IPF keeps the sample odds ratio (2·2)/(1·1) = 4. With fitted cell
 * total x for M·Y: M·O = 40 − x, F·Y = 50 − x, F·O = 10 + x and
 *   x(10 + x) = 4(40 − x)(50 − x)  ⇒  3x² − 370x + 8000 = 0  ⇒  x = (370 − √40900)/6 = 27.96041…
 * so per-respondent weights are M·Y = x/2, M·O = 40 − x, F·Y = 50 − x, F·O = (10 + x)/2.
 */
describe('rake: hand-worked two-variable example', () => {
  const sex: RakeMargin = { name: 'sex', codes: i32([0, 0, 0, 1, 1, 1]), targets: [40, 60], labels: ['M', 'F'] };
  const age: RakeMargin = { name: 'age', codes: i32([0, 0, 1, 0, 1, 1]), targets: [50, 50], labels: ['Y', 'O'] };

  it('reproduces the first sweep exactly', () => {
    // epsilon 0.03 > 3/112 = 0.0268 so raking stops after one sweep.
    const r = rake([sex, age], { epsilon: 0.03 });
    expect(r.iterations).toBe(1);
    expect(r.maxError).toBeCloseTo(3 / 112, 12);
    const expected = [100 / 7, 100 / 7, 12.5, 150 / 7, 18.75, 18.75];
    expected.forEach((v, i) => expect(r.weights[i]).toBeCloseTo(v, 10));
  });

  it('converges to the closed-form raking solution with every margin within epsilon', () => {
    const eps = 1e-10;
    const r = rake([sex, age], { epsilon: eps, maxIterations: 1000 });
    const x = (370 - Math.sqrt(40900)) / 6;
    const expected = [x / 2, x / 2, 40 - x, 50 - x, (10 + x) / 2, (10 + x) / 2];
    expected.forEach((v, i) => expect(r.weights[i]).toBeCloseTo(v, 7));
    const [sexT, ageT] = marginTotals([sex.codes, age.codes], [2, 2], r.weights);
    expect(Math.abs(sexT[0] - 40) / 40).toBeLessThanOrEqual(eps);
    expect(Math.abs(sexT[1] - 60) / 60).toBeLessThanOrEqual(eps);
    expect(Math.abs(ageT[0] - 50) / 50).toBeLessThanOrEqual(eps);
    expect(Math.abs(ageT[1] - 50) / 50).toBeLessThanOrEqual(eps);
    expect(r.maxError).toBeLessThanOrEqual(eps);
    expect(r.populationTotal).toBe(100);
    expect(r.rescaledMargins).toEqual([]);
  });

  it('single margin = post-stratification, exact after one sweep', () => {
    const r = rake([sex]);
    expect(r.iterations).toBe(1);
    expect(Array.from(r.weights)).toEqual([40 / 3, 40 / 3, 40 / 3, 20, 20, 20]);
  });
});

describe('rake: errors', () => {
  const codes = i32([0, 1, 0, 1]);
  it('rejects a respondent category absent from the margin', () => {
    const m: RakeMargin = { name: 'ward', codes: i32([0, 1, 2, 1]), targets: [10, 10] };
    expect(() => rake([m])).toThrowError(SurveyError);
    try {
      rake([m]);
    } catch (e) {
      expect((e as SurveyError).code).toBe('UNKNOWN_CATEGORY');
      expect((e as SurveyError).message).toMatch(/respondent 3/);
    }
  });

  it('rejects a margin category with no respondents', () => {
    const m: RakeMargin = { name: 'ward', codes, targets: [10, 10, 5], labels: ['A', 'B', 'C'] };
    expect(() => rake([m])).toThrow(expect.objectContaining({ code: 'EMPTY_CATEGORY' }));
    expect(() => rake([m])).toThrow(/'C'.*no respondents/);
  });

  it('rejects respondents in a zero-population category', () => {
    const m: RakeMargin = { name: 'ward', codes, targets: [10, 0] };
    expect(() => rake([m])).toThrow(expect.objectContaining({ code: 'ZERO_POPULATION' }));
  });

  it('errors when totals differ by more than 0.5% and rescales smaller differences', () => {
    const a: RakeMargin = { name: 'a', codes, targets: [50, 50] };
    const far: RakeMargin = { name: 'b', codes: i32([0, 0, 1, 1]), targets: [50, 51] }; // 1% off
    expect(() => rake([a, far])).toThrow(expect.objectContaining({ code: 'INCONSISTENT_TOTALS' }));
    const near: RakeMargin = { name: 'b', codes: i32([0, 0, 1, 1]), targets: [50, 50.4] }; // 0.4% off
    const r = rake([a, near], { epsilon: 1e-9 });
    expect(r.rescaledMargins).toEqual(['b']);
    let sum = 0;
    for (const w of r.weights) sum += w;
    expect(sum).toBeCloseTo(100, 9);
  });

  it('reports non-convergence with a typed error', () => {
    // Respondents only in (a0,b0) and (a1,b1): margins demand a0 = 30 but b0 = 70, impossible.
    const a: RakeMargin = { name: 'a', codes: i32([0, 0, 1, 1]), targets: [30, 70] };
    const b: RakeMargin = { name: 'b', codes: i32([0, 0, 1, 1]), targets: [70, 30] };
    try {
      rake([a, b], { maxIterations: 25 });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(SurveyError);
      expect((e as SurveyError).code).toBe('NOT_CONVERGED');
      expect((e as SurveyError).details.iterations).toBe(25);
      expect((e as SurveyError).message).toMatch(/did not converge: after 25 iterations/);
    }
  });

  it('validates options and base weights', () => {
    const m: RakeMargin = { name: 'a', codes, targets: [1, 1] };
    expect(() => rake([m], { epsilon: 0 })).toThrow(/epsilon/);
    expect(() => rake([m], { maxIterations: 0 })).toThrow(/maxIterations/);
    expect(() => rake([m], { baseWeights: [1, 2, 0, 1] })).toThrow(/base weight of respondent 3/);
    expect(() => rake([m], { baseWeights: [1, 2] })).toThrow(/baseWeights has 2 values/);
    expect(() => rake([])).toThrow(/at least one margin/);
    expect(() => rake([m, m])).toThrow(/given twice/);
  });
});

describe('rake: trimming', () => {
  // 10 respondents: one under-represented group that raking blows up.
  const group = i32([0, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
  const area = i32([0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
  const margins: RakeMargin[] = [
    { name: 'group', codes: group, targets: [300, 700] },
    { name: 'area', codes: area, targets: [500, 500] },
  ];

  it('keeps weights within multiples of the mean while meeting the margins', () => {
    const untrimmed = rake(margins, { epsilon: 1e-9, maxIterations: 5000 });
    expect(Math.max(...untrimmed.weights)).toBeGreaterThan(2.5 * 100);
    const r = rake(margins, { epsilon: 1e-9, maxIterations: 5000, trim: { low: 0.5, high: 2.5 } });
    // Group 0 has one respondent and needs 300 = 3 × mean: impossible under a 2.5 cap,
    // so trimming cannot be satisfied; margins still hold.
    expect(r.trim?.satisfied).toBe(false);
    expect(r.maxError).toBeLessThanOrEqual(1e-9);
    expect(r.trim?.highWeight).toBeCloseTo(250, 12);
  });

  it('satisfies achievable bounds', () => {
    // Two respondents in group 0 (one per area). Untrimmed raking gives them
    // a_g·b_area = 260 × 450/1000 = 117 and 260 × 550/1000 = 143 (1.43 × the mean of 100);
    // a cap of 1.35 × mean is achievable (e.g. 125 + 135 = 260).
    const group2 = i32([0, 1, 1, 1, 1, 0, 1, 1, 1, 1]);
    const m2: RakeMargin[] = [
      { name: 'group', codes: group2, targets: [260, 740] },
      { name: 'area', codes: area, targets: [450, 550] },
    ];
    const untrimmed = rake(m2, { epsilon: 1e-12, maxIterations: 5000 });
    expect(untrimmed.weights[0]).toBeCloseTo(117, 8);
    expect(untrimmed.weights[5]).toBeCloseTo(143, 8);
    const r = rake(m2, {
      epsilon: 1e-9,
      maxIterations: 5000,
      trim: { low: 0.5, high: 1.35, tolerance: 1e-6, maxRounds: 500 },
    });
    expect(r.trim?.satisfied).toBe(true);
    expect(r.trim?.rounds).toBeGreaterThan(0);
    for (const w of r.weights) {
      expect(w).toBeLessThanOrEqual(135 * (1 + 1e-6));
      expect(w).toBeGreaterThanOrEqual(50 * (1 - 1e-6));
    }
    expect(marginError(m2, r.weights)).toBeLessThanOrEqual(1e-9);
  });

  it('accepts absolute bounds and rejects infeasible ones', () => {
    const m2: RakeMargin[] = [{ name: 'area', codes: area, targets: [450, 550] }];
    const r = rake(m2, { trim: { low: 10, high: 1000, mode: 'absolute' } });
    expect(r.trim?.satisfied).toBe(true);
    expect(r.trim?.rounds).toBe(0);
    expect(() => rake(m2, { trim: { low: 200, high: 1000, mode: 'absolute' } })).toThrow(
      /cannot contain the mean weight/,
    );
    expect(() => rake(m2, { trim: { low: 1.5, high: 3 } })).toThrow(/LOW ≤ 1 ≤ HIGH/);
    expect(() => rake(m2, { trim: { low: 3, high: 2 } })).toThrow(/below the high bound/);
  });
});

/** Random feasible raking problems: targets are margins of a hidden positive weight vector. */
const problemArb = fc
  .record({
    n: fc.integer({ min: 4, max: 40 }),
    sizes: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }),
    seed: fc.integer(),
  })
  .chain(({ n, sizes, seed }) =>
    fc.record({
      codes: fc.tuple(
        ...sizes.map((k) => fc.array(fc.integer({ min: 0, max: k - 1 }), { minLength: n, maxLength: n })),
      ),
      hidden: fc.array(fc.double({ min: 0.2, max: 20, noNaN: true }), { minLength: n, maxLength: n }),
      base: fc.array(fc.double({ min: 0.5, max: 3, noNaN: true }), { minLength: n, maxLength: n }),
      sizes: fc.constant(sizes),
      seed: fc.constant(seed),
    }),
  )
  .map(({ codes, hidden, base, sizes }) => {
    // Drop categories nobody is in by compacting codes per variable.
    const margins: RakeMargin[] = codes.map((cs, k) => {
      const used = [...new Set(cs)].sort((a, b) => a - b);
      const remap = new Map(used.map((c, j) => [c, j]));
      const cc = Int32Array.from(cs, (c) => remap.get(c) as number);
      const targets = new Array<number>(used.length).fill(0);
      cc.forEach((c, i) => (targets[c] += hidden[i]));
      void sizes;
      return { name: `v${k}`, codes: cc, targets };
    });
    return { margins, base, hidden };
  });

describe('rake: properties', () => {
  const eps = 1e-8;
  const opts = { epsilon: eps, maxIterations: 100000 };

  it('after convergence every margin is within epsilon and weights are positive', () => {
    fc.assert(
      fc.property(problemArb, ({ margins, base }) => {
        const r = rake(margins, { ...opts, baseWeights: base });
        const totals = marginTotals(
          margins.map((m) => m.codes),
          margins.map((m) => m.targets.length),
          r.weights,
        );
        margins.forEach((m, k) => {
          for (let c = 0; c < m.targets.length; c++) {
            const target = m.targets[c] * (r.populationTotal / sum(m.targets));
            expect(Math.abs(totals[k][c] - target) / target).toBeLessThanOrEqual(eps * (1 + 1e-9));
          }
        });
        for (const w of r.weights) expect(w > 0 && Number.isFinite(w)).toBe(true);
        expect(r.maxError).toBeLessThanOrEqual(eps);
      }),
      { numRuns: 150 },
    );
  });

  it('is invariant to respondent order', () => {
    fc.assert(
      fc.property(problemArb, fc.integer(), ({ margins, base }, seed) => {
        const n = base.length;
        const perm = shuffledIndices(n, seed);
        const permuted: RakeMargin[] = margins.map((m) => ({ ...m, codes: Int32Array.from(perm, (p) => m.codes[p]) }));
        const a = rake(margins, { ...opts, baseWeights: base });
        const b = rake(permuted, { ...opts, baseWeights: perm.map((p) => base[p]) });
        for (let i = 0; i < n; i++) {
          expect(Math.abs(b.weights[i] - a.weights[perm[i]]) / a.weights[perm[i]]).toBeLessThan(1e-6);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('leaves already-calibrated weights unchanged', () => {
    fc.assert(
      fc.property(problemArb, ({ margins, hidden }) => {
        const r = rake(margins, { ...opts, baseWeights: hidden });
        expect(r.iterations).toBe(0);
        hidden.forEach((h, i) => expect(r.weights[i]).toBe(h));
      }),
      { numRuns: 100 },
    );
  });
});

function sum(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
}

function shuffledIndices(n: number, seed: number): number[] {
  const idx = Array.from({ length: n }, (_, i) => i);
  let s = seed >>> 0 || 1;
  for (let i = n - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  return idx;
}
