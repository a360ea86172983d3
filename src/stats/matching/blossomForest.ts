/**
 * The blossom forest of the weighted matching algorithm in ./blossom.ts
 * (Galil 1986, section 4): nested blossoms as odd cycles of sub-blossoms,
 * S/T labels of the alternating trees, and the structural steps — labelling,
 * finding the closest common blossom of two tree paths, shrinking an odd
 * cycle into a new blossom (with its least-slack edges to the other S
 * blossoms), expanding a blossom, moving a blossom's base, and augmenting
 * along a path through the trees. Vertices are blossoms 0..n−1; non-trivial
 * blossoms take ids n..2n−1.
 */
import { MatchingError } from './types.ts';

export const FREE = 0;
export const S = 1;
export const T = 2;

export class BlossomForest {
  readonly mate: Int32Array; // matched edge of each vertex, −1 if single
  readonly label: Uint8Array; // of top-level blossoms (vertices are trivial blossoms)
  readonly labelEdge: Int32Array;
  readonly labelEnd: Int32Array; // the vertex outside the blossom at the end of labelEdge
  readonly inBlossom: Int32Array; // top-level blossom of each vertex
  readonly parent: Int32Array;
  readonly base: Int32Array;
  readonly children: number[][];
  readonly cycleFrom: number[][]; // cycle edge i joins children i and i+1 (mod len) …
  readonly cycleTo: number[][]; // … from this vertex in child i to this vertex in child i+1
  readonly cycleEdge: number[][];
  readonly dual: Float64Array;
  readonly bestEdge: Int32Array;
  readonly bestList: (number[] | null)[];
  readonly unused: number[] = [];
  readonly queue: number[] = [];
  readonly mark: Uint8Array;
  readonly bestTo: Int32Array;

  constructor(
    readonly n: number,
    readonly eu: Int32Array,
    readonly ev: Int32Array,
    readonly ew: Float64Array,
    readonly incStart: Int32Array,
    readonly incident: Int32Array,
    readonly incOther: Int32Array,
    startDual: number,
  ) {
    const size = 2 * n;
    this.mate = new Int32Array(n).fill(-1);
    this.label = new Uint8Array(size);
    this.labelEdge = new Int32Array(size).fill(-1);
    this.labelEnd = new Int32Array(size).fill(-1);
    this.inBlossom = Int32Array.from({ length: n }, (_, v) => v);
    this.parent = new Int32Array(size).fill(-1);
    this.base = Int32Array.from({ length: size }, (_, b) => (b < n ? b : -1));
    this.children = Array.from({ length: size }, () => []);
    this.cycleFrom = Array.from({ length: size }, () => []);
    this.cycleTo = Array.from({ length: size }, () => []);
    this.cycleEdge = Array.from({ length: size }, () => []);
    this.dual = new Float64Array(size);
    this.dual.fill(startDual, 0, n);
    this.bestEdge = new Int32Array(size).fill(-1);
    this.bestList = new Array<number[] | null>(size).fill(null);
    for (let b = size - 1; b >= n; b--) this.unused.push(b);
    this.mark = new Uint8Array(size);
    this.bestTo = new Int32Array(size).fill(-1);
  }

  other(k: number, v: number): number {
    return this.eu[k] === v ? this.ev[k] : this.eu[k];
  }

  slack(k: number): number {
    return this.dual[this.eu[k]] + this.dual[this.ev[k]] - this.ew[k];
  }

  /** Vertices of blossom b. */
  leaves(b: number, out: number[] = []): number[] {
    if (b < this.n) out.push(b);
    else for (const c of this.children[b]) this.leaves(c, out);
    return out;
  }

  /** The child of blossom b containing vertex v. */
  childOf(b: number, v: number): number {
    let t = v;
    while (this.parent[t] !== b) t = this.parent[t];
    return t;
  }

  assignLabel(w: number, t: number, from: number, edge: number): void {
    const b = this.inBlossom[w];
    this.label[b] = t;
    this.labelEdge[b] = edge;
    this.labelEnd[b] = from;
    this.bestEdge[b] = -1;
    this.bestList[b] = null;
    if (t === S) {
      for (const x of this.leaves(b)) {
        this.bestEdge[x] = -1;
        this.queue.push(x);
      }
    } else {
      const bb = this.base[b];
      const m = this.mate[bb];
      this.assignLabel(this.other(m, bb), S, bb, m);
    }
  }

