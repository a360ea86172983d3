/**
 * The survey commands' CSV inputs, read whole through the project's one reader (src/lib/csv.ts: plain or gzip,
 * BOM dropped, blank lines skipped, every row as wide as the header, fields trimmed), with every failure a
 * one-line CliError naming the file.
 */
import { CsvReadError, readCsvTable } from '../../../lib/csv.ts';
import { CliError } from '../../types.ts';
import { parseNumber } from './shared.ts';

export interface CsvTable {
  /** What the file is, for messages (e.g. "RESPONSES.csv" or the path). */
  label: string;
  header: string[];
  rows: string[][];
  /** 1-based source line of each row (the line where the record starts). */
  lines: number[];
}

/** Reads a whole CSV file. `label` names it in error messages. */
export async function readTable(path: string, label: string = path): Promise<CsvTable> {
  try {
    const { header, rows, lines } = await readCsvTable(path, { trim: true });
    return { label, header, rows, lines };
  } catch (err) {
    if (!(err instanceof CsvReadError)) throw err;
    if (err.code === 'NOT_FOUND') throw new CliError(`cannot read ${label}: no such file '${path}'`);
    if (err.code === 'BAD_GZIP') throw new CliError(`cannot read ${label}: '${path}' is not valid gzip`);
    if (err.code === 'EMPTY') throw new CliError(`${label} is empty (no header line)`);
    throw new CliError(`cannot read ${label}: ${err.message}`);
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

export function readIds(responses: CsvTable, idCol: string): string[] {
  const c = columnIndex(responses, idCol, '(set the id column with --id-col)');
  const seen = new Map<string, number>();
  return responses.rows.map((row, r) => {
    const id = row[c];
    const line = responses.lines[r];
    if (id === '') throw new CliError(`${responses.label} line ${line} has an empty ${idCol}`);
    const prev = seen.get(id);
    if (prev !== undefined)
      throw new CliError(`${responses.label} has ${idCol} '${id}' twice (lines ${prev} and ${line})`);
    seen.set(id, line);
    return id;
  });
}

export function joinWeights(table: CsvTable, ids: readonly string[], idCol: string): Float64Array {
  const idName = table.header.includes(idCol) ? idCol : 'id';
  const ic = columnIndex(table, idName, '(respondent id)');
  const wc = columnIndex(table, 'weight');
  const byId = new Map<string, number>();
  table.rows.forEach((row, r) => {
    const line = table.lines[r];
    const id = row[ic];
    if (byId.has(id)) throw new CliError(`${table.label} has id '${id}' twice (line ${line})`);
    byId.set(
      id,
      parseNumber(row[wc], `${table.label} line ${line} weight`, (v) => v > 0, 'a number > 0'),
    );
  });
  const out = new Float64Array(ids.length);
  let missing = 0;
  let firstMissing = '';
  ids.forEach((id, i) => {
    const w = byId.get(id);
    if (w === undefined) {
      if (missing++ === 0) firstMissing = id;
    } else {
      out[i] = w;
      byId.delete(id);
    }
  });
  if (missing > 0)
    throw new CliError(`${table.label} has no weight for ${missing} respondent(s), e.g. id '${firstMissing}'`);
  if (byId.size > 0) {
    const extra = byId.keys().next().value as string;
    throw new CliError(`${table.label} has ${byId.size} id(s) not in RESPONSES.csv, e.g. '${extra}'`);
  }
  return out;
}
