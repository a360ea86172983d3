/**
 * Reading an uploaded fieldwork CSV (gzipped or not) into its header and data rows, checking what the
 * mapping step relies on: a readable file, a header whose columns all have distinct names, no control
 * characters in any cell, and sizes within bounds. Cells longer than MAX_CELL are cut to MAX_CELL
 * characters: no answer or respondent id is that long, so a cut cell is reported as a bad value all the same.
 *
 * The file is read by the columnar reader (src/lib/columnar-csv.ts) as a file typed by hand: rows of any
 * length (missing cells are empty, extra ones dropped), white space trimmed around unquoted cells, a quoted
 * cell kept as written (spaces around its quotes allowed), blank lines skipped. A row's line is the line on
 * which it starts (a quoted cell may run over several lines).
 */
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { readColumnarCsvBuffer, type ColumnarTable } from '../../../lib/columnar-csv.ts';
import { CsvReadError } from '../../../lib/csv.ts';
import { DomainError } from '../../../kernel/errors.ts';
import type { ImportDataRow, LineProblem } from '../model.ts';
import { CONTROL_CHARACTERS } from '../questions.ts';

export const MAX_COLUMNS = 300;
export const MAX_ROWS = 200_000;
export const MAX_CELL = 1000;
const MAX_UNZIPPED = 200 * 1024 * 1024;

const gunzipAsync = promisify(gunzip);

export interface UploadHeader {
  columns: string[];
}

/** The file's bytes, unzipped when gzip (its first two bytes), up to MAX_UNZIPPED. */
async function unzip(content: Uint8Array): Promise<Uint8Array> {
  if (content.length < 2 || content[0] !== 0x1f || content[1] !== 0x8b) return content;
  try {
    return await gunzipAsync(content, { maxOutputLength: MAX_UNZIPPED });
  } catch (err) {
    if (err instanceof RangeError) throw new DomainError('survey.import.errors.tooLarge', 'file');
    throw new DomainError('survey.import.errors.unreadable', 'file');
  }
}

/** Checks the header row: every column named, no name used twice, not too many. */
export function checkHeader(raw: readonly string[]): string[] {
  const columns = raw.map((c) => c.replace(/^\uFEFF/, '').trim());
  if (columns.length > MAX_COLUMNS)
    throw new DomainError('survey.import.errors.tooManyColumns', 'file', { max: MAX_COLUMNS });
  const seen = new Set<string>();
  for (const [i, c] of columns.entries()) {
    if (!c) throw new DomainError('survey.import.errors.blankColumn', 'file', { number: i + 1 });
    // A binary file (a spreadsheet, UTF-16 text) shows itself by control characters in its first row.
    if (CONTROL_CHARACTERS.test(c)) throw new DomainError('survey.import.errors.unreadable', 'file');
    if (seen.has(c)) throw new DomainError('survey.import.errors.duplicateColumn', 'file', { column: c.slice(0, 60) });
    seen.add(c);
  }
  return columns;
}

/**
 * Reads the file: the header (checked, or a DomainError on `file`) and then each data row with its line,
 * as cells in the header's column order. A cell with a control character is a problem of its line.
 */
export async function readUpload(
  content: Uint8Array,
  onRow: (row: ImportDataRow) => Promise<void>,
  onProblem: (p: LineProblem) => void,
): Promise<{ columns: string[]; rows: number }> {
  const bytes = await unzip(content);
  let table: ColumnarTable;
  try {
    const options = { trim: 'unquoted', anyFieldCount: true, checkHeader, maxRows: MAX_ROWS } as const;
    table = await readColumnarCsvBuffer(bytes, options);
  } catch (err) {
    if (err instanceof CsvReadError && err.code === 'TOO_MANY_ROWS')
      throw new DomainError('survey.import.errors.tooManyRows', 'file', { max: MAX_ROWS });
    if (err instanceof CsvReadError && err.code === 'EMPTY')
      throw new DomainError('survey.import.errors.empty', 'file');
    if (err instanceof CsvReadError) throw new DomainError('survey.import.errors.unreadable', 'file');
    throw err;
  }
  const columns = [...table.header];
  if (table.rows === 0) throw new DomainError('survey.import.errors.empty', 'file');
  for (let r = 0; r < table.rows; r++) {
    const line = table.lines[r];
    const cells = new Array<string>(columns.length);
    let bad = -1;
    for (let c = 0; c < columns.length; c++) {
      cells[c] = table.text(r, c).slice(0, MAX_CELL);
      if (bad < 0 && CONTROL_CHARACTERS.test(cells[c])) bad = c;
    }
    if (bad >= 0) onProblem({ line, key: 'survey.import.errors.controlCharacter', params: { column: columns[bad] } });
    else await onRow({ line, cells });
  }
  return { columns, rows: table.rows };
}
