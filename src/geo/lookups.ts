/**
 * Turn ONS / Nomis geography lookup rows into parent → child links between adjacent levels.
 *
 * Recognised columns (case-insensitive, any two-digit year):
 *   OA11CD, LSOA11CD/LSOA11NM, MSOA11CD/MSOA11NM, WD22CD/WD22NM, LAD22CD/LAD22NM (also LTLA, LA),
 *   RGN11CD/RGN11NM (also GOR), CTRY11CD/CTRY11NM,
 * and the bare census-file columns OA, LSOA, MSOA, WARD, LAD, RGN, CTRY, which hold codes or names
 * (decided per column from the first row with a value: in the 2011 census files LAD and RGN are names).
 *
 * Links are made between adjacent levels that have codes, along two chains:
 *   statistical:    oa → lsoa → msoa → lad → region → country
 *   administrative: oa → lsoa → ward → lad → region → country
 * A level that only has names (e.g. census `LAD`) is linked only if `resolveCode` maps names to
 * codes; otherwise it is skipped and a warning says so.
 *
 * Input rows are `{ line, record }` as produced by src/lib/csv.ts: `line` is the 1-based physical
 * line (the header is line 1) and `record` maps header → value. Array records are also accepted,
 * in which case the first row is taken as the header.
 */
import { levelOfCode, LEVEL_LABELS, type GeoLevel } from './gss.ts';

export interface LookupArea {
  code: string;
  name?: string;
  level: GeoLevel;
}

export interface AreaLink {
  child: LookupArea;
  parent: LookupArea;
}

export interface LookupRow {
  line: number;
  record: Readonly<Record<string, string | undefined>> | readonly (string | undefined)[];
}

export interface LookupError {
  line: number;
  message: string;
}

export interface LookupColumn {
  level: GeoLevel;
  codeColumn?: string;
  nameColumn?: string;
}

export interface ParseLookupOptions {
  /** Map a name to a code for levels whose column holds names only (e.g. census LAD/RGN). */
  resolveCode?: (level: GeoLevel, name: string) => string | undefined;
  /** Stop recording errors after this many (counting continues). Default 1000. */
  maxErrors?: number;
}

export interface LookupResult {
  /** Geography columns found in the header, smallest level first. */
  columns: LookupColumn[];
  /** Unique links; one parent per child per parent level. */
  links: AreaLink[];
  /** Every distinct area seen (code, first name seen, level), in first-seen order. */
  areas: LookupArea[];
  errors: LookupError[];
  /** Total number of errors, including any beyond `maxErrors`. */
  errorCount: number;
  /** Number of data rows read (excluding the header). */
  rows: number;
  /** File-level notes, e.g. levels skipped because they have names only. */
  warnings: string[];
}

const STEM_LEVEL: Readonly<Record<string, GeoLevel>> = {
  oa: 'oa',
  lsoa: 'lsoa',
  msoa: 'msoa',
  wd: 'ward',
  ward: 'ward',
  lad: 'lad',
  la: 'lad',
  ltla: 'lad',
  rgn: 'region',
  gor: 'region',
  ctry: 'country',
};

const STATISTICAL_CHAIN: readonly GeoLevel[] = ['oa', 'lsoa', 'msoa', 'lad', 'region', 'country'];
const ADMINISTRATIVE_CHAIN: readonly GeoLevel[] = ['oa', 'lsoa', 'ward', 'lad', 'region', 'country'];
const LEVEL_ORDER: readonly GeoLevel[] = ['oa', 'lsoa', 'msoa', 'ward', 'lad', 'region', 'country'];

const SUFFIXED = /^([a-z]+?)(\d{2})?(cd|nm)$/;

interface HeaderInfo {
  columns: LookupColumn[];
  /** bare census-style columns whose kind (code or name) is decided from the data */
  bare: Map<GeoLevel, string>;
}

function classifyHeader(header: readonly string[]): HeaderInfo {
  const byLevel = new Map<GeoLevel, LookupColumn>();
  const bare = new Map<GeoLevel, string>();
  for (const raw of header) {
    const key = raw
      .replace(/^\uFEFF/, '')
      .trim()
      .toLowerCase();
    if (key in STEM_LEVEL && !key.endsWith('cd') && !key.endsWith('nm')) {
      const level = STEM_LEVEL[key];
      if (!bare.has(level) && !byLevel.get(level)?.codeColumn) bare.set(level, raw);
      continue;
    }
    const m = SUFFIXED.exec(key);
    if (!m) continue;
    const level = STEM_LEVEL[m[1]];
    if (level === undefined) continue;
    const col = byLevel.get(level) ?? { level };
    if (m[3] === 'cd' && col.codeColumn === undefined) col.codeColumn = raw;
    if (m[3] === 'nm' && col.nameColumn === undefined) col.nameColumn = raw;
    byLevel.set(level, col);
  }
  // a suffixed code column beats a bare one
  for (const level of [...bare.keys()]) {
    if (byLevel.get(level)?.codeColumn !== undefined) bare.delete(level);
  }
  return { columns: [...byLevel.values()], bare };
}

