/**
 * `cohesion evaluate did DATA.csv --outcome COL --treatment COL --post COL …`: difference-in-differences by
 * weighted least squares (outcome on treatment, period, their interaction and optional covariates), with HC1
 * or, given --cluster, CR1 standard errors on G − 1 degrees of freedom. See src/stats/evaluation/did.ts.
 */
import { CliError, type CliCommand, type CliIo } from '../../types.ts';
import { estimateDid } from '../../../stats/evaluation/index.ts';
import {
  binaryColumn,
  columnList,
  evaluation,
  finiteEstimate,
  fmt,
  num,
  numericColumn,
  parseCommandArgs,
  readTable,
  single,
  textColumn,
  write,
} from './shared.ts';

const HELP = `Usage: cohesion evaluate did DATA.csv --outcome COL --treatment COL --post COL [options]

Difference-in-differences: the coefficient of treatment × post in a weighted
least-squares regression of the outcome on treatment, post, their product and
any covariates (R: lm(y ~ treat * post + x, weights = w)). Standard errors are
heteroskedasticity-robust (HC1), or cluster-robust (CR1, as Stata's
vce(cluster) and sandwich::vcovCL(type = "HC1")) with --cluster; intervals and
p-values use the t distribution with G − 1 degrees of freedom when clustered,
N − K otherwise.

  --outcome COL        numeric outcome
  --treatment COL      0/1: 1 = the group that received the programme
  --post COL           0/1: 1 = after the programme started
  --covariates A,B     numeric covariates to adjust for
  --weights COL        analysis (e.g. survey) weights, ≥ 0
  --cluster COL        cluster id (person, area) for CR1 standard errors
  --json               print {"estimate", "se", "ci_low", "ci_high", "p_value", "n", "clusters"}
  -h, --help           show this help`;

export const evaluateDidCommand: CliCommand = {
  name: 'evaluate did',
  summary: 'Difference-in-differences with robust or clustered standard errors (CSV in, JSON out)',
  help: HELP,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandArgs('evaluate did', argv, {
      outcome: { type: 'string' },
      treatment: { type: 'string' },
      post: { type: 'string' },
      covariates: { type: 'string' },
      weights: { type: 'string' },
      cluster: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    });
    if (values.help) {
      await write(io.stdout, HELP + '\n');
      return 0;
    }
    const path = single(positionals, 'evaluate did', 'DATA.csv');
    for (const opt of ['outcome', 'treatment', 'post'] as const)
      if (!values[opt]) throw new CliError(`evaluate did: --${opt} COL is required`);
    const covNames = columnList(values.covariates, '--covariates');
    const table = await readTable(path, 'DATA.csv');
    if (table.rows.length === 0) throw new CliError('DATA.csv has no rows');
    const y = numericColumn(table, values.outcome as string, '(--outcome)');
    const treat = binaryColumn(table, values.treatment as string, '(--treatment)');
    const post = binaryColumn(table, values.post as string, '(--post)');
    const covariates: Record<string, Float64Array> = {};
    for (const name of covNames) covariates[name] = numericColumn(table, name, '(--covariates)');
    const weights = values.weights ? numericColumn(table, values.weights, '(--weights)', 'a number ≥ 0') : undefined;
    if (weights) {
      const bad = weights.findIndex((w) => w < 0);
      if (bad >= 0)
        throw new CliError(
          `DATA.csv line ${table.lines[bad]}: '${values.weights}' must be a number ≥ 0 (got '${weights[bad]}')`,
        );
    }
    const cluster = values.cluster ? textColumn(table, values.cluster, '(--cluster)') : undefined;
    const r = finiteEstimate(
      'difference-in-differences',
      evaluation('difference-in-differences', () =>
        estimateDid(y, treat, post, {
          ...(covNames.length ? { covariates } : {}),
          ...(weights ? { weights } : {}),
          ...(cluster ? { cluster } : {}),
        }),
      ),
    );
    const out = {
      estimate: num(r.estimate),
      se: num(r.se),
      ci_low: num(r.ciLow),
      ci_high: num(r.ciHigh),
      p_value: num(r.pValue),
      n: r.n,
      clusters: r.clusters,
    };
    if (values.json) {
      await write(io.stdout, JSON.stringify(out) + '\n');
      return 0;
    }
    await write(
      io.stdout,
      [
        `Difference-in-differences: ${fmt(out.estimate)} (SE ${fmt(out.se)}; ${r.clusters === null ? 'HC1' : `CR1, ${r.clusters} clusters`})`,
        `95% interval ${fmt(out.ci_low)} to ${fmt(out.ci_high)}; p = ${fmt(out.p_value, 3)}; ${r.n} rows used.`,
      ].join('\n') + '\n',
    );
    return 0;
  },
};
