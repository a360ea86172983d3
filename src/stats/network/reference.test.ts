/**
 * Checks against R igraph 1.3.5 on the synthetic graphs written by
 * fixtures/make-fixtures.R (kept in the repository; CI has no R).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildGraph, components, degrees } from './graph.ts';
import { centralities } from './centrality.ts';
import { louvain, modularity } from './community.ts';
import { mixing } from './mixing.ts';

interface Case {
  name: string;
  nodes: string[];
  ties: [string, string][];
  expected: {
    nodeCount: number;
    edgeCount: number;
    duplicateTies: number;
    selfTies: number;
    degree: number[];
    betweenness: number[];
    tieEnds: [string, string][];
    tieBetweenness: number[];
    closeness: (number | null)[];
    closenessNormalised: (number | null)[];
    components: { membership: number[]; sizes: number[]; count: number };
    modularity: { membership: number[]; value: number };
    louvainModularity: number;
    assortativity: { types: string[]; value: number; observedCrossShare: number };
  };
}

const fixture = JSON.parse(readFileSync(new URL('./fixtures/igraph-reference.json', import.meta.url), 'utf8')) as {
  generator: string;
  cases: Case[];
};

/** Largest absolute difference, relative for values above 1. */
function maxDiff(a: ArrayLike<number | null>, b: ArrayLike<number | null>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === null || y === null) {
      expect(x).toBe(y);
      continue;
    }
    worst = Math.max(worst, Math.abs(x - y) / Math.max(1, Math.abs(y)));
  }
  return worst;
}

describe(`network measures vs ${fixture.generator}`, () => {
  for (const c of fixture.cases) {
    describe(c.name, () => {
      const g = buildGraph({ nodes: c.nodes, ties: c.ties });
      const x = c.expected;

      it('graph, degree and components', () => {
        expect(g.nodeCount).toBe(x.nodeCount);
        expect(g.edgeCount).toBe(x.edgeCount);
        expect(g.duplicateTies).toBe(x.duplicateTies);
        expect(g.selfTies).toBe(x.selfTies);
        expect(Array.from(degrees(g))).toEqual(x.degree);
        const comp = components(g);
        expect(Array.from(comp.membership)).toEqual(x.components.membership);
        expect(Array.from(comp.sizes)).toEqual(x.components.sizes);
        expect(comp.count).toBe(x.components.count);
      });

      it('betweenness of nodes and ties, closeness (1e-9)', () => {
        const r = centralities(g);
        expect(maxDiff(r.betweenness.nodes, x.betweenness)).toBeLessThan(1e-9);
        const index = new Map(g.ids.map((id, v) => [id, v]));
        const tieOf = new Map<string, number>();
        for (let e = 0; e < g.edgeCount; e++) tieOf.set(`${g.edgeFrom[e]}:${g.edgeTo[e]}`, e);
        const ours = x.tieEnds.map(([a, b]) => {
          const u = index.get(a) ?? -1;
          const v = index.get(b) ?? -1;
          const e = tieOf.get(`${Math.min(u, v)}:${Math.max(u, v)}`);
          if (e === undefined) throw new Error(`tie ${a}-${b} missing`);
          return r.betweenness.ties[e];
        });
        expect(maxDiff(ours, x.tieBetweenness)).toBeLessThan(1e-9);
        expect(maxDiff(r.closeness.closeness, x.closeness)).toBeLessThan(1e-9);
        expect(maxDiff(r.closeness.normalised, x.closenessNormalised)).toBeLessThan(1e-9);
      });

      it('modularity of a given membership (1e-9)', () => {
        expect(Math.abs(modularity(g, x.modularity.membership) - x.modularity.value)).toBeLessThan(1e-9);
      });

      it('nominal assortativity and the cross-group share (1e-9)', () => {
        const mix = mixing(g, x.assortativity.types);
        expect(Math.abs((mix.assortativity ?? NaN) - x.assortativity.value)).toBeLessThan(1e-9);
        expect(Math.abs(mix.observedCrossShare - x.assortativity.observedCrossShare)).toBeLessThan(1e-9);
      });

      it('Louvain finds a partition within 0.02 of the best of 20 igraph cluster_louvain runs', () => {
        const ours = louvain(g, { seed: 7 });
        expect(ours.modularity).toBeGreaterThan(x.louvainModularity - 0.02);
        expect(Math.abs(ours.modularity - modularity(g, ours.membership))).toBeLessThan(1e-12);
      });
    });
  }
});
