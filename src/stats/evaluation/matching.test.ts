import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import cont from './fixtures/matching.json' with { type: 'json' };
import ties from './fixtures/matching-ties.json' with { type: 'json' };
import { EvaluationError } from './errors.ts';
import { fitLogistic } from './logistic.ts';
import { matchNearest, sampleSd, type MatchOptions } from './matching.ts';
import { bruteForceMatch, draws, maxAbsDiff } from './testing.ts';

interface Case {
  ratio: number;
  distance: number[];
  match_matrix: number[][];
  weights: number[];
}

/** R's 1-based match matrix (0 = none) as ours (−1 = none). */
const fromR = (mm: number[][]): number[] => mm.flat().map((v) => v - 1);

function checkAgainstR(treat: number[], c: Case, options: MatchOptions = {}): void {
  const m = matchNearest(treat, c.distance, { ratio: c.ratio, ...options });
  expect(Array.from(m.matrix)).toEqual(fromR(c.match_matrix));
  expect(maxAbsDiff(m.weights, c.weights)).toBeLessThan(1e-12);
}

describe('matchNearest against MatchIt 4.5.1 (nn_matchC; fixtures/matching*.json)', () => {
  it('continuous covariates, ratios 1, 2 and 3 (3 runs out of controls)', () => {
    checkAgainstR(cont.data.treat, cont.ratio1);
    checkAgainstR(cont.data.treat, cont.ratio2);
    checkAgainstR(cont.data.treat, cont.ratio3);
  });

  it('exact matching on a binary column', () => {
    checkAgainstR(cont.data.treat, cont.exact_female, { exact: { female: cont.data.female } });
  });

  it('discrete covariates, where tied scores decide the matches', () => {
    expect(new Set(ties.ratio1.distance).size).toBeLessThanOrEqual(12);
    checkAgainstR(ties.data.treat, ties.ratio1);
    checkAgainstR(ties.data.treat, ties.ratio2);
    checkAgainstR(ties.data.treat, ties.exact_b, { exact: { b: ties.data.b } });
  });

  it('our logistic fit reproduces MatchIt’s propensity score', () => {
    const { treat, age, female, dep } = cont.data;
    const fit = fitLogistic(treat, { age, female, dep });
    expect(maxAbsDiff(fit.fitted, cont.ratio1.distance)).toBeLessThan(1e-9);
    expect(maxAbsDiff(fit.fitted, cont.ps_tight)).toBeLessThan(1e-12);
    // …and so the same matches.
    expect(Array.from(matchNearest(treat, fit.fitted).matrix)).toEqual(fromR(cont.ratio1.match_matrix));
  });

  it('documents MatchIt 4.5.1’s fast routine: it takes the lower-score neighbour whenever one is free', () => {
    // Emulation of what nn_matchC_vec returned: all units sorted by (score, row); each treated unit,
    // in descending score order, takes the nearest free control to its left, else to its right.
    const { treat } = cont.data;
    const ps = cont.matchit_vec_distance;
    const n = treat.length;
    const sorted = Array.from({ length: n }, (_, i) => i).sort((a, b) => ps[a] - ps[b] || a - b);
    const pos = new Array<number>(n);
    sorted.forEach((row, k) => (pos[row] = k));
    const used = new Set<number>();
    const treatedRows = sorted.filter((i) => treat[i] === 1).sort((a, b) => a - b);
    const out = new Map<number, number>();
    for (const t of [...treatedRows].sort((a, b) => ps[b] - ps[a] || a - b)) {
      let pick = -1;
      for (let k = pos[t] - 1; k >= 0 && pick < 0; k--)
        if (treat[sorted[k]] === 0 && !used.has(sorted[k])) pick = sorted[k];
      for (let k = pos[t] + 1; k < n && pick < 0; k++)
        if (treat[sorted[k]] === 0 && !used.has(sorted[k])) pick = sorted[k];
      used.add(pick);
      out.set(t, pick);
    }
    expect(treatedRows.map((t) => out.get(t))).toEqual(fromR(cont.matchit_vec_ratio1));
    // It is not nearest-neighbour matching: the documented rule gives different pairs.
    expect(treatedRows.map((t) => out.get(t))).not.toEqual(fromR(cont.ratio1.match_matrix));
  });
});

/** A random small matching problem, drawn from the project generator. */
function randomProblem(seed: number): { treat: number[]; ps: number[]; group: number[]; options: MatchOptions } {
  const d = draws(seed);
  const n = 2 + d.int(60);
  const discrete = d.bernoulli(0.5) === 1; // few distinct scores → many ties
  const levels = 1 + d.int(6);
  const treat = Array.from({ length: n }, () => d.bernoulli(0.2 + 0.5 * d.uniform()));
  if (!treat.includes(1)) treat[0] = 1;
  if (!treat.includes(0)) treat[n - 1] = 0;
  const ps = treat.map(() => (discrete ? (1 + d.int(levels)) / (levels + 2) : d.uniform()));
  const group = treat.map(() => d.int(3));
  const options: MatchOptions = {
    ratio: 1 + d.int(3),
    ...(d.bernoulli(0.5) ? { caliper: 0.05 + d.uniform() * 0.5 } : {}),
    ...(d.bernoulli(0.4) ? { exact: { group } } : {}),
  };
  return { treat, ps, group, options };
}

