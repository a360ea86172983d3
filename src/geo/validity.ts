/**
 * Geometric validity of boundaries, checked on import so a broken polygon is refused with a reason rather than
 * drawn wrongly (a ring that crosses itself can invert on the sphere and cover the whole map) or slowing every
 * map. Real generalised boundary files carry small defects, so the rules are about shape, not purity:
 *
 * - a feature may have at most MAX_POSITIONS_PER_FEATURE positions;
 * - a ring with fewer than three distinct positions, or enclosing no area, is dropped (generalisation collapses
 *   some islands to a line: 2011 LAD E06000046 has one); a feature left with no ring is refused;
 * - a ring may cross itself only in slivers: every loop a crossing cuts off must hold at most
 *   CROSSING_LOOP_TOLERANCE of the feature's area. A figure of eight cuts off about half.
 *
 * Self-intersection is found with a sweep over the ring's segments ordered by their lowest x (segments whose
 * x-ranges overlap are tested pairwise; adjacent segments share an endpoint and are skipped). A crossing is
 * two segments meeting at a point interior to at least one of them; segments that only touch at shared
 * endpoints of non-adjacent segments (a ring touching itself at a vertex, as generalised boundaries do) are
 * allowed, as the OGC simple-features rules allow for polygons. Orientation tests follow the usual
 * cross-product predicate (O'Rourke, "Computational Geometry in C", 2nd ed., §1.5).
 */
import type { Position } from 'geojson';

export const MAX_POSITIONS_PER_FEATURE = 200_000;

/**
 * Generalised boundaries published by ONS carry tiny self-crossings (slivers, spikes where two arcs meet): in
 * the 16,049 rings of the 2011 LAD, MSOA, LSOA and OA files in ../shared/data, 275 rings cross themselves and
 * the largest loop cut off is 0.32% of its feature's area. The tolerance is three times that.
 */
export const CROSSING_LOOP_TOLERANCE = 0.01;

/** Twice the signed area of the triangle a, b, c. */
function orient(a: Position, b: Position, c: Position): number {
  return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
}

function onSegment(a: Position, b: Position, p: Position): boolean {
  return (
    Math.min(a[0], b[0]) <= p[0] &&
    p[0] <= Math.max(a[0], b[0]) &&
    Math.min(a[1], b[1]) <= p[1] &&
    p[1] <= Math.max(a[1], b[1])
  );
}

const same = (p: Position, q: Position) => p[0] === q[0] && p[1] === q[1];

/** Whether segments ab and cd cross or overlap anywhere other than at a position they share. */
function segmentsCross(a: Position, b: Position, c: Position, d: Position): boolean {
  const shared = same(a, c) || same(a, d) || same(b, c) || same(b, d);
  const o1 = orient(a, b, c);
  const o2 = orient(a, b, d);
  const o3 = orient(c, d, a);
  const o4 = orient(c, d, b);
  if (o1 !== 0 && o2 !== 0 && o3 !== 0 && o4 !== 0) return o1 > 0 !== o2 > 0 && o3 > 0 !== o4 > 0;
  // Collinear or touching cases.
  if (o1 === 0 && o2 === 0) {
    // Collinear: overlapping beyond a single shared endpoint is a crossing.
    const overlapPoints =
      [c, d].filter((p) => onSegment(a, b, p)).length + [a, b].filter((p) => onSegment(c, d, p)).length;
    return shared ? overlapPoints > 2 : overlapPoints > 0;
  }
  if (shared) return false;
  return (
    (o1 === 0 && onSegment(a, b, c)) ||
    (o2 === 0 && onSegment(a, b, d)) ||
    (o3 === 0 && onSegment(c, d, a)) ||
    (o4 === 0 && onSegment(c, d, b))
  );
}

/** Every pair of crossing segments of a closed ring (indices of their first positions), up to `limit`. */
export function findSelfIntersections(ring: readonly Position[], limit = 10_000): [number, number][] {
  const found: [number, number][] = [];
  const n = ring.length - 1; // segments i: ring[i] → ring[i + 1]
  if (n < 3) return found;
  const order = new Int32Array(n);
  const minX = new Float64Array(n);
  const maxX = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    order[i] = i;
    minX[i] = Math.min(ring[i][0], ring[i + 1][0]);
    maxX[i] = Math.max(ring[i][0], ring[i + 1][0]);
  }
  order.sort((p, q) => minX[p] - minX[q]);
  const active: number[] = [];
  for (let k = 0; k < n; k++) {
    const s = order[k];
    // Drop segments that end before this one starts.
    let w = 0;
    for (let j = 0; j < active.length; j++) if (maxX[active[j]] >= minX[s]) active[w++] = active[j];
    active.length = w;
    const a = ring[s];
    const b = ring[s + 1];
    const sMinY = Math.min(a[1], b[1]);
    const sMaxY = Math.max(a[1], b[1]);
    for (const t of active) {
      const adjacent = Math.abs(s - t) === 1 || Math.abs(s - t) === n - 1;
      if (adjacent) continue;
      const c = ring[t];
      const d = ring[t + 1];
      if (Math.max(c[1], d[1]) < sMinY || Math.min(c[1], d[1]) > sMaxY) continue;
      if (segmentsCross(a, b, c, d)) {
        found.push(s < t ? [s, t] : [t, s]);
        if (found.length >= limit) return found;
      }
    }
    active.push(s);
  }
  return found;
}

