/**
 * CSV tables for the survey commands, read through the project's streaming reader (src/lib/csv.ts: plain or
 * gzip, BOM dropped, blank lines skipped, every row as wide as the header), with fields trimmed and every
 * failure turned into a one-line CliError that names the file.
 */

import { CsvReadError, readCsv as readCsvRows } from '../../lib/csv.ts';
import { CliError } from '../types.ts';

export interface CsvTable {
  /** What the file is, for messages (e.g. "RESPONSES.csv" or the path). */
  label: string;
  header: string[];
  rows: string[][];
  /** 1-based source line of each row (the line where the record starts). */
  lines: number[];
}

/** Reads a whole CSV file. `label` names it in error messages. */
export async function readCsv(path: string, label: string = path): Promise<CsvTable> {
  let header: string[] | null = null;
  const rows: string[][] = [];
  const lines: number[] = [];
  try {
    for await (const row of readCsvRows(path, { onHeader: (columns) => (header = [...columns]) })) {
      rows.push(row.values.map((v) => v.trim()));
      lines.push(row.line);
    }
  } catch (err) {
    if (!(err instanceof CsvReadError)) throw err;
    if (err.code === 'NOT_FOUND') throw new CliError(`cannot read ${label}: no such file '${path}'`);
    if (err.code === 'BAD_GZIP') throw new CliError(`cannot read ${label}: '${path}' is not valid gzip`);
    if (err.code === 'EMPTY') throw new CliError(`${label} is empty (no header line)`);
    throw new CliError(`cannot read ${label}: ${err.message}`);
  }
  if (header === null) throw new CliError(`${label} is empty (no header line)`);
  return { label, header, rows, lines };
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

/** Quotes a CSV field when it needs it (RFC 4180). */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replace(/"/g, '""')}"` : value;
}
