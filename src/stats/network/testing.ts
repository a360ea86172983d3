/**
 * Test helpers: fast-check graph generators and naive reference
 * implementations written straight from the definitions (all-pairs
 * shortest-path counts by BFS from every node, O(n³) pair sums). Used only by
 * the colocated tests.
 */
import fc from 'fast-check';
import { buildGraph, type Tie } from './graph.ts';
import type { Graph } from './types.ts';

/** A random tie list over up to `maxNodes` nodes, with repeats and self-ties allowed. */
export function tiesArbitrary(maxNodes = 14, maxTies = 40): fc.Arbitrary<{ nodes: string[]; ties: Tie[] }> {
  return fc.integer({ min: 1, max: maxNodes }).chain((n) =>
    fc
      .array(fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 0, max: n - 1 })), { maxLength: maxTies })
      .map((pairs) => ({
        nodes: Array.from({ length: n }, (_, i) => `v${i}`),
        ties: pairs.map(([a, b]) => [`v${a}`, `v${b}`] as Tie),
      })),
  );
}

export function graphArbitrary(maxNodes = 14, maxTies = 40): fc.Arbitrary<Graph> {
  return tiesArbitrary(maxNodes, maxTies).map((input) => buildGraph(input));
}

/** Distances (−1 = unreachable) and shortest-path counts between all pairs. */
export function allPairs(graph: Graph): { dist: number[][]; sigma: number[][] } {
  const n = graph.nodeCount;
  const dist: number[][] = [];
  const sigma: number[][] = [];
  for (let s = 0; s < n; s++) {
    const d = new Array<number>(n).fill(-1);
    const c = new Array<number>(n).fill(0);
    d[s] = 0;
    c[s] = 1;
    const queue = [s];
    for (let head = 0; head < queue.length; head++) {
      const v = queue[head];
      for (let a = graph.offsets[v]; a < graph.offsets[v + 1]; a++) {
        const w = graph.targets[a];
        if (d[w] < 0) {
          d[w] = d[v] + 1;
          queue.push(w);
        }
        if (d[w] === d[v] + 1) c[w] += c[v];
      }
    }
    dist.push(d);
    sigma.push(c);
  }
  return { dist, sigma };
}

/** Betweenness from the definition: Σ_{s<t} σ_sv σ_vt / σ_st over v on a shortest s–t path. */
export function naiveBetweenness(graph: Graph): number[] {
  const { dist, sigma } = allPairs(graph);
  const n = graph.nodeCount;
  const out = new Array<number>(n).fill(0);
  for (let s = 0; s < n; s++) {
    for (let t = s + 1; t < n; t++) {
      if (dist[s][t] < 0) continue;
      for (let v = 0; v < n; v++) {
        if (v === s || v === t || dist[s][v] < 0 || dist[v][t] < 0) continue;
        if (dist[s][v] + dist[v][t] === dist[s][t]) out[v] += (sigma[s][v] * sigma[v][t]) / sigma[s][t];
      }
    }
  }
  return out;
}

/** Tie betweenness from the definition, indexed like graph.edgeFrom. */
export function naiveTieBetweenness(graph: Graph): number[] {
  const { dist, sigma } = allPairs(graph);
  const n = graph.nodeCount;
  const out = new Array<number>(graph.edgeCount).fill(0);
  for (let e = 0; e < graph.edgeCount; e++) {
    const u = graph.edgeFrom[e];
    const w = graph.edgeTo[e];
    for (let s = 0; s < n; s++) {
      for (let t = s + 1; t < n; t++) {
        if (dist[s][t] < 0) continue;
        for (const [a, b] of [
          [u, w],
          [w, u],
        ]) {
          if (dist[s][a] >= 0 && dist[b][t] >= 0 && dist[s][a] + 1 + dist[b][t] === dist[s][t]) {
            out[e] += (sigma[s][a] * sigma[b][t]) / sigma[s][t];
          }
        }
      }
    }
  }
  return out;
}
