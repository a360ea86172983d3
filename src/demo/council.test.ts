import { createHash } from 'node:crypto';
import { geoArea, geoCentroid, geoContains } from 'd3-geo';
import type { Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { parseBoundaries } from '../geo/boundaries.ts';
import { isDemoCode, levelOfCode } from '../geo/gss.ts';
import { parseLookupRows, type LookupRow } from '../geo/lookups.ts';
import { isWoundForD3, type AreaGeometry } from '../geo/winding.ts';
import { ETHNIC_GROUPS_2011, demoCensusCsv, generateDemoCouncil, type DemoArea } from './council.ts';
import { dissolveTessellation } from './dissolve.ts';

const council = generateDemoCouncil();
const of = (level: string) => council.areas.filter((a) => a.level === level);
const lsoas = of('lsoa');
const wards = of('ward');
const msoas = of('msoa');

function rings(g: AreaGeometry): Position[][] {
  return g.type === 'Polygon' ? g.coordinates : g.coordinates.flat();
}

describe('generateDemoCouncil: determinism', () => {
  it('gives byte-identical output for the same seed', () => {
    const a = JSON.stringify(generateDemoCouncil(2024));
    const b = JSON.stringify(generateDemoCouncil());
    expect(a).toBe(b);
    // Pinned so that accidental changes to the generator are noticed. If you change the
    // generator on purpose, update this hash (demo data in existing databases will change).
    expect(createHash('sha256').update(a).digest('hex')).toBe(
      'fd09e051e5dcccf6bfa24311fe0f805fd03987806fba86bbf7591618f46d4dcd',
    );
  });

  it('gives a different council for a different seed', () => {
    expect(JSON.stringify(generateDemoCouncil(7))).not.toBe(JSON.stringify(council));
    expect(() => generateDemoCouncil(1.5)).toThrow(RangeError);
  });
});

describe('generateDemoCouncil: geography', () => {
  it('is clearly labelled fictional and uses X codes that cannot clash with GSS codes', () => {
    expect(council.fictional).toBe(true);
    expect(council.council.name).toBe('Demoshire Borough Council (fictional)');
    expect(council.notice).toMatch(/fictional/);
    expect(council.council.areaCode).toBe('X08000001');
    for (const a of council.areas) {
      expect(isDemoCode(a.code), a.code).toBe(true);
      expect(levelOfCode(a.code)).toBe(a.level);
    }
    expect(new Set(council.areas.map((a) => a.code)).size).toBe(council.areas.length);
    expect(new Set(wards.map((w) => w.name)).size).toBe(wards.length);
    expect(of('lad')[0].name).toMatch(/\(fictional\)/);
    expect(of('region')[0].name).toMatch(/\(fictional\)/);
  });

  it('has 12–16 wards, 60–80 LSOAs and MSOAs of a few LSOAs', () => {
    expect(wards.length).toBeGreaterThanOrEqual(12);
    expect(wards.length).toBeLessThanOrEqual(16);
    expect(lsoas.length).toBeGreaterThanOrEqual(60);
    expect(lsoas.length).toBeLessThanOrEqual(80);
    expect(msoas.length).toBe(Math.round(lsoas.length / 5));
    expect(lsoas[0]).toMatchObject({ code: 'X01000001', name: 'Demoshire 001A' });
  });

  it('links every LSOA to exactly one ward and one MSOA, and everything up to the region', () => {
    const codes = new Set(council.areas.map((a) => a.code));
    const parents = new Map<string, Map<string, string>>();
    for (const l of council.links) {
      expect(codes.has(l.child.code) && codes.has(l.parent.code)).toBe(true);
      expect(levelOfCode(l.child.code)).toBe(l.child.level);
      expect(levelOfCode(l.parent.code)).toBe(l.parent.level);
      const m = parents.get(l.child.code) ?? new Map<string, string>();
      expect(m.has(l.parent.level), `${l.child.code} has two ${l.parent.level} parents`).toBe(false);
      m.set(l.parent.level, l.parent.code);
      parents.set(l.child.code, m);
    }
    for (const a of lsoas) expect([...(parents.get(a.code)?.keys() ?? [])].sort()).toEqual(['msoa', 'ward']);
    for (const a of [...wards, ...msoas]) expect(parents.get(a.code)?.get('lad')).toBe('X08000001');
    expect(parents.get('X08000001')?.get('region')).toBe('X12000001');
    const perWard = new Map<string, number>();
    for (const l of council.links)
      if (l.parent.level === 'ward') perWard.set(l.parent.code, (perWard.get(l.parent.code) ?? 0) + 1);
    for (const w of wards) {
      expect(perWard.get(w.code)).toBeGreaterThanOrEqual(4);
      expect(perWard.get(w.code)).toBeLessThanOrEqual(6);
    }
  });

  it('has closed, 5 dp, d3-wound polygons with small positive spherical area', () => {
    for (const a of council.areas) {
      if (a.level === 'region') {
        expect(a.geometry).toBeNull();
        continue;
      }
      const g = a.geometry as AreaGeometry;
      expect(isWoundForD3(g), a.code).toBe(true);
      const area = geoArea(g);
      expect(area, a.code).toBeGreaterThan(0);
      expect(area, a.code).toBeLessThan(1e-5); // < ~400 km²; a wrongly wound ring gives ~4π
      for (const ring of rings(g)) {
        expect(ring.length).toBeGreaterThanOrEqual(4);
        expect(ring[0]).toEqual(ring[ring.length - 1]);
        for (const [lon, lat] of ring) {
          expect(Math.round(lon * 1e5) / 1e5).toBe(lon);
          expect(Math.round(lat * 1e5) / 1e5).toBe(lat);
          expect(lon).toBeGreaterThan(-1.95);
          expect(lon).toBeLessThan(-1.7);
          expect(lat).toBeGreaterThan(53.65);
          expect(lat).toBeLessThan(53.85);
        }
      }
    }
  });

  it('builds ward and LAD boundaries as exact unions of their LSOAs', () => {
    const sumArea = (list: DemoArea[]) => list.reduce((s, a) => s + geoArea(a.geometry!), 0);
    const lad = of('lad')[0];
    expect(geoArea(lad.geometry!)).toBeCloseTo(sumArea(lsoas), 12);
    expect(lad.geometry!.type).toBe('Polygon');
    const wardOf = new Map(
      council.links.filter((l) => l.parent.level === 'ward').map((l) => [l.child.code, l.parent.code]),
    );
    for (const w of wards) {
      const members = lsoas.filter((l) => wardOf.get(l.code) === w.code);
      expect(geoArea(w.geometry!)).toBeCloseTo(sumArea(members), 12);
      for (const l of lsoas) {
        const inside = geoContains(w.geometry!, geoCentroid(l.geometry!));
        expect(inside, `${l.code} centroid in ${w.code}`).toBe(wardOf.get(l.code) === w.code);
      }
    }
  });

  it('parses back through parseBoundaries without errors', () => {
    const fc = {
      type: 'FeatureCollection',
      features: lsoas.map((a) => ({
        type: 'Feature',
        properties: { code: a.code, name: a.name },
        geometry: a.geometry,
      })),
    };
    const r = parseBoundaries(fc);
    expect(r.errors).toEqual([]);
    expect(r.features).toHaveLength(lsoas.length);
    expect(r.features[0].geometry).toEqual(lsoas[0].geometry);
  });
});

describe('generateDemoCouncil: population', () => {
  it('has about 1,500 residents per LSOA, with whole non-negative counts that sum to Persons', () => {
    expect(council.population.map((p) => p.lsoa)).toEqual(lsoas.map((a) => a.code));
    expect(council.groups).toEqual(ETHNIC_GROUPS_2011);
    for (const p of council.population) {
      expect(p.persons).toBeGreaterThanOrEqual(1100);
      expect(p.persons).toBeLessThanOrEqual(1950);
      let sum = 0;
      for (const g of ETHNIC_GROUPS_2011) {
        expect(Number.isInteger(p.counts[g])).toBe(true);
        expect(p.counts[g]).toBeGreaterThanOrEqual(0);
        sum += p.counts[g];
      }
      expect(sum).toBe(p.persons);
      expect(p.counts.WhiteBrit).toBeGreaterThan(0);
    }
    const mean = council.population.reduce((s, p) => s + p.persons, 0) / council.population.length;
    expect(mean).toBeGreaterThan(1400);
    expect(mean).toBeLessThan(1600);
  });

  it('is spatially clustered: dissimilarity Pakistani vs White British is between 0.4 and 0.6', () => {
    // Index of dissimilarity D = ½ Σ |a_i/A − b_i/B| over LSOAs.
    const dissimilarity = (pop: typeof council.population, a: 'Pakistani' | 'Indian', b: 'WhiteBrit') => {
      const A = pop.reduce((s, p) => s + p.counts[a], 0);
      const B = pop.reduce((s, p) => s + p.counts[b], 0);
      return 0.5 * pop.reduce((s, p) => s + Math.abs(p.counts[a] / A - p.counts[b] / B), 0);
    };
    const d = dissimilarity(council.population, 'Pakistani', 'WhiteBrit');
    expect(d).toBeGreaterThan(0.4);
    expect(d).toBeLessThan(0.6);
    expect(dissimilarity(council.population, 'Indian', 'WhiteBrit')).toBeGreaterThan(0.2);
    // robust to the seed, not tuned to one
    for (const seed of [1, 99, 12345]) {
      const dd = dissimilarity(generateDemoCouncil(seed).population, 'Pakistani', 'WhiteBrit');
      expect(dd).toBeGreaterThan(0.4);
      expect(dd).toBeLessThan(0.6);
    }
  });

  it('writes the census CSV format, which the lookup parser reads back', async () => {
    const csv = demoCensusCsv(council);
    const lines = csv.trimEnd().split('\n');
    expect(lines[0]).toBe(
      '"LSOA","Persons","WhiteBrit","Irish","OtherWhite","Mixed","Indian","Pakistani","Bangladeshi","Chinese","OtherAsian","BlkAfrican","BlkCaribbean","OtherBlk","Arab","Other","MSOA","LAD","RGN"',
    );
    expect(lines).toHaveLength(lsoas.length + 1);
    expect(lines[1]).toMatch(
      /^"X01000001",\d+,(\d+,){14}"X02000001","Demoshire \(fictional\)","Demo Region \(fictional\)"$/,
    );
    const header = lines[0].split(',').map((h) => h.slice(1, -1));
    async function* rows(): AsyncGenerator<LookupRow> {
      for (let i = 1; i < lines.length; i++) {
        const cells = lines[i].split(',').map((c) => c.replace(/^"|"$/g, ''));
        yield { line: i + 1, record: Object.fromEntries(header.map((h, k) => [h, cells[k]])) };
      }
    }
    const r = await parseLookupRows(rows());
    expect(r.errors).toEqual([]);
    expect(r.links).toHaveLength(lsoas.length);
  });
});

describe('dissolveTessellation', () => {
  const sq = (x: number, y: number): Position[] => [
    [x, y],
    [x, y + 1],
    [x + 1, y + 1],
    [x + 1, y],
    [x, y],
  ]; // clockwise (d3 exterior)

  it('merges neighbours into one ring', () => {
    const g = dissolveTessellation([[sq(0, 0)], [sq(1, 0)]]);
    expect(g?.type).toBe('Polygon');
    expect(g?.coordinates).toHaveLength(1);
    expect(g?.coordinates[0] as Position[]).toHaveLength(7); // 6 boundary vertices + closing
  });

  it('keeps a hole when the middle cell is missing, and separate parts as a MultiPolygon', () => {
    const ring: Position[][][] = [];
    for (let x = 0; x < 3; x++) for (let y = 0; y < 3; y++) if (x !== 1 || y !== 1) ring.push([sq(x, y)]);
    const g = dissolveTessellation(ring);
    expect(g?.type).toBe('Polygon');
    expect(g?.coordinates).toHaveLength(2);
    const apart = dissolveTessellation([[sq(0, 0)], [sq(5, 5)]]);
    expect(apart?.type).toBe('MultiPolygon');
    // touching at a corner only: two rings, not a figure of eight
    const corner = dissolveTessellation([[sq(0, 0)], [sq(1, 1)]]);
    expect(corner?.type).toBe('MultiPolygon');
    expect(corner?.coordinates.every((p) => (p as Position[][])[0].length === 5)).toBe(true);
  });
});
