/**
 * Brokers and bridging ties.
 *
 * A broker is a node through which many shortest paths pass: high betweenness
 * (Freeman 1977; Burt 1992, "Structural Holes", on brokerage). Two rules are
 * offered, both on the betweenness from ./centrality.ts:
 * - `top: k` — the k nodes with the highest betweenness (ties in value broken
 *   by node order, so exactly min(k, nodes with betweenness > 0) are returned);
 * - `quantile: q` — every node whose betweenness is strictly above the q-th
 *   quantile of all nodes' betweenness (R's default quantile, type 7: linear
 *   interpolation between order statistics; Hyndman & Fan 1996).
 * Nodes with betweenness 0 are never brokers.
 *
 * A bridging tie joins two different communities (e.g. from ./community.ts);
 * they are listed by tie betweenness, highest first, so the ties that carry
 * most of the shortest paths between communities come first.
 */
import { check, type Graph } from './types.ts';

export interface BrokerOptions {
  /** Return the k highest (default 10 when neither option is given). */
  readonly top?: number;
  /** Return every node strictly above this quantile of betweenness, 0 ≤ q < 1. */
  readonly quantile?: number;
}

export interface Broker {
  readonly node: number;
  readonly id: string;
  readonly betweenness: number;
}

/** Brokers by betweenness, highest first (see the header). */
export function brokers(graph: Graph, nodeBetweenness: Float64Array, options: BrokerOptions = {}): Broker[] {
  check(nodeBetweenness.length === graph.nodeCount, 'one betweenness value per node is needed');
  check(!(options.top !== undefined && options.quantile !== undefined), 'give either top or quantile, not both');
  const order = Array.from({ length: graph.nodeCount }, (_, v) => v)
    .filter((v) => nodeBetweenness[v] > 0)
    .sort((a, b) => nodeBetweenness[b] - nodeBetweenness[a] || a - b);
  let chosen: number[];
  if (options.quantile !== undefined) {
    const q = options.quantile;
    check(Number.isFinite(q) && q >= 0 && q < 1, 'quantile must be in [0, 1)');
    const cut = quantile7(nodeBetweenness, q);
    chosen = order.filter((v) => nodeBetweenness[v] > cut);
  } else {
    const k = options.top ?? 10;
    check(Number.isSafeInteger(k) && k >= 0, 'top must be a whole number ≥ 0');
    chosen = order.slice(0, k);
  }
  return chosen.map((v) => ({ node: v, id: graph.ids[v], betweenness: nodeBetweenness[v] }));
}

/** R's type-7 quantile of `values`: h = (n − 1) q, interpolate between order statistics ⌊h⌋ and ⌈h⌉. */
export function quantile7(values: Float64Array, q: number): number {
  check(values.length > 0, 'quantile of no values');
  const sorted = Float64Array.from(values).sort();
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

export interface BridgingTie {
  readonly tie: number;
  readonly from: string;
  readonly to: string;
  readonly fromCommunity: number;
  readonly toCommunity: number;
  readonly betweenness: number;
}

export interface Bridges {
  /** Ties joining different communities, highest tie betweenness first (then by tie number). */
  readonly ties: readonly BridgingTie[];
  /** Number of bridging ties between each pair of communities (a < b), most first. */
  readonly pairs: readonly { readonly a: number; readonly b: number; readonly ties: number }[];
}

/** Ties whose ends lie in different communities. */
export function bridgingTies(graph: Graph, membership: ArrayLike<number>, tieBetweenness: Float64Array): Bridges {
  check(membership.length === graph.nodeCount, 'one community per node is needed');
  check(tieBetweenness.length === graph.edgeCount, 'one betweenness value per tie is needed');
  const ties: BridgingTie[] = [];
  const pairCount = new Map<string, { a: number; b: number; ties: number }>();
  for (let e = 0; e < graph.edgeCount; e++) {
    const u = graph.edgeFrom[e];
    const v = graph.edgeTo[e];
    const cu = membership[u];
    const cv = membership[v];
    if (cu === cv) continue;
    ties.push({
      tie: e,
      from: graph.ids[u],
      to: graph.ids[v],
      fromCommunity: cu,
      toCommunity: cv,
      betweenness: tieBetweenness[e],
    });
    const a = Math.min(cu, cv);
    const b = Math.max(cu, cv);
    const key = `${a}:${b}`;
    const entry = pairCount.get(key);
    if (entry) entry.ties++;
    else pairCount.set(key, { a, b, ties: 1 });
  }
  ties.sort((x, y) => y.betweenness - x.betweenness || x.tie - y.tie);
  const pairs = [...pairCount.values()].sort((x, y) => y.ties - x.ties || x.a - y.a || x.b - y.b);
  return { ties, pairs };
}
