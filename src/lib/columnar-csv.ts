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
 * Options read more loosely, for uploads typed by hand (survey fieldwork): `trim: 'unquoted'`,
 * `anyFieldCount`, `checkHeader` and `maxRows` (see {@link ColumnarOptions}).
 *
 * Memory: the decompressed bytes plus nine bytes per cell (two offsets and a flag).
 */
import { readFile } from 'node:fs/promises';
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import { CsvReadError, ioError, readCsvBuffer } from './csv.ts';
import { Interner, type Categories } from './columnar-intern.ts';
import { FLAG_ESCAPED, FLAG_QUOTED, isAsciiSpace, parse } from './columnar-parse.ts';

export type { Categories } from './columnar-intern.ts';

const gunzipAsync = promisify(gunzip);

export interface ColumnarOptions {
  /** Field delimiter (one ASCII character); default ",". */
  readonly delimiter?: string;
  /**
   * Trim white space around every value, as `readCsv(…, { trim: true })`. Default false. `'unquoted'` reads a
   * file typed by hand, as csv-parse's `trim` does: white space (as String.prototype.trim) is trimmed from
   * unquoted values only, a quoted value keeps its content as written, and spaces or tabs around its quotes
   * are allowed and dropped (`a, "b" ,c`). A quoting problem is then reported by this reader, with the line of
   * the record, not re-read with csv.ts (which does not allow the padding).
   */
  readonly trim?: boolean | 'unquoted';
  /**
   * Accept rows of any field count, as csv-parse's `relax_column_count`: missing fields read as empty, extra
   * fields are dropped. Default false: a wrong field count is an error.
   */
  readonly anyFieldCount?: boolean;
  /**
   * Checks the header instead of csv.ts's checkHeader: given the raw fields of the first record (unquoted, not
   * trimmed), returns the column names (as many) or throws, and what it throws is thrown as it is. Blank lines
   * before the header are skipped, as csv-parse's `skip_empty_lines` does (csv.ts refuses a blank first line);
   * a file of blank lines only is EMPTY.
   */
  readonly checkHeader?: (fields: string[]) => string[];
  /**
   * Refuse a file of more data rows than this: a TOO_MANY_ROWS error on the line of the first row too many,
   * found before the cells of further rows are read or given space (a bound on memory for uploads).
   */
  readonly maxRows?: number;
  /** Name used in error messages (default: the path, or "upload.csv" for bytes). */
  readonly name?: string;
  /**
   * Return the rows before a structural error (bad quoting, wrong field count) with the error in
   * {@link ColumnarTable.error} instead of throwing it, so that a caller validating rows in order can report an
   * earlier bad row first, exactly as a streaming reader would. Default false: throw.
   */
  readonly deferErrors?: boolean;
}

