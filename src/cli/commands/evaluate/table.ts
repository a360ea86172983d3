/**
 * The evaluate commands' CSV input, read whole as strings through src/lib/csv.ts (plain or gzip, BOM dropped,
 * blank lines skipped, every row as wide as the header, fields trimmed), with every failure a one-line CliError
 * naming the file. Evaluation data mixes ids, categories and numbers in columns chosen on the command line, so
 * it is read as text and each named column is checked and converted once (shared.ts).
 */
import { readCsvTable } from '../../../lib/csv.ts';
import { csvReadFailure } from '../../csv-errors.ts';
import { CliError } from '../../types.ts';

export interface CsvTable {
  /** What the file is, for messages (e.g. "DATA.csv"). */
  readonly label: string;
  readonly header: readonly string[];
  readonly rows: readonly string[][];
  /** 1-based source line of each row (the line where the record starts). */
  readonly lines: readonly number[];
}

export async function readTable(path: string, label: string = path): Promise<CsvTable> {
  try {
    const { header, rows, lines } = await readCsvTable(path, { trim: true });
    return { label, header, rows, lines };
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
