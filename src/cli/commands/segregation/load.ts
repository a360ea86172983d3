/** Loading a counts CSV (plain or .gz) into a counts matrix and its geographies. */
import { basename } from 'node:path';
import { CliError } from '../../types.ts';
import { CsvReadError } from '../../../lib/csv.ts';
import { readColumnarCsv, type ColumnarTable } from '../../../lib/columnar-csv.ts';
import type { CountsMatrix, Grouping } from '../../../stats/segregation/index.ts';

export interface CountsTable {
  readonly file: string;
  readonly areaColumn: string;
  readonly totalColumn: string | null;
  readonly matrix: CountsMatrix;
  /** The --by column and the --levels columns, by name. */
  readonly categories: ReadonlyMap<string, Grouping>;
}

export interface TableSpec {
  readonly areaColumn?: string;
  readonly groups?: readonly string[];
  readonly total?: string;
  readonly by?: string;
  readonly levels?: readonly string[];
}

/**
 * Parse a count: a non-negative decimal number. Whole numbers take a fast
 * path; anything else must match a plain decimal or exponent form.
 * Returns NaN when the text is not a valid count.
 */
export function parseCount(text: string): number {
  const len = text.length;
  if (len > 0 && len < 16) {
    let value = 0;
    let k = 0;
    for (; k < len; k++) {
      const digit = text.charCodeAt(k) - 48;
      if (digit < 0 || digit > 9) break;
      value = value * 10 + digit;
    }
    if (k === len) return value;
  }
  const trimmed = text.trim();
  if (!/^\+?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(trimmed)) return NaN;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : NaN;
}

function looksNumeric(text: string): boolean {
  return !Number.isNaN(parseCount(text));
}

