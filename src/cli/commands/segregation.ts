/**
 * `cohesion segregation FILE …`: segregation indices from a counts CSV.
 *
 * Split into small parts that the benchmark reuses:
 * - {@link parseSegregationArgs}: argv → options (CliError on bad input);
 * - {@link loadCountsTable}: CSV (plain or .gz) → counts matrix + geographies;
 * - {@link analyseTable}: the pure analysis (src/stats/segregation);
 * - {@link reportToJson} / {@link formatReport}: output.
 */
import { parseArgs } from 'node:util';
import { basename } from 'node:path';
import { CliError, type CliCommand, type CliIo } from '../types.ts';
import { CsvReadError, readCsv } from '../../lib/csv.ts';
import {
  analyseScopes,
  SegregationError,
  type CountsMatrix,
  type ExpectedDissimilarity,
  type Grouping,
  type LocalContribution,
  type Outcome,
  type ScopeResult,
  type TwoGroupIndices,
} from '../../stats/segregation/index.ts';

// ---------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------

export interface SegregationOptions {
  readonly file: string;
  readonly areaColumn?: string;
  readonly groups?: readonly string[];
  readonly pair?: { readonly y: string; readonly x: string };
  readonly total?: string;
  readonly by?: string;
  readonly levels: readonly string[];
  readonly expected?: { readonly draws: number; readonly seed: number };
  readonly json: boolean;
  readonly timings: boolean;
  readonly top: number;
}

const MAX_DRAWS = 100_000;
const DEFAULT_TOP = 10;
const DEFAULT_SEED = 1;

function list(value: string | undefined, flag: string): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value.split(',').map((s) => s.trim());
  if (items.some((s) => s === ''))
    throw new CliError(`${flag} needs a comma-separated list of column names, got "${value}"`);
  if (new Set(items).size !== items.length) throw new CliError(`${flag} names a column twice: "${value}"`);
  return items;
}

function integer(value: string, flag: string, min: number, max: number): number {
  if (!/^-?\d+$/.test(value.trim())) throw new CliError(`${flag} must be a whole number, got "${value}"`);
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < min || n > max)
    throw new CliError(`${flag} must be from ${min} to ${max}, got ${value}`);
  return n;
}

/** Parse argv (after the command name). Throws CliError with a one-line reason. */
export function parseSegregationArgs(argv: string[]): SegregationOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        'area-col': { type: 'string' },
        groups: { type: 'string' },
        pair: { type: 'string' },
        total: { type: 'string' },
        by: { type: 'string' },
        levels: { type: 'string' },
        expected: { type: 'string' },
        seed: { type: 'string' },
        top: { type: 'string' },
        json: { type: 'boolean', default: false },
        timings: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message.split('\n')[0] : String(error), 2);
  }
  const { values, positionals } = parsed;
  if (positionals.length === 0) throw new CliError('missing FILE: the counts CSV to read (see --help)', 2);
  if (positionals.length > 1)
    throw new CliError(`give one FILE, got ${positionals.length}: ${positionals.join(' ')}`, 2);
  const pairList = list(values.pair, '--pair');
  if (pairList && pairList.length !== 2)
    throw new CliError(`--pair needs exactly two groups Y,X, got "${values.pair}"`);
  if (values.seed !== undefined && values.expected === undefined)
    throw new CliError('--seed only applies with --expected N');
  const groups = list(values.groups, '--groups');
  const levels = list(values.levels, '--levels') ?? [];
  for (const [flag, value] of [
    ['--area-col', values['area-col']],
    ['--total', values.total],
    ['--by', values.by],
  ] as const) {
    if (value !== undefined && value.trim() === '') throw new CliError(`${flag} needs a column name`);
  }
  return {
    file: positionals[0],
    ...(values['area-col'] !== undefined ? { areaColumn: values['area-col'].trim() } : {}),
    ...(groups ? { groups } : {}),
    ...(pairList ? { pair: { y: pairList[0], x: pairList[1] } } : {}),
    ...(values.total !== undefined ? { total: values.total.trim() } : {}),
    ...(values.by !== undefined ? { by: values.by.trim() } : {}),
    levels,
    ...(values.expected !== undefined
      ? {
          expected: {
            draws: integer(values.expected, '--expected', 1, MAX_DRAWS),
            seed:
              values.seed === undefined ? DEFAULT_SEED : integer(values.seed, '--seed', -(2 ** 53 - 1), 2 ** 53 - 1),
          },
        }
      : {}),
    json: values.json ?? false,
    timings: values.timings ?? false,
    top: values.top === undefined ? DEFAULT_TOP : integer(values.top, '--top', 0, 1_000_000),
  };
}

