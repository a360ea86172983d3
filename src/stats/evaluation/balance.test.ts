import { describe, expect, it } from 'vitest';
import cont from './fixtures/matching.json' with { type: 'json' };
import ties from './fixtures/matching-ties.json' with { type: 'json' };
import { assessBalance, balanceTable, lovePlotData, weightedVariance, type BalanceTable } from './balance.ts';
import { matchNearest, type MatchOptions } from './matching.ts';

interface RBalance {
  covariate: string[];
  mean_treated: number[];
  mean_control: number[];
  smd: number[];
  var_ratio: (number | null)[];
}

interface Case {
  ratio: number;
  distance: number[];
  balance_all: RBalance;
  balance_matched: RBalance;
}

let worst = 0;
function close(a: number | null, b: number | null): void {
  if (b === null) {
    expect(a).toBeNull();
    return;
  }
  expect(a).not.toBeNull();
  const d = Math.abs((a as number) - b);
  worst = Math.max(worst, d);
  expect(d).toBeLessThan(1e-10 * Math.max(1, Math.abs(b)));
}

function compare(table: BalanceTable, before: RBalance, after: RBalance): void {
  expect(table.rows.map((r) => r.covariate)).toEqual(before.covariate);
  table.rows.forEach((row, j) => {
    close(row.meanTreatedBefore, before.mean_treated[j]);
    close(row.meanControlBefore, before.mean_control[j]);
    close(row.smdBefore, before.smd[j]);
    close(row.varianceRatioBefore, before.var_ratio[j]);
    close(row.meanTreatedAfter, after.mean_treated[j]);
    close(row.meanControlAfter, after.mean_control[j]);
    close(row.smdAfter, after.smd[j]);
    close(row.varianceRatioAfter, after.var_ratio[j]);
  });
}

function run(data: Record<string, number[]>, names: string[], c: Case, options: MatchOptions = {}): BalanceTable {
  const m = matchNearest(data.treat, c.distance, { ratio: c.ratio, ...options });
  const covs = Object.fromEntries(names.map((k) => [k, data[k]]));
  const table = balanceTable(data.treat, covs, m.weights);
  compare(table, c.balance_all, c.balance_matched);
  return table;
}

describe('balanceTable against MatchIt 4.5.1 summary(standardize = TRUE)', () => {
  const contCovs = ['age', 'female', 'dep'];
  const tieCovs = ['a', 'b', 'g'];

  it('continuous data, 1:1, 2:1 and 3:1, and exact matching', () => {
    const t1 = run(cont.data, contCovs, cont.ratio1);
    expect(t1.treatedAfter).toBe(99);
    run(cont.data, contCovs, cont.ratio2);
    run(cont.data, contCovs, cont.ratio3);
    run(cont.data, contCovs, cont.exact_female, { exact: { female: cont.data.female } });
  });

  it('discrete data, including SMDs that are exactly zero', () => {
    run(ties.data, tieCovs, ties.ratio1);
    run(ties.data, tieCovs, ties.ratio2);
    const t = run(ties.data, tieCovs, ties.exact_b, { exact: { b: ties.data.b } });
    expect(t.rows[1].smdAfter).toBe(0);
    expect(worst).toBeLessThan(1e-10);
  });

  it('binary covariates use √(p(1 − p)) of the treated and get no variance ratio', () => {
    const treat = [1, 1, 1, 1, 0, 0, 0, 0];
    const x = [1, 1, 1, 0, 1, 0, 0, 0];
    const t = balanceTable(treat, { x }, [1, 1, 1, 1, 1, 1, 1, 1]);
    // p_T = 0.75, p_C = 0.25 → SMD = 0.5 / √(0.75 · 0.25)
    expect(t.rows[0].smdBefore).toBeCloseTo(0.5 / Math.sqrt(0.1875), 14);
    expect(t.rows[0].varianceRatioBefore).toBeNull();
    expect(t.rows[0].binary).toBe(true);
  });
});

describe('love plot and assessment', () => {
  const treat = [1, 1, 1, 0, 0, 0, 0, 0];
  const x = [3, 4, 5, 1, 2, 3, 4, 5];
  const w = [1, 1, 1, 0, 0, 1, 1, 1];
  const table = balanceTable(treat, { x }, w);

  it('love-plot data is one point per covariate', () => {
    expect(lovePlotData(table)).toEqual([
      { covariate: 'x', smdBefore: table.rows[0].smdBefore, smdAfter: table.rows[0].smdAfter },
    ]);
    expect(table.rows[0].smdAfter).toBe(0);
    expect(table.rows[0].smdBefore).toBeCloseTo(1, 14); // (4 − 3)/sd(3,4,5) = 1
  });

  it('assessBalance applies the 0.25 / 0.1 / [0.5, 2] rules', () => {
    const a = assessBalance(table);
    expect(a).toEqual({ maxAbsSmd: 0, achieved: true, good: true, failing: [] });
    const before = balanceTable(treat, { x }, [1, 1, 1, 1, 1, 1, 1, 1]);
    // Weights all 1 reproduce the unmatched sample: SMD 1 fails the 0.25 rule.
    const b = assessBalance(before);
    expect(b.achieved).toBe(false);
    expect(b.failing).toEqual(['x']);
    expect(b.maxAbsSmd).toBeCloseTo(1, 14);
    // A variance ratio outside [0.5, 2] fails even with a small SMD.
    const spread = balanceTable(
      [1, 1, 1, 1, 0, 0, 0, 0],
      { z: [0, 10, -10, 0, 0, 1, -1, 0] },
      [1, 1, 1, 1, 1, 1, 1, 1],
    );
    expect(spread.rows[0].smdAfter).toBe(0);
    expect(assessBalance(spread).achieved).toBe(false);
  });

  it('weightedVariance is the unbiased variance with equal weights', () => {
    expect(weightedVariance([1, 2, 3, 4], [0, 1, 2, 3], null, false)).toBeCloseTo(5 / 3, 14);
    expect(weightedVariance([1, 2, 3, 4], [0, 1, 2, 3], [2, 2, 2, 2], false)).toBeCloseTo(5 / 3, 14);
  });
});
