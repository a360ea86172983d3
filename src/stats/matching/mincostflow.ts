/**
 * Maximum-weight bipartite b-matching ("transportation" problem) as an exact
 * min-cost flow: each left node (a learner, an older volunteer) takes at most
 * one right node (a class, a younger volunteer); right node r takes at most
 * capacity[r] left nodes; maximise the total weight of the chosen pairs.
 * Pairs of weight ≤ 0 are never chosen, and nobody has to be placed.
 *
 * Network: source → left (capacity 1, cost 0), left → right (capacity 1, cost
 * −w), right → sink (capacity c_r, cost 0). Successive shortest paths
 * (Jewell 1958; Busacker & Gowen 1960; with Dijkstra on reduced costs, Edmonds
 * & Karp 1972, "Theoretical improvements in algorithmic efficiency for network
 * flow problems", JACM 19(2)) adds one unit along a cheapest source–sink path
 * while that path has negative cost; path costs never decrease, so stopping at
 * the first non-negative one gives the minimum cost over all flow values.
 *
 * The search runs over the small right layer only. A path through a left node
 * l already placed in a moves l from a to b at cost w_la − w_lb; with node
 * potentials π the reduced cost of that move is (w_la − w_lb) + π(a) − π(b)
 * (l's own potential cancels), so each right node keeps, per right
 * neighbour b, its cheapest move to b (recomputed when its members change),
 * and source → r costs −(the best weight of an unplaced left node for r).
 * Each search costs O(E_R log R) with E_R the right–right move lists, instead
 * of a search over every left node. Independent connected components of the
 * pair graph are solved separately. Potentials follow Edmonds & Karp:
 * π ← π + min(d, d_sink) keeps every reduced cost ≥ 0.
 *
 * Weights must be whole numbers (callers scale and round real weights), so
 * all arithmetic is exact. The result carries an LP dual certificate, found
 * by Bellman–Ford on the complementary-slackness difference constraints:
 * u_l ≥ 0, v_r ≥ 0, u_l + v_r ≥ w_lr for every pair, and
 * Σ u + Σ c_r v_r = total weight, which proves the matching optimal (LP
 * duality; the constraint matrix is totally unimodular). The solver checks
 * the certificate and throws INTERNAL if it ever fails.
 */
import { certify } from './certificate.ts';
import { group, Heap } from './structures.ts';
import { check, MatchingError } from './types.ts';

export { verifyCertificate } from './certificate.ts';

export interface TransportProblem {
  readonly leftCount: number;
  /** Capacity of each right node (whole number ≥ 0). */
  readonly capacity: ArrayLike<number>;
  /** Candidate pairs: left node, right node and whole-number weight. Pairs must be distinct. */
  readonly pairLeft: Int32Array;
  readonly pairRight: Int32Array;
  readonly weight: Float64Array;
}

export interface TransportSolution {
  /** Right node of each left node, −1 if unplaced. */
  readonly right: Int32Array;
  /** Pair index used by each left node, −1 if unplaced. */
  readonly pair: Int32Array;
  /** Total weight of the chosen pairs. */
  readonly total: number;
  /** Dual certificate: u per left node, v per right node (see the header). */
  readonly leftDual: Float64Array;
  readonly rightDual: Float64Array;
}

const INF = Number.POSITIVE_INFINITY;

function validate(p: TransportProblem): void {
  const L = p.leftCount;
  const R = p.capacity.length;
  check(Number.isSafeInteger(L) && L >= 0, 'leftCount must be a whole number ≥ 0');
  for (let r = 0; r < R; r++)
    check(Number.isSafeInteger(p.capacity[r]) && p.capacity[r] >= 0, `capacity[${r}] must be a whole number ≥ 0`);
  check(
    p.pairRight.length === p.pairLeft.length && p.weight.length === p.pairLeft.length,
    'pair arrays must have equal lengths',
  );
  const seen = new Set<number>();
  for (let k = 0; k < p.pairLeft.length; k++) {
    const l = p.pairLeft[k];
    const r = p.pairRight[k];
    // (conditions tested first so the messages are only built on failure)
    if (!(l >= 0 && l < L && r >= 0 && r < R)) check(false, `pair ${k} is out of range`);
    if (!Number.isSafeInteger(p.weight[k]))
      check(false, `weight ${k} must be a whole number (scale and round real weights)`);
    const key = l * R + r;
    if (seen.has(key)) check(false, `pair ${k} repeats left ${l}, right ${r}`);
    seen.add(key);
  }
}

