import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import ref from './fixtures/did.json' with { type: 'json' };
import pretrend from './fixtures/did-pretrend.json' with { type: 'json' };
import { estimateDid, estimateEventStudy, periodOrder, preTrendTest } from './did.ts';
import { EvaluationError } from './errors.ts';
import { compareTable, draws } from './testing.ts';

const rows = ref.did_rows;
const pick = <T>(v: T[]): T[] => rows.map((i) => v[i]);
const y = pick(ref.data.y);
const treat = pick(ref.data.treat);
const post = pick(ref.data.post);
const x = pick(ref.data.x);
const id = pick(ref.data.id);
const weight = pick(ref.data.weight);

describe('estimateDid against lm(y ~ treat * post + x) + sandwich (fixtures/did.json)', () => {
  it('HC1', () => {
    const r = estimateDid(y, treat, post, { covariates: { x } });
    compareTable(r.fit, ref.did_hc1);
    expect(r.clusters).toBeNull();
    expect(r.df).toBe(ref.did_hc1.df);
  });

  it('CR1 by unit, unweighted and weighted, with and without covariates', () => {
    const r = estimateDid(y, treat, post, { covariates: { x }, cluster: id });
    compareTable(r.fit, ref.did_cr1);
    expect(r.clusters).toBe(ref.did_cr1.clusters);
    const j = ref.did_cr1.names.indexOf('treat:post');
    expect(r.estimate).toBeCloseTo(ref.did_cr1.estimate[j], 10);
    expect(r.pValue).toBeCloseTo(ref.did_cr1.p[j], 12);
    compareTable(
      estimateDid(y, treat, post, { covariates: { x }, cluster: id, weights: weight }).fit,
      ref.did_weighted_cr1,
    );
    compareTable(estimateDid(y, treat, post, { covariates: { x }, weights: weight }).fit, ref.did_weighted_hc1);
    compareTable(estimateDid(y, treat, post, { cluster: id }).fit, ref.did_plain_cr1);
  });
});

describe('estimateDid by hand', () => {
  it('a 2×2 DiD equals the difference of the four cell means', () => {
    //            pre        post
    // control   10, 12     11, 15      means 11 → 13   change +2
    // treated   20, 22     27, 29      means 21 → 28   change +7   → DiD = 5
    const yy = [10, 12, 11, 15, 20, 22, 27, 29];
    const tr = [0, 0, 0, 0, 1, 1, 1, 1];
    const po = [0, 0, 1, 1, 0, 0, 1, 1];
    const r = estimateDid(yy, tr, po);
    expect(r.estimate).toBeCloseTo(5, 12);
    expect(r.n).toBe(8);
    expect(r.df).toBe(4);
    // With one observation per cell pair, each cell's HC1 contribution is known in closed form:
    // Var(δ) = n/(n−K) Σ_cells s²_cell,HC0 / n_cell where the HC0 cell variance is Σe²/n_cell.
    const cellVar = (a: number, b: number): number => ((a - b) / 2) ** 2; // mean of squared residuals in a 2-row cell
    const v =
      (8 / 4) * [cellVar(10, 12), cellVar(11, 15), cellVar(20, 22), cellVar(27, 29)].reduce((s, c) => s + c / 2, 0);
    expect(r.se).toBeCloseTo(Math.sqrt(v), 12);
  });

  it('adding a constant to the outcome changes neither the estimate nor the SE (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.double({ min: -1e4, max: 1e4, noNaN: true }),
        (seed, c) => {
          const d = draws(seed);
          const units = 6 + d.int(40);
          const yy: number[] = [];
          const tr: number[] = [];
          const po: number[] = [];
          const cl: number[] = [];
          for (let u = 0; u < units; u++) {
            const t = u % 2;
            for (const p of [0, 1]) {
              yy.push(d.normal() + t + 2 * p + 1.5 * t * p);
              tr.push(t);
              po.push(p);
              cl.push(u);
            }
          }
          for (const options of [{}, { cluster: cl }]) {
            const a = estimateDid(yy, tr, po, options);
            const b = estimateDid(
              yy.map((v) => v + c),
              tr,
              po,
              options,
            );
            expect(Math.abs(b.estimate - a.estimate)).toBeLessThan(1e-9 * (1 + Math.abs(c)));
            expect(Math.abs(b.se - a.se)).toBeLessThan(1e-9 * (1 + Math.abs(c)));
          }
        },
      ),
      { numRuns: 80, seed: 17 },
    );
  });
});

