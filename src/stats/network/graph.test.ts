import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildGraph, components, degrees, isolates } from './graph.ts';
import { NetworkError } from './types.ts';
import { tiesArbitrary } from './testing.ts';

describe('buildGraph', () => {
  it('drops and counts self-ties and repeated ties (either direction)', () => {
    const g = buildGraph({
      ties: [
        ['a', 'b'],
        ['b', 'a'],
        ['a', 'a'],
        ['b', 'c'],
        ['a', 'b'],
        ['c', 'c'],
      ],
    });
    expect(g.ids).toEqual(['a', 'b', 'c']);
    expect(g.edgeCount).toBe(2);
    expect(g.duplicateTies).toBe(2);
    expect(g.selfTies).toBe(2);
    expect(Array.from(g.offsets)).toEqual([0, 1, 3, 4]);
    expect(Array.from(g.targets)).toEqual([1, 0, 2, 1]);
    expect(Array.from(g.edgeFrom)).toEqual([0, 1]);
    expect(Array.from(g.edgeTo)).toEqual([1, 2]);
    expect(Array.from(degrees(g))).toEqual([1, 2, 1]);
  });

  it('keeps the node list order and its isolates', () => {
    const g = buildGraph({ nodes: ['z', 'y', 'x', 'w'], ties: [['x', 'z']] });
    expect(g.ids).toEqual(['z', 'y', 'x', 'w']);
    expect(Array.from(isolates(g))).toEqual([1, 3]);
    const c = components(g);
    expect(Array.from(c.membership)).toEqual([0, 1, 0, 2]);
    expect(Array.from(c.sizes)).toEqual([2, 1, 1]);
    expect(c.count).toBe(3);
  });

  it('rejects unknown and duplicate nodes and malformed ties with typed errors', () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e instanceof NetworkError ? e.code : 'other';
      }
      return 'none';
    };
    expect(code(() => buildGraph({ nodes: ['a'], ties: [['a', 'b']] }))).toBe('UNKNOWN_NODE');
    expect(code(() => buildGraph({ nodes: ['a', 'a'], ties: [] }))).toBe('DUPLICATE_NODE');
    expect(code(() => buildGraph({ ties: [['a', '']] }))).toBe('INVALID_INPUT');
    expect(code(() => buildGraph({ ties: [['a'] as unknown as [string, string]] }))).toBe('INVALID_INPUT');
  });

  it('property: CSR is symmetric, sorted and simple; counts add up', () => {
    fc.assert(
      fc.property(tiesArbitrary(), ({ nodes, ties }) => {
        const g = buildGraph({ nodes, ties });
        const distinct = new Set(ties.filter(([a, b]) => a !== b).map(([a, b]) => (a < b ? `${a}|${b}` : `${b}|${a}`)));
        expect(g.edgeCount).toBe(distinct.size);
        expect(g.selfTies).toBe(ties.filter(([a, b]) => a === b).length);
        expect(g.edgeCount + g.duplicateTies + g.selfTies).toBe(ties.length);
        for (let v = 0; v < g.nodeCount; v++) {
          for (let a = g.offsets[v]; a < g.offsets[v + 1]; a++) {
            const w = g.targets[a];
            expect(w).not.toBe(v);
            if (a > g.offsets[v]) expect(g.targets[a - 1]).toBeLessThan(w);
            const e = g.arcEdge[a];
            expect([g.edgeFrom[e], g.edgeTo[e]]).toEqual([Math.min(v, w), Math.max(v, w)]);
          }
        }
        const c = components(g);
        expect(Array.from(c.sizes).reduce((s, x) => s + x, 0)).toBe(g.nodeCount);
        for (let e = 0; e < g.edgeCount; e++) expect(c.membership[g.edgeFrom[e]]).toBe(c.membership[g.edgeTo[e]]);
      }),
      { numRuns: 100, seed: 1701 },
    );
  });
});
