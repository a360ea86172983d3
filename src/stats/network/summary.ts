/**
 * One call that runs every measure a report on a network needs, shared by the
 * `cohesion network` command and the networks module: graph, degree,
 * components and isolates, Brandes betweenness (unordered pairs, not
 * normalised), seeded Louvain communities with Newman's modularity Q
 * (resolution 1) of exactly the partition returned, the top brokers by
 * betweenness, the ties bridging communities, and — when a group attribute is
 * given — the share of ties that cross group lines against the share expected
 * by chance (./mixing.ts).
 *
 * A graph without ties has no modularity (null), and every node is a community
 * of its own; a group attribute that leaves no tie with both ends known has no
 * mixing (null).
 */
import { bridgingTies, brokers, type Bridges, type Broker } from './brokers.ts';
import { centralities } from './centrality.ts';
import { louvain, modularity } from './community.ts';
import { buildGraph, components, degrees, isolates, type Tie } from './graph.ts';
import { mixing, type Mixing } from './mixing.ts';
import { NetworkError, type Graph } from './types.ts';

export interface SummaryInput {
  readonly ties: readonly Tie[];
  /** Every node (isolates included); ties naming other nodes are an error. */
  readonly nodes?: readonly string[];
  /** Group of each node of `nodes` (same order), for mixing; '' or null = unknown. */
  readonly groups?: readonly (string | null)[];
  /** Louvain seed (default 1). */
  readonly seed?: number;
  /** How many brokers to name (default 10). */
  readonly brokers?: number;
}

export interface NodeSummary {
  readonly id: string;
  readonly degree: number;
  readonly betweenness: number;
  readonly closeness: number | null;
  readonly component: number;
  readonly community: number;
  readonly group: string | null;
}

export interface NetworkSummary {
  readonly graph: Graph;
  readonly nodes: readonly NodeSummary[];
  readonly components: number;
  readonly componentSizes: readonly number[];
  readonly isolates: readonly string[];
  readonly communities: number;
  readonly communitySizes: readonly number[];
  readonly modularity: number | null;
  readonly brokers: readonly Broker[];
  readonly bridges: Bridges;
  readonly mixing: Mixing | null;
  readonly seed: number;
}

export function summariseNetwork(input: SummaryInput): NetworkSummary {
  const seed = input.seed ?? 1;
  const graph = buildGraph({ ties: input.ties, ...(input.nodes ? { nodes: input.nodes } : {}) });
  const n = graph.nodeCount;
  const degree = degrees(graph);
  const comp = components(graph);
  const central = centralities(graph);
  let membership: Int32Array;
  let communitySizes: number[];
  let q: number | null = null;
  if (graph.edgeCount > 0) {
    const found = louvain(graph, { seed });
    membership = found.membership;
    communitySizes = Array.from(found.sizes);
    // Q of the partition printed, recomputed from its definition.
    q = modularity(graph, membership);
  } else {
    membership = Int32Array.from({ length: n }, (_, v) => v);
    communitySizes = new Array<number>(n).fill(1);
  }
  const groupOf: (string | null)[] = new Array<string | null>(n).fill(null);
  if (input.groups && input.nodes) {
    input.groups.forEach((g, i) => {
      groupOf[i] = g === null || g === '' ? null : g;
    });
  }
  let mix: Mixing | null = null;
  if (input.groups && graph.edgeCount > 0) {
    try {
      mix = mixing(graph, groupOf);
    } catch (error) {
      if (!(error instanceof NetworkError)) throw error;
      mix = null;
    }
  }
  const nodes: NodeSummary[] = graph.ids.map((id, v) => ({
    id,
    degree: degree[v],
    betweenness: central.betweenness.nodes[v],
    closeness: central.closeness.closeness[v],
    component: comp.membership[v],
    community: membership[v],
    group: groupOf[v],
  }));
  return {
    graph,
    nodes,
    components: comp.count,
    componentSizes: Array.from(comp.sizes),
    isolates: Array.from(isolates(graph), (v) => graph.ids[v]),
    communities: communitySizes.length,
    communitySizes,
    modularity: q,
    brokers: brokers(graph, central.betweenness.nodes, { top: input.brokers ?? 10 }),
    bridges: bridgingTies(graph, membership, central.betweenness.ties),
    mixing: mix,
    seed,
  };
}
