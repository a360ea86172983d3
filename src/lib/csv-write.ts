/**
 * The project's one CSV writer (over csv-stringify): RFC 4180 quoting, and cells that a spreadsheet would run
 * as a formula made inert (CSV injection, as OWASP recommends): a text cell starting with `=`, `+`, `-`, `@`,
 * a tab or a carriage return is prefixed with a single quote. Numbers are written as they are (non-finite ones
 * as empty cells), dates as ISO 8601, null and undefined as empty cells.
 */
import { stringify } from 'csv-stringify/sync';

export interface CsvWriteOptions {
  /** Line ending; default CRLF, as RFC 4180 says. */
  readonly lineEnding?: '\r\n' | '\n';
  /** Quote every text cell, as the ONS census files do (numbers stay bare). Default: only when needed. */
  readonly quoteText?: boolean;
}

const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell made safe to open in a spreadsheet; see the file's comment. */
export function guardCell(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** One cell as text: the guard applies to text only, never to numbers or dates. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (value instanceof Date) return value.toISOString();
  return typeof value === 'string' ? guardCell(value) : String(value);
}

/** Writes rows of cells (the first row is usually the header) as CSV text. */
export function csvFromRows(rows: readonly (readonly unknown[])[], options: CsvWriteOptions = {}): string {
  if (rows.length === 0) return '';
  const quoteText = options.quoteText ?? false;
  // Numbers stay numbers so that, with quoteText, csv-stringify quotes the text cells only.
  const cells = rows.map((row) => row.map((v) => (typeof v === 'number' ? v : cellText(v))));
  return stringify(cells, {
    record_delimiter: options.lineEnding === '\n' ? 'unix' : 'windows',
    quoted_string: quoteText,
    quoted_empty: false,
    // csv-stringify quotes the record delimiter itself, not a lone CR or LF; readers end a record at either.
    quoted_match: /[\r\n]/,
    cast: { number: (n) => (Number.isFinite(n) ? String(n) : '') },
  });
}

/** Writes objects as CSV: a header of `columns` (default: the first row's keys), then one line per object. */
export function toCsv(
  rows: readonly Record<string, unknown>[],
  columns?: readonly string[],
  options: CsvWriteOptions = {},
): string {
  const cols = columns ?? (rows.length ? Object.keys(rows[0]) : []);
  return csvFromRows([cols, ...rows.map((row) => cols.map((c) => row[c]))], options);
}
