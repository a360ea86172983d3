/**
 * Greedy nearest-neighbour matching on a propensity score, without
 * replacement: R MatchIt's `matchit(method = "nearest", distance = "glm",
 * m.order = "largest", replace = FALSE, ratio = k, caliper, exact)`
 * (Ho, Imai, King & Stuart 2011, "MatchIt: Nonparametric Preprocessing for
 * Parametric Causal Inference", J. Stat. Software 42(8); `?method_nearest`).
 *
 * The rules (those of MatchIt's general nearest-neighbour routine, nn_matchC):
 * 1. Treated units are processed in descending order of score, ties by row.
 * 2. k:1 matching runs k rounds: in round r every treated unit (in the order
 *    of rule 1) takes its r-th control, so early treated units cannot take
 *    all the good controls before later ones get a first.
 * 3. A treated unit takes the unused control of its exact-matching stratum
 *    with the smallest |ps_t − ps_c|; among equally near controls, the one
 *    with the lowest row number.
 * 4. A caliper c (in standard deviations of the score over ALL units, sample
 *    SD with n − 1, as MatchIt's std.caliper) allows a pair only when
 *    |ps_t − ps_c| ≤ c·SD; a treated unit whose nearest control is outside it
 *    gets no match in that round (and so none in later rounds either).
 * 5. Matching weights (MatchIt's weights_matrixC and its ATT scaling):
 *    matched treated get 1; a control in a set with m controls gets 1/m, then
 *    all control weights are scaled to sum to the number of matched controls.
 *    Matched sets (subclasses) are numbered 0, 1, … in row order of their
 *    treated unit (MatchIt's labels differ, but only the grouping matters).
 *
 * Checked against MatchIt 4.5.1 run through nn_matchC (a distance matrix with
 * the treated pre-sorted, see fixtures/make-fixtures.R). MatchIt 4.5.1's faster
 * routine for a score vector (nn_matchC_vec) departs from rules 3–4 on this
 * build: it takes the lower-score neighbour whenever there is one and ignores
 * the caliper, as if |difference| were truncated to an integer.
 *
 * Speed: controls of each stratum are sorted once by (score, row); a treated
 * unit binary-searches its position and the nearest unused control on either
 * side is found through two "next unused" pointer forests (union–find with
 * path halving: a used slot points to its neighbour), so matching costs
 * O((n_c + k·n_t) log n_c) with no scan over all controls.
 */
import { EvaluationError, check, checkFinite, checkLength } from './errors.ts';

export interface MatchOptions {
  /** Controls per treated unit, k ≥ 1 (default 1). */
  readonly ratio?: number;
  /** Caliper in standard deviations of the score over all units; absent = no caliper. */
  readonly caliper?: number;
  /** Categorical columns that must agree exactly within a pair, by name. */
  readonly exact?: Readonly<Record<string, ArrayLike<string | number>>>;
}

export interface MatchResult {
  readonly ratio: number;
  /** Rows of the treated units, in row order. */
  readonly treatedRows: Int32Array;
  /**
   * Match matrix: row t (the t-th treated unit in row order), column r holds
   * the row of its (r+1)-th control, or −1. Row-major, treatedRows.length × ratio.
   */
  readonly matrix: Int32Array;
  /** Matched set of each row (0-based, numbered in row order of the treated unit), −1 if unmatched. */
  readonly subclass: Int32Array;
  /** MatchIt matching weights (0 for unmatched rows). */
  readonly weights: Float64Array;
  readonly matchedTreated: number;
  readonly matchedControls: number;
  /** The caliper on the score scale (caliper · SD), or null. */
  readonly caliperDistance: number | null;
}

/** Sample standard deviation (n − 1). */
export function sampleSd(x: ArrayLike<number>): number {
  const n = x.length;
  let m = 0;
  for (let i = 0; i < n; i++) m += x[i];
  m /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (x[i] - m) * (x[i] - m);
  return Math.sqrt(ss / (n - 1));
}