const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

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
    /** Trimming never touches quoted cells (`trim: 'unquoted'`). */
    private readonly keepQuoted = false,
  ) {}

  /** Whether trimming with `trim` applies to the cell at `at`. */
  private trims(at: number, trim = this.trim): boolean {
    return trim && !(this.keepQuoted && (this.flags[at] & FLAG_QUOTED) !== 0);
  }

  /** Position of a column, or -1. */
  columnIndex(name: string): number {
    return this.header.indexOf(name);
  }

  /** The cell as a string (unquoted, trimmed with the `trim` option): what csv.ts would give. */
  text(row: number, col: number): string {
    const at = row * this.header.length + col;
    let s = this.buf.toString('utf8', this.starts[at], this.ends[at]);
    if (this.flags[at] & FLAG_ESCAPED) s = s.replaceAll('""', '"');
    return this.trims(at) ? s.trim() : s;
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
    const span = this.span(at, this.trims(at));
    return span === null ? this.text(row, col) === '' : span[0] === span[1];
  }

  /** True when the cell's text equals `ascii` (an ASCII string), e.g. "NA". */
  equals(row: number, col: number, ascii: string): boolean {
    const at = row * this.header.length + col;
    const span = this.flags[at] & FLAG_ESCAPED ? null : this.span(at, this.trims(at));
    if (span === null) return this.text(row, col) === ascii;
    const [s, e] = span;
    if (e - s !== ascii.length) return false;
    for (let k = 0; k < ascii.length; k++) if (this.buf[s + k] !== ascii.charCodeAt(k)) return false;
    return true;
  }

  /**
   * Copies the cell's bytes (trimmed with the table's `trim`) into `target` at `offset` and returns how many,
   * when they are its text's UTF-8 as they stand (no quotes to unescape, no non-ASCII edge to trim); else -1,
   * and the text must be made with {@link text}. Throws a RangeError when `target` is too small.
   */
  copyText(row: number, col: number, target: Buffer, offset: number): number {
    const at = row * this.header.length + col;
    if (this.flags[at] & FLAG_ESCAPED) return -1;
    const b = this.buf;
    let s = this.starts[at];
    let e = this.ends[at];
    if (this.trims(at)) {
      while (s < e && isAsciiSpace(b[s])) s++;
      while (e > s && isAsciiSpace(b[e - 1])) e--;
      if (s < e && (b[s] >= 0x80 || b[e - 1] >= 0x80)) return -1;
    }
    if (offset + (e - s) > target.length) throw new RangeError('copyText: the target is too small');
    return b.copy(target, offset, s, e);
  }

  /** True when this cell's text equals that of a cell of `other` (the same table or another): what text() gives. */
  sameText(row: number, col: number, other: ColumnarTable, otherRow: number, otherCol: number): boolean {
    const at = row * this.header.length + col;
    const bt = otherRow * other.header.length + otherCol;
    const a = this.buf;
    const b = other.buf;
    let as = this.starts[at];
    let ae = this.ends[at];
    let bs = other.starts[bt];
    let be = other.ends[bt];
    const aTrim = this.trims(at);
    const bTrim = other.trims(bt);
    if (aTrim) {
      while (as < ae && isAsciiSpace(a[as])) as++;
      while (ae > as && isAsciiSpace(a[ae - 1])) ae--;
    }
    if (bTrim) {
      while (bs < be && isAsciiSpace(b[bs])) bs++;
      while (be > bs && isAsciiSpace(b[be - 1])) be--;
    }
    // Quotes to unescape, or a non-ASCII edge that String.trim might cut: compare the texts.
    const nonAscii = (x: Buffer, s: number, e: number): boolean => s < e && (x[s] >= 0x80 || x[e - 1] >= 0x80);
    if (
      (this.flags[at] | other.flags[bt]) & FLAG_ESCAPED ||
      (aTrim && nonAscii(a, as, ae)) ||
      (bTrim && nonAscii(b, bs, be))
    ) {
      return this.text(row, col) === other.text(otherRow, otherCol);
    }
    if (ae - as !== be - bs) return false;
    for (let k = 0; k < ae - as; k++) if (a[as + k] !== b[bs + k]) return false;
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
      // Longer numbers (e.g. weights written with 17 digits): Number() on the ASCII bytes, no UTF-8 decoding.
      let ascii = true;
      for (let k = s; k < e && ascii; k++) ascii = b[k] < 0x80;
      if (ascii) return Number(b.toString('latin1', s, e));
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
    if (options.interner) return this.codeColumn(col, trim, options.interner);
    const key = `${col}:${trim}`; // coded once, however often asked for (e.g. a margin that is also --by)
    const result = this.coded.get(key) ?? this.codeColumn(col, trim, new Interner(options.distinct));
    this.coded.set(key, result);
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
      const t = this.trims(at, trim);
      if (t) {
        while (s < e && isAsciiSpace(buf[s])) s++;
        while (e > s && isAsciiSpace(buf[e - 1])) e--;
      }
      const simple = (flags[at] & FLAG_ESCAPED) === 0 && (!t || s === e || (buf[s] < 0x80 && buf[e - 1] < 0x80));
      if (simple) {
        codes[r] = interner.intern(buf, s, e, r);
      } else {
        let text = this.buf.toString('utf8', this.starts[at], this.ends[at]);
        if (this.flags[at] & FLAG_ESCAPED) text = text.replaceAll('""', '"');
        if (t) text = text.trim();
        const bytes = Buffer.from(text, 'utf8');
        codes[r] = interner.intern(bytes, 0, bytes.length, r);
      }
    }
    return interner.result(codes);
  }
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
  const unquoted = options.trim === 'unquoted';
  const parsed = parse(buf, name, byte, {
    anyFieldCount: options.anyFieldCount,
    trimAroundQuotes: unquoted,
    checkHeader: options.checkHeader,
    maxRows: options.maxRows,
  });
  let error: CsvReadError | null = null;
  if (parsed.problem?.kind === 'fields') {
    const { line, found } = parsed.problem;
    const own = new CsvReadError('FIELD_COUNT', name, line, `expected ${parsed.header.length} fields, found ${found}`);
    error = await referenceError(bytes, name, delimiter, own);
  } else if (parsed.problem?.kind === 'rows') {
    const message = `more than ${options.maxRows} data rows`;
    error = new CsvReadError('TOO_MANY_ROWS', name, parsed.problem.line, message);
  } else if (parsed.problem?.kind === 'quotes' && unquoted) {
    error = new CsvReadError('BAD_QUOTES', name, parsed.problem.line, 'unbalanced or misplaced quotes');
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
    options.trim !== undefined && options.trim !== false,
    unquoted,
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
