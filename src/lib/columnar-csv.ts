/**
 * A fast, columnar CSV reader for numeric and categorical files: the whole (decompressed) file is parsed once at
 * the byte level into field offsets, and columns are then decoded straight to numbers and category codes, without
 * a JavaScript string per cell.
 *
 *   const table = await readColumnarCsv('counts.csv.gz');
 *   const col = table.columnIndex('Persons');
 *   for (let r = 0; r < table.rows; r++) table.number(r, col); // NaN when not a number
 *   const { codes, labels } = table.categories(table.columnIndex('LAD'), { trim: true });
 *
 * It reads exactly what src/lib/csv.ts reads (the property tests compare the two on random files):
 * plain or gzip (detected from the first two bytes), a UTF-8 byte-order mark dropped, the header's names trimmed
 * and checked the same way, RFC 4180 quoting (`""` inside quotes), the record delimiter taken from the first
 * line ending (`\n`, `\r\n` or `\r`, as csv-parse does), blank lines skipped (except in a one-column file),
 * `lines[r]` the 1-based line on which data row r starts. Errors are {@link CsvReadError}s with the same
 * codes and messages: on a structural problem (a wrong field count, bad quoting or gzip: the error path only)
 * the bytes are re-read with the reference reader, so that the message is word for word the one it gives
 * (in a file with several such problems, csv-parse may name a later quoting problem first).
 *
 * Memory: the decompressed bytes plus nine bytes per cell (two offsets and a flag).
 */
import { readFile } from 'node:fs/promises';
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import { CsvReadError, checkHeader, ioError, readCsvBuffer } from './csv.ts';
import { Interner, type Categories } from './columnar-intern.ts';

export type { Categories } from './columnar-intern.ts';

const gunzipAsync = promisify(gunzip);

export interface ColumnarOptions {
  /** Field delimiter (one ASCII character); default ",". */
  readonly delimiter?: string;
  /** Trim white space around every value, as `readCsv(…, { trim: true })`. Default false. */
  readonly trim?: boolean;
  /** Name used in error messages (default: the path, or "upload.csv" for bytes). */
  readonly name?: string;
  /**
   * Return the rows before a structural error (bad quoting, wrong field count) with the error in
   * {@link ColumnarTable.error} instead of throwing it, so that a caller validating rows in order can report an
   * earlier bad row first, exactly as a streaming reader would. Default false: throw.
   */
  readonly deferErrors?: boolean;
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const FLAG_ESCAPED = 1; // quoted field containing "" pairs
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

function isAsciiSpace(b: number): boolean {
  return b === 0x20 || (b >= 0x09 && b <= 0x0d);
}

export class ColumnarTable {
  constructor(
    /** Name for messages. */
    readonly name: string,
    /** Trimmed column names. */
    readonly header: readonly string[],
    /** Number of data rows (blank lines skipped). */
    readonly rows: number,
    /** 1-based line of the file on which each data row starts. */
    readonly lines: Int32Array,
    /** With `deferErrors`: the structural error found after the last row, else null. */
    readonly error: CsvReadError | null,
    private readonly buf: Buffer,
    private readonly starts: Int32Array,
    private readonly ends: Int32Array,
    private readonly flags: Uint8Array,
    private readonly trim: boolean,
  ) {}

  /** Position of a column, or -1. */
  columnIndex(name: string): number {
    return this.header.indexOf(name);
  }

  /** The cell as a string (unquoted, trimmed with the `trim` option): what csv.ts would give. */
  text(row: number, col: number): string {
    const at = row * this.header.length + col;
    let s = this.buf.toString('utf8', this.starts[at], this.ends[at]);
    if (this.flags[at] & FLAG_ESCAPED) s = s.replaceAll('""', '"');
    return this.trim ? s.trim() : s;
  }

