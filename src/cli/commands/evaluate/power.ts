/**
 * `cohesion evaluate power`: the minimum detectable effect (Bloom 1995) of a planned evaluation for its sample
 * sizes, with a design effect given directly or from the intra-cluster correlation and cluster size (Kish).
 * See src/stats/evaluation/power.ts.
 */
import { CliError, type CliCommand, type CliIo } from '../../types.ts';
import {
  mdeDid,
  mdeMean,
  mdePrePost,
  mdeProportion,
  type MdeResult,
  type PowerOptions,
} from '../../../stats/evaluation/index.ts';
import { evaluation, fmt, num, parseCommandArgs, parseNumber, write } from './shared.ts';

const HELP = `Usage: cohesion evaluate power --design DESIGN [options]

The minimum detectable effect (MDE): the smallest true effect a two-sided test
at --alpha would detect with probability --power, for the sample sizes given.

  --design D           two-group (difference in means or, with --baseline, in
                       proportions), did (difference-in-differences) or
                       pre-post (participants before and after, no comparison)
  --sd S               the outcome's standard deviation (means)
  --baseline P         the comparison group's proportion, 0–1 (two-group only;
                       the MDE is then in proportion points)
  --n-treated N        participants (two-group, did)
  --n-control N        comparison group (two-group, did)
  --n N                participants measured twice (pre-post)
  --correlation R      correlation between the waves (did with a panel, pre-post; default 0)
  --icc X              intra-cluster correlation, with --cluster-size M
  --cluster-size M     mean cluster size (design effect 1 + (M − 1)·ICC)
  --deff D             the design effect directly (instead of --icc)
  --alpha A            test size (default 0.05)
  --power P            power (default 0.8)
  --one-sided          one-sided test
  --json               print {"design", "mde", "standardised_mde", "multiplier", "se", "design_effect"}
  -h, --help           show this help`;

const positive = (v: number): boolean => v > 0;

export const evaluatePowerCommand: CliCommand = {
  name: 'evaluate power',
  summary: 'Minimum detectable effect for planned sample sizes, design effect and ICC',
  help: HELP,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandArgs('evaluate power', argv, {
      design: { type: 'string' },
      sd: { type: 'string' },
      baseline: { type: 'string' },
      'n-treated': { type: 'string' },
      'n-control': { type: 'string' },
      n: { type: 'string' },
      correlation: { type: 'string' },
      icc: { type: 'string' },
      'cluster-size': { type: 'string' },
      deff: { type: 'string' },
      alpha: { type: 'string' },
      power: { type: 'string' },
      'one-sided': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    });
    if (values.help) {
      await write(io.stdout, HELP + '\n');
      return 0;
    }
    if (positionals.length) throw new CliError(`evaluate power: unexpected argument '${positionals[0]}'`);
    const design = values.design;
    if (design !== 'two-group' && design !== 'did' && design !== 'pre-post')
      throw new CliError(`--design must be two-group, did or pre-post (got '${design ?? ''}')`);
    const opt = (name: keyof typeof values, rule: string, ok: (v: number) => boolean): number | undefined => {
      const v = values[name];
      return typeof v === 'string' ? parseNumber(v, `--${name}`, ok, rule) : undefined;
    };
    const need = (name: keyof typeof values, rule: string, ok: (v: number) => boolean): number => {
      const v = opt(name, rule, ok);
      if (v === undefined) throw new CliError(`evaluate power: --design ${design} needs --${name}`);
      return v;
    };
    const common: PowerOptions = {
      alpha: opt('alpha', 'a number between 0 and 1', (v) => v > 0 && v < 1),
      power: opt('power', 'a number between 0 and 1', (v) => v > 0 && v < 1),
      twoSided: !values['one-sided'],
      designEffect: opt('deff', 'a number > 0', positive),
      icc: opt('icc', 'a number from 0 to 1', (v) => v >= 0 && v <= 1),
      clusterSize: opt('cluster-size', 'a number ≥ 1', (v) => v >= 1),
    };
    if (common.designEffect !== undefined && (common.icc !== undefined || common.clusterSize !== undefined))
      throw new CliError('give either --deff or --icc with --cluster-size, not both');
    if ((common.icc === undefined) !== (common.clusterSize === undefined))
      throw new CliError('--icc and --cluster-size go together');
    const correlation = opt('correlation', 'a number strictly between −1 and 1', (v) => v > -1 && v < 1);
    let result: MdeResult;
    if (design === 'pre-post') {
      const sd = need('sd', 'a number > 0', positive);
      const n = need('n', 'a number ≥ 2', (v) => v >= 2);
      result = evaluation('power', () => mdePrePost({ sd, n, correlation, ...common }));
    } else {
      const nTreated = need('n-treated', 'a number > 0', positive);
      const nControl = need('n-control', 'a number > 0', positive);
      if (design === 'two-group' && values.baseline !== undefined) {
        if (values.sd !== undefined) throw new CliError('give either --sd (means) or --baseline (proportions)');
        const baseline = need('baseline', 'a proportion strictly between 0 and 1', (v) => v > 0 && v < 1);
        result = evaluation('power', () => mdeProportion({ baseline, nTreated, nControl, ...common }));
      } else {
        const sd = need('sd', 'a number > 0', positive);
        result = evaluation('power', () =>
          design === 'did'
            ? mdeDid({ sd, nTreated, nControl, correlation, ...common })
            : mdeMean({ sd, nTreated, nControl, ...common }),
        );
      }
    }
    const out = {
      design,
      mde: num(result.mde),
      standardised_mde: num(result.standardisedMde),
      multiplier: num(result.multiplier),
      se: num(result.se),
      design_effect: num(result.designEffect),
    };
    if (values.json) {
      await write(io.stdout, JSON.stringify(out) + '\n');
      return 0;
    }
    const sd = out.standardised_mde === null ? '' : ` (${fmt(out.standardised_mde, 3)} standard deviations)`;
    await write(
      io.stdout,
      `Minimum detectable effect: ${fmt(out.mde)}${sd}; design effect ${fmt(out.design_effect, 3)}, multiplier ${fmt(out.multiplier)}.\n`,
    );
    return 0;
  },
};