/** Twice the signed area of the closed path ring[from..to] (closed back to ring[from]). */
function pathArea2(ring: readonly Position[], from: number, to: number): number {
  let a = 0;
  for (let i = from; i < to; i++) a += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  a += ring[to][0] * ring[from][1] - ring[from][0] * ring[to][1];
  return a;
}

/** Where segments ab and cd meet (for collinear overlaps, the end of cd that lies on ab). */
function crossingPoint(a: Position, b: Position, c: Position, d: Position): Position {
  const den = (b[0] - a[0]) * (d[1] - c[1]) - (b[1] - a[1]) * (d[0] - c[0]);
  if (den === 0) return onSegment(a, b, c) ? c : d;
  const t = ((c[0] - a[0]) * (d[1] - c[1]) - (c[1] - a[1]) * (d[0] - c[0])) / den;
  return [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
}

const key = (p: Position) => `${p[0]},${p[1]}`;

/**
 * Whether a ring is degenerate: fewer than three distinct positions, or no enclosed area without crossing
 * itself (a line traced out and back). A figure of eight also sums to no area, but it crosses itself.
 */
export function isDegenerateRing(ring: readonly Position[]): boolean {
  if (new Set(ring.map(key)).size < 3) return true;
  return pathArea2(ring, 0, ring.length - 1) === 0 && findSelfIntersections(ring, 1).length === 0;
}

/**
 * The largest loop one of the ring's crossings cuts off, in the area units of the coordinates: the smaller of
 * the two parts either side of the crossing, by signed area (so a figure of eight's two lobes each count).
 */
export function largestCrossingLoop(ring: readonly Position[], crossings: readonly [number, number][]): number {
  const total = pathArea2(ring, 0, ring.length - 1) / 2;
  let worst = 0;
  for (const [i, j] of crossings) {
    // The loop runs from the crossing point X along ring[i+1..j] and back to X.
    const x = crossingPoint(ring[i], ring[i + 1], ring[j], ring[j + 1]);
    let loop2 = 0;
    let prev = x;
    for (let k = i + 1; k <= j; k++) {
      loop2 += prev[0] * ring[k][1] - ring[k][0] * prev[1];
      prev = ring[k];
    }
    loop2 += prev[0] * x[1] - x[0] * prev[1];
    const loop = loop2 / 2;
    worst = Math.max(worst, Math.min(Math.abs(loop), Math.abs(total - loop)));
  }
  return worst;
}

type Rings = Position[][];

/** A feature with more positions than allowed, checked as uploaded (before any rounding thins it). */
export function positionsProblem(polygons: readonly Rings[]): string | null {
  let positions = 0;
  for (const p of polygons) for (const r of p) positions += r.length;
  if (positions <= MAX_POSITIONS_PER_FEATURE) return null;
  return `has ${positions.toLocaleString('en-GB')} positions, more than the ${MAX_POSITIONS_PER_FEATURE.toLocaleString('en-GB')} allowed: simplify the boundaries first (for example with mapshaper)`;
}

/**
 * Checks a feature's polygons (each an exterior ring then holes) and returns them with degenerate rings
 * dropped, or the reason the feature is unusable.
 */
export function checkShape(polygons: readonly Rings[]): { polygons: Rings[]; dropped: number } | string {
  const tooMany = positionsProblem(polygons);
  if (tooMany) return tooMany;
  let dropped = 0;
  const kept: Rings[] = [];
  for (const poly of polygons) {
    if (isDegenerateRing(poly[0])) {
      dropped += poly.length;
      continue;
    }
    const holes = poly.slice(1).filter((h) => !isDegenerateRing(h));
    dropped += poly.length - 1 - holes.length;
    kept.push([poly[0], ...holes]);
  }
  if (!kept.length)
    return 'has no ring that encloses an area (every ring has fewer than 3 distinct positions or lies on one line)';
  const area = kept.reduce((sum, p) => sum + Math.abs(pathArea2(p[0], 0, p[0].length - 1)) / 2, 0);
  for (let pi = 0; pi < kept.length; pi++) {
    for (let ri = 0; ri < kept[pi].length; ri++) {
      const ring = kept[pi][ri];
      const crossings = findSelfIntersections(ring);
      if (!crossings.length) continue;
      const loop = largestCrossingLoop(ring, crossings);
      if (loop > CROSSING_LOOP_TOLERANCE * area) {
        const [i, j] = crossings[0];
        const where = kept.length > 1 ? `polygon ${pi} ring ${ri}` : `ring ${ri}`;
        const share = area > 0 ? Math.min(100, Math.round((100 * loop) / area)) : 100;
        return `${where} crosses itself (for example the segments starting at positions ${i} and ${j}), cutting off ${share}% of the area`;
      }
    }
  }
  return { polygons: kept, dropped };
}