function value(record: LookupRow['record'], column: string, index: Map<string, number> | null): string {
  const v = index
    ? (record as readonly (string | undefined)[])[index.get(column) ?? -1]
    : (record as Record<string, string | undefined>)[column];
  return typeof v === 'string' ? v.trim() : '';
}

/**
 * Read lookup rows and return links between adjacent levels, with row-level errors.
 * Never throws for bad data: a header without two linkable levels gives an error on line 1.
 */
export async function parseLookupRows(
  rows: AsyncIterable<LookupRow> | Iterable<LookupRow>,
  options: ParseLookupOptions = {},
): Promise<LookupResult> {
  const maxErrors = options.maxErrors ?? 1000;
  const result: LookupResult = { columns: [], links: [], areas: [], errors: [], errorCount: 0, rows: 0, warnings: [] };
  const addError = (line: number, message: string) => {
    result.errorCount++;
    if (result.errors.length < maxErrors) result.errors.push({ line, message });
  };

  let header: HeaderInfo | null = null;
  let arrayIndex: Map<string, number> | null = null;
  const pairs: [GeoLevel, GeoLevel][] = [];
  const colByLevel = new Map<GeoLevel, LookupColumn>();
  /** how each level gets its code: from a code column, or by resolving a name */
  const codeSource = new Map<GeoLevel, 'code' | 'resolve'>();
  let bareDecided = false;
  let headerFailed = false;

  const linkIndex = new Map<string, { link: AreaLink; line: number }>(); // child|parentLevel
  const areaIndex = new Map<string, LookupArea>();

  const setup = (h: HeaderInfo, line: number): void => {
    // decide bare columns are all classified now; build pairs
    for (const c of h.columns) colByLevel.set(c.level, c);
    for (const [level, c] of colByLevel) {
      if (c.codeColumn !== undefined) codeSource.set(level, 'code');
      else if (c.nameColumn !== undefined && options.resolveCode) codeSource.set(level, 'resolve');
      else if (c.nameColumn !== undefined) {
        result.warnings.push(
          `${LEVEL_LABELS[level]} column "${c.nameColumn}" holds names only; links to this level were skipped (pass resolveCode to map names to codes)`,
        );
      }
    }
    result.columns = LEVEL_ORDER.filter((l) => colByLevel.has(l)).map((l) => colByLevel.get(l) as LookupColumn);
    const present = LEVEL_ORDER.filter((l) => codeSource.has(l));
    const seen = new Set<string>();
    for (const chain of [STATISTICAL_CHAIN, ADMINISTRATIVE_CHAIN]) {
      const inChain = chain.filter((l) => present.includes(l));
      for (let i = 0; i + 1 < inChain.length; i++) {
        const key = `${inChain[i]}>${inChain[i + 1]}`;
        if (!seen.has(key)) {
          seen.add(key);
          pairs.push([inChain[i], inChain[i + 1]]);
        }
      }
    }
    // Transitive reduction: drop child→parent when parent is reachable through other pairs
    // (e.g. the administrative chain gives lsoa→lad when there is no ward column, but
    // lsoa→msoa→lad already covers it).
    const reachable = (from: GeoLevel, to: GeoLevel, skip: number): boolean => {
      const queue: GeoLevel[] = [from];
      const visited = new Set<GeoLevel>();
      while (queue.length > 0) {
        const cur = queue.shift() as GeoLevel;
        for (let k = 0; k < pairs.length; k++) {
          if (k === skip || pairs[k][0] !== cur || visited.has(pairs[k][1])) continue;
          if (pairs[k][1] === to) return true;
          visited.add(pairs[k][1]);
          queue.push(pairs[k][1]);
        }
      }
      return false;
    };
    for (let k = pairs.length - 1; k >= 0; k--) {
      if (reachable(pairs[k][0], pairs[k][1], k)) pairs.splice(k, 1);
    }
    if (pairs.length === 0) {
      headerFailed = true;
      const found = result.columns.map((c) => c.codeColumn ?? c.nameColumn).join(', ') || 'none';
      addError(
        line,
        `header needs code columns for at least two geography levels (e.g. LSOA11CD and MSOA11CD); recognised: ${found}`,
      );
    }
  };

  for await (const row of rows) {
    if (header === null) {
      if (Array.isArray(row.record)) {
        const cols = (row.record as readonly (string | undefined)[]).map((c) => c ?? '');
        header = classifyHeader(cols);
        arrayIndex = new Map(cols.map((c, i) => [c, i]));
        continue; // the header row itself
      }
      header = classifyHeader(Object.keys(row.record));
    }
    if (headerFailed) {
      result.rows++;
      continue;
    }
    result.rows++;
    const { line, record } = row;

    // Classify bare census columns from the first row that has values for them.
    if (!bareDecided) {
      let undecided = false;
      for (const [level, column] of [...header.bare]) {
        const v = value(record, column, arrayIndex);
        if (v === '') {
          undecided = true;
          continue;
        }
        const col = header.columns.find((c) => c.level === level) ?? { level };
        if (levelOfCode(v) !== null) col.codeColumn = column;
        else if (col.nameColumn === undefined) col.nameColumn = column;
        if (!header.columns.includes(col)) header.columns.push(col);
        header.bare.delete(level);
      }
      if (!undecided || header.bare.size === 0) {
        bareDecided = true;
        setup(header, 1);
        if (headerFailed) continue;
      } else {
        addError(
          line,
          `${[...header.bare.values()].join(', ')} empty on this row, so cannot tell whether the column holds codes or names; row skipped`,
        );
        continue;
      }
    }

    // Read each level's area for this row.
    const areas = new Map<GeoLevel, LookupArea | null>();
    for (const [level, source] of codeSource) {
      const col = colByLevel.get(level) as LookupColumn;
      const name = col.nameColumn !== undefined ? value(record, col.nameColumn, arrayIndex) : '';
      let code: string;
      if (source === 'code') {
        code = value(record, col.codeColumn as string, arrayIndex);
        if (code === '') {
          addError(line, `missing ${col.codeColumn}`);
          areas.set(level, null);
          continue;
        }
      } else {
        if (name === '') {
          addError(line, `missing ${col.nameColumn}`);
          areas.set(level, null);
          continue;
        }
        const resolved = options.resolveCode?.(level, name);
        if (resolved === undefined) {
          addError(line, `no code known for ${LEVEL_LABELS[level].toLowerCase()} name ${JSON.stringify(name)}`);
          areas.set(level, null);
          continue;
        }
        code = resolved;
      }
      const actual = levelOfCode(code);
      const column = source === 'code' ? (col.codeColumn as string) : (col.nameColumn as string);
      if (actual === null) {
        addError(line, `${column}: ${JSON.stringify(code)} is not a recognised GSS area code`);
        areas.set(level, null);
        continue;
      }
      if (actual !== level) {
        addError(line, `${column}: ${code} is a ${actual} code, expected ${level}`);
        areas.set(level, null);
        continue;
      }
      const area: LookupArea = name !== '' ? { code, name, level } : { code, level };
      areas.set(level, area);
      const known = areaIndex.get(code);
      if (!known) areaIndex.set(code, area);
      else if (known.name === undefined && area.name !== undefined) known.name = area.name;
    }

    for (const [childLevel, parentLevel] of pairs) {
      const child = areas.get(childLevel);
      const parent = areas.get(parentLevel);
      if (!child || !parent) continue;
      const key = `${child.code}|${parentLevel}`;
      const existing = linkIndex.get(key);
      if (existing) {
        if (existing.link.parent.code !== parent.code) {
          addError(
            line,
            `${child.code} has ${LEVEL_LABELS[parentLevel].toLowerCase()} ${parent.code} here but ${existing.link.parent.code} on line ${existing.line}`,
          );
        }
        continue;
      }
      linkIndex.set(key, {
        link: { child: areaIndex.get(child.code) as LookupArea, parent: areaIndex.get(parent.code) as LookupArea },
        line,
      });
    }
  }

  if (header === null) {
    addError(1, 'file is empty: no header row');
  } else if (!bareDecided && !headerFailed) {
    // only empty rows (or no rows): still report header problems
    setup(header, 1);
  }
  result.links = [...linkIndex.values()].map((v) => v.link);
  result.areas = [...areaIndex.values()];
  return result;
}
