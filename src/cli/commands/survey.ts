/**
 * `cohesion survey rake` and `cohesion survey estimate`.
 *
 * rake:     RESPONSES.csv + MARGINS.csv (variable,category,population) → id,weight CSV on stdout,
 *           one diagnostics line on stderr.
 * estimate: RESPONSES.csv + WEIGHTS.csv (id,weight) → weighted mean (numeric variable) or
 *           one proportion per category (categorical variable), overall and by a domain
 *           variable, with design-based SEs (accounting for raking when --margins is given).
 *
 * See docs/methods/survey.md for the statistics.
 */

import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { CliError, type CliCommand, type CliIo } from '../types.ts';
import { columnIndex, csvField, readCsv, type CsvTable } from './survey-csv.ts';
import {
  RAKE_DEFAULTS,
  SurveyError,
  calibrationFromMargins,
  estimateIndicator,
  estimateMean,
  estimateMeanByDomain,
  indicator,
  marginError,
  prepareDesign,
  rake,
  weightDiagnostics,
  type CiMethod,
  type Estimate,
  type RakeMargin,
  type TrimOptions,
} from '../../stats/survey/index.ts';
import { DEFAULT_MIN_N } from '../../stats/suppression.ts';

// ───────────────────────── shared helpers ─────────────────────────

/** A cell is missing when empty or the literal NA (after trimming). */
export function isMissing(value: string): boolean {
  return value === '' || value === 'NA';
}

function firstSentence(s: string): string {
  const line = s.replace(/\s+/g, ' ').trim();
  const dot = line.indexOf('. ');
  return dot > 0 ? line.slice(0, dot) : line;
}

type OptionSpec = Record<string, { type: 'string' | 'boolean'; default?: string | boolean; short?: string }>;

function parseCommandArgs<T extends OptionSpec>(command: string, argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new CliError(`${command}: ${firstSentence((err as Error).message)}`);
  }
}

function toCliError(err: unknown): never {
  if (err instanceof SurveyError) throw new CliError(err.message);
  throw err;
}

function parseNumber(value: string, what: string, check: (v: number) => boolean, rule: string): number {
  const v = value.trim() === '' ? NaN : Number(value);
  if (!Number.isFinite(v) || !check(v)) throw new CliError(`${what} must be ${rule} (got '${value}')`);
  return v;
}

