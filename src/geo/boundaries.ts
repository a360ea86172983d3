/**
 * Parse boundary files (GeoJSON FeatureCollection or TopoJSON Topology, optionally gzipped)
 * into `{ code, name, level, geometry }` records ready to persist.
 *
 * - Code and name properties are detected (ONS style `LSOA11CD`/`LSOA11NM`, `OA11CD`,
 *   `WD22CD`, any `*CD`/`*NM` pair, `code`/`name`, `geo_code`/`geo_label`, `id` or the
 *   feature id) unless given explicitly. When several `*CD` properties are present (e.g. an OA
 *   file that also carries `LAD11CD`), the one holding the smallest level of area wins.
 * - Every bad feature is reported with its index and reason; parsing never stops at the first.
 * - Geometries are reduced to 2D, optionally rounded, and rewound for d3-geo (exterior rings
 *   clockwise) so they render correctly.
 *
 * File-level problems (not JSON, not a FeatureCollection/Topology, unknown TopoJSON object)
 * throw {@link BoundaryParseError}.
 */
import { gunzipSync } from 'node:zlib';
import { checkShape, positionsProblem } from './validity.ts';
import type { Feature, FeatureCollection, GeoJsonProperties, Geometry, MultiPolygon, Polygon, Position } from 'geojson';
import { feature as topoFeature } from 'topojson-client';
import type { Topology } from 'topojson-specification';
import { LEVEL_RANK, levelOfCode, type GeoLevel } from './gss.ts';
import { rewindForD3, type AreaGeometry } from './winding.ts';

export { rewindForD3, rewindRfc7946, isWoundForD3, ringSignedArea2 } from './winding.ts';
export type { AreaGeometry } from './winding.ts';

export interface BoundaryFeature {
  code: string;
  /** The name property, or the code itself when the file has no names (e.g. OA files). */
  name: string;
  level: GeoLevel;
  geometry: AreaGeometry;
}

export interface BoundaryError {
  /** 0-based index of the feature within its FeatureCollection / TopoJSON object. */
  index: number;
  /** TopoJSON object name, when parsing a topology. */
  object?: string;
  /** The feature's code, when one could be read. */
  code?: string;
  reason: string;
}

export interface DetectedProperties {
  object?: string;
  codeProperty: string | null;
  nameProperty: string | null;
}

export interface ParseBoundariesOptions {
  /** Property holding the area code. Default: detected. */
  codeProperty?: string;
  /** Property holding the area name. Default: detected. */
  nameProperty?: string;
  /** TopoJSON only: the object to read. Default: every object in the topology. */
  object?: string;
  /** Require every feature to be of this level; others are reported as errors. */
  level?: GeoLevel;
  /** Round coordinates to this many decimal places (see {@link roundCoordinates}). Default: no rounding. */
  decimals?: number;
  /** Rewind for d3-geo (exterior clockwise). Default true. */
  rewind?: boolean;
}

export interface ParseBoundariesResult {
  features: BoundaryFeature[];
  errors: BoundaryError[];
  detected: DetectedProperties[];
  /** Rings dropped because they enclose no area (see src/geo/validity.ts). */
  droppedRings: number;
}

export class BoundaryParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BoundaryParseError';
  }
}

