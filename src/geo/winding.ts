/**
 * Ring orientation helpers.
 *
 * d3-geo treats polygons as spherical: the exterior ring must be CLOCKWISE (in lon/lat with
 * north up) and holes anticlockwise; the opposite orientation means "everything except this
 * area", so a wrongly wound LSOA renders as the whole globe. GeoJSON RFC 7946 recommends the
 * opposite (exterior anticlockwise). Many ONS files follow neither reliably, so we always rewind.
 *
 * Orientation is computed with the planar shoelace formula on lon/lat, which is correct for
 * polygons that do not cross the antimeridian or contain a pole (true of every UK boundary).
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';

export type AreaGeometry = Polygon | MultiPolygon;

/** Twice the signed planar area of a ring; positive = anticlockwise (north up). */
export function ringSignedArea2(ring: readonly Position[]): number {
  let sum = 0;
  const n = ring.length;
  if (n < 3) return 0;
  // Translate to the first vertex to limit floating point cancellation.
  const x0 = ring[0][0];
  const y0 = ring[0][1];
  for (let i = 0; i < n; i++) {
    const a = ring[i];
    const b = ring[(i + 1) % n];
    sum += (a[0] - x0) * (b[1] - y0) - (b[0] - x0) * (a[1] - y0);
  }
  return sum;
}

function orient(ring: Position[], clockwise: boolean): Position[] {
  const area = ringSignedArea2(ring);
  if (area === 0) return ring.map((p) => [...p]);
  const isClockwise = area < 0;
  const copy = ring.map((p) => [...p]);
  return isClockwise === clockwise ? copy : copy.reverse();
}

function rewindPolygon(rings: Position[][], exteriorClockwise: boolean): Position[][] {
  return rings.map((ring, i) => orient(ring, i === 0 ? exteriorClockwise : !exteriorClockwise));
}

/**
 * Returns a copy of the geometry wound for d3-geo: exterior rings clockwise, holes anticlockwise.
 * The input is not modified.
 */
export function rewindForD3<G extends AreaGeometry>(geometry: G): G {
  return rewind(geometry, true);
}

/** Returns a copy wound per RFC 7946: exterior rings anticlockwise, holes clockwise. */
export function rewindRfc7946<G extends AreaGeometry>(geometry: G): G {
  return rewind(geometry, false);
}

function rewind<G extends AreaGeometry>(geometry: G, exteriorClockwise: boolean): G {
  if (geometry.type === 'Polygon') {
    return { ...geometry, coordinates: rewindPolygon(geometry.coordinates, exteriorClockwise) };
  }
  return {
    ...geometry,
    coordinates: geometry.coordinates.map((poly) => rewindPolygon(poly, exteriorClockwise)),
  };
}

/** True if every exterior ring is clockwise and every hole anticlockwise (d3 convention). */
export function isWoundForD3(geometry: AreaGeometry): boolean {
  const polys = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  return polys.every((rings) =>
    rings.every((ring, i) => {
      const a = ringSignedArea2(ring);
      return a === 0 || (i === 0 ? a < 0 : a > 0);
    }),
  );
}
