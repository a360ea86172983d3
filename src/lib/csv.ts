/**
 * The project's one CSV reader (over csv-parse), for files and uploads alike.
 *
 *   for await (const { line, record } of readCsv('counts.csv.gz')) {
 *     record['OA'] // string value of column "OA"
 *   }
 *   for await (const { line, record } of readCsvBuffer(upload, { trim: true })) …
 *   const { header, rows, lines } = await readCsvTable('responses.csv');
 *
 * - From a file path ({@link readCsv}, streamed), from bytes in memory ({@link readCsvBuffer}, an upload),
 *   or a whole small file as a table ({@link readCsvTable}).
 * - Plain or gzip-compressed: gzip is detected from the first two bytes (1f 8b), whatever the file is called.
 * - The first row is the header. Column names are trimmed and must be
 *   non-empty and unique; a UTF-8 byte-order mark is removed.
 * - Each data row is yielded as `{ line, record, values }`: `line` is the
 *   1-based line of the file on which the row starts (the header is line 1;
 *   quoted fields may span lines), `record` maps column name → raw string
 *   value (not trimmed, never converted), `values` holds the same strings in
 *   header order (trimmed of surrounding white space with `trim: true`).
 * - Blank lines are skipped (in a one-column file a blank line is a row with
 *   an empty value). A row with the wrong number of fields, broken
 *   quoting, a bad gzip stream or a missing file throws {@link CsvReadError}
 *   with a one-line message naming the file and line.
 * - Memory use is bounded: rows are parsed as the file streams in. Stop early
 *   with `break`; the file is then closed.
 */
import { open } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { pipeline, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { parse, type CsvError } from 'csv-parse';

export interface CsvRecord {
  /** 1-based line of the file on which this row starts. */
  readonly line: number;
  /** Column name → raw value. */
  readonly record: Record<string, string>;
  /** The same raw values in header order, for callers that look columns up by position. */
  readonly values: readonly string[];
}

export type CsvReadErrorCode =
  /** The file does not exist. */
  | 'NOT_FOUND'
  /** The file could not be read (permissions, a directory, …). */
  | 'READ_FAILED'
  /** Looks like gzip but does not decompress. */
  | 'BAD_GZIP'
  /** No header row. */
  | 'EMPTY'
  /** Blank, duplicate or forbidden column names. */
  | 'BAD_HEADER'
  /** A row with more or fewer fields than the header. */
  | 'FIELD_COUNT'
  /** Unbalanced or misplaced double quotes. */
  | 'BAD_QUOTES'
  /** Any other parse failure. */
  | 'MALFORMED'
  /** More data rows than the caller's limit (the columnar reader's `maxRows`). */
  | 'TOO_MANY_ROWS';

/** The one error type thrown by {@link readCsv}; `message` is one line. */
export class CsvReadError extends Error {
  constructor(
    readonly code: CsvReadErrorCode,
    readonly file: string,
    /** Line of the file where the problem was found, when known. */
    readonly line: number | null,
    reason: string,
  ) {
    super(`${basename(file)}${line === null ? '' : ` line ${line}`}: ${reason}`);
    this.name = 'CsvReadError';
  }
}

export interface ReadCsvOptions {
  /** Field delimiter (one character); default ",". */
  readonly delimiter?: string;
  /** Called once with the trimmed column names, before the first row. */
  readonly onHeader?: (columns: readonly string[]) => void;
  /** Trim white space around every value (uploads typed by hand); default false: values are raw. */
  readonly trim?: boolean;
}

const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;
const CHUNK_SIZE = 1 << 20;

/** Read the first bytes to decide whether the file is gzip-compressed. */
async function isGzip(path: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(path, 'r');
    const probe = Buffer.alloc(2);
    const { bytesRead } = await handle.read(probe, 0, 2, 0);
    return bytesRead === 2 && probe[0] === GZIP_MAGIC_0 && probe[1] === GZIP_MAGIC_1;
  } catch (error) {
    throw ioError(path, error);
  } finally {
    await handle?.close();
  }
}

