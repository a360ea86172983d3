/**
 * Longitude and latitude (WGS84, as GeoJSON boundaries hold them) to British National Grid eastings and
 * northings in metres, and the centroid of an area's boundary on the grid.
 *
 * Method, from Ordnance Survey, "A guide to coordinate systems in Great Britain" (v3.6, 2020):
 * - WGS84 (GRS80 ellipsoid) latitude/longitude to Cartesian coordinates (Annex B.1);
 * - the published 7-parameter Helmert transformation from WGS84 to OSGB36 (section 6.6, table 5), which the
 *   guide gives as accurate to about 5 metres over Great Britain (OSTN15 would be better, but at 5 m it makes no
 *   difference to a ward centroid);
 * - Cartesian coordinates back to latitude/longitude on the Airy 1830 ellipsoid (Annex B.2, iterated);
 * - the Transverse Mercator projection of the National Grid (Annex C.1; true origin 49° N, 2° W, false origin
 *   400 km west and 100 km north of it, scale factor 0.9996012717).
 */
import type { AreaGeometry } from './winding.ts';

const DEG = Math.PI / 180;
const ARCSEC = DEG / 3600;

interface Ellipsoid {
  a: number;
  b: number;
}
const GRS80: Ellipsoid = { a: 6378137.0, b: 6356752.3141 };
const AIRY1830: Ellipsoid = { a: 6377563.396, b: 6356256.909 };
const e2 = ({ a, b }: Ellipsoid) => (a * a - b * b) / (a * a);

/** WGS84 → OSGB36 (OS guide, table 5): translations in metres, scale in ppm, rotations in arcseconds. */
const HELMERT = { tx: -446.448, ty: 125.157, tz: -542.06, s: 20.4894, rx: -0.1502, ry: -0.247, rz: -0.8421 };

function toCartesian(lat: number, lon: number, el: Ellipsoid): [number, number, number] {
  const ee = e2(el);
  const sin = Math.sin(lat);
  const nu = el.a / Math.sqrt(1 - ee * sin * sin);
  return [nu * Math.cos(lat) * Math.cos(lon), nu * Math.cos(lat) * Math.sin(lon), (1 - ee) * nu * sin];
}

function fromCartesian([x, y, z]: [number, number, number], el: Ellipsoid): [number, number] {
  const ee = e2(el);
  const p = Math.hypot(x, y);
  let lat = Math.atan2(z, p * (1 - ee));
  for (let i = 0; i < 10; i++) {
    const sin = Math.sin(lat);
    const nu = el.a / Math.sqrt(1 - ee * sin * sin);
    const next = Math.atan2(z + ee * nu * sin, p);
    if (Math.abs(next - lat) < 1e-12) {
      lat = next;
      break;
    }
    lat = next;
  }
  return [lat, Math.atan2(y, x)];
}

function helmert([x, y, z]: [number, number, number]): [number, number, number] {
  const { tx, ty, tz } = HELMERT;
  const s = 1 + HELMERT.s * 1e-6;
  const rx = HELMERT.rx * ARCSEC;
  const ry = HELMERT.ry * ARCSEC;
  const rz = HELMERT.rz * ARCSEC;
  return [tx + s * (x - rz * y + ry * z), ty + s * (rz * x + y - rx * z), tz + s * (-ry * x + rx * y + z)];
}

/** OSGB36 latitude and longitude (degrees, on Airy 1830) to National Grid eastings and northings (metres). */
export function osgb36ToGrid(latDeg: number, lonDeg: number): [number, number] {
  const { a, b } = AIRY1830;
  const F0 = 0.9996012717;
  const lat0 = 49 * DEG;
  const lon0 = -2 * DEG;
  const E0 = 400000;
  const N0 = -100000;
  const ee = e2(AIRY1830);
  const n = (a - b) / (a + b);
  const lat = latDeg * DEG;
  const lon = lonDeg * DEG;
  const sin = Math.sin(lat);
  const cos = Math.cos(lat);
  const tan = Math.tan(lat);
  const nu = a * F0 * (1 - ee * sin * sin) ** -0.5;
  const rho = a * F0 * (1 - ee) * (1 - ee * sin * sin) ** -1.5;
  const eta2 = nu / rho - 1;
  const dl = lat - lat0;
  const sl = lat + lat0;
  const M =
    b *
    F0 *
    ((1 + n + (5 / 4) * n ** 2 + (5 / 4) * n ** 3) * dl -
      (3 * n + 3 * n ** 2 + (21 / 8) * n ** 3) * Math.sin(dl) * Math.cos(sl) +
      ((15 / 8) * n ** 2 + (15 / 8) * n ** 3) * Math.sin(2 * dl) * Math.cos(2 * sl) -
      (35 / 24) * n ** 3 * Math.sin(3 * dl) * Math.cos(3 * sl));
  const I = M + N0;
  const II = (nu / 2) * sin * cos;
  const III = (nu / 24) * sin * cos ** 3 * (5 - tan ** 2 + 9 * eta2);
  const IIIA = (nu / 720) * sin * cos ** 5 * (61 - 58 * tan ** 2 + tan ** 4);
  const IV = nu * cos;
  const V = (nu / 6) * cos ** 3 * (nu / rho - tan ** 2);
  const VI = (nu / 120) * cos ** 5 * (5 - 18 * tan ** 2 + tan ** 4 + 14 * eta2 - 58 * tan ** 2 * eta2);
  const L = lon - lon0;
  return [E0 + IV * L + V * L ** 3 + VI * L ** 5, I + II * L ** 2 + III * L ** 4 + IIIA * L ** 6];
}

/** WGS84 longitude and latitude (degrees, GeoJSON order) to National Grid eastings and northings (metres). */
export function wgs84ToGrid(lonDeg: number, latDeg: number): [number, number] {
  const [lat, lon] = fromCartesian(helmert(toCartesian(latDeg * DEG, lonDeg * DEG, GRS80)), AIRY1830);
  return osgb36ToGrid(lat / DEG, lon / DEG);
}

/** Area and centroid of one ring on the grid (shoelace formula); area is unsigned. */
function ringCentroid(ring: readonly (readonly number[])[]): { area: number; x: number; y: number } | null {
  const pts = ring.map(([lon, lat]) => wgs84ToGrid(lon, lat));
  let a2 = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < pts.length - 1; i++) {
    const [x0, y0] = pts[i];
    const [x1, y1] = pts[i + 1];
    const cross = x0 * y1 - x1 * y0;
    a2 += cross;
    cx += (x0 + x1) * cross;
    cy += (y0 + y1) * cross;
  }
  if (Math.abs(a2) < 1e-9) return null;
  return { area: Math.abs(a2) / 2, x: cx / (3 * a2), y: cy / (3 * a2) };
}

/**
 * The centroid (centre of area) of a boundary on the National Grid: each polygon's outer ring counts by its area
 * and its holes are taken away. Null for a degenerate boundary. The centroid of an odd-shaped area can fall
 * outside it; it is an approximation of where someone in the area lives, not a location.
 */
export function gridCentroid(geometry: AreaGeometry): { x: number; y: number } | null {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  let area = 0;
  let sx = 0;
  let sy = 0;
  for (const polygon of polygons)
    polygon.forEach((ring, k) => {
      const c = ringCentroid(ring);
      if (!c) return;
      const w = k === 0 ? c.area : -c.area;
      area += w;
      sx += w * c.x;
      sy += w * c.y;
    });
  if (!(area > 0)) return null;
  return { x: sx / area, y: sy / area };
}
