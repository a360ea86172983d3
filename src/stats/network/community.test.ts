import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildGraph, components } from './graph.ts';
import { louvain, modularity } from './community.ts';
import { NetworkError } from './types.ts';
import { graphArbitrary } from './testing.ts';
import { createRng, randomInt } from '../random.ts';
import type { Tie } from './graph.ts';

/** Two triangles joined by one tie. */
const barbell = buildGraph({
  ties: [
    ['a', 'b'],
    ['b', 'c'],
    ['c', 'a'],
    ['c', 'd'],
    ['d', 'e'],
    ['e', 'f'],
    ['f', 'd'],
  ],
});

/** Planted partition: `groups` groups of `size`, probability pIn inside and pOut across. */
function planted(groups: number, size: number, pIn: number, pOut: number, seed: number) {
  const rng = createRng(seed);
  const ties: Tie[] = [];
  const n = groups * size;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const same = Math.floor(i / size) === Math.floor(j / size);
      if (rng.next() < (same ? pIn : pOut)) ties.push([`n${i}`, `n${j}`]);
    }
  }
  return buildGraph({ nodes: Array.from({ length: n }, (_, i) => `n${i}`), ties });
}

describe('modularity', () => {
  it('barbell split into its triangles: Q = Σ_c [L_c/m − (d_c/2m)²] = 2 (3/7 − (7/14)²) = 5/14', () => {
    expect(modularity(barbell, [0, 0, 0, 1, 1, 1])).toBeCloseTo(5 / 14, 15);
    // labels are arbitrary integers
    expect(modularity(barbell, [9, 9, 9, 4, 4, 4])).toBeCloseTo(5 / 14, 15);
    // everything in one community: Q = 1 − 1 = 0
    expect(modularity(barbell, [0, 0, 0, 0, 0, 0])).toBeCloseTo(0, 15);
  });

  it('is undefined for a graph without ties', () => {
    const g = buildGraph({ nodes: ['a'], ties: [] });
    expect(() => modularity(g, [0])).toThrow(NetworkError);
    expect(() => louvain(g, { seed: 1 })).toThrow(NetworkError);
  });
});

describe('louvain', () => {
  it('splits the barbell into its two triangles', () => {
    const r = louvain(barbell, { seed: 1 });
    expect(Array.from(r.membership)).toEqual([0, 0, 0, 1, 1, 1]);
    expect(r.modularity).toBeCloseTo(5 / 14, 15);
  });

  it('recovers a clear planted partition', () => {
    const g = planted(5, 30, 0.3, 0.005, 11);
    const r = louvain(g, { seed: 3 });
    expect(r.count).toBe(5);
    for (let v = 0; v < g.nodeCount; v++) expect(r.membership[v]).toBe(r.membership[30 * Math.floor(v / 30)]);
  });

  it('same seed → same partition; the seed changes only the node order', () => {
    const g = planted(8, 25, 0.15, 0.02, 5);
    const a = louvain(g, { seed: 42 });
    const b = louvain(g, { seed: 42 });
    expect(Array.from(a.membership)).toEqual(Array.from(b.membership));
    expect(a.modularity).toBe(b.modularity);
  });

  it('property: reported Q equals modularity() recomputed, and is ≥ Q of the trivial partitions', () => {
    fc.assert(
      fc.property(graphArbitrary(25, 70), fc.integer({ min: 0, max: 1e6 }), (g, seed) => {
        fc.pre(g.edgeCount > 0);
        const r = louvain(g, { seed });
        expect(Math.abs(r.modularity - modularity(g, r.membership))).toBeLessThan(1e-12);
        const singletons = Array.from({ length: g.nodeCount }, (_, v) => v);
        expect(r.modularity).toBeGreaterThanOrEqual(modularity(g, singletons) - 1e-12);
        expect(r.modularity).toBeGreaterThanOrEqual(modularity(g, components(g).membership) - 1e-12);
        expect(Array.from(r.sizes).reduce((s, x) => s + x, 0)).toBe(g.nodeCount);
        // numbered in order of first node
        let next = 0;
        for (let v = 0; v < g.nodeCount; v++) {
          expect(r.membership[v]).toBeLessThanOrEqual(next);
          if (r.membership[v] === next) next++;
        }
      }),
      { numRuns: 200, seed: 1601 },
    );
  });

  it('property: never worse than a random three-way partition', () => {
    fc.assert(
      fc.property(graphArbitrary(20, 60), fc.integer({ min: 0, max: 1e6 }), (g, seed) => {
        fc.pre(g.edgeCount > 0);
        const rng = createRng(seed);
        const random = Array.from({ length: g.nodeCount }, () => randomInt(rng, 3));
        expect(louvain(g, { seed }).modularity).toBeGreaterThanOrEqual(modularity(g, random) - 1e-12);
      }),
      { numRuns: 100, seed: 1602 },
    );
  });
});