  /** Base of the closest common S blossom of v's and w's trees, or −1 if they are different trees. */
  commonBase(v: number, w: number): number {
    const path: number[] = [];
    let result = -1;
    let a = this.inBlossom[v];
    let b = this.inBlossom[w];
    // Walk up both trees in turn (S blossom → its T parent → that one's S parent), marking.
    while (a >= 0 || b >= 0) {
      if (a >= 0) {
        if (this.mark[a]) {
          result = this.base[a];
          break;
        }
        this.mark[a] = 1;
        path.push(a);
        a = this.labelEdge[a] < 0 ? -1 : this.inBlossom[this.labelEnd[this.inBlossom[this.labelEnd[a]]]];
      }
      const t = a;
      a = b;
      b = t;
    }
    for (const x of path) this.mark[x] = 0;
    return result;
  }

  addBlossom(baseV: number, k: number, v: number, w: number): void {
    const bb = this.inBlossom[baseV];
    const b = this.unused.pop();
    if (b === undefined) throw new MatchingError('INTERNAL', 'out of blossom ids');
    this.base[b] = baseV;
    this.parent[b] = -1;
    this.parent[bb] = b;
    // Trace each side down to the base blossom: (child, vertex in it, vertex in its tree parent, edge).
    const side = (x: number) => {
      const steps: [number, number, number, number][] = [];
      let c = this.inBlossom[x];
      while (c !== bb) {
        this.parent[c] = b;
        const e = this.labelEdge[c];
        const out = this.labelEnd[c];
        steps.push([c, this.other(e, out), out, e]);
        c = this.inBlossom[out];
      }
      return steps;
    };
    const sv = side(v);
    const sw = side(w);
    const kids = [bb];
    const from: number[] = [];
    const to: number[] = [];
    const edges: number[] = [];
    for (let i = sv.length - 1; i >= 0; i--) {
      const [c, inside, out, e] = sv[i];
      from.push(out);
      to.push(inside);
      edges.push(e);
      kids.push(c);
    }
    from.push(v);
    to.push(w);
    edges.push(k);
    sw.forEach(([c, inside, out, e]) => {
      kids.push(c);
      from.push(inside);
      to.push(out);
      edges.push(e);
    });
    this.children[b] = kids;
    this.cycleFrom[b] = from;
    this.cycleTo[b] = to;
    this.cycleEdge[b] = edges;
    this.label[b] = S;
    this.labelEdge[b] = this.labelEdge[bb];
    this.labelEnd[b] = this.labelEnd[bb];
    this.dual[b] = 0;
    for (const c of kids) {
      const leaves = this.leaves(c);
      if (this.label[c] === T) for (const x of leaves) this.queue.push(x);
      for (const x of leaves) this.inBlossom[x] = b;
    }
    // Least-slack edge from the new blossom to each other S blossom.
    const touched: number[] = [];
    for (const c of kids) {
      const list =
        this.bestList[c] ??
        this.leaves(c).flatMap((x) => Array.from(this.incident.subarray(this.incStart[x], this.incStart[x + 1])));
      for (const e of list) {
        const j: number = this.inBlossom[this.eu[e]] === b ? this.ev[e] : this.eu[e];
        const bj: number = this.inBlossom[j];
        if (bj === b || this.label[bj] !== S) continue;
        if (this.bestTo[bj] < 0) touched.push(bj);
        if (this.bestTo[bj] < 0 || this.slack(e) < this.slack(this.bestTo[bj])) this.bestTo[bj] = e;
      }
      this.bestList[c] = null;
      this.bestEdge[c] = -1;
    }
    const best = touched.map((bj) => this.bestTo[bj]);
    for (const bj of touched) this.bestTo[bj] = -1;
    this.bestList[b] = best;
    let be = -1;
    for (const e of best) if (be < 0 || this.slack(e) < this.slack(be)) be = e;
    this.bestEdge[b] = be;
  }