/** Stratum id of every row from the exact-matching columns (0 for all when none). */
export function exactStrata(n: number, exact: MatchOptions['exact']): Int32Array {
  const strata = new Int32Array(n);
  if (!exact) return strata;
  const cols = Object.entries(exact);
  if (cols.length === 0) return strata;
  for (const [name, col] of cols) checkLength(col, n, `exact column '${name}'`);
  const ids = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const key = cols.map(([, col]) => `${typeof col[i]}:${String(col[i])}`).join('\u0000');
    let id = ids.get(key);
    if (id === undefined) {
      id = ids.size;
      ids.set(key, id);
    }
    strata[i] = id;
  }
  return strata;
}

/** Root of i in a "next unused" forest, with path halving. */
function findRoot(parent: Int32Array, i: number): number {
  let x = i;
  while (parent[x] !== x) {
    const up = parent[parent[x]];
    parent[x] = up;
    x = up;
  }
  return x;
}

/**
 * Matches treated (treat = 1) to control (treat = 0) units on the score `ps`.
 * Scores must be finite; they need not be probabilities.
 */
export function matchNearest(treat: ArrayLike<number>, ps: ArrayLike<number>, options: MatchOptions = {}): MatchResult {
  const n = treat.length;
  checkLength(ps, n, 'propensity scores');
  checkFinite(ps, 'propensity scores');
  const ratio = options.ratio ?? 1;
  check(Number.isInteger(ratio) && ratio >= 1, `ratio must be a whole number ≥ 1 (got ${String(ratio)})`);
  let nT = 0;
  for (let i = 0; i < n; i++) {
    check(treat[i] === 0 || treat[i] === 1, `treat[${i}] must be 0 or 1`);
    nT += treat[i];
  }
  const nC = n - nT;
  if (nT === 0 || nC === 0)
    throw new EvaluationError('INSUFFICIENT_DATA', 'matching needs at least one treated and one control unit');
  let caliperDistance: number | null = null;
  if (options.caliper !== undefined) {
    check(
      Number.isFinite(options.caliper) && options.caliper > 0,
      'caliper must be a positive number of standard deviations',
    );
    caliperDistance = options.caliper * sampleSd(ps);
  }
  const strata = exactStrata(n, options.exact);

  // Controls sorted by (stratum, score, row); each stratum a contiguous block.
  const controls = new Int32Array(nC);
  const treatedRows = new Int32Array(nT);
  for (let i = 0, c = 0, t = 0; i < n; i++) {
    if (treat[i] === 1) treatedRows[t++] = i;
    else controls[c++] = i;
  }
  controls.sort((a, b) => strata[a] - strata[b] || ps[a] - ps[b] || a - b);
  const sortedPs = new Float64Array(nC);
  for (let k = 0; k < nC; k++) sortedPs[k] = ps[controls[k]];
  let nStrata = 0;
  for (let i = 0; i < n; i++) nStrata = Math.max(nStrata, strata[i] + 1);
  const blockStart = new Int32Array(nStrata).fill(0);
  const blockEnd = new Int32Array(nStrata).fill(0);
  for (let k = nC - 1; k >= 0; k--) blockStart[strata[controls[k]]] = k;
  for (let k = 0; k < nC; k++) blockEnd[strata[controls[k]]] = k + 1;

  // right[k]: smallest unused slot ≥ k (nC = none); left[k + 1]: largest unused slot ≤ k (0 ↔ none).
  const right = new Int32Array(nC + 1);
  const left = new Int32Array(nC + 1);
  for (let k = 0; k <= nC; k++) {
    right[k] = k;
    left[k] = k;
  }

  // First slot of each run of equal scores (within a stratum).
  const runStart = new Int32Array(nC);
  for (let k = 0; k < nC; k++) {
    runStart[k] =
      k > 0 && sortedPs[k - 1] === sortedPs[k] && strata[controls[k - 1]] === strata[controls[k]] ? runStart[k - 1] : k;
  }

  // Treated processing order: descending score, ties by row.
  const order = Int32Array.from(treatedRows).sort((a, b) => ps[b] - ps[a] || a - b);
  // Insertion position of each treated unit: first slot of its stratum with score ≥ its own.
  const position = new Int32Array(n).fill(-1);
  for (let q = 0; q < nT; q++) {
    const t = order[q];
    const s = strata[t];
    let lo = blockStart[s];
    let hi = blockEnd[s];
    const p = ps[t];
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sortedPs[mid] < p) lo = mid + 1;
      else hi = mid;
    }
    position[t] = lo;
  }

  const treatedIndex = new Int32Array(n).fill(-1);
  for (let t = 0; t < nT; t++) treatedIndex[treatedRows[t]] = t;
  const matrix = new Int32Array(nT * ratio).fill(-1);
  let available = nC;
  for (let r = 0; r < ratio && available > 0; r++) {
    for (let q = 0; q < nT && available > 0; q++) {
      const t = order[q];
      const s = strata[t];
      if (blockEnd[s] === blockStart[s]) continue; // no controls in this stratum
      const pos = position[t];
      const p = ps[t];
      // Nearest unused slot on each side; on the left, the lowest row of its run of equal scores.
      let lSlot = findRoot(left, pos) - 1;
      if (lSlot < blockStart[s]) lSlot = -1;
      else lSlot = findRoot(right, runStart[lSlot]);
      const rSlot = findRoot(right, pos);
      const hasRight = rSlot < blockEnd[s];
      let chosen = -1;
      if (lSlot >= 0 && hasRight) {
        const dl = p - sortedPs[lSlot];
        const dr = sortedPs[rSlot] - p;
        chosen = dl < dr ? lSlot : dr < dl ? rSlot : controls[lSlot] < controls[rSlot] ? lSlot : rSlot;
      } else if (lSlot >= 0) chosen = lSlot;
      else if (hasRight) chosen = rSlot;
      if (chosen < 0) continue;
      if (caliperDistance !== null && Math.abs(p - sortedPs[chosen]) > caliperDistance) continue;
      matrix[treatedIndex[t] * ratio + r] = controls[chosen];
      right[chosen] = chosen + 1;
      left[chosen + 1] = chosen;
      available--;
    }
  }
  return finishMatch(n, ratio, treatedRows, matrix, caliperDistance);
}