describe('estimateEventStudy against lm(y ~ treat * relevel(factor(period), "2") + x) + vcovCL', () => {
  const { y: yy, treat: tr, x: xx, id: cl, period } = ref.data;
  const rename = (s: string): string => s.replace(/pf(\d)/, 'period[$1]');

  it('all coefficients, CR1 by unit', () => {
    const es = estimateEventStudy(yy, tr, period, { reference: 2, covariates: { x: xx }, cluster: cl });
    compareTable(es.fit, ref.event_study, rename);
    expect(es.clusters).toBe(ref.event_study.clusters);
    expect(es.periods.map((p) => p.period)).toEqual([0, 1, 2, 3, 4]);
    const refRow = es.periods[2];
    expect(refRow).toEqual({ period: 2, reference: true, estimate: 0, se: 0, ciLow: 0, ciHigh: 0, pValue: null });
    const j = ref.event_study.names.indexOf('treat:pf4');
    expect(es.periods[4].estimate).toBeCloseTo(ref.event_study.estimate[j], 10);
    expect(es.periods[4].ciHigh).toBeCloseTo(ref.event_study.ci_high[j], 10);
  });

  it('with two periods it is the DiD', () => {
    const two = rows;
    const es = estimateEventStudy(pick(yy), pick(tr), pick(period), { reference: 2, covariates: { x }, cluster: id });
    const did = estimateDid(y, treat, post, { covariates: { x }, cluster: id });
    expect(two.length).toBe(240);
    expect(es.periods[1].estimate).toBeCloseTo(did.estimate, 12);
    expect(es.periods[1].se).toBeCloseTo(did.se, 12);
  });

  it('period order and bad references', () => {
    expect(periodOrder([3, 1, 2, 1])).toEqual([1, 2, 3]);
    expect(periodOrder(['2021Q2', '2020Q4', '2021Q1'])).toEqual(['2020Q4', '2021Q1', '2021Q2']);
    expect(() => estimateEventStudy(yy, tr, period, { reference: 9 })).toThrow(EvaluationError);
    expect(() => estimateDid([1, 2], [0, 2], [0, 1])).toThrow(EvaluationError);
  });
});

describe('preTrendTest against lm + vcovCL + pf (fixtures/did-pretrend.json, make-pretrend-fixture.R)', () => {
  const { y: yy, treat: tr, x: xx, id: cl, period } = ref.data;
  const es = estimateEventStudy(yy, tr, period, { reference: 2, covariates: { x: xx }, cluster: cl });
  const close = (got: ReturnType<typeof preTrendTest>, want: (typeof pretrend)['both']) => {
    expect(got).not.toBeNull();
    expect(got?.statistic).toBeCloseTo(want.statistic, 9);
    expect(got?.df1).toBe(want.df1);
    expect(got?.df2).toBe(want.df2);
    expect(Math.abs((got?.pValue ?? 0) - want.p_value)).toBeLessThan(1e-9 + 1e-6 * want.p_value);
  };

  it('joint F on the pre-treatment effects (the reference left out); passes when parallel', () => {
    const both = preTrendTest(es, [0, 1, 2]);
    close(both, pretrend.both);
    expect(both?.periods).toEqual([0, 1]);
    expect(both?.passed).toBe(true);
  });

  it('with one pre-period F is t² and the p-value is the coefficient’s', () => {
    const one = preTrendTest(es, [1, 2]);
    close(one, pretrend.one);
    expect(one?.pValue).toBeCloseTo(es.periods[1].pValue ?? -1, 10);
  });

  it('fails on effects that are not zero, and is null with nothing to test', () => {
    const placebo = preTrendTest(es, [3, 4]);
    close(placebo, pretrend.placebo);
    expect(placebo?.passed).toBe(false);
    expect(preTrendTest(es, [2])).toBeNull();
  });
});
