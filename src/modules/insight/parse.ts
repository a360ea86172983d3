/**
 * Pure, row-by-row parsers for the insight importers. Each takes CSV rows as `{ line, record }`
 * (from src/lib/csv.ts or src/lib/csv-buffer.ts), streams through them once, and collects *every*
 * problem with its line number (up to `maxProblems` listed; all are counted). No I/O here: the
 * service decides whether to write, in one transaction, only when there is no problem.
 *
 * Formats:
 *  - tidy indicator values: `area_code,period,indicator,group,value,numerator,denominator`
 *    (group, numerator and denominator optional; see docs/methods/indicators.md);
 *  - Nomis bulk census tables: `date,geography,geography code,<Table: category: …>…`, for example
 *    TS021 ethnic group, TS029 proficiency in English, TS066 economic activity, TS019 migrant indicator;
 *  - the census 2011 ethnic group files: `OA|LSOA,Persons,<14 groups>,LSOA,MSOA,LAD,RGN`.
 */
import { levelOfCode, type GeoLevel } from '../../geo/gss.ts';

export type Rows =
  | AsyncIterable<{ line: number; record: Record<string, string> }>
  | Iterable<{ line: number; record: Record<string, string> }>;

export interface Problem {
  line: number;
  message: string;
}

export const MAX_LISTED_PROBLEMS = 1000;

class Problems {
  list: Problem[] = [];
  count = 0;
  constructor(private readonly max: number) {}
  add(line: number, message: string) {
    this.count++;
    if (this.list.length < this.max) this.list.push({ line, message });
  }
}

/** A number from a CSV cell: plain decimal, optional thousands separators; blank → null; bad → NaN. */
export function parseNumber(raw: string | undefined): number | null {
  const s = (raw ?? '').trim();
  if (s === '') return null;
  if (!/^[-+]?(\d{1,3}(,\d{3})+|\d*)(\.\d+)?([eE][-+]?\d+)?$/.test(s) || s === '-' || s === '+' || s === '.')
    return Number.NaN;
  const v = Number(s.replace(/,/g, ''));
  return Number.isFinite(v) ? v : Number.NaN;
}

