/**
 * The census 2011 ethnic group files (pure): `OA|LSOA,Persons,<14 groups>,LSOA,MSOA,LAD,RGN`, row by row,
 * collecting every problem with its line number. See parse.ts for the formats.
 */
import { levelOfCode, type GeoLevel } from '../../geo/gss.ts';
import { ColumnarTable } from '../../lib/columnar-csv.ts';
import { tableRows, type TableRow } from '../../lib/columnar-rows.ts';
import { MAX_LISTED_PROBLEMS, Problems, noteRepeat, parseNumber, type Problem, type Rows } from './parse-common.ts';

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
 *
 * `rows` are CSV rows (src/lib/csv.ts) or a table read by the columnar reader (src/lib/columnar-csv.ts, with
 * `deferErrors`): then the LAD column is coded once and rows of other authorities are counted without
 * making a string of any of their cells.
 */
export async function parseCensus2011Rows(
  rows: Rows | ColumnarTable,
  opts: { ladName?: string } = {},
  maxProblems = MAX_LISTED_PROBLEMS,
): Promise<Census2011Result> {
  const problems = new Problems(maxProblems);
  const out: Census2011Row[] = [];
  const seen = new Map<string, number>();
  const filter = opts.ladName?.trim().toLowerCase();
  /** The column naming each row's area, set from the header (the first row). */
  let areaColumn: 'OA' | 'LSOA' | null = null;
  let skipped = 0;
  const source: Rows | Iterable<TableRow> =
    rows instanceof ColumnarTable
      ? tableRows(
          rows,
          filter ? { column: 'LAD', skip: (value) => !ladMatches(value.trim() || null, filter) } : undefined,
        )
      : rows;
  for await (const { line, record } of source) {
    if (record === null) {
      // A row of another local authority (the table gives the first row whole, so the header is checked).
      skipped++;
      continue;
    }
    if (areaColumn === null) {
      const cols = Object.keys(record);
      const column = cols.includes('OA') ? 'OA' : cols.includes('LSOA') ? 'LSOA' : null;
      const missing = ['Persons', ...CENSUS2011_GROUPS].filter((c) => !cols.includes(c));
      if (!column || missing.length) {
        problems.add(
          1,
          `this is not a census 2011 ethnic group file: ${!column ? 'no OA or LSOA column' : `missing column(s) ${missing.join(', ')}`}`,
        );
        return { rows: [], skipped: 0, problems: problems.list, problemCount: problems.count };
      }
      areaColumn = column;
      if (filter && !cols.includes('LAD')) {
        problems.add(1, 'the file has no LAD column, so rows cannot be chosen by local authority');
        return { rows: [], skipped: 0, problems: problems.list, problemCount: problems.count };
      }
    }
    const lad = record.LAD?.trim() || null;
    if (filter && !ladMatches(lad, filter)) {
      skipped++;
      continue;
    }
    const reasons: string[] = [];
    const code = (record[areaColumn] ?? '').trim().toUpperCase();
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
    if (!reasons.length && persons !== null && sum > persons + 0.5)
      reasons.push(`the groups add up to ${sum}, more than Persons ${persons}`);
    const lsoa = areaColumn === 'OA' ? (record.LSOA ?? '').trim().toUpperCase() || null : null;
    const msoa = (record.MSOA ?? '').trim().toUpperCase() || null;
    if (lsoa && levelOfCode(lsoa) !== 'lsoa') reasons.push(`LSOA "${lsoa}" is not an LSOA code`);
    if (msoa && levelOfCode(msoa) !== 'msoa') reasons.push(`MSOA "${msoa}" is not an MSOA code`);
    if (!reasons.length) noteRepeat(seen, code, line, reasons);
    if (!reasons.length && level && persons !== null) {
      out.push({ line, code, level, persons, counts, lsoa, msoa, lad });
      continue;
    }
    problems.add(line, reasons.join('; '));
  }
  if (areaColumn === null) problems.add(1, 'the file has no rows');
  else if (!out.length && !problems.count)
    problems.add(1, filter ? `no rows for the local authority "${opts.ladName}"` : 'the file has no rows');
  return { rows: out, skipped, problems: problems.list, problemCount: problems.count };
}

/** Whether a row's LAD (trimmed; null when blank) is the wanted one (`filter`: trimmed and lower case). */
function ladMatches(lad: string | null, filter: string): boolean {
  return lad?.toLowerCase() === filter;
}
