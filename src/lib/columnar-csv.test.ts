import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { stringify } from 'csv-stringify/sync';
import { parse as csvParseSync } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { CsvReadError, readCsvBuffer } from './csv.ts';
import { readColumnarCsv, readColumnarCsvBuffer, type ColumnarOptions, type ColumnarTable } from './columnar-csv.ts';

const dir = mkdtempSync(join(tmpdir(), 'columnar-csv-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const read = (text: string | Buffer, options: ColumnarOptions = {}) =>
  readColumnarCsvBuffer(typeof text === 'string' ? Buffer.from(text) : text, { name: 't.csv', ...options });

function cells(t: ColumnarTable): string[][] {
  return Array.from({ length: t.rows }, (_, r) => t.header.map((_c, k) => t.text(r, k)));
}

async function failure(p: Promise<unknown>): Promise<CsvReadError> {
  try {
    await p;
  } catch (error) {
    expect(error).toBeInstanceOf(CsvReadError);
    return error as CsvReadError;
  }
  throw new Error('expected a CsvReadError');
}

/** What the reference reader (csv.ts) gives: rows and lines, or the error. */
async function reference(bytes: Buffer, trim: boolean) {
  const rows: string[][] = [];
  const lines: number[] = [];
  let header: readonly string[] = [];
  try {
    for await (const row of readCsvBuffer(bytes, { name: 't.csv', trim, onHeader: (h) => (header = h) })) {
      rows.push([...row.values]);
      lines.push(row.line);
    }
  } catch (error) {
    if (!(error instanceof CsvReadError)) throw error;
    return { error: { code: error.code, message: error.message }, rows, lines };
  }
  return { header: [...header], rows, lines };
}

async function columnar(bytes: Buffer, trim: boolean) {
  try {
    const t = await readColumnarCsvBuffer(bytes, { name: 't.csv', trim });
    return { header: [...t.header], rows: cells(t), lines: [...t.lines] };
  } catch (error) {
    if (!(error instanceof CsvReadError)) throw error;
    return { error: { code: error.code, message: error.message } };
  }
}

describe('readColumnarCsv', () => {
  it('reads cells, lines and the header as csv.ts does', async () => {
    const t = await read('\ufeff area , count\r\nE1,3\r\n\r\n"E,2",4\r\n');
    expect(t.header).toEqual(['area', 'count']);
    expect(t.rows).toBe(2);
    expect(cells(t)).toEqual([
      ['E1', '3'],
      ['E,2', '4'],
    ]);
    expect([...t.lines]).toEqual([2, 4]);
  });

  it('keeps line numbers across quoted line breaks and blank lines', async () => {
    const t = await read('a,b\n1,2\n\n"multi\nline",3\n\n  \n4,5\n');
    expect([...t.lines]).toEqual([2, 4, 8]);
    expect(t.text(1, 0)).toBe('multi\nline');
  });

  it('unescapes doubled quotes and trims only when asked', async () => {
    const raw = await read('a,b\n"x""y", 2 \n');
    expect(raw.text(0, 0)).toBe('x"y');
    expect(raw.text(0, 1)).toBe(' 2 ');
    const trimmed = await read('a,b\n"x""y", 2 \n', { trim: true });
    expect(trimmed.text(0, 1)).toBe('2');
    expect(trimmed.number(0, 1)).toBe(2);
  });

  it('reads empty cells, a trailing delimiter and a last line without a line ending', async () => {
    const t = await read('a,b,c\n,,\n1,2,');
    expect(cells(t)).toEqual([
      ['', '', ''],
      ['1', '2', ''],
    ]);
    expect(t.isEmpty(0, 0)).toBe(true);
    expect(Number.isNaN(t.number(0, 0))).toBe(true);
  });

  it('treats a blank line in a one-column file as an empty value', async () => {
    const t = await read('a\n1\n\n2\n');
    expect(cells(t)).toEqual([['1'], [''], ['2']]);
  });

  it('reads gzip, detected from the bytes, and files by path', async () => {
    const path = join(dir, 'x.csv');
    writeFileSync(path, gzipSync(Buffer.from('a,b\n1,2\n')));
    const t = await readColumnarCsv(path);
    expect(cells(t)).toEqual([['1', '2']]);
    expect(t.name).toBe(path);
  });

  it('reports missing files, empty files, bad headers and field counts like csv.ts', async () => {
    expect((await failure(readColumnarCsv(join(dir, 'none.csv')))).message).toBe('none.csv: no such file');
    expect((await failure(read(''))).code).toBe('EMPTY');
    expect((await failure(read('a,a\n1,2\n'))).message).toBe('t.csv line 1: column "a" appears twice');
    expect((await failure(read('a,b\n1,2\n3\n'))).message).toBe('t.csv line 3: expected 2 fields, found 1');
    expect((await failure(read('a,b\n1,2,3\n'))).message).toBe('t.csv line 2: expected 2 fields, found 3');
  });

  it('reports quoting and gzip problems with the reference messages', async () => {
    for (const text of ['a,b\n1,x"y\n', 'a,b\n"x" ,2\n', 'a,b\n"x\n', 'a,b\n "x",2\n']) {
      expect(await columnar(Buffer.from(text), false)).toEqual({
        error: (await reference(Buffer.from(text), false)).error,
      });
    }
    const broken = gzipSync(Buffer.from('a,b\n1,2\n')).subarray(0, 12);
    expect((await failure(read(broken))).code).toBe('BAD_GZIP');
  });

  it('defers a structural error after the good rows when asked', async () => {
    const t = await read('a,b\n1,2\n3,4\n5\n6,7\n', { deferErrors: true });
    expect(t.rows).toBe(2);
    expect(t.error?.message).toBe('t.csv line 4: expected 2 fields, found 1');
  });

  it('reads numbers as Number() does, blank as NaN, and digits only for plain whole numbers', async () => {
    const values = [
      '0',
      '-0',
      '12',
      '+3',
      '1.5',
      '.5',
      '5.',
      '1e3',
      '0x10',
      'abc',
      '',
      ' 7 ',
      '0.1',
      '123456789012345.6',
      '0.12345678901234567',
      '1.7976931348623157e308',
      '-0',
      ' 1e-7 ',
      'Infinity',
      '\u00a01.5',
      '1.5\u2003',
    ];
    const t = await read(`v\n${values.map((v) => `"${v}"`).join('\n')}\n`);
    values.forEach((v, r) => {
      const expected = v.trim() === '' ? NaN : Number(v);
      expect(Object.is(t.number(r, 0), expected)).toBe(true);
    });
    expect(t.digits(2, 0)).toBe(12);
    expect(t.digits(3, 0)).toBe(-1);
    expect(t.digits(11, 0)).toBe(-1);
  });

  it('codes categories in order of first appearance, one label per distinct value', async () => {
    const t = await read('g\nb\na\n"b"\n a \n"x""y"\nx"y\n'.replace('x"y\n', '"x""y"\n'));
    const plain = t.categories(0);
    expect(plain.labels).toEqual(['b', 'a', ' a ', 'x"y']);
    expect([...plain.codes]).toEqual([0, 1, 0, 2, 3, 3]);
    expect([...plain.first]).toEqual([0, 1, 3, 4]);
    const trimmed = t.categories(0, { trim: true });
    expect(trimmed.labels).toEqual(['b', 'a', 'x"y']);
    expect(t.equals(0, 0, 'b')).toBe(true);
    expect(t.equals(3, 0, 'a')).toBe(false);
  });

  it('trims non-ASCII white space as String.prototype.trim does', async () => {
    const t = await read('g,h\n\u00a0x\u00a0,1\n', { trim: true });
    expect(t.text(0, 0)).toBe('x');
    expect(t.categories(0).labels).toEqual(['x']);
    expect(t.isEmpty(0, 0)).toBe(false);
  });
});

describe('readColumnarCsv options for files typed by hand', () => {
  it('accepts rows of any field count with anyFieldCount: missing cells empty, extra cells dropped', async () => {
    const t = await read('a,b,c\n1\n2,3,4,5\n\n6,"7\n8",9\n10,11', { anyFieldCount: true });
    expect(cells(t)).toEqual([
      ['1', '', ''],
      ['2', '3', '4'],
      ['6', '7\n8', '9'],
      ['10', '11', ''],
    ]);
    expect([...t.lines]).toEqual([2, 3, 5, 7]);
    expect(t.isEmpty(0, 1)).toBe(true);
    expect(t.error).toBeNull();
  });

  it("trims unquoted cells only with trim 'unquoted', allowing spaces and tabs around quotes", async () => {
    const t = await read('a,b,c\n x , " y " ,\t"q ""u"" o"\t\n\u00a0z\u2003,"",  w\n y ,"y",y\n', {
      trim: 'unquoted',
    });
    expect(cells(t)).toEqual([
      ['x', ' y ', 'q "u" o'],
      ['z', '', 'w'],
      ['y', 'y', 'y'],
    ]);
    // The table's other readings agree with text(): a quoted " y " is not the unquoted y.
    expect(t.equals(0, 1, 'y')).toBe(false);
    expect(t.equals(0, 0, 'x')).toBe(true);
    expect(t.isEmpty(1, 1)).toBe(true);
    expect(t.sameText(0, 1, t, 2, 1)).toBe(false);
    expect(t.sameText(2, 0, t, 2, 1)).toBe(true);
    expect(t.categories(1).labels).toEqual([' y ', '', 'y']);
    const buf = Buffer.alloc(8);
    expect(t.copyText(0, 1, buf, 0)).toBe(3);
    expect(buf.toString('utf8', 0, 3)).toBe(' y ');
    // A tab delimiter is not padding.
    const tabs = await read('a\tb\n"x"\t y\n', { delimiter: '\t', trim: 'unquoted' });
    expect(cells(tabs)).toEqual([['x', 'y']]);
  });

  it("reports a quoting problem with trim 'unquoted' on the line of its record", async () => {
    const bad = ['a,b\n1,2\n3,"x" y\n', 'a,b\n1,2\n3,x"y"\n', 'a,b\n1,2\n"ok\nok",3\n4,"x\n'];
    const messages = [];
    for (const text of bad) messages.push((await failure(read(text, { trim: 'unquoted' }))).message);
    expect(messages).toEqual([
      't.csv line 3: unbalanced or misplaced quotes',
      't.csv line 3: unbalanced or misplaced quotes',
      't.csv line 5: unbalanced or misplaced quotes',
    ]);
    const deferred = await read(bad[0], { trim: 'unquoted', deferErrors: true });
    expect(deferred.rows).toBe(1);
    expect(deferred.error?.code).toBe('BAD_QUOTES');
  });

  it('refuses more data rows than maxRows on the line of the first one too many (blank lines not counted)', async () => {
    const ok = await read('a,b\n1,2\n\n3,4\n', { maxRows: 2 });
    expect(ok.rows).toBe(2);
    const error = await failure(read('a,b\n1,2\n\n3,4\n5,6\n7,8\n', { maxRows: 2 }));
    expect([error.code, error.message]).toEqual(['TOO_MANY_ROWS', 't.csv line 5: more than 2 data rows']);
    const deferred = await read('a,b\n1,2\n3,4\n5,6\n', { maxRows: 2, deferErrors: true });
    expect(cells(deferred)).toEqual([
      ['1', '2'],
      ['3', '4'],
    ]);
    expect(deferred.error?.code).toBe('TOO_MANY_ROWS');
  });

  it('checks the header with checkHeader, given the raw fields, and throws what it throws', async () => {
    const seen: string[][] = [];
    const t = await read('\ufeff id ,"w ""x""",c\n1,2,3\n', {
      checkHeader: (fields) => {
        seen.push(fields);
        return fields.map((f) => f.trim().toUpperCase());
      },
    });
    expect(seen).toEqual([[' id ', 'w "x"', 'c']]);
    expect(t.header).toEqual(['ID', 'W "X"', 'C']);
    // Blank lines before the header are skipped (the lines still count); blank lines only are an empty file.
    const later = await read('\n  \na,b\n1,2\n', { checkHeader: (f) => f });
    expect([t.header.length, later.header, [...later.lines]]).toEqual([3, ['a', 'b'], [4]]);
    expect((await failure(read('\n \n', { checkHeader: (f) => f }))).code).toBe('EMPTY');
    const mine = new Error('mine');
    await expect(
      read('a,a\n1,2\n', {
        checkHeader: () => {
          throw mine;
        },
      }),
    ).rejects.toBe(mine);
  });

  it('reads what csv-parse reads with trim, relax_column_count and skip_empty_lines (seeded)', async () => {
    // Cells typed by hand: unquoted (white space at the edges, no quote, delimiter or line break) or quoted
    // (anything inside, spaces or tabs around the quotes). Each row starts with an id, so none is blank.
    const pad = fc.string({ unit: fc.constantFrom(' ', '\t'), maxLength: 2 });
    const unquoted = fc.string({ unit: fc.constantFrom('a', '1', ' ', '\t', 'é', '\u00a0', '\u3000'), maxLength: 5 });
    const quoted = fc
      .tuple(pad, fc.string({ unit: fc.constantFrom('a', ' ', ',', '"', '\n', '\r\n', 'é'), maxLength: 5 }), pad)
      .map(([l, inner, r]) => `${l}"${inner.replaceAll('"', '""')}"${r}`);
    const row = fc
      .tuple(fc.nat(99), fc.array(fc.oneof(unquoted, quoted), { maxLength: 5 }))
      .map(([id, rest]) => [`R${id}`, ...rest].join(','));
    const file = fc.tuple(fc.array(row, { maxLength: 8 }), fc.constantFrom('\n', '\r\n'), fc.boolean());
    await fc.assert(
      fc.asyncProperty(file, async ([rows, eol, blankLine]) => {
        const text = ['id,b,c', ...rows, ...(blankLine ? [''] : [])].join(eol) + eol;
        const expected = (
          csvParseSync(text, { trim: true, relax_column_count: true, skip_empty_lines: true }) as string[][]
        )
          .slice(1)
          .map((r) => [0, 1, 2].map((k) => r[k] ?? ''));
        const t = await read(text, { trim: 'unquoted', anyFieldCount: true });
        expect(cells(t)).toEqual(expected);
      }),
      { seed: 20261202, numRuns: 1000 },
    );
  });
});

// Random CSV text made of the characters that matter to a parser.
const cellChars = fc.constantFrom('a', 'b', '1', '2', '.', '-', ' ', ',', '"', '\n', '\r', 'é', '\u00a0', 'N', 'A');
const rawCell = fc.string({ unit: cellChars, maxLength: 6 });
const ending = fc.constantFrom('\n', '\r\n', '\r');

describe('readColumnarCsv against csv.ts (properties, seeded)', () => {
  it('gives the same rows, lines or error on random text', async () => {
    const text = fc.tuple(
      fc.boolean(),
      fc.array(fc.string({ unit: fc.constantFrom('a', '1', ' ', ',', '"', '\n', '\r', '\r\n', 'é'), maxLength: 30 }), {
        maxLength: 4,
      }),
    );
    await fc.assert(
      fc.asyncProperty(text, fc.boolean(), async ([bom, parts], trim) => {
        const bytes = Buffer.from((bom ? '\ufeff' : '') + 'h1,h2\n' + parts.join(''));
        const expected = await reference(bytes, trim);
        const got = await columnar(bytes, trim);
        if ('error' in expected) expect(got).toEqual({ error: expected.error });
        else expect(got).toEqual(expected);
      }),
      { seed: 20261202, numRuns: 1500 },
    );
  });

  it('gives the same result on well-formed files with quoted cells (plain and gzip)', async () => {
    const table = fc.integer({ min: 1, max: 4 }).chain((width) =>
      fc.tuple(
        fc.uniqueArray(fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'x'), minLength: 1, maxLength: 3 }), {
          minLength: width,
          maxLength: width,
        }),
        fc.array(fc.array(rawCell, { minLength: width, maxLength: width }), { maxLength: 8 }),
      ),
    );
    await fc.assert(
      fc.asyncProperty(table, ending, fc.boolean(), fc.boolean(), async ([header, rows], eol, gzip, trim) => {
        const text = stringify([header, ...rows], { record_delimiter: eol, quoted_match: /[\r\n]/ });
        const bytes = gzip ? gzipSync(Buffer.from(text)) : Buffer.from(text);
        const expected = await reference(bytes, trim);
        expect(await columnar(bytes, trim)).toEqual(expected);
      }),
      { seed: 42, numRuns: 800 },
    );
  });

  it('round-trips csv-stringify output, with numbers and categories', async () => {
    const row = fc.tuple(
      rawCell,
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.constantFrom('NA', 'x', 'y z'),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 20 }), async (rows) => {
        // A blank first cell would make a blank line; keep the rows non-blank.
        const data = rows.map(([a, n, c]) => [`k${a}`, n, c] as const);
        const text = stringify([['key', 'n', 'c'], ...data.map(([a, n, c]) => [a, String(n), c])]);
        const t = await read(text);
        expect(cells(t).map((r) => r[0])).toEqual(data.map((d) => d[0]));
        data.forEach(([, n], r) => expect(Object.is(t.number(r, 1), Number(String(n)))).toBe(true));
        const { codes, labels } = t.categories(2);
        expect(Array.from(codes, (k) => labels[k])).toEqual(data.map((d) => d[2]));
      }),
      { seed: 7, numRuns: 400 },
    );
  });

  it('reads decimals exactly as Number()', async () => {
    const decimal = fc
      .tuple(fc.constantFrom('', '-', '+'), fc.stringMatching(/^\d{0,9}$/), fc.stringMatching(/^(\.\d{0,9})?$/))
      .map(([s, i, f]) => s + i + f);
    await fc.assert(
      fc.asyncProperty(fc.array(decimal, { minLength: 1, maxLength: 30 }), async (values) => {
        const t = await read(`v,w\n${values.map((v) => `${v},1`).join('\n')}\n`);
        values.forEach((v, r) => {
          const expected = v.trim() === '' ? NaN : Number(v);
          expect(Object.is(t.number(r, 0), expected)).toBe(true);
        });
      }),
      { seed: 99, numRuns: 500 },
    );
  });
});

