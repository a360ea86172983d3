/**
 * Minimal CSV reading for the survey commands: streams a file (gzip when the
 * name ends in .gz) through csv-parse and returns the header and rows as
 * strings, with the source line of every row for error messages.
 *
 * Fields are trimmed, a UTF-8 BOM is dropped, blank lines are skipped, every
 * row must have as many fields as the header. Any failure becomes a one-line CliError.
 */

import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { CliError } from '../types.ts';

export interface CsvTable {
  /** What the file is, for messages (e.g. "RESPONSES.csv" or the path). */
  label: string;
  header: string[];
  rows: string[][];
  /** 1-based source line of each row (the line where the record starts). */
  lines: number[];
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

interface ParsedRecord {
  record: string[];
  info: { lines: number };
}

/** Reads a whole CSV file. `label` names it in error messages. */
export async function readCsv(path: string, label: string = path): Promise<CsvTable> {
  const source: Readable = createReadStream(path);
  const parser = parse({
    bom: true,
    trim: true,
    skip_empty_lines: true,
    relax_column_count: false,
    info: true,
  });
  const input = path.toLowerCase().endsWith('.gz') ? source.pipe(createGunzip()) : source;
  // Forward stream errors (missing file, bad gzip) into the parser so the loop below sees them.
  source.on('error', (err) => parser.destroy(err));
  if (input !== source) input.on('error', (err) => parser.destroy(err));
  input.pipe(parser);

  let header: string[] | null = null;
  const rows: string[][] = [];
  const lines: number[] = [];
  try {
    for await (const item of parser as AsyncIterable<ParsedRecord>) {
      if (header === null) {
        header = item.record;
        continue;
      }
      rows.push(item.record);
      lines.push(item.info.lines);
    }
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT') throw new CliError(`cannot read ${label}: no such file '${path}'`);
    if (e.code === 'EISDIR') throw new CliError(`cannot read ${label}: '${path}' is a directory`);
    if (e.code === 'EACCES') throw new CliError(`cannot read ${label}: permission denied for '${path}'`);
    if (e.code === 'Z_DATA_ERROR' || e.code === 'Z_BUF_ERROR') throw new CliError(`cannot read ${label}: '${path}' is not valid gzip`);
    throw new CliError(`cannot read ${label}: ${oneLine(e.message ?? String(err))}`);
  }
  if (header === null) throw new CliError(`${label} is empty (no header line)`);
  const seen = new Set<string>();
  for (const h of header) {
    if (h === '') throw new CliError(`${label} has an empty column name in its header`);
    if (seen.has(h)) throw new CliError(`${label} has the column '${h}' twice`);
    seen.add(h);
  }
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
