/**
 * Building, checking and slicing count matrices. All functions are O(areas × groups)
 * or better and allocate only their typed-array results.
 */
import { SegregationError, type CountsMatrix, type Grouping, type TwoGroupCounts } from './types.ts';

/** Relative tolerance when checking that a stated total covers the group counts. */
const TOTAL_TOLERANCE = 1e-9;

/**
 * Check shapes and values; throw `INVALID_INPUT` (naming the first bad area) if
 * counts are negative or not finite, lengths disagree, or a stated area total is
 * smaller than the sum of that area's group counts.
 */
export function validateMatrix(m: CountsMatrix): void {
  const g = m.groups.length;
  if (!Number.isSafeInteger(m.areas) || m.areas < 0) {
    throw new SegregationError('INVALID_INPUT', `areas must be a non-negative integer, got ${m.areas}`);
  }
  if (g === 0) throw new SegregationError('INVALID_INPUT', 'at least one group is needed');
  if (new Set(m.groups).size !== g) {
    throw new SegregationError('INVALID_INPUT', 'group names must be unique');
  }
  if (m.counts.length !== m.areas * g) {
    throw new SegregationError(
      'INVALID_INPUT',
      `counts has length ${m.counts.length}, expected areas × groups = ${m.areas * g}`,
    );
  }
  const { counts, totals } = m;
  if (totals && totals.length !== m.areas) {
    throw new SegregationError('INVALID_INPUT', `totals has length ${totals.length}, expected ${m.areas}`);
  }
  for (let a = 0, k = 0; a < m.areas; a++) {
    let sum = 0;
    for (let j = 0; j < g; j++, k++) {
      const v = counts[k];
      if (!(v >= 0) || v === Infinity) {
        throw new SegregationError(
          'INVALID_INPUT',
          `area ${a}, group ${m.groups[j]}: count must be finite and ≥ 0, got ${v}`,
        );
      }
      sum += v;
    }
    if (totals) {
      const t = totals[a];
      if (!(t >= 0) || t === Infinity) {
        throw new SegregationError('INVALID_INPUT', `area ${a}: total must be finite and ≥ 0, got ${t}`);
      }
      if (t < sum - TOTAL_TOLERANCE * Math.max(1, sum)) {
        throw new SegregationError(
          'INVALID_INPUT',
          `area ${a}: total ${t} is less than the sum of its group counts ${sum}`,
        );
      }
    }
  }
}

/** Check a two-group input: equal lengths, finite non-negative counts. */
export function validateTwoGroup(c: TwoGroupCounts): void {
  if (c.y.length !== c.x.length) {
    throw new SegregationError('INVALID_INPUT', `y has ${c.y.length} areas but x has ${c.x.length}`);
  }
  for (let i = 0; i < c.y.length; i++) {
    const y = c.y[i];
    const x = c.x[i];
    if (!(y >= 0) || !(x >= 0) || y === Infinity || x === Infinity) {
      throw new SegregationError('INVALID_INPUT', `area ${i}: counts must be finite and ≥ 0, got y=${y}, x=${x}`);
    }
  }
}

/** Population of each area: `totals` when given, else the row sums. */
export function areaPopulations(m: CountsMatrix): Float64Array {
  if (m.totals) return m.totals;
  return rowSums(m);
}

/** Sum of the listed group counts in each area. */
export function rowSums(m: CountsMatrix): Float64Array {
  const g = m.groups.length;
  const out = new Float64Array(m.areas);
  for (let a = 0, k = 0; a < m.areas; a++) {
    let s = 0;
    for (let j = 0; j < g; j++, k++) s += m.counts[k];
    out[a] = s;
  }
  return out;
}

/** Column position of a group; throws `UNKNOWN_GROUP`. */
export function groupIndex(m: CountsMatrix, group: string): number {
  const j = m.groups.indexOf(group);
  if (j < 0) {
    throw new SegregationError('UNKNOWN_GROUP', `unknown group "${group}" (groups: ${m.groups.join(', ')})`);
  }
  return j;
}

/** Copy one group's counts into a new array (or `out`). */
export function groupColumn(m: CountsMatrix, group: number, out = new Float64Array(m.areas)): Float64Array {
  const g = m.groups.length;
  for (let a = 0, k = group; a < m.areas; a++, k += g) out[a] = m.counts[k];
  return out;
}

/**
 * Group Y against the rest of the population: y = the group's counts,
 * x = area population − y (population as in {@link areaPopulations}).
 */
export function againstRest(m: CountsMatrix, group: string | number, populations = areaPopulations(m)): TwoGroupCounts {
  const j = typeof group === 'number' ? group : groupIndex(m, group);
  const y = groupColumn(m, j);
  const x = new Float64Array(m.areas);
  for (let a = 0; a < m.areas; a++) {
    const rest = populations[a] - y[a];
    x[a] = rest > 0 ? rest : 0; // clamp float dust from stated totals
  }
  return { y, x };
}

