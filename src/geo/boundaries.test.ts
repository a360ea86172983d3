import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { geoArea } from 'd3-geo';
import type { Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import {
  BoundaryParseError,
  detectProperties,
  isWoundForD3,
  parseBoundaries,
  rewindForD3,
  rewindRfc7946,
  roundCoordinates,
} from './boundaries.ts';

// A ~700 m square in Halifax-ish lon/lat, anticlockwise (RFC 7946 exterior orientation).
const ccwSquare = (x: number, y: number, s = 0.01): number[][] => [
  [x, y],
  [x + s, y],
  [x + s, y + s],
  [x, y + s],
  [x, y],
];
const cwSquare = (x: number, y: number, s = 0.01) => ccwSquare(x, y, s).reverse();

const feature = (properties: Record<string, unknown> | null, geometry: unknown, id?: string) => ({
  type: 'Feature',
  ...(id !== undefined ? { id } : {}),
  properties,
  geometry,
});
const fc = (...features: unknown[]) => ({ type: 'FeatureCollection', features });

const SPHERE = 4 * Math.PI;

describe('rewindForD3', () => {
  it('makes an RFC 7946 (anticlockwise) polygon small for d3, not the whole globe', () => {
    const rfc: Polygon = { type: 'Polygon', coordinates: [ccwSquare(-1.9, 53.7)] };
    // d3 reads an anticlockwise exterior as "everything but the square": nearly the whole sphere
    expect(geoArea(rfc)).toBeGreaterThan(SPHERE - 0.001);
    const fixed = rewindForD3(rfc);
    expect(geoArea(fixed)).toBeGreaterThan(0);
    expect(geoArea(fixed)).toBeLessThan(1e-6);
    expect(isWoundForD3(fixed)).toBe(true);
    expect(isWoundForD3(rfc)).toBe(false);
    // input untouched
    expect(rfc.coordinates[0][1]).toEqual([-1.89, 53.7]);
  });

  it('winds holes the other way so the hole is subtracted', () => {
    const outer = ccwSquare(-1.9, 53.7, 0.02);
    const hole = ccwSquare(-1.895, 53.705, 0.01); // wrong way for a hole in either convention
    const fixed = rewindForD3({ type: 'Polygon', coordinates: [outer, hole] });
    const outerOnly = geoArea(rewindForD3({ type: 'Polygon', coordinates: [outer] }));
    const holeOnly = geoArea(rewindForD3({ type: 'Polygon', coordinates: [hole] }));
    expect(geoArea(fixed)).toBeCloseTo(outerOnly - holeOnly, 12);
    expect(geoArea(fixed)).toBeLessThan(outerOnly);
  });

  it('handles MultiPolygons and round-trips with rewindRfc7946', () => {
    const mp = {
      type: 'MultiPolygon' as const,
      coordinates: [[ccwSquare(-1.9, 53.7)], [cwSquare(-1.8, 53.7)]],
    };
    const d3 = rewindForD3(mp);
    expect(isWoundForD3(d3)).toBe(true);
    expect(geoArea(d3)).toBeLessThan(1e-6);
    const rfc = rewindRfc7946(d3);
    expect(geoArea(rfc)).toBeGreaterThan(2 * Math.PI);
    expect(rewindForD3(rfc)).toEqual(d3);
  });
});

describe('parseBoundaries: GeoJSON', () => {
  it('reads ONS-style properties and rewinds', () => {
    const r = parseBoundaries(
      JSON.stringify(
        fc(
          feature(
            { LSOA11CD: 'E01004197', LSOA11NM: 'Tower Hamlets 002A' },
            { type: 'Polygon', coordinates: [ccwSquare(-0.05, 51.5)] },
          ),
          feature(
            { LSOA11CD: 'E01004198', LSOA11NM: 'Tower Hamlets 002B' },
            { type: 'MultiPolygon', coordinates: [[ccwSquare(-0.04, 51.5)], [cwSquare(-0.03, 51.5)]] },
          ),
        ),
      ),
    );
    expect(r.errors).toEqual([]);
    expect(r.detected).toEqual([{ codeProperty: 'LSOA11CD', nameProperty: 'LSOA11NM' }]);
    expect(r.features.map((f) => [f.code, f.name, f.level, f.geometry.type])).toEqual([
      ['E01004197', 'Tower Hamlets 002A', 'lsoa', 'Polygon'],
      ['E01004198', 'Tower Hamlets 002B', 'lsoa', 'MultiPolygon'],
    ]);
    for (const f of r.features) {
      expect(isWoundForD3(f.geometry)).toBe(true);
      expect(geoArea(f.geometry)).toBeLessThan(1e-6);
    }
  });

  it('reports every bad feature with its index and reason, and keeps the good ones', () => {
    const good = { type: 'Polygon', coordinates: [ccwSquare(-1.9, 53.7)] };
    const r = parseBoundaries(
      fc(
        feature({ LSOA11CD: 'E01000001', LSOA11NM: 'Good' }, good), // 0 ok
        feature({ LSOA11CD: 'E01000002' }, { type: 'Point', coordinates: [-1.9, 53.7] }), // 1
        feature({ LSOA11CD: 'E01000003' }, null), // 2
        feature({ LSOA11NM: 'No code' }, good), // 3
        feature({ LSOA11CD: 'NOTACODE' }, good), // 4
        feature({ LSOA11CD: 'E01000006' }, { type: 'Polygon', coordinates: [ccwSquare(-1.9, 53.7).slice(0, 4)] }), // 5 unclosed
        feature(
          { LSOA11CD: 'E01000007' },
          {
            type: 'Polygon',
            coordinates: [
              [
                [0, 0],
                [1, 1],
                [0, 0],
              ],
            ],
          },
        ), // 6 too few
        feature({ LSOA11CD: 'E01000008' }, { type: 'Polygon', coordinates: [ccwSquare(530000, 180000, 100)] }), // 7 BNG
        feature({ LSOA11CD: 'E01000001' }, good), // 8 duplicate
        feature(
          { LSOA11CD: 'E01000010' },
          {
            type: 'Polygon',
            coordinates: [
              [
                [0, 0],
                ['a', 1],
                [1, 1],
                [0, 0],
              ],
            ],
          },
        ), // 9
        'not a feature', // 10
        feature({ LSOA11CD: 'E01000012' }, { type: 'MultiPolygon', coordinates: [] }), // 11
        feature({ LSOA11CD: 'E01000013', LSOA11NM: 'Also good' }, good), // 12 ok
      ),
    );
    expect(r.features.map((f) => f.code)).toEqual(['E01000001', 'E01000013']);
    const byIndex = Object.fromEntries(r.errors.map((e) => [e.index, e.reason]));
    expect(Object.keys(byIndex).map(Number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(byIndex[1]).toMatch(/"Point" is not Polygon or MultiPolygon/);
    expect(byIndex[2]).toMatch(/no geometry/);
    expect(byIndex[3]).toMatch(/no area code in property "LSOA11CD"/);
    expect(byIndex[4]).toMatch(/"NOTACODE" is not a recognised GSS area code/);
    expect(byIndex[5]).toMatch(/not closed/);
    expect(byIndex[6]).toMatch(/3 positions/);
    expect(byIndex[7]).toMatch(/outside WGS84.*British National Grid/);
    expect(byIndex[8]).toMatch(/duplicate code E01000001 \(first seen at index 0\)/);
    expect(byIndex[9]).toMatch(/non-numeric position/);
    expect(byIndex[10]).toMatch(/not a GeoJSON Feature/);
    expect(byIndex[11]).toMatch(/no polygons/);
    expect(r.errors.find((e) => e.index === 4)?.code).toBe('NOTACODE');
  });

  it('prefers the smallest-level *CD column (OA file that also carries LAD11CD)', () => {
    const r = parseBoundaries(
      fc(
        feature(
          { LAD11CD: 'E09000030', OA11CD: 'E00021141' },
          { type: 'Polygon', coordinates: [ccwSquare(-0.05, 51.5)] },
        ),
      ),
    );
    expect(r.detected[0]).toEqual({ codeProperty: 'OA11CD', nameProperty: null });
    expect(r.features[0]).toMatchObject({ code: 'E00021141', name: 'E00021141', level: 'oa' });
  });

  it.each([
    [{ WD22CD: 'E05009317', WD22NM: 'Bow East', LAD22CD: 'E09000030' }, 'WD22CD', 'WD22NM', 'ward', 'Bow East'],
    [{ msoa11cd: 'E02000864', msoa11nm: 'Tower Hamlets 001' }, 'msoa11cd', 'msoa11nm', 'msoa', 'Tower Hamlets 001'],
    [
      { LAD13CD: 'E06000001', LAD13CDO: '00EB', LAD13NM: 'Hartlepool', LAD13NMW: null },
      'LAD13CD',
      'LAD13NM',
      'lad',
      'Hartlepool',
    ],
    [{ code: 'E12000003', name: 'Yorkshire and The Humber' }, 'code', 'name', 'region', 'Yorkshire and The Humber'],
    [{ geo_code: 'E92000001', geo_label: 'England' }, 'geo_code', 'geo_label', 'country', 'England'],
    [{ id: 'X05000001', name: 'Demo ward' }, 'id', 'name', 'ward', 'Demo ward'],
  ])('detects %j', (props, codeProperty, nameProperty, level, name) => {
    const r = parseBoundaries(fc(feature(props, { type: 'Polygon', coordinates: [ccwSquare(-1, 52)] })));
    expect(r.detected[0]).toEqual({ codeProperty, nameProperty });
    expect(r.features[0]).toMatchObject({ level, name });
  });

  it('falls back to the feature id, and accepts explicit property names', () => {
    const geom = { type: 'Polygon', coordinates: [ccwSquare(-1, 52)] };
    const byId = parseBoundaries(fc(feature({ label: 'Somewhere' }, geom, 'E01000001')));
    expect(byId.features[0]).toMatchObject({ code: 'E01000001', name: 'Somewhere' });

    const explicit = parseBoundaries(fc(feature({ AREA: 'E05000001', TITLE: 'My ward', LAD11CD: 'E09000001' }, geom)), {
      codeProperty: 'AREA',
      nameProperty: 'TITLE',
    });
    expect(explicit.features[0]).toMatchObject({ code: 'E05000001', name: 'My ward', level: 'ward' });
  });

  it('rejects features of the wrong level when a level is required', () => {
    const geom = { type: 'Polygon', coordinates: [ccwSquare(-1, 52)] };
    const r = parseBoundaries(fc(feature({ code: 'E01000001' }, geom), feature({ code: 'E02000001' }, geom)), {
      level: 'lsoa',
    });
    expect(r.features.map((f) => f.code)).toEqual(['E01000001']);
    expect(r.errors).toEqual([{ index: 1, code: 'E02000001', reason: 'code E02000001 is a msoa code, expected lsoa' }]);
  });

  it('reads gzipped bytes, Buffers and strings with a BOM; drops Z values', () => {
    const text = JSON.stringify(
      fc(
        feature(
          { LSOA11CD: 'E01000001' },
          { type: 'Polygon', coordinates: [ccwSquare(-1, 52).map((p) => [...p, 12.5])] },
        ),
      ),
    );
    for (const input of [gzipSync(text), Buffer.from(text), new Uint8Array(Buffer.from(text)), `\uFEFF${text}`]) {
      const r = parseBoundaries(input);
      expect(r.errors).toEqual([]);
      expect(r.features[0].geometry.coordinates[0][0]).toHaveLength(2);
    }
  });

  it('rounds coordinates when asked', () => {
    const ring = [
      [-1.123456789, 52.987654321],
      [-1.1, 52.98765],
      [-1.1, 53.1],
      [-1.123456789, 52.987654321],
    ];
    const r = parseBoundaries(fc(feature({ code: 'E01000001' }, { type: 'Polygon', coordinates: [ring] })), {
      decimals: 5,
    });
    expect(r.features[0].geometry.coordinates[0]).toContainEqual([-1.12346, 52.98765]);
  });

  it('throws BoundaryParseError for file-level problems', () => {
    expect(() => parseBoundaries('{not json')).toThrow(BoundaryParseError);
    expect(() => parseBoundaries('[]')).toThrow(/JSON object/);
    expect(() => parseBoundaries({ type: 'GeometryCollection', geometries: [] })).toThrow(
      /FeatureCollection or a TopoJSON/,
    );
    expect(() => parseBoundaries({ type: 'FeatureCollection' })).toThrow(/features/);
    expect(() => parseBoundaries(Buffer.from([0x1f, 0x8b, 1, 2, 3]))).toThrow(/gzip/);
  });
});

describe('parseBoundaries: TopoJSON', () => {
  // Quantized topology around (-1.9, 53.7): two adjacent squares sharing arc 1, and a LAD object.
  const topology = {
    type: 'Topology',
    transform: { scale: [0.001, 0.001], translate: [-1.9, 53.7] },
    arcs: [
      [
        [0, 0],
        [10, 0],
      ], // 0: (0,0)→(10,0)
      [
        [10, 0],
        [0, 10],
      ], // 1: (10,0)→(10,10) shared edge
      [
        [10, 10],
        [-10, 0],
        [0, -10],
      ], // 2: (10,10)→(0,10)→(0,0)
      [
        [10, 0],
        [10, 0],
        [0, 10],
        [-10, 0],
      ], // 3: (10,0)→(20,0)→(20,10)→(10,10)
    ],
    objects: {
      lsoa: {
        type: 'GeometryCollection',
        geometries: [
          { type: 'Polygon', arcs: [[0, 1, 2]], properties: { LSOA11CD: 'E01000001', LSOA11NM: 'West' } },
          { type: 'Polygon', arcs: [[3, ~1]], properties: { LSOA11CD: 'E01000002', LSOA11NM: 'East' } },
          { type: 'Point', coordinates: [5, 5], properties: { LSOA11CD: 'E01000003' } },
        ],
      },
      lad: {
        type: 'GeometryCollection',
        geometries: [{ type: 'MultiPolygon', arcs: [[[0, 3, 2]]], id: 'E09000001' }],
      },
    },
  };

  it('reads every object by default, with errors per object', () => {
    const r = parseBoundaries(JSON.stringify(topology));
    expect(r.features.map((f) => [f.code, f.name, f.level, f.geometry.type])).toEqual([
      ['E01000001', 'West', 'lsoa', 'Polygon'],
      ['E01000002', 'East', 'lsoa', 'Polygon'],
      ['E09000001', 'E09000001', 'lad', 'MultiPolygon'],
    ]);
    expect(r.errors).toEqual([
      { index: 2, object: 'lsoa', code: 'E01000003', reason: 'geometry type "Point" is not Polygon or MultiPolygon' },
    ]);
    expect(r.detected).toEqual([
      { object: 'lsoa', codeProperty: 'LSOA11CD', nameProperty: 'LSOA11NM' },
      { object: 'lad', codeProperty: null, nameProperty: null },
    ]);
    const west = r.features[0].geometry as Polygon;
    expect(west.coordinates[0]).toContainEqual([-1.89, 53.71]);
    for (const f of r.features) {
      expect(geoArea(f.geometry)).toBeGreaterThan(0);
      expect(geoArea(f.geometry)).toBeLessThan(1e-6);
    }
    // the LAD covers both squares
    expect(geoArea(r.features[2].geometry)).toBeCloseTo(
      geoArea(r.features[0].geometry) + geoArea(r.features[1].geometry),
      14,
    );
  });

  it('reads one named object and complains about unknown ones', () => {
    const r = parseBoundaries(topology, { object: 'lad' });
    expect(r.features.map((f) => f.code)).toEqual(['E09000001']);
    expect(() => parseBoundaries(topology, { object: 'wards' })).toThrow(/"wards" not found; available: lsoa, lad/);
  });
});

describe('roundCoordinates', () => {
  it('rounds to 5 dp by default, removes duplicates and keeps rings closed', () => {
    const g: Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [-1.000001, 52.000001],
          [-1.000002, 52.000002], // rounds onto the previous position
          [-0.9, 52],
          [-0.9, 52.1],
          [-1.000003, 52.000004],
        ],
        // a tiny hole that collapses
        [
          [-0.95, 52.05],
          [-0.950001, 52.05],
          [-0.950001, 52.050001],
          [-0.95, 52.05],
        ],
      ],
    };
    const r = roundCoordinates(g);
    expect(r.coordinates).toEqual([
      [
        [-1, 52],
        [-0.9, 52],
        [-0.9, 52.1],
        [-1, 52],
      ],
    ]);
    expect(
      Object.is(
        roundCoordinates({
          type: 'Polygon',
          coordinates: [
            [
              [-0.000001, 0],
              [1, 0],
              [1, 1],
              [-0.000001, 0],
            ],
          ],
        }).coordinates[0][0][0],
        -0,
      ),
    ).toBe(false);
    expect(roundCoordinates(g, 1).coordinates[0][0]).toEqual([-1, 52]);
    expect(() => roundCoordinates(g, -1)).toThrow(RangeError);
  });

  it('drops collapsed polygons from a MultiPolygon but never empties it', () => {
    const tiny = ccwSquare(-1, 52, 0.000001);
    const r = roundCoordinates({ type: 'MultiPolygon', coordinates: [[ccwSquare(-1, 52)], [tiny]] });
    expect(r.coordinates).toHaveLength(1);
    const allTiny = roundCoordinates({ type: 'MultiPolygon', coordinates: [[tiny]] });
    expect(allTiny.coordinates).toHaveLength(1);
  });
});

