/**
 * GSS (Government Statistical Service) area code utilities.
 *
 * A GSS code is one letter for the nation (E England, W Wales, …), two digits for the
 * entity type and six digits for the instance, e.g. `E01004197` (an LSOA in Tower Hamlets).
 * We only support the entity types the observatory stores; anything else is "not a code we
 * understand" (`levelOfCode` returns `null`).
 *
 * Demo codes: the fictional demo council (src/demo) uses the prefix `X` followed by the same
 * entity digits as a real English code (`X01…` LSOA, `X05…` ward, `X08…` LAD, …). No real GSS
 * code starts with `X`, so demo data can never clash with real data.
 */
import { z } from 'zod';

export const GEO_LEVELS = ['oa', 'lsoa', 'msoa', 'ward', 'lad', 'region', 'country'] as const;
export type GeoLevel = (typeof GEO_LEVELS)[number];

/** Human-readable labels, e.g. for table headings. */
export const LEVEL_LABELS: Readonly<Record<GeoLevel, string>> = {
  oa: 'Output area',
  lsoa: 'Lower layer super output area',
  msoa: 'Middle layer super output area',
  ward: 'Electoral ward',
  lad: 'Local authority district',
  region: 'Region',
  country: 'Country',
};

/**
 * Entity prefixes (nation letter + two digits) for each level.
 * LAD: E06 unitary, E07 non-metropolitan district, E08 metropolitan district, E09 London borough,
 * W06 Welsh unitary authority.
 */
const REAL_PREFIXES: Readonly<Record<string, GeoLevel>> = {
  E00: 'oa',
  W00: 'oa',
  E01: 'lsoa',
  W01: 'lsoa',
  E02: 'msoa',
  W02: 'msoa',
  E05: 'ward',
  W05: 'ward',
  E06: 'lad',
  E07: 'lad',
  E08: 'lad',
  E09: 'lad',
  W06: 'lad',
  E12: 'region',
  E92: 'country',
  W92: 'country',
};

/** Demo prefixes: `X` + the entity digits of the equivalent English code. */
const DEMO_PREFIXES: Readonly<Record<string, GeoLevel>> = {
  X00: 'oa',
  X01: 'lsoa',
  X02: 'msoa',
  X05: 'ward',
  X06: 'lad',
  X07: 'lad',
  X08: 'lad',
  X09: 'lad',
  X12: 'region',
  X92: 'country',
};

const CODE_SHAPE = /^[A-Z]\d{8}$/;

/**
 * The level of a GSS code (or a demo `X…` code), or `null` if the code is not a well-formed
 * code of a level we support. Codes are case-sensitive and must not contain whitespace; use
 * {@link normaliseCode} on user input first.
 */
export function levelOfCode(code: string): GeoLevel | null {
  if (typeof code !== 'string' || !CODE_SHAPE.test(code)) return null;
  const prefix = code.slice(0, 3);
  return REAL_PREFIXES[prefix] ?? DEMO_PREFIXES[prefix] ?? null;
}

/**
 * Why a code has no level, in words: not shaped like a GSS code at all ("ZZ"), or shaped like one but of a kind
 * of area the service does not know ("E99999999": there is no E99 area type). Null when the code has a level.
 */
export function codeProblem(code: string): string | null {
  if (levelOfCode(code) !== null) return null;
  if (typeof code !== 'string' || !CODE_SHAPE.test(code))
    return `"${code}" is not a GSS code (a letter and eight digits, such as E05000123)`;
  return `"${code}" looks like a GSS code, but ${code.slice(0, 3)} is not a kind of area the service knows (use the code of an output area, LSOA, MSOA, ward, local authority, region or country)`;
}

/** Like {@link levelOfCode} but throws a descriptive error for unsupported codes. */
export function requireLevelOfCode(code: string): GeoLevel {
  const level = levelOfCode(code);
  if (level === null) throw new Error(`Not a recognised GSS area code: ${JSON.stringify(code)}`);
  return level;
}

/** True for a well-formed code of a supported level (real GSS or demo `X…`). */
export function isGssCode(code: unknown): code is string {
  return typeof code === 'string' && levelOfCode(code) !== null;
}

/** True for a fictional demo code (`X` prefix) of a supported level. */
export function isDemoCode(code: unknown): code is string {
  return isGssCode(code) && code.startsWith('X');
}

/** True for a real (non-demo) GSS code of a supported level. */
export function isRealGssCode(code: unknown): code is string {
  return isGssCode(code) && !code.startsWith('X');
}

/** Trim and upper-case user input. Does not validate. */
export function normaliseCode(input: string): string {
  return input.trim().toUpperCase();
}

/** Rank of a level from smallest (oa = 0) to largest (country = 6). */
export const LEVEL_RANK: Readonly<Record<GeoLevel, number>> = {
  oa: 0,
  lsoa: 1,
  msoa: 2,
  ward: 2,
  lad: 3,
  region: 4,
  country: 5,
};

/**
 * The immediate parent levels of each level. There are two overlapping hierarchies:
 * the statistical one (OA → LSOA → MSOA → LAD) and the administrative one
 * (OA → LSOA → ward → LAD; LSOA → ward is a best-fit lookup, not exact nesting).
 * MSOAs and wards are not nested in each other.
 */
export const PARENT_LEVELS: Readonly<Record<GeoLevel, readonly GeoLevel[]>> = {
  oa: ['lsoa'],
  lsoa: ['msoa', 'ward'],
  msoa: ['lad'],
  ward: ['lad'],
  lad: ['region'],
  region: ['country'],
  country: [],
};

/** All levels above `level` in either hierarchy, nearest first. */
export function ancestorLevels(level: GeoLevel): GeoLevel[] {
  const out: GeoLevel[] = [];
  const queue: GeoLevel[] = [...PARENT_LEVELS[level]];
  while (queue.length > 0) {
    const next = queue.shift() as GeoLevel;
    if (!out.includes(next)) {
      out.push(next);
      queue.push(...PARENT_LEVELS[next]);
    }
  }
  return out;
}

/** True when `parent` is an ancestor level of `child` (e.g. lsoa → lad). */
export function isAncestorLevel(child: GeoLevel, parent: GeoLevel): boolean {
  return ancestorLevels(child).includes(parent);
}

/** zod schema for any supported level. */
export const geoLevelSchema = z.enum(GEO_LEVELS);

/**
 * zod schema for an area code: trims and upper-cases, then requires a supported GSS or demo code.
 */
export const gssCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .refine((c) => levelOfCode(c) !== null, { message: 'Not a recognised GSS area code' });

/** zod schema for an area code of one particular level. */
export function gssCodeSchemaFor(level: GeoLevel) {
  return z
    .string()
    .trim()
    .toUpperCase()
    .refine((c) => levelOfCode(c) === level, {
      message: `Not a recognised ${LEVEL_LABELS[level].toLowerCase()} code`,
    });
}
