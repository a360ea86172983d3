/** `cohesion survey rake`: RESPONSES.csv + MARGINS.csv → id,weight CSV on stdout, one diagnostics line on stderr. */
import { CliError, type CliCommand, type CliIo } from '../../types.ts';
import { csvFromRows } from '../../../lib/csv-write.ts';
import { RAKE_DEFAULTS, rake, weightDiagnostics, type TrimOptions } from '../../../stats/survey/index.ts';
import { buildRakeMargins, parseMargins } from './margins.ts';
import { fmt, parseCommandArgs, parseNumber, single, toCliError, write } from './shared.ts';
import { columnIndex, readIds, readTable, type Ids } from './tables.ts';

/** An id that csv-stringify writes bare and the formula guard leaves alone. */
const PLAIN_ID = /^[^=+\-@\t\r\n",][^\r\n",]*$/;

/** One "id,weight" line, exactly as csvFromRows writes it (which it still does for anything out of the plain). */
export function idWeightLine(id: string, weight: number): string {
  return PLAIN_ID.test(id) && Number.isFinite(weight)
    ? `${id},${weight}\n`
    : csvFromRows([[id, weight]], { lineEnding: '\n' });
}

/** Bytes that keep an id from being written as it stands: CR, LF, quote and comma anywhere … */
const NOT_PLAIN = new Uint8Array(256);
for (const c of '\r\n",') NOT_PLAIN[c.charCodeAt(0)] = 1;
/** … and, first, what the formula guard or csv-stringify would act on. */
const NOT_PLAIN_FIRST = Uint8Array.from(NOT_PLAIN);
for (const c of '=+-@\t') NOT_PLAIN_FIRST[c.charCodeAt(0)] = 1;

/**
 * The id,weight lines, a buffer at a time: a plain id's bytes are copied from the responses as they are and its
 * weight written after them; any other id or weight goes through {@link idWeightLine}. Same bytes either way.
 */
export async function writeIdWeights(out: NodeJS.WritableStream, ids: Ids, w: Float64Array): Promise<void> {
  let buf = Buffer.allocUnsafe(1 << 20);
  let at = 0;
  for (let i = 0; i < w.length; i++) {
    if (buf.length - at < 4096) {
      await write(out, buf.subarray(0, at));
      buf = Buffer.allocUnsafe(1 << 20);
      at = 0;
    }
    let n = -1;
    try {
      n = ids.table.data.copyText(i, ids.column, buf, at);
    } catch (err) {
      if (!(err instanceof RangeError)) throw err; // an id longer than the room left: made as a string below
    }
    let plain = n > 0 && Number.isFinite(w[i]) && NOT_PLAIN_FIRST[buf[at]] === 0;
    for (let k = at + 1; plain && k < at + n; k++) if (NOT_PLAIN[buf[k]] === 1) plain = false;
    const line = plain ? `,${w[i]}\n` : idWeightLine(ids.id(i), w[i]);
    if (plain) at += n;
    if (buf.length - at < Buffer.byteLength(line)) {
      await write(out, buf.subarray(0, at));
      buf = Buffer.allocUnsafe(Math.max(1 << 20, Buffer.byteLength(line)));
      at = 0;
    }
    at += buf.write(line, at);
  }
  if (at > 0) await write(out, buf.subarray(0, at));
}

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

    const responses = await readTable(responsesPath, 'RESPONSES.csv');
    const marginsTable = await readTable(values.margins, 'MARGINS.csv');
    if (responses.size === 0) throw new CliError('RESPONSES.csv has no respondents');
    const ids = readIds(responses, idCol);
    const margins = buildRakeMargins(responses, parseMargins(marginsTable), ids, 'MARGINS.csv');
    let baseWeights: Float64Array | undefined;
    if (values['base-weight'] !== undefined) {
      const bc = columnIndex(responses, values['base-weight'], '(--base-weight)');
      baseWeights = responses.data.numbers(bc);
      for (let r = 0; r < responses.size; r++) {
        const v = baseWeights[r];
        if (Number.isFinite(v) && v > 0) continue;
        parseNumber(
          responses.data.text(r, bc),
          `base weight of respondent '${ids.id(r)}' (line ${responses.lines[r]})`,
          (x) => x > 0,
          'a number > 0',
        );
      }
    }

    let result;
    try {
      result = rake(margins, { baseWeights, maxIterations, epsilon, trim });
    } catch (err) {
      toCliError(err);
    }
    const w = result.weights;

    // id,weight CSV, a chunk of rows at a time: exactly what the one writer (csvFromRows) gives, which still
    // writes any id that needs quoting or the formula guard; a plain id and a finite weight are written as they are.
    await write(io.stdout, csvFromRows([['id', 'weight']], { lineEnding: '\n' }));
    await writeIdWeights(io.stdout, ids, w);

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