describe('detectProperties', () => {
  it('returns nulls when nothing looks like a code', () => {
    expect(detectProperties([{ type: 'Feature', properties: { foo: 'bar' } }])).toEqual({
      codeProperty: null,
      nameProperty: null,
    });
  });
});

const DATA = '../shared/data/boundaries2011';
const haveData = existsSync(`${DATA}/lsoa/E09000030.geojson.gz`) && existsSync(`${DATA}/lad_england.topojson.gz`);
if (!haveData) {
  console.warn(`SKIPPED real boundary tests: ${DATA} not found (the shared data folder is absent)`);
}

describe.skipIf(!haveData)('real boundary files (../shared/data)', () => {
  it('parses Tower Hamlets LSOAs (144 features, all E01, small d3 areas)', () => {
    const r = parseBoundaries(readFileSync(`${DATA}/lsoa/E09000030.geojson.gz`));
    expect(r.errors).toEqual([]);
    expect(r.features).toHaveLength(144);
    expect(r.features.every((f) => f.code.startsWith('E01') && f.level === 'lsoa')).toBe(true);
    expect(new Set(r.features.map((f) => f.code)).size).toBe(144);
    expect(r.features.filter((f) => f.geometry.type === 'MultiPolygon')).toHaveLength(2);
    expect(r.features.every((f) => f.name.startsWith('Tower Hamlets '))).toBe(true);
    const total = r.features.reduce((s, f) => s + geoArea(f.geometry), 0);
    // Tower Hamlets is about 20 km²; steradians × R² (6371 km)
    const km2 = total * 6371 ** 2;
    expect(km2).toBeGreaterThan(15);
    expect(km2).toBeLessThan(25);
  });

  it('parses Tower Hamlets OAs (748, names default to codes)', () => {
    const r = parseBoundaries(readFileSync(`${DATA}/oa/E09000030.geojson.gz`));
    expect(r.errors).toEqual([]);
    expect(r.features).toHaveLength(748);
    expect(r.features.every((f) => f.level === 'oa' && f.name === f.code)).toBe(true);
  });

  it('parses the England LAD TopoJSON (326 districts)', () => {
    const r = parseBoundaries(readFileSync(`${DATA}/lad_england.topojson.gz`), { object: 'lad' });
    expect(r.errors).toEqual([]);
    expect(r.features).toHaveLength(326);
    expect(r.features.every((f) => f.level === 'lad' && /^E0[6-9]/.test(f.code))).toBe(true);
    const th = r.features.find((f) => f.code === 'E09000030');
    expect(th?.name).toBe('Tower Hamlets');
    expect(geoArea(th!.geometry)).toBeLessThan(1e-6);
    for (const f of r.features) expect(geoArea(f.geometry)).toBeLessThan(2e-4);
  });
});
