/**
 * Nomis bulk census tables (pure): `date,geography,geography code,<Table: category: …>…`, row by row,
 * collecting every problem with its line number. See parse.ts for the formats.
 */
import { levelOfCode, type GeoLevel } from '../../geo/gss.ts';
import {
  MAX_LISTED_PROBLEMS,
  PERIOD_PATTERN,
  Problems,
  noteRepeat,
  parseNumber,
  type Problem,
  type Rows,
} from './parse-common.ts';

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
    /** The file's headings for date, geography and geography code (in whatever case they were written). */
    meta: Record<'date' | 'geography' | 'geography code', string>;
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
        meta: {
          date: headings[lower.indexOf('date')],
          geography: headings[lower.indexOf('geography')],
          'geography code': headings[lower.indexOf('geography code')],
        },
        total: totals[0].heading,
        leaves: leaves.map((p) => p.heading),
        labels: leaves.map((p) => p.path),
        derivations: (table?.derivations ?? []).map((d) => ({
          indicator: d.indicator,
          leafIndexes: leaves.flatMap((p, i) => (d.numerator(p.path) ? [i] : [])),
        })),
      };
    }
    const meta = layout.meta;
    const get = (name: keyof typeof meta) => record[meta[name]] ?? '';
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
    if (!reasons.length && level && total !== null) {
      out.push({ line, code, name, level, total, counts });
      continue;
    }
    problems.add(line, reasons.join('; '));
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