describe('ColumnarTable.sameText', () => {
  it('agrees with comparing text(): trimmed or not, quoted, escaped, non-ASCII, across two tables (seeded)', async () => {
    const cell = fc.string({
      unit: fc.constantFrom('a', 'b', ' ', '\t', '"', ',', 'é', '\u00a0', '\u2003', '1'),
      maxLength: 5,
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(cell, { minLength: 1, maxLength: 6 }),
        fc.array(cell, { minLength: 1, maxLength: 6 }),
        fc.boolean(),
        fc.boolean(),
        async (xs, ys, trimA, trimB) => {
          const csv = (cells: string[]): Buffer => Buffer.from(stringify([['v', 'w'], ...cells.map((c) => [c, 'x'])]));
          const a = await readColumnarCsvBuffer(csv(xs), { trim: trimA });
          const b = await readColumnarCsvBuffer(csv(ys), { trim: trimB });
          for (let i = 0; i < a.rows; i++) {
            for (let j = 0; j < b.rows; j++) {
              expect(a.sameText(i, 0, b, j, 0)).toBe(a.text(i, 0) === b.text(j, 0));
            }
            expect(a.sameText(i, 0, a, i, 0)).toBe(true);
          }
        },
      ),
      { seed: 7, numRuns: 300 },
    );
  });
});
