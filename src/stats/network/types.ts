/**
 * Core types of the network library. Pure maths over typed arrays: no I/O, no
 * randomness except through the seeded generator in ../random.ts, and no NaN
 * in any result (a value that is undefined, such as the closeness of an
 * isolate, is `null` and documented where it can occur).
 */

/**
 * An undirected simple graph in compressed sparse rows (CSR).
 *
 * Nodes are numbered 0..n−1; `ids[v]` is the caller's id of node v. The
 * neighbours of v are `targets[offsets[v] .. offsets[v + 1])`, sorted
 * ascending. Every tie appears twice, once from each end (two "arcs");
 * `arcEdge[a]` is the tie of arc a, numbered 0..m−1, and tie e joins
 * `edgeFrom[e] < edgeTo[e]`. There are no self-ties and no duplicate ties.
 */
export interface Graph {
  readonly ids: readonly string[];
  /** Number of nodes n. */
  readonly nodeCount: number;
  /** Number of (undirected) ties m. */
  readonly edgeCount: number;
  /** Length n + 1. */
  readonly offsets: Int32Array;
  /** Length 2m. */
  readonly targets: Int32Array;
  /** Length 2m: the tie (0..m−1) of each arc. */
  readonly arcEdge: Int32Array;
  /** Length m: the smaller node index of each tie. */
  readonly edgeFrom: Int32Array;
  /** Length m: the larger node index of each tie. */
  readonly edgeTo: Int32Array;
  /** Input ties dropped because they repeat an earlier tie (in either direction). */
  readonly duplicateTies: number;
  /** Input ties dropped because both ends are the same node. */
  readonly selfTies: number;
}

export type NetworkErrorCode =
  /** Malformed input: empty or non-string ids, wrong lengths, bad options. */
  | 'INVALID_INPUT'
  /** A tie names a node that is not in the supplied node list. */
  | 'UNKNOWN_NODE'
  /** The same id appears twice in the supplied node list. */
  | 'DUPLICATE_NODE'
  /** The graph has no ties, so modularity or mixing is 0/0. */
  | 'NO_TIES';

/** The one error type the network library throws. `message` is a one-line reason. */
export class NetworkError extends Error {
  constructor(
    readonly code: NetworkErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'NetworkError';
  }
}

/** Throws an INVALID_INPUT NetworkError unless `cond` holds. */
export function check(cond: boolean, message: string): asserts cond {
  if (!cond) throw new NetworkError('INVALID_INPUT', message);
}
