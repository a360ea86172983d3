/**
 * Benchmarking against similar places, in the manner of CIPFA's "nearest neighbours" model:
 * each characteristic (say, population density, share of residents born abroad, deprivation)
 * is standardised to a z-score over the pool of candidate places, and places are ranked by
 * (optionally weighted) Euclidean distance from the council on those z-scores.
 *
 *   z_pj = (v_pj − mean_j) / sd_j          (population sd over the pool, target included)
 *   d(t, c) = √( Σ_j w_j (z_tj − z_cj)² / Σ_j w_j )
 *
 * A characteristic with no spread (sd = 0) cannot tell places apart and adds nothing.
 * Dividing by Σ w_j keeps distances comparable when the number of characteristics changes.
 *
 * Reference: CIPFA Nearest Neighbours Model (CIPFA 2019, technical note); the LGA's LG Inform
 * benchmarks each council against its CIPFA near neighbours.
 *
 * Also here: rank and quartile of a place among its comparators. Pure: no I/O.
 */

export interface Place {
  code: string;
  /** One value per characteristic, in the same order for every place; null when unknown. */
  values: readonly (number | null)[];
}

export interface Neighbour {
  code: string;
  /** Standardised Euclidean distance from the target (0 = identical on every characteristic). */
  distance: number;
  /** 1 for the nearest. */
  position: number;
}

export interface NeighbourResult {
  neighbours: Neighbour[];
  /** Candidates left out because a characteristic was unknown. */
  excluded: string[];
}

export interface NeighbourOptions {
  /** How many neighbours to return (at least 1). */
  k: number;
  /** Weight of each characteristic (≥ 0, not all 0); default equal weights. */
  weights?: readonly number[];
}

function known(v: number | null): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/**
 * The k candidates nearest to the target by standardised Euclidean distance. Ties are broken by code,
 * so the result does not depend on the order of the candidates.
 * @throws RangeError when the target lacks a value, k < 1, or lengths and weights are inconsistent.
 */
export function nearestNeighbours(
  target: Place,
  candidates: readonly Place[],
  opts: NeighbourOptions,
): NeighbourResult {
  const m = target.values.length;
  if (m === 0) throw new RangeError('nearestNeighbours: choose at least one characteristic');
  if (!Number.isInteger(opts.k) || opts.k < 1)
    throw new RangeError(`nearestNeighbours: k must be a whole number ≥ 1 (got ${String(opts.k)})`);
  if (!target.values.every(known))
    throw new RangeError(`nearestNeighbours: ${target.code} has no value for every characteristic`);
  const weights = opts.weights ?? new Array<number>(m).fill(1);
  if (weights.length !== m || !weights.every((w) => Number.isFinite(w) && w >= 0) || !weights.some((w) => w > 0)) {
    throw new RangeError('nearestNeighbours: weights must be one finite value ≥ 0 per characteristic, not all 0');
  }
  const excluded: string[] = [];
  const pool: Place[] = [];
  const seen = new Set<string>([target.code]);
  for (const c of candidates) {
    if (c.values.length !== m)
      throw new RangeError(`nearestNeighbours: ${c.code} has ${c.values.length} values, expected ${m}`);
    if (seen.has(c.code)) continue;
    seen.add(c.code);
    if (c.values.every(known)) pool.push(c);
    else excluded.push(c.code);
  }
  // Sum in code order so the result does not depend on the order the candidates came in.
  pool.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const all = [target, ...pool];
  const mean = new Array<number>(m).fill(0);
  const sd = new Array<number>(m).fill(0);
  for (let j = 0; j < m; j++) {
    let s = 0;
    for (const p of all) s += p.values[j] as number;
    mean[j] = s / all.length;
    let ss = 0;
    for (const p of all) ss += ((p.values[j] as number) - mean[j]) ** 2;
    sd[j] = Math.sqrt(ss / all.length);
  }
  const wSum = weights.reduce((a, b) => a + b, 0);
  const z = (p: Place, j: number) => (sd[j] > 0 ? ((p.values[j] as number) - mean[j]) / sd[j] : 0);
  const scored = pool.map((c) => {
    let d2 = 0;
    for (let j = 0; j < m; j++) d2 += weights[j] * (z(target, j) - z(c, j)) ** 2;
    return { code: c.code, distance: Math.sqrt(d2 / wSum) };
  });
  scored.sort((a, b) => a.distance - b.distance || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return {
    neighbours: scored.slice(0, opts.k).map((s, i) => ({ ...s, position: i + 1 })),
    excluded: excluded.sort(),
  };
}

export interface RankResult {
  /** 1 = best (or highest when neither direction is better); ties share the better rank. */
  rank: number;
  /** Places with a value, the target included. */
  of: number;
  /** 1 = top quarter (best or highest) … 4 = bottom quarter. */
  quartile: 1 | 2 | 3 | 4;
}

/**
 * Rank and quartile of `code` among places with values. With `higherIsBetter` false, the lowest value
 * ranks first; with true or null (no better direction), the highest ranks first.
 * Quartile = ⌈4 · rank / n⌉. Returns null when the place has no value.
 */
export function rankAmong(
  values: readonly { code: string; value: number | null }[],
  code: string,
  higherIsBetter: boolean | null,
): RankResult | null {
  // A rank says better or worse: without a direction in which values are better there is no rank.
  if (higherIsBetter === null) return null;
  const present = values.filter((v) => known(v.value)) as { code: string; value: number }[];
  const self = present.find((v) => v.code === code);
  if (!self) return null;
  const better = (a: number, b: number) => (higherIsBetter === false ? a < b : a > b);
  const rank = 1 + present.filter((v) => better(v.value, self.value)).length;
  const of = present.length;
  const quartile = Math.min(4, Math.max(1, Math.ceil((4 * rank) / of))) as 1 | 2 | 3 | 4;
  return { rank, of, quartile };
}
