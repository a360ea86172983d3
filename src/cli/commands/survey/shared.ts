/** Helpers shared by `cohesion survey rake` and `cohesion survey estimate`. */
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { CliError } from '../../types.ts';
import { SurveyError } from '../../../stats/survey/index.ts';

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

export function parseCommandArgs<T extends OptionSpec>(command: string, argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new CliError(`${command}: ${firstSentence((err as Error).message)}`);
  }
}

export function toCliError(err: unknown): never {
  if (err instanceof SurveyError) throw new CliError(err.message);
  throw err;
}

export function parseNumber(value: string, what: string, check: (v: number) => boolean, rule: string): number {
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

export async function write(stream: NodeJS.WritableStream, text: string | Uint8Array): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

export function single(positionals: string[], command: string, what: string): string {
  if (positionals.length === 0) throw new CliError(`${command}: missing ${what}`);
  if (positionals.length > 1) throw new CliError(`${command}: unexpected argument '${positionals[1]}'`);
  return positionals[0];
}

export function fmt(x: number, digits = 4): string {
  return Number.isFinite(x) ? String(Number(x.toPrecision(digits))) : String(x);
}
