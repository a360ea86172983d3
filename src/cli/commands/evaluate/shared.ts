/**
 * What `cohesion evaluate match|did|power` share: arguments, reading DATA.csv through the project's one CSV
 * reader, numeric and 0/1 columns checked cell by cell (the first bad cell named with its line, and how many
 * more there are), and the evaluation library's errors as one-line CLI errors.
 */
import { CliError } from '../../types.ts';
import { EvaluationError } from '../../../stats/evaluation/index.ts';
import { columnIndex, type CsvTable } from './table.ts';

export { parseCommandArgs, parseNumber, single, write } from '../survey/shared.ts';
export { readTable, type CsvTable } from './table.ts';

/** A comma-separated list of column names (blank entries dropped, repeats refused). */
export function columnList(value: string | undefined, option: string): string[] {
  if (value === undefined) return [];
  const names = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (names.length === 0) throw new CliError(`${option} needs at least one column name`);
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) throw new CliError(`${option} names column '${n}' twice`);
    seen.add(n);
  }
  return names;
}

function badCells(table: CsvTable, col: number, ok: (v: string) => boolean): { first: number; count: number } | null {
  let first = -1;
  let count = 0;
  for (let r = 0; r < table.rows.length; r++) {
    if (!ok(table.rows[r][col])) {
      if (first < 0) first = r;
      count++;
    }
  }
  return first < 0 ? null : { first, count };
}

function failCells(table: CsvTable, name: string, col: number, bad: { first: number; count: number }, rule: string) {
  const more = bad.count > 1 ? ` (and ${bad.count - 1} more row${bad.count > 2 ? 's' : ''})` : '';
  const value = table.rows[bad.first][col];
  throw new CliError(
    `${table.label} line ${table.lines[bad.first]}: '${name}' must be ${rule} (got '${value}')${more}`,
  );
}

const isNumber = (v: string): boolean => v !== '' && Number.isFinite(Number(v));

/** A numeric column as a Float64Array; every cell must be a finite number. */
export function numericColumn(table: CsvTable, name: string, purpose: string, rule = 'a number'): Float64Array {
  const col = columnIndex(table, name, purpose);
  const bad = badCells(table, col, isNumber);
  if (bad) failCells(table, name, col, bad, rule);
  return Float64Array.from(table.rows, (row) => Number(row[col]));
}

/** A 0/1 column. */
export function binaryColumn(table: CsvTable, name: string, purpose: string): Float64Array {
  const col = columnIndex(table, name, purpose);
  const bad = badCells(table, col, (v) => v === '0' || v === '1');
  if (bad) failCells(table, name, col, bad, '0 or 1');
  return Float64Array.from(table.rows, (row) => (row[col] === '1' ? 1 : 0));
}

/** A text column (cluster, exact-matching stratum); empty cells are refused. */
export function textColumn(table: CsvTable, name: string, purpose: string): string[] {
  const col = columnIndex(table, name, purpose);
  const bad = badCells(table, col, (v) => v !== '');
  if (bad) failCells(table, name, col, bad, 'filled in');
  return table.rows.map((row) => row[col]);
}

/** Row ids from the id column; when the default column is absent, the data row number (1, 2, …). */
export function rowIds(table: CsvTable, idCol: string, explicit: boolean): string[] {
  if (!explicit && !table.header.includes(idCol)) return table.rows.map((_, r) => String(r + 1));
  const ids = textColumn(table, idCol, '(set the id column with --id-col)');
  const seen = new Map<string, number>();
  ids.forEach((id, r) => {
    const prev = seen.get(id);
    if (prev !== undefined)
      throw new CliError(
        `${table.label} has ${idCol} '${id}' twice (lines ${table.lines[prev]} and ${table.lines[r]})`,
      );
    seen.set(id, r);
  });
  return ids;
}

/** Runs the evaluation library, turning its errors into one-line CLI errors. */
export function evaluation<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof EvaluationError) throw new CliError(`${what}: ${err.message.split('\n')[0]}`);
    throw err;
  }
}

/**
 * An estimate that overflowed (values near the limits of floating point, such as 1e308) is an error, not a
 * result printed as null.
 */
export function finiteEstimate<T extends { estimate: number }>(what: string, r: T): T {
  if (!Number.isFinite(r.estimate))
    throw new CliError(`${what}: the estimate overflows (values too large to compute with); rescale the data`);
  return r;
}

/** A finite number for JSON, or null. */
export const num = (x: number | null | undefined): number | null =>
  x === null || x === undefined || !Number.isFinite(x) ? null : x;

export function fmt(x: number | null, digits = 4): string {
  return x === null || !Number.isFinite(x) ? '—' : String(Number(x.toPrecision(digits)));
}