  /** Byte range of a cell after ASCII trimming (when `trim`), or null when non-ASCII edges need string trimming. */
  private span(at: number, trim: boolean): [number, number] | null {
    let s = this.starts[at];
    let e = this.ends[at];
    if (!trim) return [s, e];
    const b = this.buf;
    while (s < e && isAsciiSpace(b[s])) s++;
    while (e > s && isAsciiSpace(b[e - 1])) e--;
    if (s < e && (b[s] >= 0x80 || b[e - 1] >= 0x80)) return null;
    return [s, e];
  }

  /** True when the cell is empty (after trimming with the `trim` option). */
  isEmpty(row: number, col: number): boolean {
    const at = row * this.header.length + col;
    const span = this.span(at, this.trim);
    return span === null ? this.text(row, col) === '' : span[0] === span[1];
  }

  /** True when the cell's text equals `ascii` (an ASCII string), e.g. "NA". */
  equals(row: number, col: number, ascii: string): boolean {
    const at = row * this.header.length + col;
    const span = this.flags[at] & FLAG_ESCAPED ? null : this.span(at, this.trim);
    if (span === null) return this.text(row, col) === ascii;
    const [s, e] = span;
    if (e - s !== ascii.length) return false;
    for (let k = 0; k < ascii.length; k++) if (this.buf[s + k] !== ascii.charCodeAt(k)) return false;
    return true;
  }

  /**
   * The cell as a whole number when it is 1–15 ASCII digits and nothing else (no sign, no spaces), else -1.
   * A fast path for counts; anything else can be read from {@link text}.
   */
  digits(row: number, col: number): number {
    const at = row * this.header.length + col;
    const s = this.starts[at];
    const e = this.ends[at];
    if (e <= s || e - s > 15) return -1;
    const b = this.buf;
    let v = 0;
    for (let k = s; k < e; k++) {
      const d = b[k] - 48;
      if (d < 0 || d > 9) return -1;
      v = v * 10 + d;
    }
    return v;
  }

  /**
   * The cell as `Number(text)` would read it, except that a blank cell is NaN (not 0). Plain decimals of up
   * to 15 digits are read from the bytes (m / 10^k, both exact, one correctly rounded division: the same value
   * Number() gives); anything else goes through Number() on the text.
   */
  number(row: number, col: number): number {
    const at = row * this.header.length + col;
    if ((this.flags[at] & FLAG_ESCAPED) === 0) {
      const b = this.buf;
      let s = this.starts[at];
      let e = this.ends[at];
      while (s < e && isAsciiSpace(b[s])) s++;
      while (e > s && isAsciiSpace(b[e - 1])) e--;
      const v = this.fastDecimal(s, e);
      if (v !== undefined) return v;
    }
    const text = this.text(row, col);
    return text.trim() === '' ? NaN : Number(text);
  }

  private fastDecimal(s: number, e: number): number | undefined {
    const b = this.buf;
    if (s === e) return NaN;
    let k = s;
    let negative = false;
    if (b[k] === 0x2d || b[k] === 0x2b) {
      negative = b[k] === 0x2d;
      k++;
    }
    let m = 0;
    let digits = 0;
    let scale = 0;
    let dot = false;
    for (; k < e; k++) {
      const c = b[k];
      if (c === 0x2e && !dot) {
        dot = true;
        continue;
      }
      const d = c - 48;
      if (d < 0 || d > 9) return undefined;
      m = m * 10 + d;
      digits++;
      if (dot) scale++;
    }
    if (digits === 0 || digits > 15) return undefined;
    const v = scale === 0 ? m : m / POW10[scale];
    return negative ? -v : v;
  }

  /** Numbers of a whole column ({@link number} for each row). */
  numbers(col: number): Float64Array {
    const out = new Float64Array(this.rows);
    for (let r = 0; r < this.rows; r++) out[r] = this.number(r, col);
    return out;
  }