  expandBlossom(b: number, endStage: boolean): void {
    const kids = this.children[b];
    const entry =
      !endStage && this.label[b] === T ? this.childOf(b, this.other(this.labelEdge[b], this.labelEnd[b])) : -1;
    for (const c of kids) {
      this.parent[c] = -1;
      if (c >= this.n && endStage && this.dual[c] === 0) this.expandBlossom(c, true);
      else for (const x of this.leaves(c)) this.inBlossom[x] = c;
    }
    for (const c of kids) {
      this.label[c] = FREE;
      this.labelEdge[c] = -1;
      if (c >= this.n) this.bestEdge[c] = -1; // a single vertex keeps its least-slack edge to S
    }
    if (entry >= 0) this.relabelPath(b, entry);
    this.children[b] = [];
    this.cycleFrom[b] = [];
    this.cycleTo[b] = [];
    this.cycleEdge[b] = [];
    this.label[b] = FREE;
    this.labelEdge[b] = -1;
    this.bestEdge[b] = -1;
    this.bestList[b] = null;
    this.base[b] = -1;
    this.unused.push(b);
  }

  /**
   * After expanding T blossom b mid-stage: label the even path of children
   * from the entry child round to the base child T, S, T, …, T (its matched
   * edges are the odd cycle edges); the other children stay unlabelled.
   */
  relabelPath(b: number, entry: number): void {
    const kids = this.children[b];
    const len = kids.length;
    let p = kids.indexOf(entry);
    const step = p % 2 === 0 ? -1 : 1;
    // Cycle edge from child p to the next child along the path: [edge, vertex in p, vertex in next].
    const along = (q: number): [number, number, number] => {
      if (step > 0) return [this.cycleEdge[b][q], this.cycleFrom[b][q], this.cycleTo[b][q]];
      return [this.cycleEdge[b][q - 1], this.cycleTo[b][q - 1], this.cycleFrom[b][q - 1]];
    };
    this.label[entry] = T;
    this.labelEdge[entry] = this.labelEdge[b];
    this.labelEnd[entry] = this.labelEnd[b];
    while (p !== 0) {
      const [matched, inT] = along(p);
      const q = (p + step + len) % len;
      const sChild = kids[q];
      this.label[sChild] = S;
      this.labelEdge[sChild] = matched;
      this.labelEnd[sChild] = inT;
      this.bestEdge[sChild] = -1;
      this.bestList[sChild] = null;
      for (const x of this.leaves(sChild)) {
        this.bestEdge[x] = -1;
        this.queue.push(x);
      }
      const [free, inS] = along(q);
      p = (q + step + len) % len;
      this.label[kids[p]] = T;
      this.labelEdge[kids[p]] = free;
      this.labelEnd[kids[p]] = inS;
    }
  }

  /** Rotate blossom b (recursively) so that vertex v becomes its base, swapping the matching round the cycle. */
  rebase(b: number, v: number): void {
    const t = this.childOf(b, v);
    if (t >= this.n) this.rebase(t, v);
    const kids = this.children[b];
    const len = kids.length;
    const i = kids.indexOf(t);
    this.base[b] = v;
    if (i === 0) return;
    // Newly matched cycle edges: 0, 2, …, i − 2 going back (i even), or i + 1, i + 3, …, len − 1 going on (i odd).
    const first = i % 2 === 0 ? 0 : i + 1;
    const last = i % 2 === 0 ? i - 2 : len - 1;
    for (let e = first; e <= last; e += 2) {
      const x = this.cycleFrom[b][e];
      const y = this.cycleTo[b][e];
      const cx = kids[e];
      const cy = kids[(e + 1) % len];
      if (cx >= this.n) this.rebase(cx, x);
      if (cy >= this.n) this.rebase(cy, y);
      this.mate[x] = this.cycleEdge[b][e];
      this.mate[y] = this.cycleEdge[b][e];
    }
    const rot = <X>(a: X[]): X[] => [...a.slice(i), ...a.slice(0, i)];
    this.children[b] = rot(kids);
    this.cycleFrom[b] = rot(this.cycleFrom[b]);
    this.cycleTo[b] = rot(this.cycleTo[b]);
    this.cycleEdge[b] = rot(this.cycleEdge[b]);
  }

  augment(k: number, v: number, w: number): void {
    for (const [start, edge0] of [
      [v, k],
      [w, k],
    ]) {
      let s = start;
      let e = edge0;
      for (;;) {
        const bs = this.inBlossom[s];
        if (bs >= this.n) this.rebase(bs, s);
        this.mate[s] = e;
        if (this.labelEdge[bs] < 0) break;
        const bt = this.inBlossom[this.labelEnd[bs]];
        const e2 = this.labelEdge[bt];
        const s2 = this.labelEnd[bt];
        const j = this.other(e2, s2);
        if (bt >= this.n) this.rebase(bt, j);
        this.mate[j] = e2;
        s = s2;
        e = e2;
      }
    }
  }
}
