/**
 * Dissolve (union) polygons from a tessellation whose neighbours share edges with exactly the
 * same vertex coordinates — true of Voronoi cells built from the same diagram and rounded the same
 * way, as in the demo generator. Not a general polygon union: real boundary files do not share
 * vertices exactly, so do not use this on them.
 *
 * Inputs must all be wound the same way (d3 convention: exterior clockwise). Shared edges appear
 * once in each direction and cancel; the remaining edges are chained into rings.
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { ringSignedArea2 } from '../geo/winding.ts';

type Ring = Position[];

const key = (p: Position): string => `${p[0]},${p[1]}`;

function pointInRing(pt: Position, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > pt[1] !== yj > pt[1] && pt[0] < ((xj - xi) * (pt[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/**
 * Union of polygons (each given as its rings) into a Polygon or MultiPolygon, or `null` if the
 * edges could not be chained (caller should fall back to a MultiPolygon of the inputs).
 */
export function dissolveTessellation(polygons: readonly Ring[][]): Polygon | MultiPolygon | null {
  interface Edge {
    from: Position;
    to: Position;
    used: boolean;
  }
  const edges = new Map<string, Edge>();
  for (const rings of polygons) {
    for (const ring of rings) {
      for (let i = 0; i + 1 < ring.length; i++) {
        const a = ring[i];
        const b = ring[i + 1];
        if (a[0] === b[0] && a[1] === b[1]) continue;
        const fwd = `${key(a)}>${key(b)}`;
        const rev = `${key(b)}>${key(a)}`;
        if (edges.has(rev)) edges.delete(rev);
        else edges.set(fwd, { from: a, to: b, used: false });
      }
    }
  }
  const outgoing = new Map<string, Edge[]>();
  for (const e of edges.values()) {
    const k = key(e.from);
    const list = outgoing.get(k);
    if (list) list.push(e);
    else outgoing.set(k, [e]);
  }

  const rings: Ring[] = [];
  for (const start of edges.values()) {
    if (start.used) continue;
    start.used = true;
    const ring: Ring = [start.from, start.to];
    let prev = start.from;
    let cur = start.to;
    let guard = 0;
    while (key(cur) !== key(start.from)) {
      if (++guard > edges.size + 1) return null;
      const candidates = (outgoing.get(key(cur)) ?? []).filter((e) => !e.used);
      if (candidates.length === 0) return null;
      // At a pinch point take the sharpest right turn, which keeps the region (on the right of
      // a clockwise ring) tight and splits touching parts into separate rings.
      let best = candidates[0];
      if (candidates.length > 1) {
        const inAngle = Math.atan2(cur[1] - prev[1], cur[0] - prev[0]);
        let bestTurn = Infinity;
        for (const c of candidates) {
          let turn = Math.atan2(c.to[1] - cur[1], c.to[0] - cur[0]) - inAngle;
          while (turn <= -Math.PI) turn += 2 * Math.PI;
          while (turn > Math.PI) turn -= 2 * Math.PI;
          if (turn < bestTurn) {
            bestTurn = turn;
            best = c;
          }
        }
      }
      best.used = true;
      ring.push(best.to);
      prev = cur;
      cur = best.to;
    }
    if (ring.length >= 4) rings.push(ring);
  }
  if (rings.length === 0) return null;

  // Clockwise rings are exteriors, anticlockwise ones holes (d3 convention).
  const exteriors = rings.filter((r) => ringSignedArea2(r) < 0);
  const holes = rings.filter((r) => ringSignedArea2(r) > 0);
  if (exteriors.length === 0) return null;
  const polys: Ring[][] = exteriors.map((r) => [r]);
  for (const h of holes) {
    // test a point just inside the hole edge midpoint is fiddly; the first vertex is shared only at
    // pinches, so use the midpoint of the first edge.
    const mid: Position = [(h[0][0] + h[1][0]) / 2, (h[0][1] + h[1][1]) / 2];
    const owner = polys.find((p) => pointInRing(mid, p[0]));
    if (owner) owner.push(h);
  }
  return polys.length === 1 ? { type: 'Polygon', coordinates: polys[0] } : { type: 'MultiPolygon', coordinates: polys };
}
