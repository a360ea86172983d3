/**
 * Mixing by a node attribute (ethnic group, age band, tenure…): how many ties
 * join different groups, against how many would under random mixing.
 *
 * Notation (Newman 2003, "Mixing patterns in networks", Phys. Rev. E 67:
 * 026126): over the m ties whose two ends both have a group, e_gh is the share
 * of tie-ends joining group g to group h (symmetric, Σ_gh e_gh = 1) and
 *   a_g = Σ_h e_gh = d_g / 2m,
 * where d_g is the total degree of group g counted over those ties. Then
 *   observed cross-group share  = 1 − Σ_g e_gg   (share of ties joining different groups),
 *   expected cross-group share  = 1 − Σ_g a_g²   (random mixing given degrees:
 *     a tie-end lands in group g with probability d_g / 2m, as in the
 *     configuration model),
 *   assortativity coefficient r = (Σ_g e_gg − Σ_g a_g²) / (1 − Σ_g a_g²)
 *                               = 1 − observed / expected,
 * which is igraph's `assortativity_nominal(g, types, directed = FALSE)`.
 * r = 1 when no tie crosses groups, 0 for random mixing, negative when ties
 * cross more than chance. r is undefined (null) when every tie-end is in one
 * group (expected share 0). Nodes without a group are left out together with
 * their ties (reported as `skippedTies`); throws NO_TIES if no tie is left.
 */
import { check, NetworkError, type Graph } from './types.ts';

export interface GroupMixing {
  readonly group: string;
  /** Nodes in the group. */
  readonly nodes: number;
  /** d_g: tie-ends in the group (counted ties only). */
  readonly degree: number;
  /** Ties with both ends in the group. */
  readonly within: number;
  /** Ties from the group to another group. */
  readonly cross: number;
  /** cross / d_g: share of the group's ties that leave it (null if d_g = 0). */
  readonly crossShare: number | null;
  /** 1 − d_g / 2m: that share under random mixing (null if d_g = 0). */
  readonly expectedCrossShare: number | null;
}

export interface Mixing {
  /** Ties counted (both ends have a group). */
  readonly ties: number;
  /** Ties left out because an end has no group. */
  readonly skippedTies: number;
  readonly crossTies: number;
  /** 1 − Σ e_gg. */
  readonly observedCrossShare: number;
  /** 1 − Σ a_g². */
  readonly expectedCrossShare: number;
  /** Newman's nominal assortativity r; null when only one group has ties. */
  readonly assortativity: number | null;
  /** Groups in order of first appearance among the nodes. */
  readonly groups: readonly GroupMixing[];
}

/**
 * Mixing of `graph` by `groupOf`, aligned with `graph.ids` (null, undefined
 * or '' = no group).
 */
export function mixing(graph: Graph, groupOf: readonly (string | null | undefined)[]): Mixing {
  check(groupOf.length === graph.nodeCount, `groupOf has ${groupOf.length} entries for ${graph.nodeCount} nodes`);
  const names: string[] = [];
  const index = new Map<string, number>();
  const g = new Int32Array(graph.nodeCount);
  for (let v = 0; v < graph.nodeCount; v++) {
    const name = groupOf[v];
    if (name === null || name === undefined || name === '') {
      g[v] = -1;
      continue;
    }
    check(typeof name === 'string', `groupOf[${v}] must be a string`);
    let k = index.get(name);
    if (k === undefined) {
      k = names.length;
      index.set(name, k);
      names.push(name);
    }
    g[v] = k;
  }
  const G = names.length;
  const nodes = new Int32Array(G);
  for (let v = 0; v < graph.nodeCount; v++) if (g[v] >= 0) nodes[g[v]]++;
  const degree = new Float64Array(G);
  const within = new Float64Array(G);
  const cross = new Float64Array(G);
  let ties = 0;
  let skipped = 0;
  let crossTies = 0;
  for (let e = 0; e < graph.edgeCount; e++) {
    const a = g[graph.edgeFrom[e]];
    const b = g[graph.edgeTo[e]];
    if (a < 0 || b < 0) {
      skipped++;
      continue;
    }
    ties++;
    degree[a]++;
    degree[b]++;
    if (a === b) {
      within[a]++;
    } else {
      crossTies++;
      cross[a]++;
      cross[b]++;
    }
  }
  if (ties === 0) throw new NetworkError('NO_TIES', 'no tie has a group at both ends');
  const twoM = 2 * ties;
  let sumA2 = 0;
  for (let k = 0; k < G; k++) sumA2 += (degree[k] / twoM) ** 2;
  const observed = crossTies / ties;
  const expected = 1 - sumA2;
  // r = (Σ e_gg − Σ a²) / (1 − Σ a²), with Σ e_gg = 1 − observed.
  const assortativity = expected > 0 ? (expected - observed) / expected : null;
  const groups = names.map((group, k) => ({
    group,
    nodes: nodes[k],
    degree: degree[k],
    within: within[k],
    cross: cross[k],
    crossShare: degree[k] > 0 ? cross[k] / degree[k] : null,
    expectedCrossShare: degree[k] > 0 ? 1 - degree[k] / twoM : null,
  }));
  return {
    ties,
    skippedTies: skipped,
    crossTies,
    observedCrossShare: observed,
    expectedCrossShare: expected,
    assortativity,
    groups,
  };
}