// ---------------------------------------------------------------------------
// Loading
// ---------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------
// Analysis
// ---------------------------------------------------------------------------

/** The same grouping with its labels in sorted order (scopes are listed alphabetically). */
function sortedGrouping(grouping: Grouping): Grouping {
  const order = grouping.labels
    .map((label, k) => ({ label, k }))
    .sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
  const remap = new Int32Array(order.length);
  order.forEach(({ k }, position) => {
    remap[k] = position;
  });
  const index = new Int32Array(grouping.index.length);
  for (let a = 0; a < index.length; a++) index[a] = remap[grouping.index[a]];
  return { labels: order.map((o) => o.label), index };
}

export interface AnalysisRequest {
  readonly by?: string;
  readonly levels?: readonly string[];
  readonly pair?: { readonly y: string; readonly x: string };
  readonly expected?: { readonly draws: number; readonly seed: number };
}

/** Run every index for the whole table and each --by value. */
export function analyseTable(table: CountsTable, request: AnalysisRequest): ScopeResult[] {
  const { matrix } = table;
  if (request.pair) {
    for (const name of [request.pair.y, request.pair.x]) {
      if (!matrix.groups.includes(name)) {
        throw new CliError(`--pair: "${name}" is not one of the group columns (${matrix.groups.join(', ')})`);
      }
    }
    if (request.pair.y === request.pair.x) throw new CliError('--pair needs two different groups');
  }
  const levelOf = (column: string): Grouping => {
    const grouping = table.categories.get(column);
    if (!grouping) throw new CliError(`column "${column}" was not loaded`);
    return grouping;
  };
  const by = request.by ? sortedGrouping(levelOf(request.by)) : null;
  const levels = (request.levels ?? []).map((name) => ({ name, grouping: levelOf(name) }));
  try {
    return analyseScopes(matrix, by, {
      ...(request.pair ? { pair: request.pair } : {}),
      ...(levels.length ? { levels } : {}),
      ...(request.expected ? { expected: request.expected } : {}),
    });
  } catch (error) {
    if (error instanceof SegregationError) throw new CliError(error.message);
    throw error;
  }
}

// ---------------------------------------------------------------------------
// JSON output
// ---------------------------------------------------------------------------

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** JSON-safe number: non-finite values (never expected) become null. */
function num(value: number | null | undefined): number | null {
  return value === null || value === undefined || !Number.isFinite(value) ? null : value;
}

const TWO_GROUP_KEYS: readonly [string, keyof TwoGroupIndices][] = [
  ['dissimilarity', 'dissimilarity'],
  ['gini', 'gini'],
  ['entropy', 'entropy'],
  ['isolation', 'isolation'],
  ['interaction', 'interaction'],
  ['correlation_ratio', 'correlationRatio'],
  ['atkinson_0_1', 'atkinson01'],
  ['atkinson_0_5', 'atkinson05'],
  ['atkinson_0_9', 'atkinson09'],
];

function twoGroupJson(outcome: Outcome<TwoGroupIndices>): { [key: string]: Json } {
  const out: { [key: string]: Json } = {};
  for (const [key, field] of TWO_GROUP_KEYS) out[key] = outcome.ok ? num(outcome.value[field]) : null;
  return out;
}

function expectedJson(outcome: Outcome<ExpectedDissimilarity>): Json {
  if (!outcome.ok) return null;
  const e = outcome.value;
  return {
    observed: num(e.observed),
    mean: num(e.mean),
    sd: num(e.sd),
    min: num(e.min),
    max: num(e.max),
    adjusted: num(e.adjusted),
  };
}

