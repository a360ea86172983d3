/**
 * Betweenness and closeness centrality of an unweighted undirected graph.
 *
 * Betweenness (Freeman 1977, "A set of measures of centrality based on
 * betweenness", Sociometry 40(1)): for node v,
 *   B(v) = Σ over unordered pairs {s, t}, s ≠ v ≠ t, of σ_st(v) / σ_st,
 * where σ_st is the number of shortest s–t paths and σ_st(v) the number
 * passing through v. Pairs in different components contribute nothing. Each
 * unordered pair counts once, so B is the undirected, unnormalised value of
 * igraph's `betweenness(g, directed = FALSE)`. Tie (edge) betweenness is the
 * same sum over the shortest paths using the tie (igraph `edge_betweenness`).
 *
 * Computed exactly by Brandes' algorithm (Brandes 2001, "A faster algorithm
 * for betweenness centrality", Journal of Mathematical Sociology 25(2):
 * 163–177): one breadth-first search per source s counts σ_sv, then the
 * dependencies δ_s(v) = Σ_{w: v precedes w} (σ_sv / σ_sw)(1 + δ_s(w)) are
 * accumulated in reverse BFS order. Summing δ_s over every source counts each
 * pair twice (s→t and t→s), so the totals are halved. O(n m) time, O(n + m)
 * memory. The shortest-path arcs found by each search are kept in BFS order
 * and replayed backwards, which visits each node's successors before it.
 *
 * Closeness follows igraph's `closeness()` (igraph ≥ 0.10, R igraph ≥ 1.3):
 * in a disconnected graph only the nodes reachable from v count, so
 *   C(v) = 1 / Σ_{u reachable from v, u ≠ v} d(v, u),
 * and the normalised value is C(v) × (number of nodes reachable from v).
 * Closeness is undefined for an isolate (igraph returns NaN); here it is `null`.
 * Note that a node in a small component can score higher than a central node
 * of a large one; compare closeness within a component, or use `reachable`.
 */
import type { Graph } from './types.ts';

export interface Betweenness {
  /** Betweenness of each node (unordered pairs, unnormalised). */
  readonly nodes: Float64Array;
  /** Betweenness of each tie, indexed like `graph.edgeFrom`. */
  readonly ties: Float64Array;
}

export interface Closeness {
  /** 1 / (sum of distances to reachable nodes); null for isolates. */
  readonly closeness: readonly (number | null)[];
  /** closeness × number of reachable nodes (igraph `normalized = TRUE`); null for isolates. */
  readonly normalised: readonly (number | null)[];
  /** Number of other nodes reachable from each node (component size − 1). */
  readonly reachable: Int32Array;
}

export interface Centralities {
  readonly betweenness: Betweenness;
  readonly closeness: Closeness;
}

/** Betweenness of nodes and ties (Brandes 2001). */
export function betweenness(graph: Graph): Betweenness {
  return centralities(graph).betweenness;
}

/** Closeness with igraph's per-component semantics (see the header). */
export function closeness(graph: Graph): Closeness {
  const n = graph.nodeCount;
  const dist = new Int32Array(n).fill(-1);
  const queue = new Int32Array(n);
  const sums = new Float64Array(n);
  const reachable = new Int32Array(n);
  for (let s = 0; s < n; s++) {
    const visited = bfs(graph, s, dist, queue);
    let sum = 0;
    for (let i = 0; i < visited; i++) {
      sum += dist[queue[i]];
      dist[queue[i]] = -1;
    }
    sums[s] = sum;
    reachable[s] = visited - 1;
  }
  return closenessFrom(sums, reachable);
}

/** Betweenness and closeness together, from one breadth-first search per node. */
export function centralities(graph: Graph): Centralities {
  const n = graph.nodeCount;
  const { offsets, targets, arcEdge } = graph;
  const dist = new Int32Array(n).fill(-1);
  const sigma = new Float64Array(n);
  const delta = new Float64Array(n);
  const queue = new Int32Array(n);
  // The arcs v→w on shortest paths from s (v one step nearer), in BFS order of v.
  const predFrom = new Int32Array(targets.length);
  const predArc = new Int32Array(targets.length);
  const nodeB = new Float64Array(n);
  const tieB = new Float64Array(graph.edgeCount);
  const sums = new Float64Array(n);
  const reachable = new Int32Array(n);
  for (let s = 0; s < n; s++) {
    let head = 0;
    let tail = 0;
    let arcs = 0;
    queue[tail++] = s;
    dist[s] = 0;
    sigma[s] = 1;
    while (head < tail) {
      const v = queue[head++];
      const next = dist[v] + 1;
      const sv = sigma[v];
      const end = offsets[v + 1];
      for (let a = offsets[v]; a < end; a++) {
        const w = targets[a];
        if (dist[w] < 0) {
          dist[w] = next;
          queue[tail++] = w;
        }
        if (dist[w] === next) {
          sigma[w] += sv;
          predFrom[arcs] = v;
          predArc[arcs++] = a;
        }
      }
    }
    // Dependencies: walking the arcs backwards, every arc out of w comes
    // before any arc into w, so δ(w) is complete when it is passed on.
    for (let r = arcs - 1; r >= 0; r--) {
      const a = predArc[r];
      const v = predFrom[r];
      const w = targets[a];
      const c = (sigma[v] / sigma[w]) * (1 + delta[w]);
      delta[v] += c;
      tieB[arcEdge[a]] += c;
    }
    let sum = 0;
    for (let i = 1; i < tail; i++) {
      const w = queue[i];
      nodeB[w] += delta[w];
      sum += dist[w];
    }
    for (let i = 0; i < tail; i++) {
      const v = queue[i];
      dist[v] = -1;
      sigma[v] = 0;
      delta[v] = 0;
    }
    sums[s] = sum;
    reachable[s] = tail - 1;
  }
  for (let v = 0; v < n; v++) nodeB[v] /= 2;
  for (let e = 0; e < tieB.length; e++) tieB[e] /= 2;
  return { betweenness: { nodes: nodeB, ties: tieB }, closeness: closenessFrom(sums, reachable) };
}

/**
 * Breadth-first search from s. Fills dist (which must be −1 everywhere on
 * entry); returns the number of nodes reached, listed in BFS order in queue.
 */
function bfs(graph: Graph, s: number, dist: Int32Array, queue: Int32Array): number {
  const { offsets, targets } = graph;
  let head = 0;
  let tail = 0;
  queue[tail++] = s;
  dist[s] = 0;
  while (head < tail) {
    const v = queue[head++];
    const next = dist[v] + 1;
    for (let a = offsets[v]; a < offsets[v + 1]; a++) {
      const w = targets[a];
      if (dist[w] < 0) {
        dist[w] = next;
        queue[tail++] = w;
      }
    }
  }
  return tail;
}

function closenessFrom(sums: Float64Array, reachable: Int32Array): Closeness {
  const c: (number | null)[] = [];
  const norm: (number | null)[] = [];
  for (let v = 0; v < sums.length; v++) {
    if (reachable[v] === 0) {
      c.push(null);
      norm.push(null);
    } else {
      c.push(1 / sums[v]);
      norm.push(reachable[v] / sums[v]);
    }
  }
  return { closeness: c, normalised: norm, reachable };
}
