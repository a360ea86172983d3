import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { analyseScope, analyseScopes, type ScopeResult } from './analyse.ts';
import { groupingFromValues, partitionAreas, subsetAreas, subsetGrouping } from './matrix.ts';
import { multiGroupIndices } from './multiGroup.ts';
import { twoGroupIndices } from './twoGroup.ts';
import type { CountsMatrix } from './types.ts';
import { collectNumbers } from './testing.ts';

const f64 = (values: number[]) => Float64Array.from(values);

/** Drop the parts that legitimately differ between two routes to the same numbers. */
function numbersOf(result: ScopeResult): number[] {
  return collectNumbers({ ...result, scope: 0 });
}

function expectClose(a: number[], b: number[]): void {
  expect(a.length).toBe(b.length);
  a.forEach((v, k) => expect(v).toBeCloseTo(b[k], 10));
}

const scopedMatrix = fc
  .tuple(fc.integer({ min: 2, max: 4 }), fc.integer({ min: 1, max: 40 }), fc.boolean())
  .chain(([g, n, withTotals]) =>
    fc.record({
      rows: fc.array(fc.array(fc.integer({ min: 0, max: 30 }), { minLength: g, maxLength: g }), {
        minLength: n,
        maxLength: n,
      }),
      extra: fc.array(fc.integer({ min: 0, max: withTotals ? 5 : 0 }), { minLength: n, maxLength: n }),
      unit: fc.array(fc.constantFrom('A', 'B', 'C', 'D'), { minLength: n, maxLength: n }),
      level: fc.array(fc.constantFrom('L1', 'L2', 'L3'), { minLength: n, maxLength: n }),
      withTotals: fc.constant(withTotals),
    }),
  )
  .map(({ rows, extra, unit, level, withTotals }) => {
    const g = rows[0].length;
    const matrix: CountsMatrix = {
      areas: rows.length,
      groups: Array.from({ length: g }, (_, j) => `g${j}`),
      counts: f64(rows.flat()),
      ...(withTotals ? { totals: f64(rows.map((r, a) => r.reduce((s, v) => s + v, 0) + extra[a])) } : {}),
    };
    return { matrix, by: groupingFromValues(unit), level: groupingFromValues(level) };
  });