  /**
   * Category codes of a column, labels in order of first appearance, without a string per cell (one per
   * distinct value). `trim` defaults to the table's option. Pass an `interner` to go on coding where another
   * column (of this or another table) stopped: equal values then share a code across both, and the
   * labels returned are all the values coded so far. Without an interner a column is coded once: asking again
   * returns the same (read-only) result.
   */
  categories(col: number, options: { trim?: boolean; interner?: Interner; distinct?: number } = {}): Categories {
    const trim = options.trim ?? this.trim;
    // A column coded on its own is coded once, however often it is asked for (e.g. a margin that is also --by).
    const cacheable = options.interner === undefined;
    const key = `${col}:${trim}`;
    if (cacheable) {
      const cached = this.coded.get(key);
      if (cached) return cached;
    }
    const result = this.codeColumn(col, trim, options.interner ?? new Interner(options.distinct));
    if (cacheable) this.coded.set(key, result);
    return result;
  }

  private readonly coded = new Map<string, Categories>();

  private codeColumn(col: number, trim: boolean, interner: Interner): Categories {
    const codes = new Int32Array(this.rows);
    const width = this.header.length;
    const buf = this.buf;
    const starts = this.starts;
    const ends = this.ends;
    const flags = this.flags;
    for (let r = 0; r < this.rows; r++) {
      const at = r * width + col;
      let s = starts[at];
      let e = ends[at];
      if (trim) {
        while (s < e && isAsciiSpace(buf[s])) s++;
        while (e > s && isAsciiSpace(buf[e - 1])) e--;
      }
      const simple = (flags[at] & FLAG_ESCAPED) === 0 && (!trim || s === e || (buf[s] < 0x80 && buf[e - 1] < 0x80));
      if (simple) {
        codes[r] = interner.intern(buf, s, e, r);
      } else {
        let text = this.buf.toString('utf8', this.starts[at], this.ends[at]);
        if (this.flags[at] & FLAG_ESCAPED) text = text.replaceAll('""', '"');
        if (trim) text = text.trim();
        const bytes = Buffer.from(text, 'utf8');
        codes[r] = interner.intern(bytes, 0, bytes.length, r);
      }
    }
    return interner.result(codes);
  }
}

/** Growable Int32Array. */
function grow(a: Int32Array<ArrayBuffer>, size: number): Int32Array<ArrayBuffer> {
  if (size <= a.length) return a;
  const next = new Int32Array(Math.max(size, a.length * 2));
  next.set(a);
  return next;
}

interface Parsed {
  header: string[];
  rows: number;
  lines: Int32Array;
  starts: Int32Array;
  ends: Int32Array;
  flags: Uint8Array;
  /** A structural problem after `rows` rows: a field count (message ready) or quoting (ask the reference). */
  problem: { kind: 'fields'; line: number; found: number } | { kind: 'quotes' } | null;
}

/**
 * The byte-level parser. Record delimiter: the first unquoted line ending (\r\n, \n or \r), as csv-parse.
 * `lines` follows csv.ts: each record counts one line plus the \n bytes inside its fields.
 */
function parse(buf: Buffer, name: string, delimiter: number): Parsed {
  const len = buf.length;
  let pos = len >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  const special = new Uint8Array(256); // the bytes an unquoted field stops to look at
  special[delimiter] = special[LF] = special[CR] = special[QUOTE] = 1;
  let recordDelim = 0; // 0 unknown, 1 "\n", 2 "\r\n", 3 "\r"
  let header: string[] | null = null;
  let width = 0;
  let rows = 0;
  let line = 1;
  // Capacity from the number of \n bytes (memchr speed); a file of \r line endings grows as it goes.
  let expectedRecords = 1;
  for (let at = buf.indexOf(LF, pos); at !== -1; at = buf.indexOf(LF, at + 1)) expectedRecords++;
  let starts = new Int32Array(0);
  let ends = new Int32Array(0);
  let flagBytes = new Uint8Array(0);
  let lines = new Int32Array(expectedRecords);
  const headerFields: [number, number, number][] = [];
  while (pos < len) {
    // One record.
    const recordLine = line;
    let newlines = 0;
    let field = 0;
    let blank = true;
    const base = rows * width;
    if (header !== null && base + width > starts.length) {
      const size = Math.max(base + width, starts.length * 2, expectedRecords * width);
      starts = grow(starts, size);
      ends = grow(ends, size);
      const f = new Uint8Array(starts.length);
      f.set(flagBytes);
      flagBytes = f;
    }
    for (;;) {
      let s: number;
      let e: number;
      let flag = 0;
      if (pos < len && buf[pos] === QUOTE) {
        s = pos + 1;
        let q = s;
        for (;;) {
          q = buf.indexOf(QUOTE, q);
          if (q < 0)
            return { header: header ?? [], rows, lines, starts, ends, flags: flagBytes, problem: { kind: 'quotes' } };
          if (q + 1 < len && buf[q + 1] === QUOTE) {
            flag = FLAG_ESCAPED;
            q += 2;
            continue;
          }
          break;
        }
        e = q;
        for (let k = s; k < e; k++) if (buf[k] === LF) newlines++;
        pos = q + 1;
        if (pos < len) {
          const c = buf[pos];
          const endsRecord = c === LF ? recordDelim === 0 || recordDelim === 1 : c === CR ? recordDelim !== 1 : false;
          if (c !== delimiter && !endsRecord)
            return { header: header ?? [], rows, lines, starts, ends, flags: flagBytes, problem: { kind: 'quotes' } };
          if (c === CR && recordDelim === 2 && !(pos + 1 < len && buf[pos + 1] === LF)) {
            return { header: header ?? [], rows, lines, starts, ends, flags: flagBytes, problem: { kind: 'quotes' } };
          }
        }
      } else {
        s = pos;
        for (; pos < len; pos++) {
          const c = buf[pos];
          if (special[c] === 0) continue;
          if (c === delimiter) break;
          if (c === LF) {
            if (recordDelim === 0 || recordDelim === 1) break;
            newlines++; // a line break inside the field (csv.ts counts every \n)
          } else if (c === CR) {
            if (recordDelim === 0 || recordDelim === 3) break;
            if (recordDelim === 2 && pos + 1 < len && buf[pos + 1] === LF) break;
          } else if (c === QUOTE) {
            return { header: header ?? [], rows, lines, starts, ends, flags: flagBytes, problem: { kind: 'quotes' } };
          }
        }
        e = pos;
      }
      if (blank) for (let k = s; k < e && blank; k++) if (!isAsciiSpace(buf[k])) blank = false;
      if (header === null) headerFields.push([s, e, flag]);
      else if (field < width) {
        starts[base + field] = s;
        ends[base + field] = e;
        flagBytes[base + field] = flag;
      }
      field++;
      // After the field: a delimiter, a record delimiter or the end.
      if (pos >= len) break;
      const c = buf[pos];
      if (c === delimiter) {
        pos++;
        if (pos >= len) {
          // A trailing delimiter at the end of the file: one more, empty, field.
          if (header !== null && field < width) starts[base + field] = ends[base + field] = len;
          if (header !== null && field < width) flagBytes[base + field] = 0;
          field++;
          break;
        }
        continue;
      }
      // A line ending (the parsers above stop only at a record delimiter or one that decides it).
      if (recordDelim === 0) recordDelim = c === LF ? 1 : pos + 1 < len && buf[pos + 1] === LF ? 2 : 3;
      pos += recordDelim === 2 ? 2 : 1;
      break;
    }
    line = recordLine + 1 + newlines;
    if (header === null) {
      header = checkHeader(
        name,
        headerFields.map(([s, e, flag]) => {
          const t = buf.toString('utf8', s, e);
          return flag & FLAG_ESCAPED ? t.replaceAll('""', '"') : t;
        }),
      );
      width = header.length;
      continue;
    }
    if (field === 1 && width > 1 && (blank || isBlankText(buf, starts[base], ends[base], flagBytes[base]))) continue;
    if (field !== width) {
      return {
        header,
        rows,
        lines,
        starts,
        ends,
        flags: flagBytes,
        problem: { kind: 'fields', line: recordLine, found: field },
      };
    }
    if (rows >= lines.length) lines = grow(lines, rows + 1);
    lines[rows] = recordLine;
    rows++;
  }
  if (header === null) throw new CsvReadError('EMPTY', name, null, 'the file is empty; expected a header row');
  return { header, rows, lines, starts, ends, flags: flagBytes, problem: null };
}

function isBlankText(buf: Buffer, s: number, e: number, flag: number): boolean {
  let t = buf.toString('utf8', s, e);
  if (flag & FLAG_ESCAPED) t = t.replaceAll('""', '"');
  return t.trim() === '';
}

/** The error the reference reader (csv.ts) gives for these bytes. */
async function referenceError(
  bytes: Uint8Array,
  name: string,
  delimiter: string,
  fallback: CsvReadError,
): Promise<CsvReadError> {
  try {
    for await (const _row of readCsvBuffer(bytes, { name, delimiter })) void _row;
  } catch (error) {
    if (error instanceof CsvReadError) return error;
    throw error;
  }
  return fallback;
}

function delimiterByte(delimiter: string): number {
  if (delimiter.length !== 1 || delimiter.charCodeAt(0) > 0x7f || delimiter === '"' || /[\r\n]/.test(delimiter)) {
    throw new Error(`columnar CSV: the delimiter must be one ASCII character other than a quote or line ending`);
  }
  return delimiter.charCodeAt(0);
}

/** Reads CSV bytes (plain or gzip) into a {@link ColumnarTable}. */
export async function readColumnarCsvBuffer(bytes: Uint8Array, options: ColumnarOptions = {}): Promise<ColumnarTable> {
  const name = options.name ?? 'upload.csv';
  const delimiter = options.delimiter ?? ',';
  const byte = delimiterByte(delimiter);
  let buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length > 1 && buf[0] === 0x1f && buf[1] === 0x8b) {
    try {
      // The gzip trailer holds the size (mod 2^32) of the last member: one output chunk, no concatenation.
      const hint = buf.readUInt32LE(buf.length - 4);
      buf = await gunzipAsync(buf, { chunkSize: Math.min(Math.max(hint + 1, 1 << 16), 1 << 30) });
    } catch {
      throw await referenceError(
        bytes,
        name,
        delimiter,
        new CsvReadError('BAD_GZIP', name, null, 'not a valid gzip file'),
      );
    }
  }
  const parsed = parse(buf, name, byte);
  let error: CsvReadError | null = null;
  if (parsed.problem?.kind === 'fields') {
    const { line, found } = parsed.problem;
    const own = new CsvReadError('FIELD_COUNT', name, line, `expected ${parsed.header.length} fields, found ${found}`);
    error = await referenceError(bytes, name, delimiter, own);
  } else if (parsed.problem?.kind === 'quotes') {
    error = await referenceError(
      bytes,
      name,
      delimiter,
      new CsvReadError('BAD_QUOTES', name, null, 'unbalanced quotes'),
    );
  }
  if (error && (!options.deferErrors || parsed.header.length === 0)) throw error;
  return new ColumnarTable(
    name,
    parsed.header,
    parsed.rows,
    parsed.lines.subarray(0, parsed.rows),
    error,
    buf,
    parsed.starts,
    parsed.ends,
    parsed.flags,
    options.trim ?? false,
  );
}

/** Reads a CSV file (plain or gzip) into a {@link ColumnarTable}; messages name the file as csv.ts does. */
export async function readColumnarCsv(path: string, options: ColumnarOptions = {}): Promise<ColumnarTable> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw ioError(path, error);
  }
  return readColumnarCsvBuffer(bytes, { ...options, name: options.name ?? path });
}
