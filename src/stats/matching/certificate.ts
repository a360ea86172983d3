/**
 * LP dual certificate for the maximum-weight b-matching of ./mincostflow.ts.
 *
 * Primal: max Σ w_lr x_lr subject to Σ_r x_lr ≤ 1 (each left node),
 * Σ_l x_lr ≤ c_r (each right node), x ≥ 0. Dual: min Σ u_l + Σ c_r v_r
 * subject to u_l + v_r ≥ w_lr, u, v ≥ 0. The constraint matrix is totally
 * unimodular, so the LP optimum is attained by a matching, and any feasible
 * (u, v) whose objective equals a matching's weight proves that matching
 * optimal (weak duality). Complementary slackness (u_l > 0 only if l is
 * placed, v_r > 0 only if r is full, u_l + v_r = w_lr on chosen pairs) turns
 * finding (u, v) into difference constraints solved by Bellman–Ford (Bellman
 * 1958; Ford & Fulkerson 1962): they are feasible exactly when the matching
 * is optimal.
 */
import { group } from './structures.ts';
import type { TransportProblem, TransportSolution } from './mincostflow.ts';
import { MatchingError } from './types.ts';

const INF = Number.POSITIVE_INFINITY;

/**
 * Dual prices v by Bellman–Ford (queue-based) on the difference constraints
 * of complementary slackness, with an extra node z (v_z = 0):
 *   l placed in a, pair (l, b): v_a − v_b ≤ w_la − w_lb;  v_a ≤ w_la
 *   l unplaced, pair (l, b):    v_b ≥ w_lb
 *   every r: v_r ≥ 0;  r not full: v_r ≤ 0.
 * Then u_l = w_la − v_a (placed) or 0, and the certificate is checked.
 *
 * A negative cycle (no feasible v, so the matching is not optimal) is found
 * by walk length: hops[b] is the number of edges of the walk from z that
 * gave v[b] its current value. Each relaxation strictly lowers a value, so a
 * walk that visits a node twice lowered it on the second visit: the cycle
 * between the visits is negative. A walk of more than R edges visits one of
 * the R + 1 nodes twice. Without a negative cycle every walk found is a
 * simple path, so no valid certificate is ever rejected. (Counting a node's
 * relaxations instead is not a valid test: one FIFO pass can lower a node
 * once per incoming edge, e.g. one class holding four learners whose weights
 * fall in pair order.)
 */
export function certify(
  p: TransportProblem,
  useful: Int32Array,
  right: Int32Array,
  pairOf: Int32Array,
): TransportSolution {
  const R = p.capacity.length;
  const z = R;
  const { pairLeft, pairRight, weight } = p;
  const from: number[] = [];
  const to: number[] = [];
  const cost: number[] = [];
  const edge = (a: number, b: number, c: number) => {
    from.push(a);
    to.push(b);
    cost.push(c);
  };
  const count = new Int32Array(R);
  for (let l = 0; l < p.leftCount; l++) if (right[l] >= 0) count[right[l]]++;
  for (const k of useful) {
    const l = pairLeft[k];
    const b = pairRight[k];
    const a = right[l];
    if (a < 0) edge(b, z, -weight[k]);
    else if (a !== b) edge(b, a, weight[pairOf[l]] - weight[k]);
    else edge(z, a, weight[k]);
  }
  for (let r = 0; r < R; r++) {
    edge(r, z, 0);
    if (count[r] < p.capacity[r]) edge(z, r, 0);
  }
  const g = group(
    Int32Array.from(from),
    Int32Array.from(from, (_, i) => i),
    R + 1,
  );
  const v = new Float64Array(R + 1).fill(INF);
  const queued = new Uint8Array(R + 1);
  const hops = new Int32Array(R + 1);
  // Ring buffer: each node is in the queue at most once.
  const queue = new Int32Array(R + 2);
  let head = 0;
  let tail = 0;
  queue[tail++] = z;
  v[z] = 0;
  queued[z] = 1;
  while (head !== tail) {
    const a = queue[head];
    head = head + 1 === queue.length ? 0 : head + 1;
    queued[a] = 0;
    for (let i = g.start[a]; i < g.start[a + 1]; i++) {
      const e = g.items[i];
      const b = to[e];
      if (v[a] + cost[e] < v[b]) {
        v[b] = v[a] + cost[e];
        hops[b] = hops[a] + 1;
        if (hops[b] > R) throw new MatchingError('INTERNAL', 'no dual certificate: the matching is not optimal');
        if (!queued[b]) {
          queued[b] = 1;
          queue[tail] = b;
          tail = tail + 1 === queue.length ? 0 : tail + 1;
        }
      }
    }
  }
  if (v[z] !== 0) throw new MatchingError('INTERNAL', 'no dual certificate: the matching is not optimal');
  const rightDual = new Float64Array(R);
  for (let r = 0; r < R; r++) rightDual[r] = v[r] === INF ? 0 : v[r];
  // A right node of capacity 0 can carry any price at no cost: cover its pairs.
  for (let k = 0; k < pairLeft.length; k++) {
    const r = pairRight[k];
    if (p.capacity[r] === 0) rightDual[r] = Math.max(rightDual[r], weight[k]);
  }
  const leftDual = new Float64Array(p.leftCount);
  let total = 0;
  let dual = 0;
  for (let l = 0; l < p.leftCount; l++) {
    if (right[l] < 0) continue;
    total += weight[pairOf[l]];
    leftDual[l] = weight[pairOf[l]] - rightDual[right[l]];
    dual += leftDual[l];
  }
  for (let r = 0; r < R; r++) dual += p.capacity[r] * rightDual[r];
  if (dual !== total)
    throw new MatchingError('INTERNAL', `dual ${dual} ≠ primal ${total}: the matching is not optimal`);
  return { right, pair: pairOf, total, leftDual, rightDual };
}

/**
 * Whether (u, v) certifies `solution` optimal for `p`: u, v ≥ 0,
 * u_l + v_r ≥ w_lr for every pair with positive weight, and dual objective
 * Σ u + Σ c_r v_r equal to the total weight. For tests and callers who want to check.
 */
export function verifyCertificate(p: TransportProblem, s: TransportSolution): boolean {
  let dual = 0;
  for (let l = 0; l < p.leftCount; l++) {
    if (s.leftDual[l] < 0) return false;
    dual += s.leftDual[l];
  }
  for (let r = 0; r < p.capacity.length; r++) {
    if (s.rightDual[r] < 0) return false;
    dual += p.capacity[r] * s.rightDual[r];
  }
  for (let k = 0; k < p.pairLeft.length; k++) {
    if (p.weight[k] > 0 && s.leftDual[p.pairLeft[k]] + s.rightDual[p.pairRight[k]] < p.weight[k]) return false;
  }
  return dual === s.total;
}
