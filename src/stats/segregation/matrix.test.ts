import { describe, expect, it } from 'vitest';
import {
  againstRest,
  areaPopulations,
  groupColumn,
  groupingFromValues,
  pairCounts,
  partitionAreas,
  rowSums,
  subsetAreas,
  subsetGrouping,
  validateMatrix,
} from './matrix.ts';
import type { CountsMatrix } from './types.ts';

const m: CountsMatrix = {
  areas: 3,
  groups: ['a', 'b'],
  counts: Float64Array.from([1, 2, 3, 4, 5, 6]),
  totals: Float64Array.from([4, 7, 11]),
};

describe('matrix helpers', () => {
  it('reads columns, populations and two-group views', () => {
    expect([...groupColumn(m, 1)]).toEqual([2, 4, 6]);
    expect([...rowSums(m)]).toEqual([3, 7, 11]);
    expect([...areaPopulations(m)]).toEqual([4, 7, 11]);
    expect([...areaPopulations({ ...m, totals: undefined })]).toEqual([3, 7, 11]);
    const rest = againstRest(m, 'a');
    expect([...rest.y]).toEqual([1, 3, 5]);
    expect([...rest.x]).toEqual([3, 4, 6]); // totals − a: includes people in no listed group
    const pair = pairCounts(m, 'b', 'a');
    expect([...pair.y]).toEqual([2, 4, 6]);
    expect([...pair.x]).toEqual([1, 3, 5]);
    expect(() => pairCounts(m, 'a', 'zz')).toThrow(/unknown group "zz"/);
  });

  it('subsets areas, keeping totals', () => {
    const s = subsetAreas(m, [2, 0]);
    expect(s.areas).toBe(2);
    expect([...s.counts]).toEqual([5, 6, 1, 2]);
    expect([...(s.totals ?? [])]).toEqual([11, 4]);
  });

  it('builds, partitions and subsets groupings', () => {
    const g = groupingFromValues(['x', 'y', 'x', 'z', 'y']);
    expect(g.labels).toEqual(['x', 'y', 'z']);
    expect([...g.index]).toEqual([0, 1, 0, 2, 1]);
    const { offsets, rows } = partitionAreas(g);
    expect([...offsets]).toEqual([0, 2, 4, 5]);
    expect([...rows]).toEqual([0, 2, 1, 4, 3]);
    const sub = subsetGrouping(g, [3, 1, 4]);
    expect(sub.labels).toEqual(['y', 'z']);
    expect([...sub.index]).toEqual([1, 0, 0]);
  });

  it('validates', () => {
    expect(() => validateMatrix(m)).not.toThrow();
    expect(() => validateMatrix({ ...m, totals: Float64Array.from([4, 7]) })).toThrow(/totals has length/);
    expect(() => validateMatrix({ ...m, totals: Float64Array.from([2, 7, 11]) })).toThrow(/area 0: total 2 is less/);
    expect(() => validateMatrix({ ...m, groups: [] })).toThrow(/at least one group/);
    expect(() => validateMatrix({ ...m, areas: 1.5 })).toThrow(/areas must be/);
  });
});