function impactRowJson(row: LocalContribution): Json {
  return {
    unit: row.unit,
    areas: row.areas,
    contribution: num(row.contribution),
    index_share: num(row.indexShare),
    area_share: num(row.areaShare),
    impact: num(row.impact),
    scaled_mean: num(row.scaledMean),
    scaled_sd: num(row.scaledSd),
  };
}

function scopeJson(
  scope: ScopeResult,
  by: string | null,
  expected: AnalysisRequest['expected'],
): { [key: string]: Json } {
  const notes: string[] = [];
  const m = scope.multi;
  if (!m.ok) notes.push(`multi-group indices: ${m.reason}`);
  const indices: { [key: string]: Json } = {
    multi_dissimilarity: m.ok ? num(m.value.multiDissimilarity) : null,
    multi_gini: m.ok ? num(m.value.multiGini) : null,
    information_theory: m.ok ? num(m.value.informationTheory) : null,
    normalized_exposure: m.ok ? num(m.value.normalizedExposure) : null,
    squared_coefficient_of_variation: m.ok ? num(m.value.squaredCoefficientOfVariation) : null,
    simpsons_interaction: num(scope.simpsonsInteraction),
    diversity: num(scope.diversity),
  };
  const out: { [key: string]: Json } = {
    scope: scope.scope,
    by,
    areas: scope.areas,
    empty_areas: scope.emptyAreas,
    population: num(scope.population),
    unallocated: num(scope.unallocated),
    indices,
  };
  if (scope.pair) {
    const p = scope.pair;
    Object.assign(indices, twoGroupJson(p.indices));
    if (!p.indices.ok) notes.push(`${p.y} vs ${p.x}: ${p.indices.reason}`);
    out.pair = {
      y: p.y,
      x: p.x,
      population: num(p.population),
      y_count: p.indices.ok ? num(p.indices.value.y) : null,
      x_count: p.indices.ok ? num(p.indices.value.x) : null,
    };
  }
  const groups: { [key: string]: Json } = {};
  for (const gr of scope.groups) {
    groups[gr.group] = { count: num(gr.count), share: num(gr.share), ...twoGroupJson(gr.indices) };
    if (!gr.indices.ok) notes.push(`${gr.group} vs rest: ${gr.indices.reason}`);
  }
  out.groups = groups;
  if (expected) {
    const base: { [key: string]: Json } = { method: 'hypergeometric', draws: expected.draws, seed: expected.seed };
    if (scope.pair?.expected) {
      base.dissimilarity = expectedJson(scope.pair.expected);
    } else {
      const perGroup: { [key: string]: Json } = {};
      for (const gr of scope.groups) if (gr.expected) perGroup[gr.group] = expectedJson(gr.expected);
      base.groups = perGroup;
    }
    out.expected = base;
  }
  if (scope.impacts.length) {
    const impacts: { [key: string]: Json } = {};
    for (const table of scope.impacts) {
      impacts[table.level] = { index: table.index, rows: table.rows.ok ? table.rows.value.map(impactRowJson) : null };
      if (!table.rows.ok) notes.push(`impacts at ${table.level}: ${table.rows.reason}`);
    }
    out.impacts = impacts;
  }
  out.notes = notes;
  return out;
}

/** The single JSON document printed by --json. */
export function reportToJson(table: CountsTable, request: AnalysisRequest, scopes: readonly ScopeResult[]): Json {
  return {
    scopes: scopes.map((s, k) => scopeJson(s, k === 0 ? null : (request.by ?? null), request.expected)),
    file: basename(table.file),
    area_column: table.areaColumn,
    groups: [...table.matrix.groups],
    population: table.totalColumn ? `column ${table.totalColumn}` : 'sum of the group columns',
    pair: request.pair ? { y: request.pair.y, x: request.pair.x } : null,
    by: request.by ?? null,
    levels: [...(request.levels ?? [])],
  };
}

// ---------------------------------------------------------------------------
// Text output
// ---------------------------------------------------------------------------

