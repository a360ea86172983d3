/**
 * Community detection by the Louvain method, and Newman's modularity.
 *
 * Modularity (Newman & Girvan 2004, "Finding and evaluating community
 * structure in networks", Phys. Rev. E 69: 026113; Newman 2006, PNAS 103(23)):
 *   Q = (1 / 2m) Σ_ij [A_ij − γ k_i k_j / 2m] δ(c_i, c_j)
 *     = Σ_c [ L_c / m − γ (d_c / 2m)² ],
 * where m is the number of ties, k_i the degree of i, L_c the number of ties
 * inside community c and d_c the total degree of its nodes; γ = 1 is the
 * standard resolution (igraph `modularity(g, membership)`). Undefined (0/0)
 * for a graph without ties: NetworkError NO_TIES.
 *
 * Louvain (Blondel, Guillaume, Lambiotte & Lefebvre 2008, "Fast unfolding of
 * communities in large networks", J. Stat. Mech. P10008), resolution 1:
 * 1. local moving: visit the nodes in a random order (drawn once per level from
 *    the seeded generator of ../random.ts); take each node out of its
 *    community and put it into the neighbouring community with the largest
 *    gain k_{i,C} − Σ_tot(C) k_i / 2m, staying put unless another community
 *    is strictly better; repeat passes until a pass moves no node;
 * 2. aggregation: each community becomes one node, ties between communities
 *    become weighted ties, ties inside become a self-loop;
 * and repeat 1–2 until local moving changes nothing. Weights are whole
 * numbers at every level, so gains are compared exactly as integers
 * (2m k_{i,C} − Σ_tot k_i) and the same seed always gives the same partition.
 * Each move raises Q strictly, so the method terminates. The partition is a
 * local optimum of Q, not necessarily the global one.
 */
import { createRng, randomInt } from '../random.ts';
import { check, NetworkError, type Graph } from './types.ts';

export interface LouvainOptions {
  /** Seed of the generator that orders the nodes; quote it to reproduce a partition. */
  readonly seed: number;
}

export interface Communities {
  /** Community of each node, 0..count−1, numbered in order of each community's smallest node. */
  readonly membership: Int32Array;
  readonly sizes: Int32Array;
  readonly count: number;
  /** Modularity Q of `membership` (resolution 1), from the algorithm's own bookkeeping. */
  readonly modularity: number;
  /** Number of aggregation levels that changed the partition. */
  readonly levels: number;
}

/** Newman's modularity Q of a partition (labels are any integers ≥ 0; resolution γ, default 1). */
export function modularity(graph: Graph, membership: ArrayLike<number>, resolution = 1): number {
  check(
    membership.length === graph.nodeCount,
    `membership has ${membership.length} entries for ${graph.nodeCount} nodes`,
  );
  check(Number.isFinite(resolution) && resolution >= 0, 'resolution must be finite and ≥ 0');
  const m = graph.edgeCount;
  if (m === 0) throw new NetworkError('NO_TIES', 'modularity is undefined for a graph without ties');
  const label = new Map<number, number>();
  const dense = new Int32Array(graph.nodeCount);
  for (let v = 0; v < graph.nodeCount; v++) {
    const c = membership[v];
    check(Number.isSafeInteger(c) && c >= 0, `membership[${v}] must be a whole number ≥ 0`);
    let d = label.get(c);
    if (d === undefined) {
      d = label.size;
      label.set(c, d);
    }
    dense[v] = d;
  }
  const inside = new Float64Array(label.size);
  const degree = new Float64Array(label.size);
  for (let e = 0; e < m; e++) {
    const a = dense[graph.edgeFrom[e]];
    const b = dense[graph.edgeTo[e]];
    degree[a]++;
    degree[b]++;
    if (a === b) inside[a]++;
  }
  let q = 0;
  for (let c = 0; c < label.size; c++) q += inside[c] / m - resolution * (degree[c] / (2 * m)) ** 2;
  return q;
}

/** A weighted graph at one Louvain level; `loop[v]` is the weight of v's self-loop. */
interface Level {
  readonly n: number;
  readonly offsets: Int32Array;
  readonly targets: Int32Array;
  readonly weights: Float64Array;
  readonly loop: Float64Array;
}

/** Louvain communities (see the header). Isolates form communities of their own. */
export function louvain(graph: Graph, options: LouvainOptions): Communities {
  check(Number.isSafeInteger(options.seed), 'seed must be a safe integer');
  const n = graph.nodeCount;
  const m = graph.edgeCount;
  if (m === 0) throw new NetworkError('NO_TIES', 'communities are undefined for a graph without ties');
  const rng = createRng(options.seed);
  let level: Level = {
    n,
    offsets: graph.offsets,
    targets: graph.targets,
    weights: new Float64Array(graph.targets.length).fill(1),
    loop: new Float64Array(n),
  };
  // node → its current top-level community
  let membership: Int32Array = new Int32Array(n);
  for (let v = 0; v < n; v++) membership[v] = v;
  let levels = 0;
  for (;;) {
    const local = moveNodes(level, m, rng);
    if (local.count === level.n) break; // nothing merged
    levels++;
    for (let v = 0; v < n; v++) membership[v] = local.community[membership[v]];
    level = aggregate(level, local.community, local.count);
  }
  membership = renumber(membership);
  let count = 0;
  for (let v = 0; v < n; v++) count = Math.max(count, membership[v] + 1);
  const sizes = new Int32Array(count);
  for (let v = 0; v < n; v++) sizes[membership[v]]++;
  // Q from the final level: each node is a community, its loop its inside ties.
  let q = 0;
  for (let c = 0; c < level.n; c++) {
    let k = 2 * level.loop[c];
    for (let a = level.offsets[c]; a < level.offsets[c + 1]; a++) k += level.weights[a];
    q += level.loop[c] / m - (k / (2 * m)) ** 2;
  }
  return { membership, sizes, count, modularity: q, levels };
}