/** Subclasses and MatchIt weights from a match matrix. */
export function finishMatch(
  n: number,
  ratio: number,
  treatedRows: Int32Array,
  matrix: Int32Array,
  caliperDistance: number | null,
): MatchResult {
  const subclass = new Int32Array(n).fill(-1);
  const weights = new Float64Array(n);
  let matchedTreated = 0;
  let matchedControls = 0;
  let controlWeightSum = 0;
  for (let t = 0; t < treatedRows.length; t++) {
    let m = 0;
    for (let r = 0; r < ratio; r++) if (matrix[t * ratio + r] >= 0) m++;
    if (m === 0) continue;
    const set = matchedTreated++;
    subclass[treatedRows[t]] = set;
    weights[treatedRows[t]] = 1;
    for (let r = 0; r < ratio; r++) {
      const c = matrix[t * ratio + r];
      if (c < 0) continue;
      if (subclass[c] !== -1) throw new EvaluationError('INVALID_INPUT', `control row ${c} is matched twice`);
      subclass[c] = set;
      weights[c] = 1 / m;
      controlWeightSum += 1 / m;
      matchedControls++;
    }
  }
  if (controlWeightSum > 0) {
    const scale = matchedControls / controlWeightSum;
    for (let t = 0; t < treatedRows.length; t++) {
      for (let r = 0; r < ratio; r++) {
        const c = matrix[t * ratio + r];
        if (c >= 0) weights[c] *= scale;
      }
    }
  }
  return { ratio, treatedRows, matrix, subclass, weights, matchedTreated, matchedControls, caliperDistance };
}