describe('matchNearest properties (random problems, seeded)', () => {
  const seeds = fc.integer({ min: 0, max: 2 ** 31 - 1 });

  it('agrees exactly with the brute-force matcher', () => {
    fc.assert(
      fc.property(seeds, (seed) => {
        const { treat, ps, options } = randomProblem(seed);
        expect(Array.from(matchNearest(treat, ps, options).matrix)).toEqual(
          Array.from(bruteForceMatch(treat, ps, options)),
        );
      }),
      { numRuns: 400, seed: 7 },
    );
  });

  it('never reuses a control, keeps pairs within the caliper and the exact strata, and weights add up', () => {
    fc.assert(
      fc.property(seeds, (seed) => {
        const { treat, ps, group, options } = randomProblem(seed);
        const m = matchNearest(treat, ps, options);
        const seen = new Set<number>();
        const cal = options.caliper === undefined ? Infinity : options.caliper * sampleSd(ps);
        let controlWeight = 0;
        m.treatedRows.forEach((t, k) => {
          for (let r = 0; r < m.ratio; r++) {
            const c = m.matrix[k * m.ratio + r];
            if (c < 0) continue;
            expect(treat[c]).toBe(0);
            expect(seen.has(c)).toBe(false);
            seen.add(c);
            expect(Math.abs(ps[t] - ps[c])).toBeLessThanOrEqual(cal);
            if (options.exact) expect(group[c]).toBe(group[t]);
            expect(m.subclass[c]).toBe(m.subclass[t]);
            controlWeight += m.weights[c];
          }
        });
        expect(seen.size).toBe(m.matchedControls);
        expect(controlWeight).toBeCloseTo(m.matchedControls, 10);
        let treatedWeight = 0;
        for (const t of m.treatedRows) treatedWeight += m.weights[t];
        expect(treatedWeight).toBe(m.matchedTreated);
      }),
      { numRuns: 300, seed: 11 },
    );
  });
});

describe('matchNearest details', () => {
  it('hand-worked ties: equal distance on both sides goes to the lower row', () => {
    // Treated at 0.5 (row 0); controls at 0.4 (row 3) and 0.6 (row 1): equal distance → row 1.
    const m = matchNearest([1, 0, 0, 0], [0.5, 0.6, 0.9, 0.4]);
    expect(Array.from(m.matrix)).toEqual([1]);
    // Same scores: the lowest row wins (rows 2 and 1 both at 0.3 → row 1).
    expect(Array.from(matchNearest([1, 0, 0], [0.3, 0.3, 0.3]).matrix)).toEqual([1]);
  });

  it('k:1 is done in rounds: the second treated gets its first control before the first gets its second', () => {
    // Treated 0.8 (row 0) and 0.7 (row 1); controls 0.79 (row 2), 0.71 (row 3), 0.75 (row 4).
    const m = matchNearest([1, 1, 0, 0, 0], [0.8, 0.7, 0.79, 0.71, 0.75], { ratio: 2 });
    // Round 1: row 0 → 0.79 (row 2); row 1 → 0.71 (row 3). Round 2: row 0 → 0.75 (row 4); row 1 → none.
    expect(Array.from(m.matrix)).toEqual([2, 4, 3, -1]);
    expect(Array.from(m.weights)).toEqual([1, 1, (3 / 2) * 0.5, 3 / 2, (3 / 2) * 0.5]);
  });

  it('the caliper is in SDs of the score over all units', () => {
    const ps = [0.5, 0.1, 0.56];
    const sd = sampleSd(ps);
    expect(matchNearest([1, 0, 0], ps, { caliper: 0.06 / sd + 1e-9 }).matchedTreated).toBe(1);
    expect(matchNearest([1, 0, 0], ps, { caliper: 0.06 / sd - 1e-9 }).matchedTreated).toBe(0);
  });

  it('rejects bad input', () => {
    expect(() => matchNearest([1, 1], [0.2, 0.3])).toThrow(EvaluationError);
    expect(() => matchNearest([1, 0], [0.2, Number.NaN])).toThrow(EvaluationError);
    expect(() => matchNearest([1, 0], [0.2, 0.3], { ratio: 0 })).toThrow(EvaluationError);
    expect(() => matchNearest([1, 2], [0.2, 0.3])).toThrow(EvaluationError);
  });
});