function fixed(value: number | null | undefined, digits = 4): string {
  return value === null || value === undefined || !Number.isFinite(value) ? 'n/a' : value.toFixed(digits);
}

function whole(value: number): string {
  return Number.isInteger(value) ? value.toLocaleString('en-GB') : value.toFixed(2);
}

function percent(value: number | null): string {
  if (value === null) return 'n/a';
  const pct = value * 100;
  return `${pct === 0 || pct >= 1 ? pct.toFixed(1) : pct.toPrecision(2)}%`;
}

function table(rows: string[][], align: ('l' | 'r')[]): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) =>
    r
      .map((cell, c) => (align[c] === 'l' ? cell.padEnd(widths[c]) : cell.padStart(widths[c])))
      .join('  ')
      .trimEnd(),
  );
}

const INDEX_HEADINGS = ['D', 'Gini', 'Theil H', 'xPx', 'xPy', 'eta2', 'A(0.1)', 'A(0.5)', 'A(0.9)'];

function indexCells(outcome: Outcome<TwoGroupIndices>): string[] {
  if (!outcome.ok) return INDEX_HEADINGS.map(() => 'n/a');
  const v = outcome.value;
  return [
    v.dissimilarity,
    v.gini,
    v.entropy,
    v.isolation,
    v.interaction,
    v.correlationRatio,
    v.atkinson01,
    v.atkinson05,
    v.atkinson09,
  ].map((x) => fixed(x));
}

function expectedLine(label: string, outcome: Outcome<ExpectedDissimilarity>): string {
  if (!outcome.ok) return `  ${label}: n/a (${outcome.reason})`;
  const e = outcome.value;
  return `  ${label}: observed D ${fixed(e.observed)}, expected ${fixed(e.mean)} (sd ${fixed(e.sd)}, range ${fixed(e.min)}-${fixed(e.max)}), adjusted D ${fixed(e.adjusted)}`;
}

function impactLines(rows: readonly LocalContribution[], top: number): string[] {
  const ranked = [...rows]
    .sort((a, b) => (b.impact ?? -Infinity) - (a.impact ?? -Infinity) || (a.unit < b.unit ? -1 : 1))
    .slice(0, top);
  if (ranked.length === 0) return [];
  const cells = [['Place', 'Areas', 'Share of index', 'Share of areas', 'Impact', 'Scaled mean']];
  for (const r of ranked) {
    cells.push([
      r.unit,
      whole(r.areas),
      percent(r.indexShare),
      percent(r.areaShare),
      fixed(r.impact, 2),
      fixed(r.scaledMean, 2),
    ]);
  }
  return table(cells, ['l', 'r', 'r', 'r', 'r', 'r']).map((l) => `    ${l}`);
}