export const PERIOD_PATTERN = /^\d{4}([-/](\d{2}|\d{4}|Q[1-4]|W\d{2}|H[12]))?$/;
export const GROUP_PATTERN = /^[\p{L}\p{N} _:.,'()&/+|-]{1,120}$/u;
export const INDICATOR_CODE_PATTERN = /^[a-z0-9][a-z0-9_.-]{1,80}$/;

// ---------------------------------------------------------------- tidy indicator values

export interface TidyValue {
  line: number;
  indicator: string;
  areaCode: string;
  level: GeoLevel;
  period: string;
  group: string;
  value: number;
  numerator: number | null;
  denominator: number | null;
}

export interface TidyResult {
  values: TidyValue[];
  problems: Problem[];
  problemCount: number;
}

export const TIDY_COLUMNS = ['area_code', 'period', 'indicator', 'group', 'value', 'numerator', 'denominator'] as const;
const TIDY_REQUIRED = ['area_code', 'period', 'indicator', 'value'];

/**
 * Validates tidy rows. `units` maps each indicator code the council may write to its unit, so values
 * can be checked (a percentage lies in 0–100, a proportion in 0–1).
 */
export async function parseTidyRows(
  rows: Rows,
  units: ReadonlyMap<string, string>,
  maxProblems = MAX_LISTED_PROBLEMS,
): Promise<TidyResult> {
  const problems = new Problems(maxProblems);
  const values: TidyValue[] = [];
  const seen = new Map<string, number>();
  let headerChecked = false;
  for await (const { line, record } of rows) {
    if (!headerChecked) {
      headerChecked = true;
      const cols = Object.keys(record);
      const missing = TIDY_REQUIRED.filter((c) => !cols.includes(c));
      const unknown = cols.filter((c) => !(TIDY_COLUMNS as readonly string[]).includes(c));
      if (missing.length || unknown.length) {
        problems.add(
          1,
          [
            missing.length ? `missing column(s) ${missing.join(', ')}` : '',
            unknown.length ? `unknown column(s) ${unknown.join(', ')}` : '',
          ]
            .filter(Boolean)
            .join('; ') + `; expected ${TIDY_COLUMNS.join(',')}`,
        );
        return { values: [], problems: problems.list, problemCount: problems.count };
      }
    }
    const reasons: string[] = [];
    const areaCode = (record.area_code ?? '').trim().toUpperCase();
    const level = levelOfCode(areaCode);
    if (!level) reasons.push(`area_code "${areaCode}" is not a GSS code`);
    const period = (record.period ?? '').trim();
    if (!PERIOD_PATTERN.test(period))
      reasons.push(`period "${period}" is not a year like 2021, 2021/22, 2024-Q1 or 2024-03`);
    const indicator = (record.indicator ?? '').trim().toLowerCase();
    const unit = units.get(indicator);
    if (!unit) reasons.push(`indicator "${indicator}" is not defined (add it on the indicators page first)`);
    const group = (record.group ?? '').trim() || 'all';
    if (!GROUP_PATTERN.test(group)) reasons.push(`group "${group.slice(0, 40)}" has characters that are not allowed`);
    const value = parseNumber(record.value);
    const numerator = parseNumber(record.numerator);
    const denominator = parseNumber(record.denominator);
    if (value === null) reasons.push('value is missing');
    else if (Number.isNaN(value)) reasons.push(`value "${record.value}" is not a number`);
    if (Number.isNaN(numerator)) reasons.push(`numerator "${record.numerator}" is not a number`);
    if (Number.isNaN(denominator)) reasons.push(`denominator "${record.denominator}" is not a number`);
    if (numerator !== null && !Number.isNaN(numerator) && numerator < 0) reasons.push('numerator is negative');
    if (denominator !== null && !Number.isNaN(denominator) && denominator <= 0)
      reasons.push('denominator must be more than 0');
    if (numerator !== null && denominator !== null && numerator > denominator)
      reasons.push('numerator is larger than denominator');
    if ((numerator === null) !== (denominator === null))
      reasons.push('give both numerator and denominator, or neither');
    if (value !== null && !Number.isNaN(value) && unit) {
      if (unit === 'percent' && (value < 0 || value > 100))
        reasons.push(`value ${value} is not a percentage between 0 and 100`);
      if (unit === 'proportion' && (value < 0 || value > 1))
        reasons.push(`value ${value} is not a proportion between 0 and 1`);
      if ((unit === 'count' || unit === 'rate_per_1000') && value < 0) reasons.push('value is negative');
    }
    if (!reasons.length) {
      const key = `${indicator}|${areaCode}|${period}|${group}`;
      const first = seen.get(key);
      if (first !== undefined) reasons.push(`repeats line ${first} (same indicator, area, period and group)`);
      else seen.set(key, line);
    }
    if (reasons.length) {
      problems.add(line, reasons.join('; '));
      continue;
    }
    values.push({ line, indicator, areaCode, level: level!, period, group, value: value!, numerator, denominator });
  }
  if (!headerChecked) problems.add(1, 'the file has no rows');
  return { values, problems: problems.list, problemCount: problems.count };
}

// ---------------------------------------------------------------- Nomis bulk census tables

/** Census tables whose counts also give indicators of the built-in frameworks. */
export interface CensusDerivation {
  indicator: string;
  /** Leaf categories (labels without the table prefix) counted in the numerator; the denominator is the table total. */
  numerator: (label: string) => boolean;
}

export interface KnownTable {
  id: string;
  name: string;
  prefix: RegExp;
  derivations: CensusDerivation[];
}

export const KNOWN_TABLES: KnownTable[] = [
  { id: 'ts021', name: 'Ethnic group', prefix: /^ethnic group$/i, derivations: [] },
  {
    id: 'ts029',
    name: 'Proficiency in English language',
    prefix: /^proficiency in english( language)?$/i,
    derivations: [
      { indicator: 'lg_inform.english_proficiency', numerator: (l) => /cannot speak english( well)?$/i.test(l) },
      { indicator: 'ioi.language.english', numerator: (l) => !/cannot speak english( well)?$/i.test(l) },
    ],
  },
  {
    id: 'ts066',
    name: 'Economic activity status',
    prefix: /^economic activity status$/i,
    derivations: [
      { indicator: 'lg_inform.economic_inactivity', numerator: (l) => /^economically inactive\b/i.test(l) },
    ],
  },
  {
    id: 'ts019',
    name: 'Migrant indicator',
    prefix: /^migrant indicator$/i,
    derivations: [
      { indicator: 'lg_inform.migration', numerator: (l) => /^migrant from outside the uk\b/i.test(l) },
      { indicator: 'ioi.stability.same_address', numerator: (l) => /^address one year ago is the same/i.test(l) },
    ],
  },
];

export interface CensusRow {
  line: number;
  code: string;
  name: string;
  level: GeoLevel;
  total: number;
  /** Leaf category counts, in `categories` order. */
  counts: number[];
}

export interface CensusTable {
  /** Known Nomis table (ts021, …) or null. */
  table: KnownTable | null;
  /** Table name as written in the column headings, e.g. "Ethnic group". */
  title: string;
  period: string;
  /** Leaf category labels (subtotals and the total left out). */
  categories: string[];
  rows: CensusRow[];
  /** Indicator values derived from the table: code → rows of numerator/denominator. */
  derived: { indicator: string; values: { areaCode: string; numerator: number; denominator: number }[] }[];
}

export interface CensusResult {
  table: CensusTable | null;
  problems: Problem[];
  problemCount: number;
}

const NOMIS_META = ['date', 'geography', 'geography code', 'rural urban'];

function cleanHeading(h: string): string {
  return h.replace(/;\s*measures:\s*value$/i, '').trim();
}

/** Splits "Ethnic group: Asian, Asian British or Asian Welsh: Bangladeshi" into title and path. */
function splitHeading(h: string): { title: string; path: string } {
  const i = h.indexOf(': ');
  return i < 0 ? { title: h, path: '' } : { title: h.slice(0, i).trim(), path: h.slice(i + 2).trim() };
}

function isTotal(path: string): boolean {
  return /^(total\b|all categories\b|all usual residents\b|all persons\b)/i.test(path);
}

/**
 * Parses a Nomis bulk census CSV. Columns: `date`, `geography`, `geography code` and one column per
 * category, headed "<Table>: <category>[: <sub-category>]" (a "; measures: Value" suffix is dropped).
 * The column whose category starts with "Total" or "All categories" is the total; a category with
 * sub-categories is a subtotal and is left out, so the stored categories do not overlap.
 */
export async function parseNomisRows(rows: Rows, maxProblems = MAX_LISTED_PROBLEMS): Promise<CensusResult> {
  const problems = new Problems(maxProblems);
  let layout: {
    table: KnownTable | null;
    title: string;
    columns: string[];
    total: string;
    leaves: string[];
    labels: string[];
    derivations: { indicator: string; leafIndexes: number[] }[];
  } | null = null;
  let period: string | null = null;
  const out: CensusRow[] = [];
  const seen = new Map<string, number>();
  for await (const { line, record } of rows) {
    if (!layout) {
      const headings = Object.keys(record);
      const lower = headings.map((h) => h.toLowerCase());
      const missing = ['date', 'geography', 'geography code'].filter((c) => !lower.includes(c));
      const data = headings.filter((h) => !NOMIS_META.includes(h.toLowerCase()));
      if (missing.length || !data.length) {
        problems.add(
          1,
          `this is not a Nomis bulk census file: ${missing.length ? `missing column(s) ${missing.join(', ')}` : 'no category columns'}`,
        );
        return { table: null, problems: problems.list, problemCount: problems.count };
      }
      const parts = data.map((h) => ({ heading: h, ...splitHeading(cleanHeading(h)) }));
      const title = parts[0].title;
      const other = parts.find((p) => p.title.toLowerCase() !== title.toLowerCase());
      if (other) {
        problems.add(
          1,
          `columns belong to more than one table ("${title}" and "${other.title}"); import one table at a time`,
        );
        return { table: null, problems: problems.list, problemCount: problems.count };
      }
      const totals = parts.filter((p) => isTotal(p.path));
      if (totals.length !== 1) {
        problems.add(
          1,
          totals.length
            ? 'more than one total column'
            : 'no total column (a category starting "Total" or "All categories")',
        );
        return { table: null, problems: problems.list, problemCount: problems.count };
      }
      const rest = parts.filter((p) => p !== totals[0]);
      const leaves = rest.filter(
        (p) => !rest.some((q) => q !== p && q.path.toLowerCase().startsWith(p.path.toLowerCase() + ':')),
      );
      const table = KNOWN_TABLES.find((t) => t.prefix.test(title)) ?? null;
      layout = {
        table,
        title,
        columns: headings,
        total: totals[0].heading,
        leaves: leaves.map((p) => p.heading),
        labels: leaves.map((p) => p.path),
        derivations: (table?.derivations ?? []).map((d) => ({
          indicator: d.indicator,
          leafIndexes: leaves.flatMap((p, i) => (d.numerator(p.path) ? [i] : [])),
        })),
      };
    }
    const get = (name: string) => record[layout!.columns.find((c) => c.toLowerCase() === name)!] ?? '';
    const reasons: string[] = [];
    const date = get('date').trim();
    if (!PERIOD_PATTERN.test(date)) reasons.push(`date "${date}" is not a year`);
    else if (period === null) period = date;
    else if (date !== period)
      reasons.push(`date ${date} differs from ${period} on the first row; import one census at a time`);
    const code = get('geography code').trim().toUpperCase();
    const level = levelOfCode(code);
    if (!level) reasons.push(`geography code "${code}" is not a GSS code of a supported level`);
    const name = get('geography').trim() || code;
    const total = parseNumber(record[layout.total]);
    if (total === null || Number.isNaN(total) || total < 0)
      reasons.push(`total "${record[layout.total]}" is not a count`);
    const counts: number[] = [];
    let sum = 0;
    for (const leaf of layout.leaves) {
      const v = parseNumber(record[leaf]);
      if (v === null || Number.isNaN(v) || v < 0) {
        reasons.push(`"${splitHeading(cleanHeading(leaf)).path}" is "${record[leaf]}", not a count`);
        counts.push(0);
      } else {
        counts.push(v);
        sum += v;
      }
    }
    if (!reasons.length && total !== null && sum > total + 0.5)
      reasons.push(`the categories add up to ${sum}, more than the total ${total}`);
    if (!reasons.length) noteRepeat(seen, code, line, reasons);
    if (reasons.length) {
      problems.add(line, reasons.join('; '));
      continue;
    }
    out.push({ line, code, name, level: level!, total: total!, counts });
  }
  if (!layout) {
    problems.add(1, 'the file has no rows');
    return { table: null, problems: problems.list, problemCount: problems.count };
  }
  const derived = layout.derivations
    .filter((d) => d.leafIndexes.length > 0)
    .map((d) => ({
      indicator: d.indicator,
      values: out
        .filter((r) => r.total > 0)
        .map((r) => ({
          areaCode: r.code,
          numerator: d.leafIndexes.reduce((s, i) => s + r.counts[i], 0),
          denominator: r.total,
        })),
    }));
  return {
    table: {
      table: layout.table,
      title: layout.title,
      period: period ?? '',
      categories: layout.labels,
      rows: out,
      derived,
    },
    problems: problems.list,
    problemCount: problems.count,
  };
}

// ---------------------------------------------------------------- census 2011 ethnic group files

export const CENSUS2011_GROUPS = [
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

export interface Census2011Row {
  line: number;
  code: string;
  level: GeoLevel;
  persons: number;
  counts: number[];
  lsoa: string | null;
  msoa: string | null;
  lad: string | null;
}

export interface Census2011Result {
  rows: Census2011Row[];
  /** Rows left out by the local authority filter (not problems). */
  skipped: number;
  problems: Problem[];
  problemCount: number;
}

/**
 * Parses the census 2011 ethnic group files (../shared/data/census2011): one row per output area
 * (`OA`) or LSOA (`LSOA` first), `Persons`, the 14 group columns, then the LSOA, MSOA, LAD and RGN of
 * the area (LAD and RGN as names). With `ladName`, only rows of that local authority are kept.
 */
export async function parseCensus2011Rows(
  rows: Rows,
  opts: { ladName?: string } = {},
  maxProblems = MAX_LISTED_PROBLEMS,
): Promise<Census2011Result> {
  const problems = new Problems(maxProblems);
  const out: Census2011Row[] = [];
  const seen = new Map<string, number>();
  const filter = opts.ladName?.trim().toLowerCase();
  let areaColumn: 'OA' | 'LSOA' | null = null;
  let skipped = 0;
  let started = false;
  for await (const { line, record } of rows) {
    if (!started) {
      started = true;
      const cols = Object.keys(record);
      areaColumn = cols.includes('OA') ? 'OA' : cols.includes('LSOA') ? 'LSOA' : null;
      const missing = ['Persons', ...CENSUS2011_GROUPS].filter((c) => !cols.includes(c));
      if (!areaColumn || missing.length) {
        problems.add(
          1,
          `this is not a census 2011 ethnic group file: ${!areaColumn ? 'no OA or LSOA column' : `missing column(s) ${missing.join(', ')}`}`,
        );
        return { rows: [], skipped: 0, problems: problems.list, problemCount: problems.count };
      }
      if (filter && !cols.includes('LAD')) {
        problems.add(1, 'the file has no LAD column, so rows cannot be chosen by local authority');
        return { rows: [], skipped: 0, problems: problems.list, problemCount: problems.count };
      }
    }
    const lad = record.LAD?.trim() || null;
    if (filter && lad?.toLowerCase() !== filter) {
      skipped++;
      continue;
    }
    const reasons: string[] = [];
    const code = (record[areaColumn!] ?? '').trim().toUpperCase();
    const level = levelOfCode(code);
    const want = areaColumn === 'OA' ? 'oa' : 'lsoa';
    if (level !== want)
      reasons.push(`${areaColumn} "${code}" is not ${want === 'oa' ? 'an output area' : 'an LSOA'} code`);
    const persons = parseNumber(record.Persons);
    if (persons === null || Number.isNaN(persons) || persons < 0)
      reasons.push(`Persons "${record.Persons}" is not a count`);
    const counts: number[] = [];
    let sum = 0;
    for (const g of CENSUS2011_GROUPS) {
      const v = parseNumber(record[g]);
      if (v === null || Number.isNaN(v) || v < 0) {
        reasons.push(`${g} "${record[g]}" is not a count`);
        counts.push(0);
      } else {
        counts.push(v);
        sum += v;
      }
    }
    if (!reasons.length && sum > persons! + 0.5)
      reasons.push(`the groups add up to ${sum}, more than Persons ${persons}`);
    const lsoa = areaColumn === 'OA' ? (record.LSOA ?? '').trim().toUpperCase() || null : null;
    const msoa = (record.MSOA ?? '').trim().toUpperCase() || null;
    if (lsoa && levelOfCode(lsoa) !== 'lsoa') reasons.push(`LSOA "${lsoa}" is not an LSOA code`);
    if (msoa && levelOfCode(msoa) !== 'msoa') reasons.push(`MSOA "${msoa}" is not an MSOA code`);
    if (!reasons.length) noteRepeat(seen, code, line, reasons);
    if (reasons.length) {
      problems.add(line, reasons.join('; '));
      continue;
    }
    out.push({ line, code, level: level!, persons: persons!, counts, lsoa, msoa, lad });
  }
  if (!started) problems.add(1, 'the file has no rows');
  else if (!out.length && !problems.count)
    problems.add(1, filter ? `no rows for the local authority "${opts.ladName}"` : 'the file has no rows');
  return { rows: out, skipped, problems: problems.list, problemCount: problems.count };
}

/** Records the first line of each area code; a later row for the same area gets a reason naming that line. */
function noteRepeat(seen: Map<string, number>, code: string, line: number, reasons: string[]): void {
  const first = seen.get(code);
  if (first !== undefined) reasons.push(`area ${code} repeats line ${first}`);
  else seen.set(code, line);
}
