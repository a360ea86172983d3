/**
 * Deterministic generator of a FICTIONAL demo council: geography (region, LAD, wards, MSOAs,
 * LSOAs with boundaries and parent links) and 2011-census-style population counts by ethnic group.
 *
 * Everything is invented. Codes use the `X` prefix (never used by real GSS codes), names are made
 * up from syllables, and the council name says "(fictional)". Same seed → byte-identical output.
 *
 * Method:
 *  1. A wobbly, town-shaped outline in a local kilometre grid around (-1.825, 53.75).
 *  2. Ward seeds by best-candidate sampling, relaxed with Lloyd's algorithm on a grid.
 *  3. 4–6 LSOA seeds inside each ward's cell (so each LSOA's nearest ward seed is its ward),
 *     relaxed within the ward; "ghost" seeds outside the outline bound the edge cells.
 *  4. LSOA boundaries = Voronoi cells (d3-delaunay); ward, MSOA and LAD boundaries = exact
 *     dissolves of member cells (they share vertices exactly).
 *  5. MSOAs = compact groups of about 5 LSOAs (capacity-constrained k-means), numbered north to
 *     south like ONS; LSOAs are named ONS-style ("Demoshire 004B").
 *  6. Populations of ~1,500 per LSOA, with minority groups concentrated around a few wards
 *     so segregation indices are non-trivial (dissimilarity Pakistani vs White British ≈ 0.5).
 */
import { Delaunay } from 'd3-delaunay';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import type { GeoLevel } from '../geo/gss.ts';
import type { AreaLink, LookupArea } from '../geo/lookups.ts';
import { rewindForD3, type AreaGeometry } from '../geo/winding.ts';
import { dissolveTessellation } from './dissolve.ts';
import { createNameGenerator } from './names.ts';
import { createDraws, type RandomDraws as Rng } from '../stats/random.ts';
import { csvFromRows } from '../lib/csv-write.ts';

/** The 14 ethnic group columns of the 2011 census files in /work/shared/data/census2011. */
export const ETHNIC_GROUPS_2011 = [
  'WhiteBrit',
  'Irish',
  'OtherWhite',
  'Mixed',
  'Indian',
  'Pakistani',
  'Bangladeshi',
  'Chinese',
  'OtherAsian',
  'BlkAfrican',
  'BlkCaribbean',
  'OtherBlk',
  'Arab',
  'Other',
] as const;
export type EthnicGroup2011 = (typeof ETHNIC_GROUPS_2011)[number];

export interface DemoArea {
  code: string;
  name: string;
  level: GeoLevel;
  /** WGS84, wound for d3-geo, 5 dp. `null` for the region (it has one LAD; use the LAD's). */
  geometry: AreaGeometry | null;
}

export interface DemoPopulation {
  lsoa: string;
  /** Usual residents. Equals the sum of the 14 group counts in the demo (not always so in the real files). */
  persons: number;
  counts: Record<EthnicGroup2011, number>;
}

export interface DemoCouncil {
  seed: number;
  fictional: true;
  notice: string;
  council: {
    name: string;
    shortName: string;
    /** LAD code, e.g. X08000001 */
    areaCode: string;
    regionCode: string;
  };
  /** Approximate centre [lon, lat]. */
  centre: [number, number];
  /** All areas, largest level first: region, LAD, wards, MSOAs, LSOAs. */
  areas: DemoArea[];
  /** LSOA→MSOA, LSOA→ward, MSOA→LAD, ward→LAD, LAD→region. Same shape as parseLookupRows. */
  links: AreaLink[];
  /** One row per LSOA, in LSOA code order. */
  population: DemoPopulation[];
  groups: readonly EthnicGroup2011[];
}

export const DEMO_NOTICE =
  'Demoshire is a fictional council. Its areas, boundaries, names, codes and populations are invented for demonstration and do not describe any real place or people.';

const LON0 = -1.825;
const LAT0 = 53.75;
const KM_PER_DEG_LAT = 111.32;
const KM_PER_DEG_LON = 111.32 * Math.cos((LAT0 * Math.PI) / 180);
const GRID_STEP = 0.08; // km

type XY = [number, number];