function preview(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

interface Roles {
  areaColumn: string;
  total: string | null;
  categories: string[];
  groups: string[] | null; // null: decide from the first data row
}

function resolveRoles(header: readonly string[], spec: TableSpec, file: string): Roles {
  const known = new Set(header);
  const name = basename(file);
  const need = (column: string, flag: string) => {
    if (!known.has(column)) {
      const shown = header.slice(0, 25).join(', ') + (header.length > 25 ? ', ...' : '');
      throw new CliError(`${name}: ${flag} column "${column}" not found (columns: ${shown})`);
    }
  };
  const areaColumn = spec.areaColumn ?? header[0];
  need(areaColumn, '--area-col');
  const total = spec.total ?? null;
  if (total !== null) {
    need(total, '--total');
    if (total === areaColumn) throw new CliError(`--total "${total}" is also the area column`);
  }
  const categories = [...new Set([...(spec.by ? [spec.by] : []), ...(spec.levels ?? [])])];
  for (const c of categories) {
    need(c, c === spec.by ? '--by' : '--levels');
    if (c === areaColumn || c === total)
      throw new CliError(`--by/--levels column "${c}" is also the area or total column`);
  }
  let groups: string[] | null = null;
  if (spec.groups) {
    groups = [...spec.groups];
    for (const g of groups) {
      need(g, '--groups');
      if (g === areaColumn || g === total || categories.includes(g)) {
        throw new CliError(`--groups column "${g}" is also used as the area, total, --by or --levels column`);
      }
    }
  }
  return { areaColumn, total, categories, groups };
}

/** Default groups: every column that is numeric on the first data row, except the other roles. */
function defaultGroups(table: ColumnarTable, roles: Roles, file: string): string[] {
  const reserved = new Set([roles.areaColumn, ...(roles.total ? [roles.total] : []), ...roles.categories]);
  const groups = table.header.filter((c, k) => !reserved.has(c) && looksNumeric(table.text(0, k)));
  if (groups.length === 0) {
    throw new CliError(`${basename(file)}: no numeric columns to use as groups; name them with --groups`);
  }
  return groups;
}

/** A count from a cell: plain digits straight from the bytes, anything else through {@link parseCount}. */
function countAt(table: ColumnarTable, row: number, col: number): number {
  const v = table.digits(row, col);
  return v >= 0 ? v : parseCount(table.text(row, col));
}

/**
 * Read a counts CSV (one row per area, one column per group) into a matrix, through the columnar reader
 * (src/lib/columnar-csv.ts). Rows are checked in file order, so the first bad row is the one reported, with
 * its line, as when the file was streamed. Throws CliError for a missing or malformed file, unknown columns,
 * empty or duplicate area codes and counts that are not non-negative numbers.
 */
export async function loadCountsTable(file: string, spec: TableSpec = {}): Promise<CountsTable> {
  const name = basename(file);
  let table: ColumnarTable;
  try {
    table = await readColumnarCsv(file, { deferErrors: true });
  } catch (error) {
    if (error instanceof CsvReadError) throw new CliError(error.message);
    throw error;
  }
  const header = table.header;
  const r = resolveRoles(header, spec, file);
  const rows = table.rows;
  if (rows === 0) throw new CliError(table.error ? table.error.message : `${name}: no data rows after the header`);
  const groups = r.groups ?? defaultGroups(table, r, file);
  const g = groups.length;
  const groupAt = Int32Array.from(groups, (c) => header.indexOf(c));
  const totalAt = r.total ? header.indexOf(r.total) : -1;
  const areas = table.categories(header.indexOf(r.areaColumn), { trim: true, distinct: rows });
  const builders = r.categories.map((column) => ({
    column,
    coded: table.categories(header.indexOf(column), { trim: true }),
  }));
  const counts = new Float64Array(rows * g);
  const totals = totalAt >= 0 ? new Float64Array(rows) : null;
  for (let row = 0; row < rows; row++) {
    const line = table.lines[row];
    const areaCode = areas.codes[row];
    if (areas.isEmpty(areaCode)) {
      throw new CliError(`${name} line ${line}: empty area code in column "${r.areaColumn}"`);
    }
    if (areas.first[areaCode] !== row) {
      throw new CliError(`${name} line ${line}: area "${preview(areas.label(areaCode))}" appears more than once`);
    }
    const base = row * g;
    let sum = 0;
    for (let j = 0; j < g; j++) {
      const value = countAt(table, row, groupAt[j]);
      if (Number.isNaN(value)) {
        const text = table.text(row, groupAt[j]);
        const what = text.trim() === '' ? 'is empty' : `"${preview(text)}" is not a count (a number ≥ 0)`;
        throw new CliError(`${name} line ${line}: column "${groups[j]}" ${what}`);
      }
      counts[base + j] = value;
      sum += value;
    }
    if (totals) {
      const value = countAt(table, row, totalAt);
      if (Number.isNaN(value)) {
        throw new CliError(
          `${name} line ${line}: total column "${header[totalAt]}": "${preview(table.text(row, totalAt))}" is not a count (a number ≥ 0)`,
        );
      }
      if (value < sum - 1e-9 * Math.max(1, sum)) {
        throw new CliError(
          `${name} line ${line}: total "${header[totalAt]}" (${value}) is less than the sum of the group columns (${sum})`,
        );
      }
      totals[row] = value;
    }
    for (const { column, coded } of builders) {
      if (coded.labels[coded.codes[row]] === '')
        throw new CliError(`${name} line ${line}: column "${column}" is empty`);
    }
  }
  if (table.error) throw new CliError(table.error.message);
  const matrix: CountsMatrix = { areas: rows, groups, counts, ...(totals ? { totals } : {}) };
  const categories = new Map<string, Grouping>();
  for (const { column, coded } of builders) categories.set(column, { labels: coded.labels, index: coded.codes });
  return { file, areaColumn: r.areaColumn, totalColumn: r.total, matrix, categories };
}

/**
 * A column whose value is at least the sum of the other groups on every row
 * is almost certainly a total that was not named with --total.
 */
export function suspectedTotalColumn(matrix: CountsMatrix): string | null {
  const g = matrix.groups.length;
  if (g < 3 || matrix.areas === 0) return null;
  const rowSum = new Float64Array(matrix.areas);
  for (let a = 0; a < matrix.areas; a++) for (let k = 0; k < g; k++) rowSum[a] += matrix.counts[a * g + k];
  for (let j = 0; j < g; j++) {
    let always = true;
    for (let a = 0; a < matrix.areas && always; a++) {
      const own = matrix.counts[a * g + j];
      const others = rowSum[a] - own;
      if (own < others || others === 0) always = false;
    }
    if (always) return matrix.groups[j];
  }
  return null;
}