function scopeText(scope: ScopeResult, request: AnalysisRequest, top: number): string[] {
  const lines: string[] = [];
  const empty = scope.emptyAreas ? ` (${whole(scope.emptyAreas)} with no population, skipped)` : '';
  lines.push(`== ${scope.scope}: ${whole(scope.areas)} areas${empty}, population ${whole(scope.population)} ==`);
  if (scope.unallocated > 0)
    lines.push(`  People in none of the listed groups: ${whole(scope.unallocated)} (counted as one more group)`);
  lines.push(
    `  Diversity (entropy) ${fixed(scope.diversity)}   Simpson's interaction ${fixed(scope.simpsonsInteraction)}`,
  );
  const m = scope.multi;
  if (m.ok) {
    const v = m.value;
    lines.push(
      `  Multi-group: D ${fixed(v.multiDissimilarity)}  Gini ${fixed(v.multiGini)}  H ${fixed(v.informationTheory)}  ` +
        `normalised exposure ${fixed(v.normalizedExposure)}  squared CV ${fixed(v.squaredCoefficientOfVariation)}`,
    );
  } else {
    lines.push(`  Multi-group: n/a (${m.reason})`);
  }
  const rows = [['Group vs rest', 'Share', ...INDEX_HEADINGS]];
  for (const gr of scope.groups) rows.push([gr.group, percent(gr.share), ...indexCells(gr.indices)]);
  if (scope.pair) {
    rows.push([`${scope.pair.y} vs ${scope.pair.x}`, 'pair', ...indexCells(scope.pair.indices)]);
  }
  lines.push(...table(rows, ['l', 'r', ...INDEX_HEADINGS.map(() => 'r' as const)]).map((l) => `  ${l}`));
  if (scope.pair && !scope.pair.indices.ok)
    lines.push(`  ${scope.pair.y} vs ${scope.pair.x}: ${scope.pair.indices.reason}`);
  if (request.expected) {
    lines.push(
      `  Expected D under random allocation (${request.expected.draws} draws, seed ${request.expected.seed}):`,
    );
    if (scope.pair?.expected) lines.push(expectedLine(`${scope.pair.y} vs ${scope.pair.x}`, scope.pair.expected));
    for (const gr of scope.groups) if (gr.expected) lines.push(expectedLine(`${gr.group} vs rest`, gr.expected));
  }
  for (const t of scope.impacts) {
    const what = t.index === 'dissimilarity' && scope.pair ? `D (${scope.pair.y} vs ${scope.pair.x})` : 'multi-group D';
    if (!t.rows.ok) {
      lines.push(`  Local contributions to ${what} by ${t.level}: n/a (${t.rows.reason})`);
      continue;
    }
    const shown = Math.min(top, t.rows.value.length);
    lines.push(
      `  Local contributions to ${what} by ${t.level} (top ${shown} of ${whole(t.rows.value.length)} by impact):`,
    );
    lines.push(...impactLines(t.rows.value, top));
  }
  return lines;
}

/** Human-readable report. */
export function formatReport(
  tableInfo: CountsTable,
  request: AnalysisRequest,
  scopes: readonly ScopeResult[],
  top = DEFAULT_TOP,
): string {
  const m = tableInfo.matrix;
  const lines = [
    `Segregation indices for ${basename(tableInfo.file)}`,
    `Areas: column ${tableInfo.areaColumn}. Groups (${m.groups.length}): ${m.groups.join(', ')}.`,
    `Area population: ${tableInfo.totalColumn ? `column ${tableInfo.totalColumn}` : 'sum of the group columns'}` +
      (request.pair ? `; for ${request.pair.y} vs ${request.pair.x}, the two groups only.` : '.'),
    'Columns: D dissimilarity, Gini, Theil H entropy, xPx isolation, xPy interaction, eta2 correlation ratio, A(b) Atkinson.',
    '',
  ];
  for (const scope of scopes) lines.push(...scopeText(scope, request, top), '');
  return lines.join('\n');
}

// ---------------------------------------------------------------------------
// Command
// ---------------------------------------------------------------------------

