/** `cohesion segregation` options: argv → {@link SegregationOptions}, or a one-line CliError. */
import { parseArgs } from 'node:util';
import { CliError } from '../../types.ts';

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
export const DEFAULT_TOP = 10;
export const DEFAULT_SEED = 1;

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
