import { describe, expect, it } from 'vitest';
import cont from './fixtures/matching.json' with { type: 'json' };
import ties from './fixtures/matching-ties.json' with { type: 'json' };
import { estimateAtt } from './att.ts';
import { matchNearest, type MatchOptions } from './matching.ts';
import { compareTable, type RTable } from './testing.ts';

interface Case {
  ratio: number;
  distance: number[];
  att: RTable & { clusters: number; n: number };
}

function check(
  data: { treat: number[]; y: number[] },
  c: Case,
  options: MatchOptions = {},
  covariates?: Record<string, number[]>,
): number {
  const m = matchNearest(data.treat, c.distance, { ratio: c.ratio, ...options });
  const att = estimateAtt(data.y, data.treat, m, { covariates });
  expect(att.clusters).toBe(c.att.clusters);
  expect(att.n).toBe(c.att.n);
  expect(att.treated + att.controls).toBe(c.att.n);
  const j = c.att.names.indexOf('treat');
  expect(att.estimate).toBeCloseTo(c.att.estimate[j], 10);
  expect(att.se).toBeCloseTo(c.att.se[j], 10);
  return compareTable(att.fit, c.att);
}

describe('estimateAtt against lm(y ~ treat, weights) + vcovCL(cluster = ~subclass, type = "HC1")', () => {
  it('1:1, 2:1, 3:1 and exact matching on continuous data', () => {
    check(cont.data, cont.ratio1);
    check(cont.data, cont.ratio2);
    check(cont.data, cont.ratio3); // unequal set sizes: weights 1/m, rescaled
    check(cont.data, cont.exact_female, { exact: { female: cont.data.female } });
  });

  it('with covariate adjustment', () => {
    check(cont.data, cont.ratio1_adjusted, {}, { age: cont.data.age, dep: cont.data.dep });
  });

  it('on tie-heavy discrete data', () => {
    check(ties.data, ties.ratio1);
    check(ties.data, ties.ratio2);
    check(ties.data, ties.exact_b, { exact: { b: ties.data.b } });
  });

  it('1:1 without covariates is the mean paired difference', () => {
    const m = matchNearest(cont.data.treat, cont.ratio1.distance);
    const att = estimateAtt(cont.data.y, cont.data.treat, m);
    let sum = 0;
    m.treatedRows.forEach((t, k) => (sum += cont.data.y[t] - cont.data.y[m.matrix[k]]));
    expect(att.estimate).toBeCloseTo(sum / m.matchedTreated, 12);
  });
});