/** Group Y against group X only: the population of each area is taken as y + x. */
export function pairCounts(m: CountsMatrix, groupY: string, groupX: string): TwoGroupCounts {
  const jy = groupIndex(m, groupY);
  const jx = groupIndex(m, groupX);
  if (jy === jx)
    throw new SegregationError('INVALID_INPUT', `a pair needs two different groups, got "${groupY}" twice`);
  return { y: groupColumn(m, jy), x: groupColumn(m, jx) };
}

/**
 * Where group j's count for area a sits in `data`: data[a * areaStride + j * groupStride].
 * Row-major input has areaStride = groups, groupStride = 1; a column-major
 * copy has areaStride = 1, groupStride = areas.
 */
export interface CountsLayout {
  readonly data: Float64Array;
  readonly areaStride: number;
  readonly groupStride: number;
}

/** Above this many areas, reading one group at a time is faster from a column-major copy. */
const TRANSPOSE_MIN_AREAS = 8192;

/**
 * A layout for reading one group at a time. Large matrices are copied once
 * to column-major order so that each group's pass reads memory sequentially
 * (row-major reads of one group touch a new cache line for every area).
 */
export function columnLayout(m: CountsMatrix): CountsLayout {
  const g = m.groups.length;
  if (m.areas < TRANSPOSE_MIN_AREAS || g === 1) return { data: m.counts, areaStride: g, groupStride: 1 };
  const n = m.areas;
  const data = new Float64Array(n * g);
  for (let a = 0, k = 0; a < n; a++) {
    for (let j = 0, at = a; j < g; j++, k++, at += n) data[at] = m.counts[k];
  }
  return { data, areaStride: 1, groupStride: n };
}

/** A new matrix holding only the given rows (in the order given). */
export function subsetAreas(m: CountsMatrix, rows: ArrayLike<number>): CountsMatrix {
  const g = m.groups.length;
  const n = rows.length;
  const counts = new Float64Array(n * g);
  const totals = m.totals ? new Float64Array(n) : undefined;
  for (let r = 0; r < n; r++) {
    const a = rows[r];
    counts.set(m.counts.subarray(a * g, a * g + g), r * g);
    if (totals && m.totals) totals[r] = m.totals[a];
  }
  return totals ? { areas: n, groups: m.groups, counts, totals } : { areas: n, groups: m.groups, counts };
}

/** Build a grouping from one label per area; labels are numbered in order of first appearance. */
export function groupingFromValues(values: readonly string[]): Grouping {
  const position = new Map<string, number>();
  const labels: string[] = [];
  const index = new Int32Array(values.length);
  for (let a = 0; a < values.length; a++) {
    const v = values[a];
    let k = position.get(v);
    if (k === undefined) {
      k = labels.length;
      position.set(v, k);
      labels.push(v);
    }
    index[a] = k;
  }
  return { labels, index };
}

/**
 * Rows of each unit of a grouping, by counting sort: the rows of unit `u` are
 * `rows.subarray(offsets[u], offsets[u + 1])`, in ascending row order.
 */
export function partitionAreas(grouping: Grouping): { offsets: Int32Array; rows: Int32Array } {
  const units = grouping.labels.length;
  const offsets = new Int32Array(units + 1);
  const { index } = grouping;
  for (let a = 0; a < index.length; a++) offsets[index[a] + 1]++;
  for (let u = 0; u < units; u++) offsets[u + 1] += offsets[u];
  const cursor = offsets.slice(0, units);
  const rows = new Int32Array(index.length);
  for (let a = 0; a < index.length; a++) rows[cursor[index[a]]++] = a;
  return { offsets, rows };
}

/**
 * The grouping restricted to the given rows, with its labels compacted to the
 * units that occur (kept in their original order).
 */
export function subsetGrouping(grouping: Grouping, rows: ArrayLike<number>): Grouping {
  const remap = new Map<number, number>();
  const present: number[] = [];
  for (let r = 0; r < rows.length; r++) {
    const u = grouping.index[rows[r]];
    if (!remap.has(u)) {
      remap.set(u, -1);
      present.push(u);
    }
  }
  present.sort((p, q) => p - q);
  const labels = present.map((u, k) => {
    remap.set(u, k);
    return grouping.labels[u];
  });
  const index = new Int32Array(rows.length);
  for (let r = 0; r < rows.length; r++) index[r] = remap.get(grouping.index[rows[r]]) as number;
  return { labels, index };
}

/** Check that a grouping covers `areas` areas with in-range unit numbers. */
export function validateGrouping(grouping: Grouping, areas: number): void {
  if (grouping.index.length !== areas) {
    throw new SegregationError('INVALID_INPUT', `grouping covers ${grouping.index.length} areas, expected ${areas}`);
  }
  const units = grouping.labels.length;
  for (let a = 0; a < areas; a++) {
    const u = grouping.index[a];
    if (u < 0 || u >= units) {
      throw new SegregationError('INVALID_INPUT', `grouping: area ${a} has unit ${u}, expected 0..${units - 1}`);
    }
  }
}