const HELP = `Usage: cohesion segregation FILE [options]

Segregation and diversity indices from a CSV of counts: one row per area, one
column per group (for example 2011 Census ethnic group by output area).
FILE may be gzip-compressed (.gz). Every index is computed for the whole file
(scope "ALL") and, with --by, for each value of that column (for example each
local authority). See docs/methods/segregation.md for what each index means.

Options:
  --area-col COL      column holding the area code (default: the first column)
  --groups A,B,...    group columns (default: every column that is numeric on
                      the first data row, except the area, --total, --by and
                      --levels columns; if a file has a total column such as
                      Persons, name it with --total or it becomes a group)
  --total COL         column holding each area's population (default: the sum
                      of the group columns). People in no listed group count as
                      the "rest" in two-group indices and as one extra group in
                      multi-group indices.
  --pair Y,X          also compare group Y with group X only, taking the
                      population as Y + X (as the R package MLID does)
  --by COL            also report each value of COL separately (e.g. LAD)
  --levels A,B,...    local contributions (impacts) of the places in each of
                      these columns (e.g. LSOA,LAD,RGN): to the pair's index of
                      dissimilarity with --pair, else to the multi-group one
  --expected N        expected index of dissimilarity under random allocation
                      (N simulated draws; area populations and group totals
                      fixed, group members placed at random: hypergeometric).
                      For the pair with --pair, else for each group vs the rest,
                      in every scope. Takes time: roughly 30-60 ms per draw per
                      comparison for the 181,408 output areas of England and Wales
  --seed S            seed for --expected (default ${DEFAULT_SEED}); same seed, same result
                      (write a negative seed as --seed=-5)
  --top N             rows of each local-contribution table in text output
                      (default ${DEFAULT_TOP}; --json always gives every row)
  --json              print one JSON document instead of tables
  --timings           print parse and compute times to stderr

Indices (all between 0 and 1 except diversity):
  each group against the rest, and the --pair:  dissimilarity (D), gini,
    entropy (Theil H), isolation (xPx), interaction (xPy), correlation_ratio
    (eta squared), atkinson_0_1, atkinson_0_5, atkinson_0_9
  all groups together:  multi_dissimilarity, multi_gini, information_theory,
    normalized_exposure, squared_coefficient_of_variation,
    simpsons_interaction, diversity (entropy, natural log)

JSON: {"scopes":[{"scope":"ALL"|<value of --by>, "by", "areas", "empty_areas",
  "population", "unallocated", "indices":{multi-group indices, diversity and,
  only with --pair, the pair's two-group indices under the names above},
  "pair":{...}, "groups":{"<group>":{"count","share", two-group indices vs the
  rest}}, "expected":{...}, "impacts":{"<level>":{"index","rows":[{"unit",
  "areas","contribution","index_share","area_share","impact","scaled_mean",
  "scaled_sd"}]}}, "notes":[reasons for any null]}], "file", "groups", ...}
Without --pair, "indices" holds no two-group values: see "groups".
An index that is undefined (for example a group with no members in a scope)
is null, with the reason in "notes". Areas with no population are skipped.

Example:
  cohesion segregation ../shared/data/census2011/ethnic_group_oa.csv.gz \\
    --total Persons --groups WhiteBrit,Irish,OtherWhite,Mixed,Indian,Pakistani,Bangladeshi,Chinese,OtherAsian,BlkAfrican,BlkCaribbean,OtherBlk,Arab,Other \\
    --pair Bangladeshi,WhiteBrit --by LAD --levels LSOA,LAD,RGN --json`;

function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(text, (error) => (error ? reject(error) : resolve()));
  });
}

export const segregationCommand: CliCommand = {
  name: 'segregation',
  summary: 'Segregation and diversity indices from a CSV of counts by area',
  help: HELP,
  async run(argv: string[], io: CliIo): Promise<number> {
    const options = parseSegregationArgs(argv);
    const started = performance.now();
    const tableInfo = await loadCountsTable(options.file, {
      ...(options.areaColumn ? { areaColumn: options.areaColumn } : {}),
      ...(options.groups ? { groups: options.groups } : {}),
      ...(options.total ? { total: options.total } : {}),
      ...(options.by ? { by: options.by } : {}),
      levels: options.levels,
    });
    const parsed = performance.now();
    if (!options.groups && !options.total) {
      const suspect = suspectedTotalColumn(tableInfo.matrix);
      if (suspect) {
        io.stderr.write(
          `warning: column "${suspect}" is at least the sum of the other groups on every row; if it is a total, pass --total ${suspect}\n`,
        );
      }
    }
    const request: AnalysisRequest = {
      ...(options.by ? { by: options.by } : {}),
      levels: options.levels,
      ...(options.pair ? { pair: options.pair } : {}),
      ...(options.expected ? { expected: options.expected } : {}),
    };
    const scopes = analyseTable(tableInfo, request);
    const computed = performance.now();
    const output = options.json
      ? JSON.stringify(reportToJson(tableInfo, request, scopes)) + '\n'
      : formatReport(tableInfo, request, scopes, options.top);
    await write(io.stdout, output);
    if (options.timings) {
      io.stderr.write(
        `timings: parse ${(parsed - started).toFixed(0)} ms (${tableInfo.matrix.areas} rows), ` +
          `compute ${(computed - parsed).toFixed(0)} ms (${scopes.length} scopes), ` +
          `output ${(performance.now() - computed).toFixed(0)} ms\n`,
      );
    }
    return 0;
  },
};