const dist2 = (a: XY, b: XY) => (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2;

function code(prefix: string, i: number): string {
  return `${prefix}${String(i).padStart(6, '0')}`;
}

function toLonLat(p: XY): Position {
  const lon = LON0 + p[0] / KM_PER_DEG_LON;
  const lat = LAT0 + p[1] / KM_PER_DEG_LAT;
  const r = (v: number) => {
    const x = Math.round(v * 1e5) / 1e5;
    return x === 0 ? 0 : x;
  };
  return [r(lon), r(lat)];
}

/** Town outline: radius as a function of angle, a few smooth lobes. */
function makeOutline(rng: Rng): (p: XY) => boolean {
  const base = 4.2;
  const harmonics = [2, 3, 5].map((k, i) => ({
    k,
    amp: [0.16, 0.1, 0.05][i] * (0.7 + 0.6 * rng.next()),
    phase: rng.next() * 2 * Math.PI,
  }));
  const radius = (theta: number) =>
    base * (1 + harmonics.reduce((s, h) => s + h.amp * Math.sin(h.k * theta + h.phase), 0));
  return (p) => Math.hypot(p[0], p[1]) <= radius(Math.atan2(p[1], p[0]));
}

function nearest(p: XY, seeds: readonly XY[]): number {
  let best = 0;
  let bestD = Infinity;
  for (let i = 0; i < seeds.length; i++) {
    const d = dist2(p, seeds[i]);
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  }
  return best;
}

/** Mitchell's best-candidate sampling from a pool of points. */
function bestCandidates(rng: Rng, pool: readonly XY[], count: number, existing: XY[], candidates = 25): XY[] {
  const chosen: XY[] = [];
  for (let c = 0; c < count; c++) {
    let best: XY = pool[Math.floor(rng.next() * pool.length)];
    let bestD = -1;
    for (let k = 0; k < candidates; k++) {
      const cand = pool[Math.floor(rng.next() * pool.length)];
      let d = Infinity;
      for (const e of existing) d = Math.min(d, dist2(cand, e));
      for (const e of chosen) d = Math.min(d, dist2(cand, e));
      if (d > bestD) {
        bestD = d;
        best = cand;
      }
    }
    chosen.push([best[0], best[1]]);
  }
  return chosen;
}

/** Lloyd relaxation of seeds over a set of grid points. */
function relax(seeds: XY[], points: readonly XY[], iterations: number): XY[] {
  let s = seeds.map((p) => [p[0], p[1]] as XY);
  for (let it = 0; it < iterations; it++) {
    const sum = s.map(() => [0, 0, 0]);
    for (const p of points) {
      const i = nearest(p, s);
      sum[i][0] += p[0];
      sum[i][1] += p[1];
      sum[i][2]++;
    }
    s = s.map((p, i) => (sum[i][2] > 0 ? [sum[i][0] / sum[i][2], sum[i][1] / sum[i][2]] : p));
  }
  return s;
}

function closeAndClean(ring: Position[]): Position[] {
  const out: Position[] = [];
  for (const p of ring) {
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  if (out.length > 1 && out[0][0] === out[out.length - 1][0] && out[0][1] === out[out.length - 1][1]) out.pop();
  out.push([out[0][0], out[0][1]]);
  return out;
}

function dissolveOrCollect(cells: readonly Polygon[]): AreaGeometry {
  const merged = dissolveTessellation(cells.map((c) => c.coordinates));
  const geometry: Polygon | MultiPolygon = merged ?? {
    type: 'MultiPolygon',
    coordinates: cells.map((c) => c.coordinates),
  };
  return rewindForD3(geometry);
}

/** Generate the fictional demo council. Pure and deterministic. */
export function generateDemoCouncil(seed = 2024): DemoCouncil {
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  const rng = createDraws(seed);
  const inside = makeOutline(rng);

  // Grid of points inside the town, for sampling and relaxation.
  const grid: XY[] = [];
  for (let y = -8; y <= 8; y += GRID_STEP) {
    for (let x = -8; x <= 8; x += GRID_STEP) {
      const p: XY = [Math.round(x * 1000) / 1000, Math.round(y * 1000) / 1000];
      if (inside(p)) grid.push(p);
    }
  }

  // Wards.
  const wardCount = rng.int(12, 16);
  let wardSeeds = bestCandidates(rng, grid, wardCount, []);
  wardSeeds = relax(wardSeeds, grid, 6);
  const wardOfGrid = grid.map((p) => nearest(p, wardSeeds));

  // LSOA seeds inside each ward's cell, relaxed within the ward.
  // 4–6 LSOAs per ward, about 60–80 in total.
  const target = Math.min(6 * wardCount, Math.max(4 * wardCount, rng.int(60, 80)));
  const perWard = new Array<number>(wardCount).fill(4);
  for (let extra = target - 4 * wardCount; extra > 0;) {
    const w = rng.int(0, wardCount - 1);
    if (perWard[w] < 6) {
      perWard[w]++;
      extra--;
    }
  }
  const lsoaSeeds: XY[] = [];
  const lsoaWard: number[] = [];
  for (let w = 0; w < wardCount; w++) {
    const pool = grid.filter((_, i) => wardOfGrid[i] === w);
    const count = perWard[w];
    let seeds = bestCandidates(rng, pool, count, lsoaSeeds);
    seeds = relax(seeds, pool, 4);
    for (const s of seeds) {
      lsoaSeeds.push(s);
      lsoaWard.push(w);
    }
  }
  const lsoaCount = lsoaSeeds.length;
  const spacing = Math.sqrt((grid.length * GRID_STEP * GRID_STEP) / lsoaCount);

  // Ghost seeds outside the outline so edge cells end near the outline.
  const ghosts: XY[] = [];
  const ringSteps = Math.ceil((2 * Math.PI * 6) / (spacing * 0.8));
  for (const extra of [0.5, 1.5, 3]) {
    for (let i = 0; i < ringSteps; i++) {
      const theta = ((i + 0.5 * rng.next()) / ringSteps) * 2 * Math.PI;
      // walk out from the centre to the outline, then beyond it
      let r = 0.2;
      while (inside([r * Math.cos(theta), r * Math.sin(theta)]) && r < 10) r += 0.02;
      const rr = r + extra * spacing;
      ghosts.push([rr * Math.cos(theta), rr * Math.sin(theta)]);
    }
  }
  const allSeeds = [...lsoaSeeds, ...ghosts];
  const delaunay = Delaunay.from(allSeeds);
  const voronoi = delaunay.voronoi([-20, -20, 20, 20]);

  // LSOA cells in lon/lat, rounded, wound for d3.
  const cells: Polygon[] = [];
  for (let i = 0; i < lsoaCount; i++) {
    const poly = voronoi.cellPolygon(i) as unknown as XY[];
    const ring = closeAndClean(poly.map((p) => toLonLat(p)));
    cells.push(rewindForD3({ type: 'Polygon', coordinates: [ring] }));
  }

  // MSOAs: capacity-constrained k-means on LSOA seeds (about 5 LSOAs each).
  const msoaCount = Math.max(1, Math.round(lsoaCount / 5));
  const cap = Math.ceil(lsoaCount / msoaCount) + 1;
  let msoaCentres = bestCandidates(rng, lsoaSeeds, msoaCount, []);
  let lsoaMsoa: number[] = new Array<number>(lsoaCount).fill(-1);
  for (let it = 0; it < 8; it++) {
    const pairs: [number, number, number][] = [];
    for (let i = 0; i < lsoaCount; i++)
      for (let m = 0; m < msoaCount; m++) pairs.push([dist2(lsoaSeeds[i], msoaCentres[m]), i, m]);
    pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
    const size = new Array<number>(msoaCount).fill(0);
    lsoaMsoa = new Array<number>(lsoaCount).fill(-1);
    for (const [, i, m] of pairs) {
      if (lsoaMsoa[i] === -1 && size[m] < cap) {
        lsoaMsoa[i] = m;
        size[m]++;
      }
    }
    msoaCentres = msoaCentres.map((c, m) => {
      const members = lsoaSeeds.filter((_, i) => lsoaMsoa[i] === m);
      if (members.length === 0) return c;
      return [
        members.reduce((s, p) => s + p[0], 0) / members.length,
        members.reduce((s, p) => s + p[1], 0) / members.length,
      ];
    });
  }

  // Numbering: MSOAs north to south (then west to east), LSOAs by MSOA then north to south.
  const msoaOrder = msoaCentres
    .map((c, m) => ({ m, c }))
    .sort((a, b) => b.c[1] - a.c[1] || a.c[0] - b.c[0])
    .map((o) => o.m);
  const msoaNumber = new Array<number>(msoaCount);
  msoaOrder.forEach((m, k) => (msoaNumber[m] = k + 1));
  const lsoaOrder = lsoaSeeds
    .map((s, i) => ({ i, s }))
    .sort((a, b) => msoaNumber[lsoaMsoa[a.i]] - msoaNumber[lsoaMsoa[b.i]] || b.s[1] - a.s[1] || a.s[0] - b.s[0])
    .map((o) => o.i);

  // Names.
  const names = createNameGenerator(rng);
  const wardNames = Array.from({ length: wardCount }, () => names.next());
  const msoaNames = Array.from({ length: msoaCount }, () => names.next());
  const wardOrder = wardNames
    .map((name, w) => ({ name, w }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((o) => o.w);

  const ladName = 'Demoshire (fictional)';
  const region: DemoArea = { code: 'X12000001', name: 'Demo Region (fictional)', level: 'region', geometry: null };
  const lad: DemoArea = { code: 'X08000001', name: ladName, level: 'lad', geometry: dissolveOrCollect(cells) };
  const wardCode = new Array<string>(wardCount);
  const wards: DemoArea[] = wardOrder.map((w, k) => {
    wardCode[w] = code('X05', k + 1);
    return {
      code: wardCode[w],
      name: wardNames[w],
      level: 'ward',
      geometry: dissolveOrCollect(cells.filter((_, i) => lsoaWard[i] === w)),
    };
  });
  const msoaCode = new Array<string>(msoaCount);
  const msoas: DemoArea[] = msoaOrder.map((m, k) => {
    msoaCode[m] = code('X02', k + 1);
    return {
      code: msoaCode[m],
      name: msoaNames[m],
      level: 'msoa',
      geometry: dissolveOrCollect(cells.filter((_, i) => lsoaMsoa[i] === m)),
    };
  });
  const lsoaCode = new Array<string>(lsoaCount);
  const letterCount = new Map<number, number>();
  const lsoas: DemoArea[] = lsoaOrder.map((i, k) => {
    lsoaCode[i] = code('X01', k + 1);
    const m = lsoaMsoa[i];
    const letter = letterCount.get(m) ?? 0;
    letterCount.set(m, letter + 1);
    return {
      code: lsoaCode[i],
      name: `Demoshire ${String(msoaNumber[m]).padStart(3, '0')}${String.fromCharCode(65 + letter)}`,
      level: 'lsoa',
      geometry: cells[i],
    };
  });

  // Links.
  const ref = (a: DemoArea): LookupArea => ({ code: a.code, name: a.name, level: a.level });
  const byCode = new Map([region, lad, ...wards, ...msoas, ...lsoas].map((a) => [a.code, a]));
  const link = (child: string, parent: string): AreaLink => ({
    child: ref(byCode.get(child) as DemoArea),
    parent: ref(byCode.get(parent) as DemoArea),
  });
  const links: AreaLink[] = [];
  for (const i of lsoaOrder) {
    links.push(link(lsoaCode[i], msoaCode[lsoaMsoa[i]]));
    links.push(link(lsoaCode[i], wardCode[lsoaWard[i]]));
  }
  for (const m of msoaOrder) links.push(link(msoaCode[m], lad.code));
  for (const w of wardOrder) links.push(link(wardCode[w], lad.code));
  links.push(link(lad.code, region.code));

  const population = generatePopulation(rng, lsoaSeeds, wardSeeds, lsoaOrder, lsoaCode);

  const centre = toLonLat([0, 0]) as [number, number];
  return {
    seed,
    fictional: true,
    notice: DEMO_NOTICE,
    council: {
      name: 'Demoshire Borough Council (fictional)',
      shortName: 'Demoshire',
      areaCode: lad.code,
      regionCode: region.code,
    },
    centre,
    areas: [region, lad, ...wards, ...msoas, ...lsoas],
    links,
    population,
    groups: ETHNIC_GROUPS_2011,
  };
}

/**
 * Base shares for a northern English town, plus "hubs": Gaussian bumps of extra share centred on
 * chosen wards. Shares get multiplicative noise and are turned into whole counts by largest remainder.
 */
function generatePopulation(
  rng: Rng,
  lsoaSeeds: readonly XY[],
  wardSeeds: readonly XY[],
  lsoaOrder: readonly number[],
  lsoaCode: readonly string[],
): DemoPopulation[] {
  const base: Record<EthnicGroup2011, number> = {
    WhiteBrit: 0,
    Irish: 0.006,
    OtherWhite: 0.018,
    Mixed: 0.016,
    Indian: 0.006,
    Pakistani: 0.012,
    Bangladeshi: 0.002,
    Chinese: 0.003,
    OtherAsian: 0.004,
    BlkAfrican: 0.004,
    BlkCaribbean: 0.002,
    OtherBlk: 0.001,
    Arab: 0.001,
    Other: 0.003,
  };
  // Hub wards: the Pakistani/Bangladeshi hub is the ward nearest a point just off-centre, plus its
  // nearest neighbour ward; the Indian hub a ward on the other side; Black African/Other White
  // and Mixed modestly higher around the centre.
  const offAngle = rng.next() * 2 * Math.PI;
  const hubA = nearest([0.9 * Math.cos(offAngle), 0.9 * Math.sin(offAngle)], wardSeeds);
  const others = wardSeeds.map((s, w) => ({ w, d: dist2(s, wardSeeds[hubA]) })).filter((o) => o.w !== hubA);
  others.sort((a, b) => a.d - b.d || a.w - b.w);
  const hubA2 = others[0].w;
  const hubB = nearest([-2.4 * Math.cos(offAngle), -2.4 * Math.sin(offAngle)], wardSeeds);
  const centreA: XY = [
    (wardSeeds[hubA][0] * 2 + wardSeeds[hubA2][0]) / 3,
    (wardSeeds[hubA][1] * 2 + wardSeeds[hubA2][1]) / 3,
  ];
  const bumps: { group: EthnicGroup2011; centre: XY; peak: number; sigma: number }[] = [
    { group: 'Pakistani', centre: centreA, peak: 0.34, sigma: 1.7 },
    { group: 'Bangladeshi', centre: centreA, peak: 0.035, sigma: 1.2 },
    { group: 'Indian', centre: wardSeeds[hubB], peak: 0.09, sigma: 1.2 },
    { group: 'BlkAfrican', centre: [0, 0], peak: 0.02, sigma: 2 },
    { group: 'OtherWhite', centre: [0, 0], peak: 0.035, sigma: 2.2 },
    { group: 'Mixed', centre: centreA, peak: 0.015, sigma: 2.5 },
    { group: 'Arab', centre: centreA, peak: 0.006, sigma: 1.5 },
    { group: 'OtherAsian', centre: wardSeeds[hubB], peak: 0.01, sigma: 1.5 },
  ];

  const rows: DemoPopulation[] = [];
  for (const i of lsoaOrder) {
    const p = lsoaSeeds[i];
    const shares = { ...base };
    for (const b of bumps) shares[b.group] += b.peak * Math.exp(-dist2(p, b.centre) / (b.sigma * b.sigma));
    let minority = 0;
    for (const g of ETHNIC_GROUPS_2011) {
      if (g === 'WhiteBrit') continue;
      shares[g] *= Math.exp(0.25 * rng.normal());
      minority += shares[g];
    }
    shares.WhiteBrit = Math.max(0.05, 1 - minority);
    const total = ETHNIC_GROUPS_2011.reduce((s, g) => s + shares[g], 0);
    const persons = Math.max(1100, Math.min(1950, Math.round(1500 + 160 * rng.normal())));
    const counts = largestRemainder(
      persons,
      ETHNIC_GROUPS_2011.map((g) => shares[g] / total),
    );
    const record = {} as Record<EthnicGroup2011, number>;
    ETHNIC_GROUPS_2011.forEach((g, k) => (record[g] = counts[k]));
    rows.push({ lsoa: lsoaCode[i], persons, counts: record });
  }
  return rows;
}

function largestRemainder(total: number, shares: readonly number[]): number[] {
  const raw = shares.map((s) => s * total);
  const floors = raw.map(Math.floor);
  let left = total - floors.reduce((s, v) => s + v, 0);
  const order = raw.map((v, k) => ({ k, r: v - Math.floor(v) })).sort((a, b) => b.r - a.r || a.k - b.k);
  for (const o of order) {
    if (left <= 0) break;
    floors[o.k]++;
    left--;
  }
  return floors;
}

/**
 * The demo population in the format of the real census file `ethnic_group_lsoa.csv.gz`:
 * `"LSOA","Persons","WhiteBrit",…,"Other","MSOA","LAD","RGN"` with LAD and RGN as names.
 */
export function demoCensusCsv(council: DemoCouncil): string {
  const parentOf = new Map<string, string>();
  for (const l of council.links)
    if (l.child.level === 'lsoa' && l.parent.level === 'msoa') parentOf.set(l.child.code, l.parent.code);
  const lad = council.areas.find((a) => a.level === 'lad') as DemoArea;
  const region = council.areas.find((a) => a.level === 'region') as DemoArea;
  const rows: (string | number)[][] = [['LSOA', 'Persons', ...council.groups, 'MSOA', 'LAD', 'RGN']];
  for (const r of council.population) {
    const counts = council.groups.map((g) => r.counts[g]);
    rows.push([r.lsoa, r.persons, ...counts, parentOf.get(r.lsoa) ?? '', lad.name, region.name]);
  }
  return csvFromRows(rows, { quoteText: true, lineEnding: '\n' });
}
