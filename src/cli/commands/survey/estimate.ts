/**
 * `cohesion survey estimate`: RESPONSES.csv + WEIGHTS.csv (id,weight) → weighted mean (numeric variable) or one
 * proportion per category (categorical variable), overall and by a domain variable, with design-based SEs
 * (accounting for raking when --margins is given).
 */
import { CliError, type CliCommand, type CliIo } from '../../types.ts';
import {
  RAKE_DEFAULTS,
  calibrationFromMargins,
  estimateIndicator,
  estimateMean,
  estimateMeanByDomain,
  indicator,
  marginError,
  prepareDesign,
  rake,
  type CiMethod,
  type Estimate,
  type RakeMargin,
} from '../../../stats/survey/index.ts';
import { DEFAULT_MIN_N } from '../../../stats/suppression.ts';
import { buildRakeMargins, parseMargins } from './margins.ts';
import { renderTable, toRow, type OutputRow } from './output.ts';
import { isMissing, naturalSort, parseCommandArgs, parseNumber, single, toCliError, write } from './shared.ts';
import { columnIndex, joinWeights, readIds, readTable } from './tables.ts';

const ESTIMATE_HELP = `Usage: cohesion survey estimate RESPONSES.csv --weights WEIGHTS.csv --var NAME [options]
       cohesion survey estimate RESPONSES.csv --margins MARGINS.csv --var NAME [options]

Weighted estimates with design-based standard errors and 95% confidence intervals.
Without --weights, the responses are raked to --margins first, in the same run
(as \`survey rake\` with its default settings, giving the same weights).
A numeric variable gives a weighted mean; any other variable gives the
proportion in each category. Estimates from fewer than --min-n respondents are
suppressed (estimate, se and interval null).

  --weights FILE          CSV with columns id,weight (id may instead be named as --id-col);
                          leave out to rake to --margins in this run
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
    if (!values.weights && !values.margins)
      throw new CliError(
        'survey estimate: --weights WEIGHTS.csv is required (or --margins MARGINS.csv to rake in the same run)',
      );
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

    const responses = await readTable(responsesPath, 'RESPONSES.csv');
    if (responses.size === 0) throw new CliError('RESPONSES.csv has no respondents');
    const weightsTable = values.weights === undefined ? null : await readTable(values.weights, 'WEIGHTS.csv');
    const respondents = readIds(responses, idCol);
    const joined = weightsTable === null ? null : joinWeights(weightsTable, respondents, idCol);
    const varCol = columnIndex(responses, varName, '(--var)');
    const byCol = values.by === undefined ? -1 : columnIndex(responses, values.by, '(--by)');

    // The margins, coded once: raked to here when there is no weights file, and the raked design's calibration.
    let margins: RakeMargin[] | null = null;
    if (values.margins !== undefined && (weightsTable === null || design === 'raked')) {
      const marginsTable = await readTable(values.margins, 'MARGINS.csv');
      margins = buildRakeMargins(responses, parseMargins(marginsTable), respondents, 'MARGINS.csv');
    }
    let weights: Float64Array;
    if (joined !== null) weights = joined;
    else {
      try {
        weights = rake(margins as RakeMargin[], {
          maxIterations: RAKE_DEFAULTS.maxIterations,
          epsilon: RAKE_DEFAULTS.epsilon,
        }).weights;
      } catch (e) {
        toCliError(e);
      }
    }

    let calibration;
    if (design === 'raked' && margins !== null) {
      let err: number;
      try {
        err = weightsTable === null ? 0 : marginError(margins, weights);
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

    // The variable, coded once: each distinct value is checked and converted once, not each cell.
    const coded = responses.data.categories(varCol);
    const raw = coded.codes;
    const missingLabel = coded.labels.map(isMissing);
    const valid = coded.labels.filter((_v, k) => !missingLabel[k]); // distinct values, in order of appearance
    if (valid.length === 0) throw new CliError(`variable '${varName}' has no non-missing values`);
    const labelValue = coded.labels.map((v) => Number(v));
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
      const by = responses.data.categories(byCol);
      levels = naturalSort(new Set(by.labels.filter((v) => !isMissing(v))));
      const idx = new Map(levels.map((l, i) => [l, i]));
      const toLevel = Int32Array.from(by.labels, (v) => idx.get(v) ?? -1);
      byCodes = new Int32Array(by.codes.length);
      for (let r = 0; r < byCodes.length; r++) byCodes[r] = toLevel[by.codes[r]];
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
      const value = Float64Array.from(labelValue, (v, k) => (missingLabel[k] ? NaN : v));
      const y = new Float64Array(raw.length);
      for (let r = 0; r < y.length; r++) y[r] = value[raw[r]];
      emit(
        undefined,
        estimateMean(prepared, y, opts),
        byCodes ? estimateMeanByDomain(prepared, y, byCodes, levels.length, opts) : [],
      );
    } else {
      const categories = naturalSort(new Set(valid));
      const catIndex = new Map(categories.map((c, i) => [c, i]));
      const toCategory = Int32Array.from(coded.labels, (v, k) => (missingLabel[k] ? -1 : (catIndex.get(v) as number)));
      const codes = new Int32Array(raw.length);
      for (let r = 0; r < codes.length; r++) codes[r] = toCategory[raw[r]];
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
