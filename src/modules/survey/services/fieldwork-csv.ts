/**
 * Reading an uploaded fieldwork CSV (gzipped or not) into its header and data rows, checking what the
 * mapping step relies on: a readable file, a header whose columns all have distinct names, no control
 * characters in any cell, and sizes within bounds. Cells longer than MAX_CELL are cut to MAX_CELL
 * characters: no answer or respondent id is that long, so a cut cell is reported as a bad value all the same.
 */
import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse';
import { DomainError } from '../../../kernel/errors.ts';
import type { ImportDataRow, LineProblem } from '../model.ts';
import { CONTROL_CHARACTERS } from '../questions.ts';

export const MAX_COLUMNS = 300;
export const MAX_ROWS = 200_000;
export const MAX_CELL = 1000;
const MAX_UNZIPPED = 200 * 1024 * 1024;

export interface UploadHeader {
  columns: string[];
}

function unzip(content: Uint8Array): Buffer {
  if (content.length < 2 || content[0] !== 0x1f || content[1] !== 0x8b) return Buffer.from(content);
  try {
    return gunzipSync(content, { maxOutputLength: MAX_UNZIPPED });
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
  const bytes = unzip(content);
  const parser = Readable.from([bytes]).pipe(
    parse({ bom: true, skip_empty_lines: true, relax_column_count: true, trim: true, info: true }),
  );
  let columns: string[] | null = null;
  let rows = 0;
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (!columns) {
        columns = checkHeader(item.record);
        continue;
      }
      const line = item.info.lines;
      if (++rows > MAX_ROWS) throw new DomainError('survey.import.errors.tooManyRows', 'file', { max: MAX_ROWS });
      const cells = columns.map((_, i) => (item.record[i] ?? '').slice(0, MAX_CELL));
      const bad = cells.findIndex((c) => CONTROL_CHARACTERS.test(c));
      if (bad >= 0) onProblem({ line, key: 'survey.import.errors.controlCharacter', params: { column: columns[bad] } });
      else await onRow({ line, cells });
    }
  } catch (err) {
    parser.destroy();
    if (err instanceof DomainError) throw err;
    if (err instanceof Error && 'code' in err && String(err.code).startsWith('CSV_'))
      throw new DomainError('survey.import.errors.unreadable', 'file');
    throw err;
  }
  if (!columns || rows === 0) throw new DomainError('survey.import.errors.empty', 'file');
  return { columns, rows };
}