/** Local moving phase; returns each node's community, numbered 0..count−1. */
function moveNodes(
  level: Level,
  m: number,
  rng: ReturnType<typeof createRng>,
): { community: Int32Array; count: number } {
  const { n, offsets, targets, weights, loop } = level;
  const twoM = 2 * m;
  const community = new Int32Array(n);
  const k = new Float64Array(n);
  const tot = new Float64Array(n);
  for (let v = 0; v < n; v++) {
    community[v] = v;
    let d = 2 * loop[v];
    for (let a = offsets[v]; a < offsets[v + 1]; a++) d += weights[a];
    k[v] = d;
    tot[v] = d;
  }
  const order = new Int32Array(n);
  for (let v = 0; v < n; v++) order[v] = v;
  for (let i = n - 1; i > 0; i--) {
    const j = randomInt(rng, i + 1);
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  // Weight from the current node to each neighbouring community (scratch, reset after use).
  const toward = new Float64Array(n);
  const seen = new Int32Array(n);
  let moved = true;
  while (moved) {
    moved = false;
    for (let idx = 0; idx < n; idx++) {
      const v = order[idx];
      const own = community[v];
      let listed = 0;
      for (let a = offsets[v]; a < offsets[v + 1]; a++) {
        const c = community[targets[a]];
        if (toward[c] === 0) seen[listed++] = c;
        toward[c] += weights[a];
      }
      tot[own] -= k[v];
      // Gains × 2m, exact in integers: 2m k_{v,C} − Σ_tot(C) k_v.
      let best = own;
      let bestGain = twoM * toward[own] - tot[own] * k[v];
      for (let i = 0; i < listed; i++) {
        const c = seen[i];
        const gain = twoM * toward[c] - tot[c] * k[v];
        if (gain > bestGain) {
          bestGain = gain;
          best = c;
        }
      }
      for (let i = 0; i < listed; i++) toward[seen[i]] = 0;
      toward[own] = 0;
      tot[best] += k[v];
      if (best !== own) {
        community[v] = best;
        moved = true;
      }
    }
  }
  const dense = renumber(community);
  let count = 0;
  for (let v = 0; v < n; v++) count = Math.max(count, dense[v] + 1);
  return { community: dense, count };
}

/** Collapse each community of `level` into one node. */
function aggregate(level: Level, community: Int32Array, count: number): Level {
  const { n, offsets, targets, weights, loop } = level;
  const newLoop = new Float64Array(count);
  // Nodes of each community, to visit the communities one at a time.
  const start = new Int32Array(count + 1);
  for (let v = 0; v < n; v++) start[community[v] + 1]++;
  for (let c = 0; c < count; c++) start[c + 1] += start[c];
  const members = new Int32Array(n);
  const fill = start.slice(0, count);
  for (let v = 0; v < n; v++) members[fill[community[v]]++] = v;
  const outOffsets = new Int32Array(count + 1);
  const outTargets: number[] = [];
  const outWeights: number[] = [];
  const toward = new Float64Array(count);
  const seen = new Int32Array(count);
  for (let c = 0; c < count; c++) {
    let listed = 0;
    for (let i = start[c]; i < start[c + 1]; i++) {
      const v = members[i];
      newLoop[c] += loop[v];
      for (let a = offsets[v]; a < offsets[v + 1]; a++) {
        const d = community[targets[a]];
        if (d === c) {
          newLoop[c] += weights[a] / 2; // each inside tie is seen from both ends
          continue;
        }
        if (toward[d] === 0) seen[listed++] = d;
        toward[d] += weights[a];
      }
    }
    const row = Array.from(seen.subarray(0, listed)).sort((x, y) => x - y);
    for (const d of row) {
      outTargets.push(d);
      outWeights.push(toward[d]);
      toward[d] = 0;
    }
    outOffsets[c + 1] = outTargets.length;
  }
  return {
    n: count,
    offsets: outOffsets,
    targets: Int32Array.from(outTargets),
    weights: Float64Array.from(outWeights),
    loop: newLoop,
  };
}

/** Relabel so that communities are numbered 0, 1, … in order of their first node. */
function renumber(labels: Int32Array): Int32Array {
  const map = new Int32Array(labels.length).fill(-1);
  const out = new Int32Array(labels.length);
  let next = 0;
  for (let v = 0; v < labels.length; v++) {
    const c = labels[v];
    if (map[c] < 0) map[c] = next++;
    out[v] = map[c];
  }
  return out;
}