describe('analyseScopes', () => {
  it('the one-sweep batch gives, for every scope, what analysing that scope alone gives', () => {
    fc.assert(
      fc.property(scopedMatrix, fc.boolean(), ({ matrix, by, level }, withPair) => {
        const options = {
          levels: [{ name: 'L', grouping: level }],
          ...(withPair ? { pair: { y: 'g0', x: 'g1' } } : {}),
        };
        const results = analyseScopes(matrix, by, options);
        expect(results[0].scope).toBe('ALL');
        expectClose(numbersOf(results[0]), numbersOf(analyseScope('ALL', matrix, options)));
        const { offsets, rows } = partitionAreas(by);
        const present = by.labels.filter((_, u) => offsets[u + 1] > offsets[u]);
        expect(results.slice(1).map((r) => r.scope)).toEqual(present);
        for (const result of results.slice(1)) {
          const u = by.labels.indexOf(result.scope);
          const members = rows.subarray(offsets[u], offsets[u + 1]);
          const alone = analyseScope(result.scope, subsetAreas(matrix, members), {
            ...options,
            levels: [{ name: 'L', grouping: subsetGrouping(level, members) }],
          });
          expectClose(numbersOf(result), numbersOf(alone));
        }
      }),
      { numRuns: 150 },
    );
  });

  it('never lets NaN or Infinity out, whatever the data', () => {
    fc.assert(
      fc.property(scopedMatrix, ({ matrix, by, level }) => {
        const results = analyseScopes(matrix, by, {
          pair: { y: 'g0', x: 'g1' },
          levels: [{ name: 'L', grouping: level }],
          expected: { draws: 3, seed: 1 },
        });
        for (const r of results) expect(collectNumbers(r).every(Number.isFinite)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});

describe('analyseScope', () => {
  const m: CountsMatrix = {
    areas: 4,
    groups: ['a', 'b', 'c'],
    counts: f64([10, 0, 0, 0, 10, 0, 5, 5, 0, 5, 5, 0]),
  };

  it('reports every group against the rest, the multi-group indices and the pair', () => {
    const r = analyseScope('X', m, { pair: { y: 'a', x: 'b' } });
    expect(r.groups.map((g) => g.group)).toEqual(['a', 'b', 'c']);
    const a = r.groups[0];
    expect(a.count).toBe(20);
    expect(a.share).toBeCloseTo(0.5, 12);
    expect(a.indices.ok && a.indices.value.dissimilarity).toBeCloseTo(
      twoGroupIndices({ y: f64([10, 0, 5, 5]), x: f64([0, 10, 5, 5]) }).dissimilarity,
      12,
    );
    expect(r.multi.ok && r.multi.value.multiDissimilarity).toBeCloseTo(multiGroupIndices(m).multiDissimilarity, 12);
    expect(r.pair?.indices.ok && r.pair.indices.value.dissimilarity).toBeCloseTo(0.5, 12);
    expect(r.diversity).toBeCloseTo(Math.log(2), 12);
    expect(r.simpsonsInteraction).toBeCloseTo(0.5, 12);
  });

  it('explains undefined indices instead of returning NaN', () => {
    const r = analyseScope('X', m, { pair: { y: 'a', x: 'c' } });
    const c = r.groups[2];
    expect(c.count).toBe(0);
    expect(c.indices.ok).toBe(false);
    if (!c.indices.ok) {
      expect(c.indices.code).toBe('ZERO_GROUP_TOTAL');
      expect(c.indices.reason).toMatch(/^c has no members/);
    }
    expect(r.pair?.indices.ok).toBe(false);
  });

  it('handles a scope with nobody in it', () => {
    const empty: CountsMatrix = { areas: 2, groups: ['a', 'b'], counts: new Float64Array(4) };
    const r = analyseScope('E', empty, { levels: [{ name: 'L', grouping: groupingFromValues(['p', 'q']) }] });
    expect(r.population).toBe(0);
    expect(r.emptyAreas).toBe(2);
    expect(r.diversity).toBeNull();
    expect(r.multi.ok).toBe(false);
    expect(r.impacts[0].rows.ok).toBe(false);
    expect(collectNumbers(r).every(Number.isFinite)).toBe(true);
  });

  it('adds expected D for the pair, or for every group without a pair', () => {
    const withPair = analyseScope('X', m, { pair: { y: 'a', x: 'b' }, expected: { draws: 10, seed: 4 } });
    expect(withPair.pair?.expected?.ok).toBe(true);
    expect(withPair.groups.every((g) => g.expected === undefined)).toBe(true);
    const without = analyseScope('X', m, { expected: { draws: 10, seed: 4 } });
    expect(without.groups.map((g) => g.expected?.ok)).toEqual([true, true, false]);
  });

  it('decomposes the pair D (with a pair) or the multi-group D (without) by level', () => {
    const level = { name: 'L', grouping: groupingFromValues(['p', 'p', 'q', 'q']) };
    const withPair = analyseScope('X', m, { pair: { y: 'a', x: 'b' }, levels: [level] });
    expect(withPair.impacts[0].index).toBe('dissimilarity');
    const rows = withPair.impacts[0].rows;
    expect(rows.ok && rows.value.map((row) => row.indexShare)).toEqual([1, 0]);
    const without = analyseScope('X', m, { levels: [level] });
    expect(without.impacts[0].index).toBe('multi_dissimilarity');
  });

  it('rejects unknown pair groups and mismatched levels', () => {
    expect(() => analyseScope('X', m, { pair: { y: 'a', x: 'zz' } })).toThrow(/unknown group "zz"/);
    expect(() => analyseScope('X', m, { pair: { y: 'a', x: 'a' } })).toThrow(/two different groups/);
    expect(() => analyseScope('X', m, { levels: [{ name: 'L', grouping: groupingFromValues(['p']) }] })).toThrow(
      /grouping covers/,
    );
  });
});
