/** Loading a counts CSV (plain or .gz) into a counts matrix and its geographies. */
import { basename } from 'node:path';
import { CliError } from '../../types.ts';
import { CsvReadError, readCsv } from '../../../lib/csv.ts';
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

/** Growable Float64Array. */
class Column {
  data: Float64Array;
  constructor(capacity: number) {
    this.data = new Float64Array(capacity);
  }
  ensure(size: number): void {
    if (size <= this.data.length) return;
    const next = new Float64Array(Math.max(size, this.data.length * 2));
    next.set(this.data);
    this.data = next;
  }
}

/** Interns the values of a text column into a Grouping as rows arrive. */
class CategoryBuilder {
  private readonly position = new Map<string, number>();
  readonly labels: string[] = [];
  index = new Int32Array(4096);

  add(row: number, value: string): void {
    let k = this.position.get(value);
    if (k === undefined) {
      k = this.labels.length;
      this.position.set(value, k);
      this.labels.push(value);
    }
    if (row >= this.index.length) {
      const next = new Int32Array(this.index.length * 2);
      next.set(this.index);
      this.index = next;
    }
    this.index[row] = k;
  }

  build(rows: number): Grouping {
    return { labels: this.labels, index: this.index.slice(0, rows) };
  }
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
function defaultGroups(
  header: readonly string[],
  record: Record<string, string>,
  roles: Roles,
  file: string,
): string[] {
  const reserved = new Set([roles.areaColumn, ...(roles.total ? [roles.total] : []), ...roles.categories]);
  const groups = header.filter((c) => !reserved.has(c) && looksNumeric(record[c]));
  if (groups.length === 0) {
    throw new CliError(`${basename(file)}: no numeric columns to use as groups; name them with --groups`);
  }
  return groups;
}

/**
 * Read a counts CSV (one row per area, one column per group) into a matrix.
 * Throws CliError for a missing or malformed file, unknown columns, empty or
 * duplicate area codes and counts that are not non-negative numbers.
 */
export async function loadCountsTable(file: string, spec: TableSpec = {}): Promise<CountsTable> {
  const name = basename(file);
  let header: readonly string[] = [];
  let roles: Roles | null = null;
  let groups: string[] = [];
  let groupAt = new Int32Array(0); // column position of each group
  let areaAt = 0;
  let totalAt = -1;
  let counts = new Column(0);
  let totals: Column | null = null;
  const builders: { column: string; at: number; builder: CategoryBuilder }[] = [];
  const seen = new Set<string>();
  let rows = 0;
  let g = 0;
  try {
    for await (const { line, record, values } of readCsv(file, {
      onHeader: (columns) => {
        header = columns;
        roles = resolveRoles(columns, spec, file);
      },
    })) {
      const r = roles as Roles | null;
      if (!r) throw new CliError(`${name}: no header row`);
      if (rows === 0) {
        groups = r.groups ?? defaultGroups(header, record, r, file);
        g = groups.length;
        groupAt = Int32Array.from(groups, (c) => header.indexOf(c));
        areaAt = header.indexOf(r.areaColumn);
        totalAt = r.total ? header.indexOf(r.total) : -1;
        counts = new Column(4096 * g);
        if (r.total) totals = new Column(4096);
        for (const c of r.categories)
          builders.push({ column: c, at: header.indexOf(c), builder: new CategoryBuilder() });
      }
      const area = values[areaAt].trim();
      if (area === '') throw new CliError(`${name} line ${line}: empty area code in column "${r.areaColumn}"`);
      if (seen.has(area)) throw new CliError(`${name} line ${line}: area "${preview(area)}" appears more than once`);
      seen.add(area);
      counts.ensure((rows + 1) * g);
      const data = counts.data;
      const base = rows * g;
      let sum = 0;
      for (let j = 0; j < g; j++) {
        const text = values[groupAt[j]];
        const value = parseCount(text);
        if (Number.isNaN(value)) {
          const what = text.trim() === '' ? 'is empty' : `"${preview(text)}" is not a count (a number ≥ 0)`;
          throw new CliError(`${name} line ${line}: column "${groups[j]}" ${what}`);
        }
        data[base + j] = value;
        sum += value;
      }
      if (totals && totalAt >= 0) {
        const text = values[totalAt];
        const value = parseCount(text);
        if (Number.isNaN(value)) {
          throw new CliError(
            `${name} line ${line}: total column "${header[totalAt]}": "${preview(text)}" is not a count (a number ≥ 0)`,
          );
        }
        if (value < sum - 1e-9 * Math.max(1, sum)) {
          throw new CliError(
            `${name} line ${line}: total "${header[totalAt]}" (${value}) is less than the sum of the group columns (${sum})`,
          );
        }
        totals.ensure(rows + 1);
        totals.data[rows] = value;
      }
      for (const { column, at, builder } of builders) {
        const value = values[at].trim();
        if (value === '') throw new CliError(`${name} line ${line}: column "${column}" is empty`);
        builder.add(rows, value);
      }
      rows++;
    }
  } catch (error) {
    if (error instanceof CsvReadError) throw new CliError(error.message);
    throw error;
  }
  const r = roles as Roles | null;
  if (!r) throw new CliError(`${name}: no header row`);
  if (rows === 0) throw new CliError(`${name}: no data rows after the header`);
  const matrix: CountsMatrix = {
    areas: rows,
    groups,
    counts: counts.data.slice(0, rows * g),
    ...(totals ? { totals: totals.data.slice(0, rows) } : {}),
  };
  const categories = new Map<string, Grouping>();
  for (const { column, builder } of builders) categories.set(column, builder.build(rows));
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
