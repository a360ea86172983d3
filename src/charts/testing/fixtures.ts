/** Test fixtures: a grid of small square areas near Halifax, wound for d3-geo. */
import type { Polygon } from 'geojson';
import { rewindForD3 } from '../../geo/winding.ts';
import type { ChoroplethFeature } from '../choropleth.ts';

export function squareGrid(cols: number, rows: number, names?: (i: number) => string): ChoroplethFeature[] {
  const out: ChoroplethFeature[] = [];
  const s = 0.01;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const i = r * cols + c;
      const x = -1.9 + c * s;
      const y = 53.7 + r * s * 0.6;
      const geometry: Polygon = rewindForD3({
        type: 'Polygon',
        coordinates: [
          [
            [x, y],
            [x + s, y],
            [x + s, y + s * 0.6],
            [x, y + s * 0.6],
            [x, y],
          ],
        ],
      });
      out.push({ code: `E01${String(i + 1).padStart(6, '0')}`, name: names ? names(i) : `Area ${i + 1}`, geometry });
    }
  }
  return out;
}