/** Sorts labels numerically when they all look like numbers, otherwise naturally ("Ward 2" < "Ward 10"). */
export function naturalSort(values: Iterable<string>): string[] {
  const arr = [...values];
  const allNumeric = arr.every((v) => v.trim() !== '' && Number.isFinite(Number(v)));
  return allNumeric
    ? arr.sort((a, b) => Number(a) - Number(b) || a.localeCompare(b))
    : arr.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

async function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

function readIds(responses: CsvTable, idCol: string): string[] {
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

interface MarginSpec {
  variable: string;
  categories: string[];
  populations: number[];
  /** MARGINS.csv line where the variable first appears. */
  line: number;
}

/** Parses MARGINS.csv (variable,category,population), keeping the order variables first appear in. */
export function parseMargins(table: CsvTable): MarginSpec[] {
  const vc = columnIndex(table, 'variable');
  const cc = columnIndex(table, 'category');
  const pc = columnIndex(table, 'population');
  const byVar = new Map<string, MarginSpec>();
  table.rows.forEach((row, r) => {
    const line = table.lines[r];
    const variable = row[vc];
    const category = row[cc];
    if (variable === '') throw new CliError(`${table.label} line ${line} has an empty variable`);
    if (category === '') throw new CliError(`${table.label} line ${line} has an empty category`);
    const pop = parseNumber(row[pc], `${table.label} line ${line} population`, (v) => v >= 0, 'a number ≥ 0');
    let spec = byVar.get(variable);
    if (!spec) {
      spec = { variable, categories: [], populations: [], line };
      byVar.set(variable, spec);
    }
    if (spec.categories.includes(category)) {
      throw new CliError(`${table.label} line ${line} repeats category '${category}' of variable '${variable}'`);
    }
    spec.categories.push(category);
    spec.populations.push(pop);
  });
  if (byVar.size === 0) throw new CliError(`${table.label} has no margins`);
  return [...byVar.values()];
}

/** Codes every respondent against the margins; errors name the respondent and the value. */
export function buildRakeMargins(
  responses: CsvTable,
  specs: readonly MarginSpec[],
  ids: readonly string[],
  marginsLabel: string,
): RakeMargin[] {
  return specs.map((spec) => {
    const col = responses.header.indexOf(spec.variable);
    if (col < 0) {
      throw new CliError(
        `margins variable '${spec.variable}' (${marginsLabel} line ${spec.line}) is not a column of ${responses.label}`,
      );
    }
    const lookup = new Map(spec.categories.map((c, i) => [c, i]));
    const codes = new Int32Array(responses.rows.length);
    responses.rows.forEach((row, r) => {
      const value = row[col];
      const code = lookup.get(value);
      if (code === undefined) {
        const where = `respondent '${ids[r]}' (${responses.label} line ${responses.lines[r]})`;
        if (isMissing(value))
          throw new CliError(
            `${where} has no value for '${spec.variable}'; every respondent needs a category of each margin variable`,
          );
        throw new CliError(
          `${where} has ${spec.variable}='${value}', which is not a category of '${spec.variable}' in ${marginsLabel}`,
        );
      }
      codes[r] = code;
    });
    return { name: spec.variable, codes, targets: spec.populations, labels: spec.categories };
  });
}

function single(positionals: string[], command: string, what: string): string {
  if (positionals.length === 0) throw new CliError(`${command}: missing ${what}`);
  if (positionals.length > 1) throw new CliError(`${command}: unexpected argument '${positionals[1]}'`);
  return positionals[0];
}

function fmt(x: number, digits = 4): string {
  return Number.isFinite(x) ? String(Number(x.toPrecision(digits))) : String(x);
}

// ───────────────────────── survey rake ─────────────────────────

const RAKE_HELP = `Usage: cohesion survey rake RESPONSES.csv --margins MARGINS.csv [options]

Rakes survey weights (iterative proportional fitting) so that weighted counts
match population totals for every margin variable.

  RESPONSES.csv           one row per respondent; must have the id column and
                          a column for every variable named in MARGINS.csv
  --margins FILE          CSV with columns variable,category,population
  --id-col NAME           respondent id column (default: id)
  --base-weight NAME      column of starting (design) weights (default: all 1)
  --max-iter N            maximum raking sweeps (default: ${RAKE_DEFAULTS.maxIterations})
  --epsilon E             stop when every weighted margin is within this relative
                          error of its target (default: ${RAKE_DEFAULTS.epsilon})
  --trim LOW,HIGH         keep weights within LOW and HIGH times the mean weight
                          (e.g. 0.3,3), re-raking after each trim
  --trim-absolute         read --trim bounds as weight values instead
  -h, --help              show this help

Writes "id,weight" CSV to stdout (input order) and one diagnostics line to
stderr (iterations, max error, design effect, effective sample size).
Margin totals may differ by up to 0.5% (rescaled to the first variable's total).
Files ending in .gz are read as gzip.`;

export const surveyRakeCommand: CliCommand = {
  name: 'survey rake',
  summary: 'Rake survey weights to population margins (writes id,weight CSV)',
  help: RAKE_HELP,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandArgs('survey rake', argv, {
      margins: { type: 'string' },
      'id-col': { type: 'string', default: 'id' },
      'base-weight': { type: 'string' },
      'max-iter': { type: 'string' },
      epsilon: { type: 'string' },
      trim: { type: 'string' },
      'trim-absolute': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    });
    if (values.help) {
      await write(io.stdout, RAKE_HELP + '\n');
      return 0;
    }
    const responsesPath = single(positionals, 'survey rake', 'RESPONSES.csv');
    if (!values.margins) throw new CliError('survey rake: --margins MARGINS.csv is required');
    const idCol = values['id-col'] as string;
    const maxIterations =
      values['max-iter'] === undefined
        ? RAKE_DEFAULTS.maxIterations
        : parseNumber(values['max-iter'], '--max-iter', (v) => Number.isInteger(v) && v >= 1, 'a whole number ≥ 1');
    const epsilon =
      values.epsilon === undefined
        ? RAKE_DEFAULTS.epsilon
        : parseNumber(values.epsilon, '--epsilon', (v) => v > 0, 'a number > 0');
    const trim = values.trim === undefined ? undefined : parseTrim(values.trim, values['trim-absolute'] === true);
    if (values['trim-absolute'] && !trim) throw new CliError('survey rake: --trim-absolute needs --trim LOW,HIGH');

    const responses = await readCsv(responsesPath, 'RESPONSES.csv');
    const marginsTable = await readCsv(values.margins, 'MARGINS.csv');
    if (responses.rows.length === 0) throw new CliError('RESPONSES.csv has no respondents');
    const ids = readIds(responses, idCol);
    const margins = buildRakeMargins(responses, parseMargins(marginsTable), ids, 'MARGINS.csv');
    let baseWeights: Float64Array | undefined;
    if (values['base-weight'] !== undefined) {
      const bc = columnIndex(responses, values['base-weight'], '(--base-weight)');
      baseWeights = Float64Array.from(responses.rows, (row, r) =>
        parseNumber(
          row[bc],
          `base weight of respondent '${ids[r]}' (line ${responses.lines[r]})`,
          (v) => v > 0,
          'a number > 0',
        ),
      );
    }

    let result;
    try {
      result = rake(margins, { baseWeights, maxIterations, epsilon, trim });
    } catch (err) {
      toCliError(err);
    }
    const w = result.weights;

    const chunks: string[] = ['id,weight\n'];
    let buf = '';
    for (let i = 0; i < w.length; i++) {
      buf += `${csvField(ids[i])},${w[i]}\n`;
      if (buf.length > 1 << 20) {
        chunks.push(buf);
        buf = '';
      }
    }
    chunks.push(buf);
    for (const c of chunks) await write(io.stdout, c);

    const d = weightDiagnostics(w);
    const parts = [
      `survey rake: ${d.n} respondents`,
      `${margins.length} margins (${margins.map((m) => m.name).join(', ')})`,
      `iterations=${result.iterations}`,
      `max_error=${result.maxError.toExponential(2)}`,
      `deff=${d.deff.toFixed(3)}`,
      `ess=${d.ess.toFixed(1)}`,
      `weight min=${fmt(d.min)} max=${fmt(d.max)} mean=${fmt(d.mean)} cv=${d.cv.toFixed(3)}`,
    ];
    if (result.rescaledMargins.length)
      parts.push(`rescaled to first margin total: ${result.rescaledMargins.join(', ')}`);
    if (result.trim) {
      parts.push(
        `trim [${fmt(result.trim.lowWeight)}, ${fmt(result.trim.highWeight)}] rounds=${result.trim.rounds} ` +
          (result.trim.satisfied
            ? 'satisfied'
            : `NOT satisfied (max excess ${(result.trim.maxExcess * 100).toFixed(2)}%)`),
      );
    }
    await write(io.stderr, parts.join('; ') + '\n');
    return 0;
  },
};

function parseTrim(value: string, absolute: boolean): TrimOptions {
  const parts = value.split(',');
  if (parts.length !== 2) throw new CliError(`--trim must be LOW,HIGH (got '${value}')`);
  const low = parseNumber(parts[0], '--trim LOW', (v) => v >= 0, 'a number ≥ 0');
  const high = parseNumber(parts[1], '--trim HIGH', (v) => v > 0, 'a number > 0');
  if (!(low < high)) throw new CliError(`--trim LOW must be below HIGH (got '${value}')`);
  if (!absolute && !(low <= 1 && high >= 1)) {
    throw new CliError(
      `--trim bounds are multiples of the mean weight, so LOW ≤ 1 ≤ HIGH (got '${value}'; use --trim-absolute for weight values)`,
    );
  }
  return { low, high, mode: absolute ? 'absolute' : 'mean' };
}

// ───────────────────────── survey estimate ─────────────────────────

const ESTIMATE_HELP = `Usage: cohesion survey estimate RESPONSES.csv --weights WEIGHTS.csv --var NAME [options]

Weighted estimates with design-based standard errors and 95% confidence intervals.
A numeric variable gives a weighted mean; any other variable gives the
proportion in each category. Estimates from fewer than --min-n respondents are
suppressed (estimate, se and interval null).

  --weights FILE          CSV with columns id,weight (id may instead be named as --id-col)
  --var NAME              the variable (column) to estimate
  --by NAME               also estimate within each value of this column (e.g. ward)
  --margins FILE          the raking margins (variable,category,population); SEs then
                          account for the raking, as R's survey package after rake()
  --design simple|raked   raked (default when --margins is given) or simple
  --type auto|mean|categorical
                          auto (default): numeric → mean, otherwise categorical;
                          use categorical for numeric codes such as 1–5
  --top-box VALUES        proportion answering any of these comma-separated values
                          (e.g. "4,5" or "Agree,Strongly agree") instead of every category
  --ci normal|logit       interval for proportions (default normal; logit stays in 0–1)
  --min-n N               suppression threshold (default ${DEFAULT_MIN_N})
  --id-col NAME           respondent id column (default: id)
  --json                  print {"estimates":[…]} instead of a table
  -h, --help              show this help

Missing values (empty or NA) are left out of the variable's estimates; respondents
with a missing --by value count only in the overall row.`;

interface OutputRow {
  by: string | null;
  level: string | null;
  category?: string;
  n: number;
  estimate: number | null;
  se: number | null;
  ci_low: number | null;
  ci_high: number | null;
  suppressed: boolean;
}

export const surveyEstimateCommand: CliCommand = {
  name: 'survey estimate',
  summary: 'Weighted means and proportions with design-based SEs, overall and by area',
  help: ESTIMATE_HELP,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandArgs('survey estimate', argv, {
      weights: { type: 'string' },
      var: { type: 'string' },
      by: { type: 'string' },
      margins: { type: 'string' },
      design: { type: 'string' },
      type: { type: 'string', default: 'auto' },
      'top-box': { type: 'string' },
      ci: { type: 'string', default: 'normal' },
      'min-n': { type: 'string' },
      'id-col': { type: 'string', default: 'id' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    });
    if (values.help) {
      await write(io.stdout, ESTIMATE_HELP + '\n');
      return 0;
    }
    const responsesPath = single(positionals, 'survey estimate', 'RESPONSES.csv');
    if (!values.weights) throw new CliError('survey estimate: --weights WEIGHTS.csv is required');
    if (!values.var) throw new CliError('survey estimate: --var NAME is required');
    const varName = values.var;
    const idCol = values['id-col'] as string;
    const minN =
      values['min-n'] === undefined
        ? DEFAULT_MIN_N
        : parseNumber(values['min-n'], '--min-n', (v) => Number.isInteger(v) && v >= 0, 'a whole number ≥ 0');
    const design = values.design ?? (values.margins ? 'raked' : 'simple');
    if (design !== 'simple' && design !== 'raked')
      throw new CliError(`--design must be simple or raked (got '${design}')`);
    if (design === 'raked' && !values.margins)
      throw new CliError('--design raked needs --margins MARGINS.csv (the margins the weights were raked to)');
    const type = values.type as string;
    if (!['auto', 'mean', 'categorical'].includes(type))
      throw new CliError(`--type must be auto, mean or categorical (got '${type}')`);
    const ciMethod = values.ci as string;
    if (ciMethod !== 'normal' && ciMethod !== 'logit')
      throw new CliError(`--ci must be normal or logit (got '${ciMethod}')`);
    const topBox =
      values['top-box'] === undefined
        ? null
        : values['top-box']
            .split(',')
            .map((s) => s.trim())
            .filter((s) => s !== '');
    if (topBox !== null && topBox.length === 0) throw new CliError('--top-box needs at least one value');
    if (topBox !== null && type === 'mean') throw new CliError('--top-box cannot be combined with --type mean');

    const responses = await readCsv(responsesPath, 'RESPONSES.csv');
    if (responses.rows.length === 0) throw new CliError('RESPONSES.csv has no respondents');
    const weightsTable = await readCsv(values.weights, 'WEIGHTS.csv');
    const ids = readIds(responses, idCol);
    const weights = joinWeights(weightsTable, ids, idCol);
    const varCol = columnIndex(responses, varName, '(--var)');
    const byCol = values.by === undefined ? -1 : columnIndex(responses, values.by, '(--by)');

    let calibration;
    if (design === 'raked') {
      const marginsTable = await readCsv(values.margins as string, 'MARGINS.csv');
      const margins = buildRakeMargins(responses, parseMargins(marginsTable), ids, 'MARGINS.csv');
      let err: number;
      try {
        err = marginError(margins, weights);
      } catch (e) {
        toCliError(e);
      }
      if (err > 0.01) {
        await write(
          io.stderr,
          `survey estimate: warning: the weights miss the margins by up to ${(err * 100).toFixed(1)}%; raked SEs assume the weights were raked to these margins\n`,
        );
      }
      calibration = calibrationFromMargins(margins);
    }
    let prepared;
    try {
      prepared = prepareDesign({ weights, calibration });
    } catch (e) {
      toCliError(e);
    }

    const raw = responses.rows.map((row) => row[varCol]);
    const valid = raw.filter((v) => !isMissing(v));
    if (valid.length === 0) throw new CliError(`variable '${varName}' has no non-missing values`);
    const numeric = valid.every((v) => Number.isFinite(Number(v)));
    if (type === 'mean' && !numeric) {
      const bad = valid.find((v) => !Number.isFinite(Number(v)));
      throw new CliError(`--type mean: variable '${varName}' has a non-numeric value '${bad}'`);
    }
    const kind: 'mean' | 'proportion' =
      topBox !== null || type === 'categorical' || (type === 'auto' && !numeric) ? 'proportion' : 'mean';

    // Domains.
    let levels: string[] = [];
    let byCodes: Int32Array | null = null;
    if (byCol >= 0) {
      const byRaw = responses.rows.map((row) => row[byCol]);
      levels = naturalSort(new Set(byRaw.filter((v) => !isMissing(v))));
      const idx = new Map(levels.map((l, i) => [l, i]));
      byCodes = Int32Array.from(byRaw, (v) => idx.get(v) ?? -1);
    }
    const opts = { minN, ciMethod: ciMethod as CiMethod };
    const rows: OutputRow[] = [];
    const byName = values.by ?? null;
    const emit = (category: string | undefined, overall: Estimate, byLevel: Estimate[]): void => {
      rows.push(toRow(null, null, category, overall));
      byLevel.forEach((e, i) => rows.push(toRow(byName, levels[i], category, e)));
    };
    const collect = (y: Float64Array): { overall: Estimate; byLevel: Estimate[] } => ({
      overall: estimateIndicator(prepared, y, null, 1, opts)[0],
      byLevel: byCodes ? estimateIndicator(prepared, y, byCodes, levels.length, opts) : [],
    });

    if (kind === 'mean') {
      const y = Float64Array.from(raw, (v) => (isMissing(v) ? NaN : Number(v)));
      emit(
        undefined,
        estimateMean(prepared, y, opts),
        byCodes ? estimateMeanByDomain(prepared, y, byCodes, levels.length, opts) : [],
      );
    } else {
      const categories = naturalSort(new Set(valid));
      const catIndex = new Map(categories.map((c, i) => [c, i]));
      const codes = Int32Array.from(raw, (v) => (isMissing(v) ? -1 : (catIndex.get(v) as number)));
      if (topBox !== null) {
        const unseen = topBox.filter((v) => !catIndex.has(v));
        if (unseen.length > 0) {
          await write(
            io.stderr,
            `survey estimate: warning: --top-box value(s) ${unseen.map((v) => `'${v}'`).join(', ')} never occur in '${varName}' (values are matched as exact text)\n`,
          );
        }
        const wanted = topBox.map((v) => catIndex.get(v)).filter((c): c is number => c !== undefined);
        const { overall, byLevel } = collect(indicator(codes, wanted));
        emit(topBox.join('|'), overall, byLevel);
      } else {
        // Overall rows for every category first, then each level's rows.
        const perCat = categories.map((c, i) => ({ c, ...collect(indicator(codes, i)) }));
        for (const p of perCat) rows.push(toRow(null, null, p.c, p.overall));
        levels.forEach((level, l) => {
          for (const p of perCat) rows.push(toRow(byName, level, p.c, p.byLevel[l]));
        });
      }
    }

    if (values.json) {
      const doc = {
        variable: varName,
        type: kind,
        design,
        conf_level: 0.95,
        min_n: minN,
        estimates: rows,
      };
      await write(io.stdout, JSON.stringify(doc) + '\n');
    } else {
      await write(io.stdout, renderTable(rows, kind, varName, design, minN));
    }
    return 0;
  },
};

function toRow(by: string | null, level: string | null, category: string | undefined, e: Estimate): OutputRow {
  const row: OutputRow = {
    by,
    level,
    n: e.n,
    estimate: e.estimate,
    se: e.se,
    ci_low: e.ciLow,
    ci_high: e.ciHigh,
    suppressed: e.suppressed,
  };
  if (category !== undefined) {
    return {
      by,
      level,
      category,
      n: row.n,
      estimate: row.estimate,
      se: row.se,
      ci_low: row.ci_low,
      ci_high: row.ci_high,
      suppressed: row.suppressed,
    };
  }
  return row;
}

function joinWeights(table: CsvTable, ids: readonly string[], idCol: string): Float64Array {
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

function renderTable(
  rows: OutputRow[],
  kind: 'mean' | 'proportion',
  varName: string,
  design: string,
  minN: number,
): string {
  const pct = kind === 'proportion';
  const num = (x: number | null, digits: number): string =>
    x === null ? '' : pct ? (x * 100).toFixed(digits) : x.toFixed(digits + 1);
  const header = [
    'by',
    'level',
    ...(pct ? ['category'] : []),
    'n',
    pct ? 'estimate %' : 'mean',
    pct ? 'se (pts)' : 'se',
    '95% CI',
  ];
  const body = rows.map((r) => [
    r.by ?? '(all)',
    r.level ?? '',
    ...(pct ? [r.category ?? ''] : []),
    String(r.n),
    r.suppressed ? 'suppressed' : num(r.estimate, 1),
    r.suppressed ? '' : num(r.se, 1),
    r.suppressed ? '' : `${num(r.ci_low, 1)} to ${num(r.ci_high, 1)}`,
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((b) => b[c].length)));
  const right = new Set(['n', 'estimate %', 'mean', 'se (pts)', 'se']);
  const line = (cells: string[]): string =>
    cells
      .map((cell, c) => (right.has(header[c]) ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
      .join('  ')
      .trimEnd();
  const title =
    `${varName}: ${pct ? 'weighted proportions' : 'weighted mean'}; ` +
    `SEs ${design === 'raked' ? 'account for raking' : 'from the weights alone (no calibration)'}; ` +
    `suppressed when n < ${minN}`;
  return [title, line(header), ...body.map(line)].join('\n') + '\n';
}
