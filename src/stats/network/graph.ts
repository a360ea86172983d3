/**
 * Building the compressed-sparse-row {@link Graph} from a list of ties between
 * string ids, plus degree, connected components and isolates.
 *
 * Ties are undirected. A tie from a node to itself ("self-tie") and a tie that
 * repeats an earlier one (in either direction) are dropped and counted, so the
 * graph is simple, as in igraph's `simplify()`. Nodes are numbered in the
 * order of the optional node list, then in order of first appearance in the
 * ties. Ties are numbered in ascending (smaller end, larger end) order.
 *
 * Components are found by breadth-first search (Hopcroft & Tarjan 1973,
 * "Algorithm 447: efficient algorithms for graph manipulation", CACM 16(6)),
 * in O(n + m); they are numbered in order of their smallest node, as igraph's
 * `components()` numbers them.
 */
import { check, NetworkError, type Graph } from './types.ts';

/** One undirected tie between two node ids. */
export type Tie = readonly [string, string];

export interface GraphInput {
  readonly ties: readonly Tie[];
  /**
   * Optional list of every node. Nodes in it without ties become isolates;
   * a tie naming a node outside it is an error (UNKNOWN_NODE).
   */
  readonly nodes?: readonly string[];
}

function checkId(id: unknown, where: string): asserts id is string {
  check(typeof id === 'string' && id.length > 0, `${where}: node ids must be non-empty strings`);
}

/** Build the simple undirected graph of `input`, dropping and counting self-ties and repeated ties. */
export function buildGraph(input: GraphInput): Graph {
  check(Array.isArray(input.ties), 'ties must be an array of [from, to] pairs');
  const index = new Map<string, number>();
  const ids: string[] = [];
  const fixedNodes = input.nodes !== undefined;
  if (input.nodes) {
    for (const id of input.nodes) {
      checkId(id, 'nodes');
      if (index.has(id)) throw new NetworkError('DUPLICATE_NODE', `node "${id}" appears twice in the node list`);
      index.set(id, ids.length);
      ids.push(id);
    }
  }
  const nodeOf = (id: unknown, k: number): number => {
    checkId(id, `tie ${k}`);
    const known = index.get(id);
    if (known !== undefined) return known;
    if (fixedNodes)
      throw new NetworkError('UNKNOWN_NODE', `tie ${k} names node "${id}", which is not in the node list`);
    index.set(id, ids.length);
    ids.push(id);
    return ids.length - 1;
  };
  const from = new Int32Array(input.ties.length);
  const to = new Int32Array(input.ties.length);
  let kept = 0;
  let selfTies = 0;
  input.ties.forEach((tie, k) => {
    check(Array.isArray(tie) && tie.length === 2, `tie ${k} must be a [from, to] pair`);
    const a = nodeOf(tie[0], k);
    const b = nodeOf(tie[1], k);
    if (a === b) {
      selfTies++;
      return;
    }
    from[kept] = a < b ? a : b;
    to[kept] = a < b ? b : a;
    kept++;
  });
  const n = ids.length;
  // Sort the ties by (from, to) through one numeric key, then drop repeats.
  const keys = new Float64Array(kept);
  for (let k = 0; k < kept; k++) keys[k] = from[k] * n + to[k];
  keys.sort();
  let m = 0;
  for (let k = 0; k < kept; k++) if (k === 0 || keys[k] !== keys[k - 1]) keys[m++] = keys[k];
  const edgeFrom = new Int32Array(m);
  const edgeTo = new Int32Array(m);
  const offsets = new Int32Array(n + 1);
  for (let e = 0; e < m; e++) {
    const u = Math.floor(keys[e] / n);
    const v = keys[e] - u * n;
    edgeFrom[e] = u;
    edgeTo[e] = v;
    offsets[u + 1]++;
    offsets[v + 1]++;
  }
  for (let v = 0; v < n; v++) offsets[v + 1] += offsets[v];
  // Filling in tie order leaves each neighbour list sorted: a node's smaller
  // neighbours arrive first (as the larger end), then its larger ones.
  const targets = new Int32Array(2 * m);
  const arcEdge = new Int32Array(2 * m);
  const fill = offsets.slice(0, n);
  for (let e = 0; e < m; e++) {
    const u = edgeFrom[e];
    const v = edgeTo[e];
    targets[fill[u]] = v;
    arcEdge[fill[u]++] = e;
    targets[fill[v]] = u;
    arcEdge[fill[v]++] = e;
  }
  return {
    ids,
    nodeCount: n,
    edgeCount: m,
    offsets,
    targets,
    arcEdge,
    edgeFrom,
    edgeTo,
    duplicateTies: kept - m,
    selfTies,
  };
}

/** Degree (number of distinct neighbours) of every node. */
export function degrees(graph: Graph): Int32Array {
  const d = new Int32Array(graph.nodeCount);
  for (let v = 0; v < graph.nodeCount; v++) d[v] = graph.offsets[v + 1] - graph.offsets[v];
  return d;
}

/** Indices of the nodes with no ties. */
export function isolates(graph: Graph): Int32Array {
  const out: number[] = [];
  for (let v = 0; v < graph.nodeCount; v++) if (graph.offsets[v + 1] === graph.offsets[v]) out.push(v);
  return Int32Array.from(out);
}

export interface Components {
  /** Component of each node, 0..count−1, numbered in order of each component's smallest node. */
  readonly membership: Int32Array;
  /** Number of nodes in each component. */
  readonly sizes: Int32Array;
  readonly count: number;
}

/** Connected components by breadth-first search, O(n + m). */
export function components(graph: Graph): Components {
  const n = graph.nodeCount;
  const { offsets, targets } = graph;
  const membership = new Int32Array(n).fill(-1);
  const queue = new Int32Array(n);
  const sizes: number[] = [];
  for (let s = 0; s < n; s++) {
    if (membership[s] >= 0) continue;
    const c = sizes.length;
    membership[s] = c;
    let head = 0;
    let tail = 0;
    queue[tail++] = s;
    while (head < tail) {
      const v = queue[head++];
      for (let a = offsets[v]; a < offsets[v + 1]; a++) {
        const w = targets[a];
        if (membership[w] < 0) {
          membership[w] = c;
          queue[tail++] = w;
        }
      }
    }
    sizes.push(tail);
  }
  return { membership, sizes: Int32Array.from(sizes), count: sizes.length };
}

/** Index of each id in the graph, for callers holding ids. */
export function nodeIndex(graph: Graph): Map<string, number> {
  return new Map(graph.ids.map((id, v) => [id, v]));
}
