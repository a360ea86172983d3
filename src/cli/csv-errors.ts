/** What a command says when it cannot read a CSV file: one line naming the file, never a stack trace. */
import { CsvReadError } from '../lib/csv.ts';
import { CliError } from './types.ts';

/** The CliError for a failure to read `path` (called `label` in messages); anything else is rethrown as is. */
export function csvReadFailure(err: unknown, path: string, label: string): CliError {
  if (!(err instanceof CsvReadError)) throw err;
  if (err.code === 'NOT_FOUND') return new CliError(`cannot read ${label}: no such file '${path}'`);
  if (err.code === 'BAD_GZIP') return new CliError(`cannot read ${label}: '${path}' is not valid gzip`);
  if (err.code === 'EMPTY') return new CliError(`${label} is empty (no header line)`);
  return new CliError(`cannot read ${label}: ${err.message}`);
}