function errorCode(error: unknown): string | undefined {
  return error && typeof error === 'object' && 'code' in error ? String((error as { code: unknown }).code) : undefined;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0];
}

export function ioError(path: string, error: unknown): CsvReadError {
  const code = errorCode(error);
  if (code === 'ENOENT') return new CsvReadError('NOT_FOUND', path, null, 'no such file');
  if (code === 'EISDIR') return new CsvReadError('READ_FAILED', path, null, 'is a directory, not a file');
  if (code === 'EACCES') return new CsvReadError('READ_FAILED', path, null, 'permission denied');
  return new CsvReadError('READ_FAILED', path, null, firstLine(error));
}

/** Translate csv-parse, zlib and fs failures into a CsvReadError. */
function translateError(path: string, error: unknown, fallbackLine: number): CsvReadError {
  if (error instanceof CsvReadError) return error;
  const code = errorCode(error) ?? '';
  if (
    code.startsWith('Z_') ||
    code === 'ERR_ZLIB' ||
    /unexpected end of file|incorrect header check/i.test(firstLine(error))
  ) {
    return new CsvReadError('BAD_GZIP', path, null, `not a valid gzip file (${firstLine(error)})`);
  }
  if (code.startsWith('CSV_') || code === 'INVALID_OPENING_QUOTE') {
    const csvError = error as CsvError;
    const line = typeof csvError.lines === 'number' ? csvError.lines : fallbackLine;
    const reason = firstLine(error).replace(/ at line \d+.*$/, '');
    const quoteCodes = ['CSV_QUOTE_NOT_CLOSED', 'INVALID_OPENING_QUOTE', 'CSV_INVALID_CLOSING_QUOTE'];
    return new CsvReadError(quoteCodes.includes(code) ? 'BAD_QUOTES' : 'MALFORMED', path, line, reason);
  }
  if (code.startsWith('E')) return ioError(path, error);
  return new CsvReadError('MALFORMED', path, fallbackLine, firstLine(error));
}

/** Trimmed, validated column names. */
export function checkHeader(path: string, fields: string[]): string[] {
  const names = fields.map((f) => f.trim());
  if (names.length === 1 && names[0] === '') {
    throw new CsvReadError('BAD_HEADER', path, 1, 'the first line is blank; expected a header row of column names');
  }
  const seen = new Set<string>();
  names.forEach((name, k) => {
    if (name === '') throw new CsvReadError('BAD_HEADER', path, 1, `column ${k + 1} has no name`);
    if (name === '__proto__') throw new CsvReadError('BAD_HEADER', path, 1, 'column name "__proto__" is not allowed');
    if (seen.has(name)) throw new CsvReadError('BAD_HEADER', path, 1, `column "${name}" appears twice`);
    seen.add(name);
  });
  return names;
}

/** Number of line breaks inside a row's fields (quoted fields may contain them). */
function embeddedLineBreaks(fields: string[]): number {
  let count = 0;
  for (let k = 0; k < fields.length; k++) {
    const field = fields[k];
    let at = field.indexOf('\n');
    while (at !== -1) {
      count++;
      at = field.indexOf('\n', at + 1);
    }
  }
  return count;
}

/**
 * A function turning a row's fields into a record object keyed by the header. No code is generated from
 * column names (they come from uploaded files); "__proto__" is rejected by checkHeader.
 */
function recordFactory(header: readonly string[]): (fields: string[]) => Record<string, string> {
  const n = header.length;
  return (f) => {
    const record: Record<string, string> = {};
    for (let k = 0; k < n; k++) record[header[k]] = f[k];
    return record;
  };
}

function isBlankRow(fields: string[]): boolean {
  return fields.length === 1 && fields[0].trim() === '';
}

/**
 * Stream the rows of a CSV file (plain or gzip) as `{ line, record }`.
 * Throws {@link CsvReadError} for a missing, unreadable or malformed file.
 */
