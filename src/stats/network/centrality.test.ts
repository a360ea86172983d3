import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildGraph } from './graph.ts';
import { betweenness, centralities, closeness } from './centrality.ts';
import { allPairs, graphArbitrary, naiveBetweenness, naiveTieBetweenness } from './testing.ts';

describe('betweenness and closeness: worked examples', () => {
  it('path a–b–c–d: B(b) = B(c) = 2; closeness of a = 1/6', () => {
    const g = buildGraph({
      ties: [
        ['a', 'b'],
        ['b', 'c'],
        ['c', 'd'],
      ],
    });
    const r = centralities(g);
    expect(Array.from(r.betweenness.nodes)).toEqual([0, 2, 2, 0]);
    // tie b–c carries a–c, a–d, b–c, b–d: 4; tie a–b carries a–b, a–c, a–d: 3
    expect(Array.from(r.betweenness.ties)).toEqual([3, 4, 3]);
    expect(r.closeness.closeness[0]).toBeCloseTo(1 / 6, 15);
    expect(r.closeness.normalised[1]).toBeCloseTo(3 / 4, 15);
  });

  it('4-cycle: each node lies on one of the two shortest paths between its neighbours (½)', () => {
    const g = buildGraph({
      ties: [
        ['a', 'b'],
        ['b', 'c'],
        ['c', 'd'],
        ['d', 'a'],
      ],
    });
    expect(Array.from(betweenness(g).nodes)).toEqual([0.5, 0.5, 0.5, 0.5]);
  });

  it('isolates have null closeness; closeness is per component (igraph ≥ 1.3)', () => {
    const g = buildGraph({
      nodes: ['a', 'b', 'c', 'x'],
      ties: [
        ['a', 'b'],
        ['b', 'c'],
      ],
    });
    const c = closeness(g);
    expect(c.closeness).toEqual([1 / 3, 1 / 2, 1 / 3, null]);
    expect(c.normalised).toEqual([2 / 3, 1, 2 / 3, null]);
    expect(Array.from(c.reachable)).toEqual([2, 2, 2, 0]);
  });
});

describe('betweenness and closeness: properties', () => {
  it('equal the definitions computed naively from all-pairs path counts', () => {
    fc.assert(
      fc.property(graphArbitrary(12, 30), (g) => {
        const r = centralities(g);
        const nb = naiveBetweenness(g);
        const nt = naiveTieBetweenness(g);
        nb.forEach((v, i) => expect(r.betweenness.nodes[i]).toBeCloseTo(v, 9));
        nt.forEach((v, i) => expect(r.betweenness.ties[i]).toBeCloseTo(v, 9));
        const { dist } = allPairs(g);
        for (let v = 0; v < g.nodeCount; v++) {
          const reach = dist[v].filter((d, u) => u !== v && d > 0);
          const sum = reach.reduce((s, d) => s + d, 0);
          expect(r.closeness.closeness[v]).toBe(reach.length ? 1 / sum : null);
        }
      }),
      { numRuns: 150, seed: 1501 },
    );
  });

  it('Σ_v B(v) = Σ over connected pairs of (d − 1) and Σ_e B(e) = Σ over connected pairs of d', () => {
    // Every shortest s–t path has d − 1 interior nodes and d ties; the
    // fractions σ_st(v)/σ_st over its paths average these counts.
    fc.assert(
      fc.property(graphArbitrary(20, 60), (g) => {
        const r = betweenness(g);
        const { dist } = allPairs(g);
        let interior = 0;
        let length = 0;
        for (let s = 0; s < g.nodeCount; s++) {
          for (let t = s + 1; t < g.nodeCount; t++) {
            if (dist[s][t] > 0) {
              interior += dist[s][t] - 1;
              length += dist[s][t];
            }
          }
        }
        expect(r.nodes.reduce((s, x) => s + x, 0)).toBeCloseTo(interior, 8);
        expect(r.ties.reduce((s, x) => s + x, 0)).toBeCloseTo(length, 8);
      }),
      { numRuns: 200, seed: 1502 },
    );
  });

  it('does not depend on how nodes are numbered', () => {
    fc.assert(
      fc.property(graphArbitrary(12, 30), fc.integer(), (g, seed) => {
        const ids = [...g.ids];
        // rotate the node list by a seed-derived amount
        const k = Math.abs(seed) % Math.max(1, ids.length);
        const nodes = [...ids.slice(k), ...ids.slice(0, k)];
        const ties = Array.from(g.edgeFrom, (u, e) => [g.ids[g.edgeTo[e]], g.ids[u]] as [string, string]);
        const h = buildGraph({ nodes, ties });
        const a = betweenness(g).nodes;
        const b = betweenness(h).nodes;
        h.ids.forEach((id, v) => expect(b[v]).toBeCloseTo(a[g.ids.indexOf(id)], 9));
      }),
      { numRuns: 100, seed: 1503 },
    );
  });
});