/** Exact maximum-weight b-matching (see the header). */
export function maxWeightTransport(p: TransportProblem): TransportSolution {
  validate(p);
  // cap[r] below is also limited by r's candidates, so the member pool stays small.
  const L = p.leftCount;
  const R = p.capacity.length;
  const { pairLeft, pairRight, weight } = p;
  const useful = Int32Array.from(
    Array.from({ length: pairLeft.length }, (_, k) => k).filter((k) => weight[k] > 0 && p.capacity[pairRight[k]] > 0),
  );
  let maxW = 0;
  for (const k of useful) maxW = Math.max(maxW, weight[k]);
  if (maxW * (L + R + 2) * 4 > Number.MAX_SAFE_INTEGER)
    throw new MatchingError('TOO_LARGE', 'weights too large for exact arithmetic');
  const byLeft = group(pairLeft, useful, L);
  // Candidates of each right node, best weight first (then lowest left index).
  const byRight = group(
    pairRight,
    Int32Array.from(useful).sort((a, b) => weight[b] - weight[a] || pairLeft[a] - pairLeft[b]),
    R,
  );
  const cap = new Int32Array(R);
  for (let r = 0; r < R; r++) cap[r] = Math.min(p.capacity[r], byRight.start[r + 1] - byRight.start[r]);

  // Right–right move lists: b is a neighbour of a when some left node can take both.
  const mark = new Int32Array(R).fill(-1);
  const adjStartList = new Int32Array(R + 1);
  const adjList: number[] = [];
  for (let a = 0; a < R; a++) {
    mark[a] = a;
    for (let i = byRight.start[a]; i < byRight.start[a + 1]; i++) {
      const l = pairLeft[byRight.items[i]];
      for (let j = byLeft.start[l]; j < byLeft.start[l + 1]; j++) {
        const b = pairRight[byLeft.items[j]];
        if (mark[b] !== a) {
          mark[b] = a;
          adjList.push(b);
        }
      }
    }
    adjStartList[a + 1] = adjList.length;
  }
  const adjStart = adjStartList;
  const adj = Int32Array.from(adjList);
  const rowCost = new Float64Array(adj.length).fill(INF);
  const rowLeft = new Int32Array(adj.length).fill(-1);
  const slotOf = new Int32Array(R).fill(-1);

  // Members of each right node.
  const memberStart = new Int32Array(R + 1);
  for (let r = 0; r < R; r++) memberStart[r + 1] = memberStart[r] + cap[r];
  const members = new Int32Array(memberStart[R]);
  const count = new Int32Array(R);
  const right = new Int32Array(L).fill(-1);
  const pairOf = new Int32Array(L).fill(-1);
  const position = new Int32Array(L);
  const cursor = byRight.start.slice(0, R);

  const pairWeight = (l: number, r: number): number => {
    for (let j = byLeft.start[l]; j < byLeft.start[l + 1]; j++)
      if (pairRight[byLeft.items[j]] === r) return byLeft.items[j];
    throw new MatchingError('INTERNAL', `no pair for left ${l}, right ${r}`);
  };
  const place = (l: number, r: number): void => {
    const k = pairWeight(l, r);
    position[l] = count[r];
    members[memberStart[r] + count[r]++] = l;
    right[l] = r;
    pairOf[l] = k;
  };
  const unplace = (l: number): void => {
    const r = right[l];
    const last = members[memberStart[r] + --count[r]];
    members[memberStart[r] + position[l]] = last;
    position[last] = position[l];
  };
  /** −(best weight of an unplaced candidate of r), or ∞; skips placed candidates for good. */
  const sourceCost = (r: number): number => {
    while (cursor[r] < byRight.start[r + 1] && right[pairLeft[byRight.items[cursor[r]]]] >= 0) cursor[r]++;
    return cursor[r] < byRight.start[r + 1] ? -weight[byRight.items[cursor[r]]] : INF;
  };
  const recomputeRow = (a: number): void => {
    for (let s = adjStart[a]; s < adjStart[a + 1]; s++) {
      rowCost[s] = INF;
      rowLeft[s] = -1;
      slotOf[adj[s]] = s;
    }
    for (let i = 0; i < count[a]; i++) {
      const l = members[memberStart[a] + i];
      const wa = weight[pairOf[l]];
      for (let j = byLeft.start[l]; j < byLeft.start[l + 1]; j++) {
        const k = byLeft.items[j];
        const b = pairRight[k];
        if (b === a) continue;
        const s = slotOf[b];
        const c = wa - weight[k];
        if (c < rowCost[s] || (c === rowCost[s] && l < rowLeft[s])) {
          rowCost[s] = c;
          rowLeft[s] = l;
        }
      }
    }
  };

  const pi = new Float64Array(R);
  const dist = new Float64Array(R);
  const prev = new Int32Array(R);
  const prevLeft = new Int32Array(R);
  const heap = new Heap();
  const touched: number[] = [];

  const solveComponent = (rs: Int32Array): void => {
    let piT = INF;
    for (const r of rs) {
      pi[r] = sourceCost(r);
      piT = Math.min(piT, pi[r]);
    }
    for (;;) {
      heap.size = 0;
      for (const r of rs) {
        const c = sourceCost(r);
        dist[r] = c === INF ? INF : c - pi[r];
        prev[r] = -1;
        if (c !== INF) heap.push(dist[r], r);
      }
      let distT = INF;
      let prevT = -1;
      while (heap.size > 0) {
        const d = heap.keys[0];
        const a = heap.nodes[0];
        heap.pop();
        if (d > dist[a]) continue;
        if (d >= distT) break;
        if (count[a] < cap[a]) {
          const toSink = d + pi[a] - piT;
          if (toSink < distT) {
            distT = toSink;
            prevT = a;
          }
        }
        const base = d + pi[a];
        for (let s = adjStart[a]; s < adjStart[a + 1]; s++) {
          const c = rowCost[s];
          if (c === INF) continue;
          const b = adj[s];
          const nd = base + c - pi[b];
          if (nd < dist[b]) {
            dist[b] = nd;
            prev[b] = a;
            prevLeft[b] = rowLeft[s];
            heap.push(nd, b);
          }
        }
      }
      if (prevT < 0 || distT + piT >= 0) return; // no path, or no path that adds weight
      for (const r of rs) pi[r] += Math.min(dist[r], distT);
      piT += distT;
      // Augment: the last right node gains a member; each earlier move shifts one.
      touched.length = 0;
      let r = prevT;
      for (;;) {
        touched.push(r);
        const a = prev[r];
        if (a < 0) {
          sourceCost(r);
          place(pairLeft[byRight.items[cursor[r]]], r);
          break;
        }
        const l = prevLeft[r];
        unplace(l);
        place(l, r);
        r = a;
      }
      for (const t of touched) recomputeRow(t);
    }
  };

  for (const rs of rightComponents(R, L, byLeft, pairRight)) solveComponent(rs);
  return certify(p, useful, right, pairOf);
}

/** Right nodes of each connected component of the pair graph that has pairs. */
function rightComponents(
  R: number,
  L: number,
  byLeft: { start: Int32Array; items: Int32Array },
  pairRight: Int32Array,
): Int32Array[] {
  const parent = new Int32Array(R);
  for (let r = 0; r < R; r++) parent[r] = r;
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };
  const hasPairs = new Uint8Array(R);
  for (let l = 0; l < L; l++) {
    const s = byLeft.start[l];
    if (s === byLeft.start[l + 1]) continue;
    const first = find(pairRight[byLeft.items[s]]);
    for (let j = s; j < byLeft.start[l + 1]; j++) {
      const r = pairRight[byLeft.items[j]];
      hasPairs[r] = 1;
      const root = find(r);
      if (root !== first) parent[root] = find(first);
    }
  }
  const lists = new Map<number, number[]>();
  for (let r = 0; r < R; r++) {
    if (!hasPairs[r]) continue;
    const root = find(r);
    const list = lists.get(root);
    if (list) list.push(r);
    else lists.set(root, [r]);
  }
  return [...lists.values()].map((list) => Int32Array.from(list));
}