/** Decode input to a parsed JSON value, gunzipping when it starts with the gzip magic bytes. */
function decodeInput(input: string | Uint8Array | object): unknown {
  if (typeof input === 'string') return parseJson(stripBom(input));
  if (input instanceof Uint8Array) {
    let bytes: Uint8Array = input;
    if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
      try {
        bytes = gunzipSync(bytes);
      } catch (err) {
        throw new BoundaryParseError(`Could not decompress gzip data: ${(err as Error).message}`);
      }
    }
    return parseJson(stripBom(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')));
  }
  return input;
}

function stripBom(s: string): string {
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new BoundaryParseError(`Boundary file is not valid JSON: ${(err as Error).message}`);
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Parse a GeoJSON FeatureCollection (or single Feature) or a TopoJSON Topology.
 * @param input JSON text, bytes (gzipped or not), or an already-parsed object.
 */
export function parseBoundaries(
  input: string | Uint8Array | object,
  options: ParseBoundariesOptions = {},
): ParseBoundariesResult {
  const data = decodeInput(input);
  if (!isRecord(data)) throw new BoundaryParseError('Boundary file must contain a JSON object');

  const collections: { object?: string; features: unknown[] }[] = [];
  if (data.type === 'Topology') {
    if (!isRecord(data.objects)) throw new BoundaryParseError('TopoJSON topology has no "objects"');
    const names = Object.keys(data.objects);
    if (options.object !== undefined && !names.includes(options.object)) {
      throw new BoundaryParseError(
        `TopoJSON object "${options.object}" not found; available: ${names.join(', ') || '(none)'}`,
      );
    }
    const wanted = options.object !== undefined ? [options.object] : names;
    const topology = data as unknown as Topology;
    for (const name of wanted) {
      let converted: Feature | FeatureCollection;
      try {
        converted = topoFeature(topology, topology.objects[name]) as Feature | FeatureCollection;
      } catch (err) {
        throw new BoundaryParseError(`Could not decode TopoJSON object "${name}": ${(err as Error).message}`);
      }
      const feats = converted.type === 'FeatureCollection' ? converted.features : [converted];
      collections.push({ object: name, features: feats });
    }
  } else if (data.type === 'FeatureCollection') {
    if (!Array.isArray(data.features)) throw new BoundaryParseError('FeatureCollection has no "features" array');
    collections.push({ features: data.features });
  } else if (data.type === 'Feature') {
    collections.push({ features: [data] });
  } else {
    throw new BoundaryParseError(
      `Expected a GeoJSON FeatureCollection or a TopoJSON Topology, got type ${JSON.stringify(data.type)}`,
    );
  }

  const result: ParseBoundariesResult = { features: [], errors: [], detected: [], droppedRings: 0 };
  const seen = new Map<string, string>(); // code -> "index" or "object#index"
  for (const col of collections) {
    const detected = detectProperties(col.features, options);
    result.detected.push(col.object !== undefined ? { object: col.object, ...detected } : detected);
    col.features.forEach((raw, index) => {
      const err = (reason: string, code?: string) => {
        const e: BoundaryError = { index, reason };
        if (col.object !== undefined) e.object = col.object;
        if (code !== undefined) e.code = code;
        result.errors.push(e);
      };
      if (!isRecord(raw) || raw.type !== 'Feature') {
        err('not a GeoJSON Feature');
        return;
      }
      const props = isRecord(raw.properties) ? raw.properties : {};
      const code = readCode(props, raw.id, detected.codeProperty);
      if (code === undefined) {
        err(
          detected.codeProperty
            ? `no area code in property "${detected.codeProperty}"`
            : 'no area code found (looked for *CD, code, geo_code, id properties and the feature id)',
        );
        return;
      }
      const level = levelOfCode(code);
      if (level === null) {
        err(`code ${JSON.stringify(code)} is not a recognised GSS area code`, code);
        return;
      }
      if (options.level !== undefined && level !== options.level) {
        err(`code ${code} is a ${level} code, expected ${options.level}`, code);
        return;
      }
      const where = col.object !== undefined ? `${col.object}#${index}` : String(index);
      const first = seen.get(code);
      if (first !== undefined) {
        err(`duplicate code ${code} (first seen at index ${first})`, code);
        return;
      }
      const checked = validateGeometry(raw.geometry);
      if (typeof checked === 'string') {
        err(checked, code);
        return;
      }
      seen.set(code, where);
      let geometry: AreaGeometry = checked;
      const tooMany = positionsProblem(geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates);
      if (tooMany) {
        seen.delete(code);
        err(tooMany, code);
        return;
      }
      if (options.decimals !== undefined) geometry = roundCoordinates(geometry, options.decimals);
      const shape = checkShape(geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates);
      if (typeof shape === 'string') {
        seen.delete(code);
        err(shape, code);
        return;
      }
      result.droppedRings += shape.dropped;
      if (shape.dropped) {
        geometry =
          shape.polygons.length === 1
            ? { type: 'Polygon', coordinates: shape.polygons[0] }
            : { type: 'MultiPolygon', coordinates: shape.polygons };
      }
      if (options.rewind !== false) geometry = rewindForD3(geometry);
      const nameValue = detected.nameProperty ? props[detected.nameProperty] : undefined;
      const name = typeof nameValue === 'string' && nameValue.trim() !== '' ? nameValue.trim() : code;
      result.features.push({ code, name, level, geometry });
    });
  }
  return result;
}

function readCode(props: Record<string, unknown>, id: unknown, codeProperty: string | null): string | undefined {
  const fromProp = codeProperty ? props[codeProperty] : undefined;
  const value = fromProp ?? (codeProperty === null ? id : undefined);
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  return undefined;
}

const CODE_KEY = /cd$/i;
const OLD_CODE_KEY = /cdo$/i;
const GENERIC_CODE_KEYS = ['code', 'areacode', 'area_code', 'geo_code', 'geography_code', 'id'];
const GENERIC_NAME_KEYS = ['name', 'areaname', 'area_name', 'geo_label', 'geography_name', 'label'];

/**
 * Work out which properties hold the code and the name. Exported for tests and for UIs that
 * want to show the user what was detected.
 */
export function detectProperties(
  features: readonly unknown[],
  options: Pick<ParseBoundariesOptions, 'codeProperty' | 'nameProperty'> = {},
): DetectedProperties {
  const keys: string[] = [];
  const samples = new Map<string, unknown[]>();
  for (const f of features) {
    if (!isRecord(f) || !isRecord(f.properties)) continue;
    for (const [k, v] of Object.entries(f.properties as NonNullable<GeoJsonProperties>)) {
      if (!samples.has(k)) {
        keys.push(k);
        samples.set(k, []);
      }
      const list = samples.get(k) as unknown[];
      if (list.length < 20 && typeof v === 'string' && v !== '') list.push(v);
    }
  }
  const lower = new Map(keys.map((k) => [k.toLowerCase(), k]));

  let codeProperty: string | null = options.codeProperty ?? null;
  if (codeProperty === null) {
    // 1. ONS style *CD columns: pick the one whose values are the smallest level.
    let best: { key: string; rank: number } | null = null;
    for (const k of keys) {
      if (!CODE_KEY.test(k) || OLD_CODE_KEY.test(k)) continue;
      const vals = samples.get(k) as unknown[];
      const ranks = vals.map((v) => levelOfCode(String(v).trim())).filter((l): l is GeoLevel => l !== null);
      if (ranks.length === 0) continue;
      const rank = Math.min(...ranks.map((l) => LEVEL_RANK[l]));
      if (best === null || rank < best.rank) best = { key: k, rank };
    }
    if (best) codeProperty = best.key;
    // 2. Generic names.
    if (codeProperty === null) {
      for (const g of GENERIC_CODE_KEYS) {
        const k = lower.get(g);
        if (k !== undefined) {
          codeProperty = k;
          break;
        }
      }
    }
    // 3. Any *CD key even if its values are not recognised (errors will say why).
    if (codeProperty === null) codeProperty = keys.find((k) => CODE_KEY.test(k) && !OLD_CODE_KEY.test(k)) ?? null;
  }

  let nameProperty: string | null = options.nameProperty ?? null;
  if (nameProperty === null && codeProperty !== null && CODE_KEY.test(codeProperty)) {
    const stem = codeProperty.slice(0, -2);
    nameProperty = lower.get(`${stem}nm`.toLowerCase()) ?? null;
  }
  if (nameProperty === null) {
    for (const g of GENERIC_NAME_KEYS) {
      const k = lower.get(g);
      if (k !== undefined) {
        nameProperty = k;
        break;
      }
    }
  }
  return { codeProperty, nameProperty };
}

function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function validateRings(rings: unknown, where: string): Position[][] | string {
  if (!Array.isArray(rings) || rings.length === 0) return `${where} has no rings`;
  const out: Position[][] = [];
  for (let r = 0; r < rings.length; r++) {
    const ring = rings[r];
    const label = `${where} ring ${r}`;
    if (!Array.isArray(ring)) return `${label} is not an array of positions`;
    if (ring.length < 4) return `${label} has ${ring.length} positions (a closed ring needs at least 4)`;
    const clean: Position[] = [];
    for (const p of ring) {
      if (!Array.isArray(p) || p.length < 2 || !isFiniteNumber(p[0]) || !isFiniteNumber(p[1])) {
        return `${label} has a non-numeric position ${JSON.stringify(p)}`;
      }
      if (p[0] < -180 || p[0] > 180 || p[1] < -90 || p[1] > 90) {
        return `${label} has position [${p[0]}, ${p[1]}] outside WGS84 longitude/latitude (is the file in British National Grid? reproject to EPSG:4326)`;
      }
      clean.push([p[0], p[1]]);
    }
    const a = clean[0];
    const b = clean[clean.length - 1];
    if (a[0] !== b[0] || a[1] !== b[1]) return `${label} is not closed (first and last positions differ)`;
    out.push(clean);
  }
  return out;
}

/** Validate and copy a geometry (2D). Returns a reason string when invalid. */
export function validateGeometry(geometry: unknown): AreaGeometry | string {
  if (geometry === null || geometry === undefined) return 'feature has no geometry';
  if (!isRecord(geometry)) return 'geometry is not an object';
  const g = geometry as Partial<Geometry> & { coordinates?: unknown };
  if (g.type === 'Polygon') {
    const rings = validateRings(g.coordinates, 'polygon');
    return typeof rings === 'string' ? rings : { type: 'Polygon', coordinates: rings };
  }
  if (g.type === 'MultiPolygon') {
    if (!Array.isArray(g.coordinates) || g.coordinates.length === 0) return 'MultiPolygon has no polygons';
    const polys: Position[][][] = [];
    for (let i = 0; i < g.coordinates.length; i++) {
      const rings = validateRings(g.coordinates[i], `polygon ${i}`);
      if (typeof rings === 'string') return rings;
      polys.push(rings);
    }
    return { type: 'MultiPolygon', coordinates: polys };
  }
  return `geometry type ${JSON.stringify(g.type)} is not Polygon or MultiPolygon`;
}

function roundValue(v: number, factor: number): number {
  const r = Math.round(v * factor) / factor;
  return r === 0 ? 0 : r; // normalise -0
}

function roundRing(ring: readonly Position[], factor: number): Position[] {
  const out: Position[] = [];
  for (const p of ring) {
    const q: Position = [roundValue(p[0], factor), roundValue(p[1], factor)];
    const prev = out[out.length - 1];
    if (prev && prev[0] === q[0] && prev[1] === q[1]) continue;
    out.push(q);
  }
  // keep the ring closed even if the closing position merged with its neighbour
  const first = out[0];
  const last = out[out.length - 1];
  if (out.length > 1 && (first[0] !== last[0] || first[1] !== last[1])) out.push([first[0], first[1]]);
  return out;
}

function roundPolygon(rings: readonly Position[][], factor: number, keepExterior: boolean): Position[][] | null {
  const out: Position[][] = [];
  for (let i = 0; i < rings.length; i++) {
    const r = roundRing(rings[i], factor);
    if (r.length >= 4) out.push(r);
    else if (i === 0) {
      if (!keepExterior) return null;
      out.push(r);
    }
  }
  return out;
}

/**
 * Round coordinates to `decimals` places (5 dp ≈ 1 m) to shrink storage. Consecutive duplicate
 * positions created by rounding are removed; holes (and, in a MultiPolygon, whole polygons) that
 * collapse below 4 positions are dropped. A geometry never becomes empty: if every polygon would
 * collapse, the rounded rings are kept as they are. Does not rewind: call {@link rewindForD3} after.
 */
export function roundCoordinates<G extends AreaGeometry>(geometry: G, decimals = 5): G {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 15) {
    throw new RangeError(`decimals must be an integer from 0 to 15, got ${decimals}`);
  }
  const factor = 10 ** decimals;
  if (geometry.type === 'Polygon') {
    return { ...geometry, coordinates: roundPolygon(geometry.coordinates, factor, true) as Position[][] };
  }
  const mp = geometry as MultiPolygon;
  const kept = mp.coordinates
    .map((poly) => roundPolygon(poly, factor, false))
    .filter((p): p is Position[][] => p !== null);
  const coordinates =
    kept.length > 0 ? kept : mp.coordinates.map((poly) => roundPolygon(poly, factor, true) as Position[][]);
  return { ...geometry, coordinates } as G;
}

/** Wrap parsed boundaries as a GeoJSON FeatureCollection (properties: code, name, level). */
export function toFeatureCollection(
  features: readonly Pick<BoundaryFeature, 'code' | 'name' | 'geometry'>[],
): FeatureCollection<Polygon | MultiPolygon, { code: string; name: string }> {
  return {
    type: 'FeatureCollection',
    features: features.map((f) => ({
      type: 'Feature',
      id: f.code,
      properties: { code: f.code, name: f.name },
      geometry: f.geometry,
    })),
  };
}
