/**
 * The byte-level parser behind src/lib/columnar-csv.ts: one pass over the (decompressed) bytes to the start
 * and end offset of every field, with the line each record starts on. See columnar-csv.ts for what it reads.
 */
import { CsvReadError, checkHeader } from './csv.ts';
import { grow } from './columnar-intern.ts';

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
/** A quoted field containing "" pairs. */
export const FLAG_ESCAPED = 1;
/** A quoted field (set only when parsing with `trimAroundQuotes`). */
export const FLAG_QUOTED = 2;

export function isAsciiSpace(b: number): boolean {
  return b === 0x20 || (b >= 0x09 && b <= 0x0d);
}

export interface Parsed {
  header: string[];
  rows: number;
  lines: Int32Array;
  starts: Int32Array;
  ends: Int32Array;
  flags: Uint8Array;
  /** A structural problem after `rows` rows: a field count (message ready) or quoting (in the record on `line`). */
  problem:
    | { kind: 'fields'; line: number; found: number }
    | { kind: 'quotes'; line: number }
    | { kind: 'rows'; line: number }
    | null;
}

export interface ParseOptions {
  /** Accept records of any field count: missing fields read as empty, extra ones are dropped. */
  readonly anyFieldCount?: boolean;
  /** Allow spaces and tabs (unless tab is the delimiter) before an opening and after a closing quote. */
  readonly trimAroundQuotes?: boolean;
  /** Checks the raw header fields and returns the column names, instead of csv.ts's checkHeader; blank lines
   * before the header are then skipped. */
  readonly checkHeader?: (fields: string[]) => string[];
  /** Stop at the data row after this many (a `rows` problem on its line); space is kept for no more. */
  readonly maxRows?: number;
}

/**
 * The byte-level parser. Record delimiter: the first unquoted line ending (\r\n, \n or \r), as csv-parse.
 * `lines` follows csv.ts: each record counts one line plus the \n bytes inside its fields.
 * `options` (all off by default) loosen the reading for columnar-csv.ts's options of the same purpose.
 */
export function parse(buf: Buffer, name: string, delimiter: number, options: ParseOptions = {}): Parsed {
  const len = buf.length;
  const aroundQuotes = options.trimAroundQuotes === true;
  const padding = (b: number): boolean => b === 0x20 || (b === 0x09 && delimiter !== 0x09);
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
  if (options.maxRows !== undefined) expectedRecords = Math.min(expectedRecords, options.maxRows + 2);
  let starts = new Int32Array(0);
  let ends = new Int32Array(0);
  let flagBytes = new Uint8Array(0);
  let lines = new Int32Array(expectedRecords);
  const headerFields: [number, number, number][] = [];
  const badQuotes = (line: number): Parsed => ({
    header: header ?? [],
    rows,
    lines,
    starts,
    ends,
    flags: flagBytes,
    problem: { kind: 'quotes', line },
  });
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
      if (aroundQuotes) {
        // Padding before an opening quote is dropped; before anything else it stays in the (unquoted) field.
        let k = pos;
        while (k < len && padding(buf[k])) k++;
        if (k < len && buf[k] === QUOTE) pos = k;
      }
      if (pos < len && buf[pos] === QUOTE) {
        s = pos + 1;
        if (aroundQuotes) flag = FLAG_QUOTED;
        let q = s;
        for (;;) {
          q = buf.indexOf(QUOTE, q);
          if (q < 0) return badQuotes(recordLine);
          if (q + 1 < len && buf[q + 1] === QUOTE) {
            flag |= FLAG_ESCAPED;
            q += 2;
            continue;
          }
          break;
        }
        e = q;
        for (let k = s; k < e; k++) if (buf[k] === LF) newlines++;
        pos = q + 1;
        if (aroundQuotes) while (pos < len && padding(buf[pos])) pos++;
        if (pos < len) {
          const c = buf[pos];
          const endsRecord = c === LF ? recordDelim === 0 || recordDelim === 1 : c === CR ? recordDelim !== 1 : false;
          if (c !== delimiter && !endsRecord) return badQuotes(recordLine);
          if (c === CR && recordDelim === 2 && !(pos + 1 < len && buf[pos + 1] === LF)) {
            return badQuotes(recordLine);
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
            return badQuotes(recordLine);
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
      if (options.checkHeader && field === 1 && blank) {
        headerFields.length = 0; // a blank line before the header (see the checkHeader option)
        continue;
      }
      const fields = headerFields.map(([s, e, flag]) => {
        const t = buf.toString('utf8', s, e);
        return flag & FLAG_ESCAPED ? t.replaceAll('""', '"') : t;
      });
      header = options.checkHeader ? options.checkHeader(fields) : checkHeader(name, fields);
      width = header.length;
      continue;
    }
    if (field === 1 && width > 1 && (blank || isBlankText(buf, starts[base], ends[base], flagBytes[base]))) continue;
    if (options.anyFieldCount) {
      for (let k = field; k < width; k++) {
        starts[base + k] = ends[base + k] = pos;
        flagBytes[base + k] = 0;
      }
    } else if (field !== width) {
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
    if (options.maxRows !== undefined && rows >= options.maxRows) {
      return { header, rows, lines, starts, ends, flags: flagBytes, problem: { kind: 'rows', line: recordLine } };
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
