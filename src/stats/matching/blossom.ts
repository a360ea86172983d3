/**
 * Maximum-weight matching in a general (non-bipartite) graph: Edmonds'
 * blossom algorithm with dual variables, in the O(n³) form described by
 * Galil (1986, "Efficient algorithms for finding maximum matching in graphs",
 * ACM Computing Surveys 18(1): 23–38, section 4; after Edmonds 1965 and
 * Gabow 1974). The matching need not be of maximum cardinality.
 *
 * Primal–dual: vertex duals u_v, blossom duals z_B ≥ 0, and the edge slack
 * π_ij = u_i + u_j + Σ_{B ∋ i,j} z_B − w_ij ≥ 0 (only needed between
 * different top-level blossoms, where the z-sum is empty). Each stage grows
 * alternating trees from every free vertex over tight (π = 0) edges, labelling
 * blossoms S (outer) or T (inner); a tight S–S edge either closes an odd cycle
 * (shrunk into a new blossom) or joins two trees (augment). When no tight edge
 * is left the duals move by δ = min(δ1 = min u over S vertices, δ2 = min π of
 * S–free edges, δ3 = min π/2 of S–S edges, δ4 = min z/2 over T blossoms):
 * S vertices −δ, T vertices +δ, S blossoms z + 2δ, T blossoms z − 2δ. δ1
 * ends the algorithm (free vertices reach u = 0: optimal), δ4 expands a T
 * blossom. At the end of a stage S blossoms with z = 0 are expanded. Keeping,
 * per S blossom, its least-slack edge to every other S blossom (and per
 * non-S vertex its least-slack edge to an S vertex) makes each δ O(n), so a
 * stage costs O(n² + m) and the whole O(n³).
 *
 * Weights must be even whole numbers and u starts at max w / 2: then every
 * free vertex always has the same u, all vertices of a tree share its parity,
 * every S–S slack is even and every dual stays a whole number, so the
 * arithmetic is exact. Callers scale, round and double real weights.
 */
import { BlossomForest, FREE, S, T } from './blossomForest.ts';
import { group } from './structures.ts';
import { check, MatchingError } from './types.ts';

/** Maximum-weight matching; returns the mate of each vertex (−1 if single). Edges of weight ≤ 0 are ignored. */
export function maxWeightMatching(n: number, eu: Int32Array, ev: Int32Array, ew: Float64Array): Int32Array {
  check(Number.isSafeInteger(n) && n >= 0, 'vertex count must be a whole number ≥ 0');
  check(eu.length === ev.length && ew.length === eu.length, 'edge arrays must have equal lengths');
  let maxW = 0;
  for (let k = 0; k < eu.length; k++) {
    // (conditions tested first so the messages are only built on failure)
    if (!(eu[k] >= 0 && eu[k] < n && ev[k] >= 0 && ev[k] < n && eu[k] !== ev[k]))
      check(false, `edge ${k} is out of range or a loop`);
    if (!(Number.isSafeInteger(ew[k]) && ew[k] % 2 === 0))
      check(false, `edge ${k}: weights must be even whole numbers`);
    maxW = Math.max(maxW, ew[k]);
  }
  if (maxW * 4 * (n + 1) > Number.MAX_SAFE_INTEGER)
    throw new MatchingError('TOO_LARGE', 'weights too large for exact arithmetic');
  const keep = Int32Array.from(Array.from({ length: eu.length }, (_, k) => k).filter((k) => ew[k] > 0));
  // Incident edges of each vertex.
  const ends = new Int32Array(2 * keep.length);
  const endEdge = new Int32Array(2 * keep.length);
  keep.forEach((k, i) => {
    ends[2 * i] = eu[k];
    ends[2 * i + 1] = ev[k];
    endEdge[2 * i] = k;
    endEdge[2 * i + 1] = k;
  });
  const inc = group(
    ends,
    Int32Array.from(ends, (_, i) => i),
    n,
  );
  const incident = Int32Array.from(inc.items, (i) => endEdge[i]);
  const incOther = Int32Array.from(inc.items, (i) => ends[i ^ 1]);
  return new Blossom(n, eu, ev, ew, inc.start, incident, incOther, maxW / 2).solve();
}

/** The primal–dual stages over the blossom forest. */
class Blossom extends BlossomForest {
  /** Handle a tight edge between S vertex v and w; returns true if the stage ended with an augmentation. */
  tight(k: number, v: number, w: number): boolean {
    const bw = this.inBlossom[w];
    if (this.label[bw] === FREE) {
      this.assignLabel(w, T, v, k);
    } else if (this.label[bw] === S) {
      const b = this.commonBase(v, w);
      if (b < 0) {
        this.augment(k, v, w);
        return true;
      }
      this.addBlossom(b, k, v, w);
    }
    return false;
  }