export async function* readCsv(path: string, options: ReadCsvOptions = {}): AsyncGenerator<CsvRecord, void, undefined> {
  const gzip = await isGzip(path);
  const source = createReadStream(path, { highWaterMark: CHUNK_SIZE });
  yield* parseRows(path, gzip ? [source, createGunzip({ chunkSize: CHUNK_SIZE })] : [source], options);
}

/**
 * The rows of a CSV held in memory (an upload), plain or gzip, exactly as {@link readCsv} reads a file.
 * `name` names it in error messages (default "upload.csv").
 */
export async function* readCsvBuffer(
  bytes: Uint8Array,
  options: ReadCsvOptions & { readonly name?: string } = {},
): AsyncGenerator<CsvRecord, void, undefined> {
  const gzip = bytes.length > 1 && bytes[0] === GZIP_MAGIC_0 && bytes[1] === GZIP_MAGIC_1;
  const source = Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]);
  yield* parseRows(options.name ?? 'upload.csv', gzip ? [source, createGunzip()] : [source], options);
}

/** A whole CSV file read at once: the header, each row's values in header order, and the line each starts on. */
export interface CsvTable {
  readonly header: string[];
  readonly rows: string[][];
  readonly lines: number[];
}

/** Reads a whole (small) CSV file, plain or gzip, into memory. Throws {@link CsvReadError} as {@link readCsv}. */
export async function readCsvTable(path: string, options: ReadCsvOptions = {}): Promise<CsvTable> {
  let header: string[] = [];
  const rows: string[][] = [];
  const lines: number[] = [];
  const onHeader = (columns: readonly string[]) => {
    header = [...columns];
    options.onHeader?.(columns);
  };
  for await (const row of readCsv(path, { ...options, onHeader })) {
    rows.push([...row.values]);
    lines.push(row.line);
  }
  return { header, rows, lines };
}

/** The one parser behind every reader: `streams` end in the CSV bytes; `name` is for messages. */
async function* parseRows(
  name: string,
  streams: (Readable | NodeJS.ReadWriteStream)[],
  options: ReadCsvOptions,
): AsyncGenerator<CsvRecord, void, undefined> {
  const parser = parse({
    bom: true,
    delimiter: options.delimiter ?? ',',
    relax_column_count: true, // counted here, to report the right line
    skip_empty_lines: false, // blank rows are counted here, to keep line numbers right
  });
  let failure: unknown = null;
  (pipeline as (...args: unknown[]) => void)(...streams, parser, (error: unknown) => {
    if (error) failure = error;
  });

  let header: string[] | null = null;
  let makeRecord: ((fields: string[]) => Record<string, string>) | null = null;
  let nextLine = 1;
  let callerError = false; // an exception from onHeader passes through untouched
  try {
    for await (const raw of parser as AsyncIterable<string[]>) {
      const start = nextLine;
      nextLine = start + 1 + embeddedLineBreaks(raw);
      if (header === null || makeRecord === null) {
        header = checkHeader(name, raw);
        makeRecord = recordFactory(header);
        try {
          options.onHeader?.(header);
        } catch (error) {
          callerError = true;
          throw error;
        }
        continue;
      }
      if (isBlankRow(raw) && header.length > 1) continue;
      if (raw.length !== header.length) {
        throw new CsvReadError('FIELD_COUNT', name, start, `expected ${header.length} fields, found ${raw.length}`);
      }
      const fields = options.trim ? raw.map((v) => v.trim()) : raw;
      yield { line: start, record: makeRecord(fields), values: fields };
    }
  } catch (error) {
    throw error instanceof CsvReadError || callerError ? error : translateError(name, failure ?? error, nextLine);
  } finally {
    if (!parser.destroyed) parser.destroy();
  }
  if (failure) throw translateError(name, failure, nextLine);
  if (header === null) throw new CsvReadError('EMPTY', name, null, 'the file is empty; expected a header row');
}
