/**
 * The survey commands' CSV inputs, read whole through the columnar reader (src/lib/columnar-csv.ts: what
 * src/lib/csv.ts reads — plain or gzip, BOM dropped, blank lines skipped, every row as wide as the header,
 * fields trimmed — but to byte offsets, numbers and category codes instead of a string per cell), with every
 * failure a one-line CliError naming the file.
 */
import { readColumnarCsv, type ColumnarTable } from '../../../lib/columnar-csv.ts';
import { Interner } from '../../../lib/columnar-intern.ts';
import { csvReadFailure } from '../../csv-errors.ts';
import { CliError } from '../../types.ts';
import { parseNumber } from './shared.ts';

export interface CsvTable {
  /** What the file is, for messages (e.g. "RESPONSES.csv" or the path). */
  label: string;
  header: readonly string[];
  /** Number of data rows. */
  size: number;
  /** 1-based source line of each row (the line where the record starts). */
  lines: Int32Array;
  /** The cells. */
  data: ColumnarTable;
}

/** Reads a whole CSV file. `label` names it in error messages. */
export async function readTable(path: string, label: string = path): Promise<CsvTable> {
  try {
    const data = await readColumnarCsv(path, { trim: true });
    return { label, header: data.header, size: data.rows, lines: data.lines, data };
  } catch (err) {
    throw csvReadFailure(err, path, label);
  }
}

/** Index of a column, or a CliError listing the columns there are. */
export function columnIndex(table: CsvTable, name: string, purpose = ''): number {
  const i = table.header.indexOf(name);
  if (i < 0) {
    const cols = table.header.slice(0, 12).join(', ') + (table.header.length > 12 ? ', …' : '');
    throw new CliError(`${table.label} has no column '${name}'${purpose ? ` ${purpose}` : ''} (columns: ${cols})`);
  }
  return i;
}

/** Respondent ids, checked non-empty and unique, with the interner that coded them (id i has code i). */
export interface Ids {
  readonly size: number;
  /** The id of respondent i (made into a string only when asked for). */
  id(i: number): string;
  /** Every id as a string. */
  all(): string[];
  readonly interner: Interner;
  /** The responses and their id column. */
  readonly table: CsvTable;
  readonly column: number;
}

export function readIds(responses: CsvTable, idCol: string): Ids {
  const c = columnIndex(responses, idCol, '(set the id column with --id-col)');
  const interner = new Interner(responses.size);
  const coded = responses.data.categories(c, { interner });
  const { codes, first } = coded;
  for (let r = 0; r < responses.size; r++) {
    const code = codes[r];
    const line = responses.lines[r];
    if (coded.isEmpty(code)) throw new CliError(`${responses.label} line ${line} has an empty ${idCol}`);
    if (first[code] !== r) {
      throw new CliError(
        `${responses.label} has ${idCol} '${coded.label(code)}' twice (lines ${responses.lines[first[code]]} and ${line})`,
      );
    }
  }
  return { size: responses.size, id: coded.label, all: () => coded.labels, interner, table: responses, column: c };
}

/** The weight of each respondent from an id,weight file, coded against the respondents' ids (no string per id). */
export function joinWeights(table: CsvTable, respondents: Ids, idCol: string): Float64Array {
  const idName = table.header.includes(idCol) ? idCol : 'id';
  const ic = columnIndex(table, idName, '(respondent id)');
  const wc = columnIndex(table, 'weight');
  const n = respondents.size;
  // The usual file — the one `survey rake` writes — has the respondents' ids in their order: then row r is
  // respondent r, which a comparison of bytes shows without hashing an id (and no id can repeat or be missing).
  if (table.size === n && inOrder(table, ic, respondents)) {
    const out = new Float64Array(n);
    for (let r = 0; r < n; r++) out[r] = weightAt(table, r, wc);
    return out;
  }
  // The respondents' ids have codes 0..n-1; an id only in this file gets a code ≥ n.
  const coded = table.data.categories(ic, { interner: respondents.interner });
  const codes = coded.codes;
  const out = new Float64Array(n);
  const seen = new Uint8Array(coded.first.length);
  let extra = 0;
  let firstExtra = -1;
  for (let r = 0; r < table.size; r++) {
    const line = table.lines[r];
    const code = codes[r];
    if (seen[code]) throw new CliError(`${table.label} has id '${coded.label(code)}' twice (line ${line})`);
    seen[code] = 1;
    const w = weightAt(table, r, wc);
    if (code < n) out[code] = w;
    else if (extra++ === 0) firstExtra = code;
  }
  let missing = 0;
  let firstMissing = '';
  for (let i = 0; i < n; i++) {
    if (!seen[i] && missing++ === 0) firstMissing = respondents.id(i);
  }
  if (missing > 0)
    throw new CliError(`${table.label} has no weight for ${missing} respondent(s), e.g. id '${firstMissing}'`);
  if (extra > 0) {
    throw new CliError(`${table.label} has ${extra} id(s) not in RESPONSES.csv, e.g. '${coded.label(firstExtra)}'`);
  }
  return out;
}

function inOrder(table: CsvTable, col: number, respondents: Ids): boolean {
  const other = respondents.table.data;
  for (let r = 0; r < table.size; r++) {
    if (!table.data.sameText(r, col, other, r, respondents.column)) return false;
  }
  return true;
}

/** The weight on row r: a number > 0, or a CliError naming the line. */
function weightAt(table: CsvTable, r: number, wc: number): number {
  const w = table.data.number(r, wc);
  if (Number.isFinite(w) && w > 0) return w;
  return parseNumber(
    table.data.text(r, wc),
    `${table.label} line ${table.lines[r]} weight`,
    (v) => v > 0,
    'a number > 0',
  );
}