  solve(): Int32Array {
    while (this.stage());
    return Int32Array.from(this.mate, (k, v) => (k < 0 ? -1 : this.other(k, v)));
  }

  /** Scan the edges of S vertex v; returns true if an augmentation ended the stage. */
  scan(v: number): boolean {
    const { incident, incOther, inBlossom, label, bestEdge, dual, eu, ev, ew } = this;
    const end = this.incStart[v + 1];
    for (let i = this.incStart[v]; i < end; i++) {
      const k = incident[i];
      const w = incOther[i];
      const bv = inBlossom[v]; // may change when a blossom forms
      const bw = inBlossom[w];
      if (bw === bv) continue;
      const sl = dual[v] + dual[w] - ew[k];
      const lw = label[bw];
      if (sl <= 0 && lw !== T) {
        if (this.tight(k, v, w)) return true;
      } else if (lw === S) {
        const b = bestEdge[bv];
        if (b < 0 || sl < dual[eu[b]] + dual[ev[b]] - ew[b]) bestEdge[bv] = k;
      } else {
        const b = bestEdge[w];
        if (b < 0 || sl < dual[eu[b]] + dual[ev[b]] - ew[b]) bestEdge[w] = k;
      }
    }
    return false;
  }

  /** One stage; returns false when the matching is optimal. */
  stage(): boolean {
    const n = this.n;
    this.queue.length = 0;
    for (let b = 0; b < 2 * n; b++) {
      this.label[b] = FREE;
      this.labelEdge[b] = -1;
      this.bestEdge[b] = -1;
      this.bestList[b] = null;
    }
    for (let v = 0; v < n; v++)
      if (this.mate[v] < 0 && this.label[this.inBlossom[v]] === FREE) this.assignLabel(v, S, -1, -1);
    for (;;) {
      const v = this.queue.pop();
      if (v !== undefined) {
        if (this.scan(v)) break; // augmented
        continue;
      }
      const outcome = this.moveDuals();
      if (outcome === 'optimal') return false;
      if (outcome === 'augmented') break;
    }
    for (let b = n; b < 2 * n; b++) {
      if (this.base[b] >= 0 && this.parent[b] < 0 && this.label[b] === S && this.dual[b] === 0)
        this.expandBlossom(b, true);
    }
    return true;
  }

  /** Compute δ, update duals and act on it. */
  moveDuals(): 'optimal' | 'augmented' | 'continue' {
    const n = this.n;
    let delta = Infinity;
    let type = 0;
    let arg = -1;
    for (let v = 0; v < n; v++) {
      const lb = this.label[this.inBlossom[v]];
      if (lb === S && this.dual[v] < delta) {
        delta = this.dual[v];
        type = 1;
      } else if (lb === FREE && this.bestEdge[v] >= 0 && this.slack(this.bestEdge[v]) < delta) {
        delta = this.slack(this.bestEdge[v]);
        type = 2;
        arg = this.bestEdge[v];
      }
    }
    for (let b = 0; b < 2 * n; b++) {
      if (this.parent[b] >= 0 || (b >= n && this.base[b] < 0)) continue;
      if (this.label[b] === S && this.bestEdge[b] >= 0 && this.slack(this.bestEdge[b]) / 2 < delta) {
        delta = this.slack(this.bestEdge[b]) / 2;
        type = 3;
        arg = this.bestEdge[b];
      } else if (b >= n && this.label[b] === T && this.dual[b] / 2 < delta) {
        delta = this.dual[b] / 2;
        type = 4;
        arg = b;
      }
    }
    if (type === 0) return 'optimal'; // no single vertex left: the matching is perfect
    if (!Number.isInteger(delta))
      throw new MatchingError('INTERNAL', `blossom dual step ${delta} is not a whole number`);
    for (let v = 0; v < n; v++) {
      const lb = this.label[this.inBlossom[v]];
      if (lb === S) this.dual[v] -= delta;
      else if (lb === T) this.dual[v] += delta;
    }
    for (let b = n; b < 2 * n; b++) {
      if (this.base[b] < 0 || this.parent[b] >= 0) continue;
      if (this.label[b] === S) this.dual[b] += 2 * delta;
      else if (this.label[b] === T) this.dual[b] -= 2 * delta;
    }
    if (type === 1) return 'optimal';
    if (type === 4) {
      this.expandBlossom(arg, false);
      return 'continue';
    }
    const [v, w] =
      this.label[this.inBlossom[this.eu[arg]]] === S ? [this.eu[arg], this.ev[arg]] : [this.ev[arg], this.eu[arg]];
    return this.tight(arg, v, w) ? 'augmented' : 'continue';
  }
}
