/**
 * `cohesion evaluate match DATA.csv --treatment COL --covariates a,b,c …`: propensity scores by logistic
 * regression, greedy nearest-neighbour matching without replacement (MatchIt's "nearest", largest score first),
 * balance before and after, and with --outcome the effect on the treated (CR1 by matched set).
 * See docs/methods/evaluation.md and src/stats/evaluation/.
 */
import { CliError, type CliCommand, type CliIo } from '../../types.ts';
import {
  balanceTable,
  estimateAtt,
  fitLogistic,
  matchNearest,
  type MatchOptions,
} from '../../../stats/evaluation/index.ts';
import {
  binaryColumn,
  columnList,
  evaluation,
  finiteEstimate,
  fmt,
  num,
  numericColumn,
  parseCommandArgs,
  parseNumber,
  readTable,
  rowIds,
  single,
  textColumn,
  write,
} from './shared.ts';

const HELP = `Usage: cohesion evaluate match DATA.csv --treatment COL --covariates a,b,c [options]

Matches each treated row (COL = 1) to the nearest untreated rows (COL = 0) on a
propensity score from a logistic regression on the covariates: greedy nearest
neighbour without replacement, treated rows taken in descending order of score,
ties broken by row order (R MatchIt: method "nearest", distance "glm",
m.order "largest"). Prints balance (standardised mean differences) before and
after matching, and with --outcome the effect on the treated (weighted
regression in the matched sample, standard error clustered on matched sets).

  --treatment COL      0/1 column: 1 = took part
  --covariates A,B     numeric columns for the propensity score
  --exact COLS         columns that must agree exactly within a pair
  --caliper SD         largest allowed score distance, in standard deviations of
                       the score over all rows (e.g. 0.2)
  --ratio K            controls per treated row (default 1)
  --outcome COL        numeric outcome: also estimate the effect on the treated
  --id-col NAME        row id column (default: id; without one, rows are numbered 1, 2, …)
  --json               print JSON (see below) instead of a summary
  -h, --help           show this help

JSON: {"n_treated", "n_control", "matched_treated", "matched_control",
"propensity": {id: score}, "pairs": [[treated_id, control_id], …],
"balance": [{"covariate", "smd_before", "smd_after"}], "att", "att_se"}
(att and att_se only with --outcome).`;

export interface MatchReport {
  n_treated: number;
  n_control: number;
  matched_treated: number;
  matched_control: number;
  propensity: Record<string, number>;
  pairs: [string, string][];
  balance: { covariate: string; smd_before: number | null; smd_after: number | null }[];
  att?: number | null;
  att_se?: number | null;
}

export const evaluateMatchCommand: CliCommand = {
  name: 'evaluate match',
  summary: 'Propensity-score matching with balance and the effect on the treated (CSV in, JSON out)',
  help: HELP,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandArgs('evaluate match', argv, {
      treatment: { type: 'string' },
      covariates: { type: 'string' },
      exact: { type: 'string' },
      caliper: { type: 'string' },
      ratio: { type: 'string' },
      outcome: { type: 'string' },
      'id-col': { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    });
    if (values.help) {
      await write(io.stdout, HELP + '\n');
      return 0;
    }
    const path = single(positionals, 'evaluate match', 'DATA.csv');
    if (!values.treatment) throw new CliError('evaluate match: --treatment COL is required');
    const covNames = columnList(values.covariates, '--covariates');
    if (covNames.length === 0) throw new CliError('evaluate match: --covariates a,b,c is required');
    const exactNames = columnList(values.exact, '--exact');
    const caliper =
      values.caliper === undefined
        ? undefined
        : parseNumber(values.caliper, '--caliper', (v) => v > 0, 'a number of standard deviations > 0');
    const ratio =
      values.ratio === undefined
        ? 1
        : parseNumber(values.ratio, '--ratio', (v) => Number.isInteger(v) && v >= 1, 'a whole number ≥ 1');

    const table = await readTable(path, 'DATA.csv');
    if (table.rows.length === 0) throw new CliError('DATA.csv has no rows');
    const ids = rowIds(table, values['id-col'] ?? 'id', values['id-col'] !== undefined);
    const treat = binaryColumn(table, values.treatment, '(--treatment)');
    const covariates: Record<string, Float64Array> = {};
    for (const name of covNames) covariates[name] = numericColumn(table, name, '(--covariates)');
    const exact: Record<string, string[]> = {};
    for (const name of exactNames) exact[name] = textColumn(table, name, '(--exact)');
    const outcome = values.outcome ? numericColumn(table, values.outcome, '(--outcome)') : null;

    const fit = evaluation('propensity score', () => fitLogistic(treat, covariates));
    const options: MatchOptions = {
      ratio,
      ...(caliper !== undefined ? { caliper } : {}),
      ...(exactNames.length ? { exact } : {}),
    };
    const match = evaluation('matching', () => matchNearest(treat, fit.fitted, options));
    if (match.matchedTreated === 0)
      throw new CliError('matching: no treated row found a control (widen the caliper or relax --exact)');
    const balance = evaluation('balance', () => balanceTable(treat, covariates, match.weights));

    let nTreated = 0;
    for (let i = 0; i < treat.length; i++) nTreated += treat[i];
    const propensity: Record<string, number> = {};
    ids.forEach((id, i) => (propensity[id] = fit.fitted[i]));
    const pairs: [string, string][] = [];
    match.treatedRows.forEach((t, k) => {
      for (let r = 0; r < match.ratio; r++) {
        const c = match.matrix[k * match.ratio + r];
        if (c >= 0) pairs.push([ids[t], ids[c]]);
      }
    });
    const report: MatchReport = {
      n_treated: nTreated,
      n_control: treat.length - nTreated,
      matched_treated: match.matchedTreated,
      matched_control: match.matchedControls,
      propensity,
      pairs,
      balance: balance.rows.map((r) => ({
        covariate: r.covariate,
        smd_before: num(r.smdBefore),
        smd_after: num(r.smdAfter),
      })),
    };
    if (outcome) {
      const att = finiteEstimate(
        'effect on the treated',
        evaluation('effect on the treated', () => estimateAtt(outcome, treat, match)),
      );
      report.att = num(att.estimate);
      report.att_se = num(att.se);
    }
    if (values.json) {
      await write(io.stdout, JSON.stringify(report) + '\n');
      return 0;
    }
    const lines = [
      `Treated ${report.n_treated}, untreated ${report.n_control}; matched ${report.matched_treated} treated to ${report.matched_control} untreated (ratio ${ratio}${caliper !== undefined ? `, caliper ${caliper} SD` : ''}).`,
      '',
      'Standardised mean differences (before → after matching):',
      ...report.balance.map((b) => `  ${b.covariate}: ${fmt(b.smd_before, 3)} → ${fmt(b.smd_after, 3)}`),
    ];
    if (outcome) lines.push('', `Effect on the treated: ${fmt(report.att ?? null)} (SE ${fmt(report.att_se ?? null)})`);
    await write(io.stdout, lines.join('\n') + '\n');
    return 0;
  },
};
