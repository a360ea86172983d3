import { describe, expect, it } from 'vitest';
import { gridCentroid, osgb36ToGrid, wgs84ToGrid } from './grid.ts';

/*
 * References from PROJ (cs2cs 9, the EPSG:27700 definition with the same Helmert parameters, rounded):
 *   printf -- "-1.825 53.75\n0.1278 51.5074\n-3.1791 51.4816\n-4.2518 55.8642\n1.7179 52.6576\n" | cs2cs -f "%.3f" \
 *     +proj=longlat +datum=WGS84 +to +proj=tmerc +lat_0=49 +lon_0=-2 +k=0.9996012717 +x_0=400000 +y_0=-100000 \
 *     +ellps=airy +towgs84=446.448,-125.157,542.06,0.15,0.247,0.842,-20.489 +units=m
 */
const REFERENCES: [number, number, number, number][] = [
  [-1.825, 53.75, 411637.671, 428195.31],
  [0.1278, 51.5074, 547765.863, 180864.82],
  [-3.1791, 51.4816, 318217.994, 176508.92],
  [-4.2518, 55.8642, 259175.751, 665739.716],
  [1.7179, 52.6576, 651537.011, 313141.63],
];

describe('British National Grid', () => {
  it("projects the OS guide's worked example (Annex C) to the millimetre", () => {
    const [e, n] = osgb36ToGrid(52 + 39 / 60 + 27.2531 / 3600, 1 + 43 / 60 + 4.5177 / 3600);
    expect(e).toBeCloseTo(651409.903, 3);
    expect(n).toBeCloseTo(313177.27, 3);
  });

  it('turns WGS84 longitude and latitude into eastings and northings within a metre of PROJ', () => {
    for (const [lon, lat, e, n] of REFERENCES) {
      const [x, y] = wgs84ToGrid(lon, lat);
      expect(Math.abs(x - e), `${lon},${lat}`).toBeLessThan(1);
      expect(Math.abs(y - n), `${lon},${lat}`).toBeLessThan(1);
    }
  });

  it('finds the centre of area of a boundary, holes taken away, and refuses a degenerate one', () => {
    // A square about 1.3 km across near the demo council, and the same with a hole in its eastern half.
    const ring = [
      [-1.83, 53.745],
      [-1.81, 53.745],
      [-1.81, 53.757],
      [-1.83, 53.757],
      [-1.83, 53.745],
    ];
    const c = gridCentroid({ type: 'Polygon', coordinates: [ring] });
    const [x, y] = wgs84ToGrid(-1.82, 53.751);
    expect(Math.abs((c?.x ?? 0) - x)).toBeLessThan(5);
    expect(Math.abs((c?.y ?? 0) - y)).toBeLessThan(5);
    const hole = [
      [-1.815, 53.749],
      [-1.815, 53.753],
      [-1.812, 53.753],
      [-1.812, 53.749],
      [-1.815, 53.749],
    ];
    const holed = gridCentroid({ type: 'MultiPolygon', coordinates: [[ring, hole]] });
    expect(holed?.x ?? Infinity).toBeLessThan(c?.x ?? 0);
    const line = [
      [-1.83, 53.745],
      [-1.81, 53.745],
      [-1.83, 53.745],
    ];
    expect(gridCentroid({ type: 'Polygon', coordinates: [line] })).toBeNull();
  });
});
