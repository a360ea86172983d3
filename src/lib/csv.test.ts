import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { CsvReadError, readCsv, type CsvRecord } from './csv.ts';

const dir = mkdtempSync(join(tmpdir(), 'csv-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let counter = 0;
function file(content: string | Buffer, name = `f${counter++}.csv`): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function readAll(path: string, onHeader?: (c: readonly string[]) => void): Promise<CsvRecord[]> {
  const out: CsvRecord[] = [];
  for await (const row of readCsv(path, onHeader ? { onHeader } : {})) out.push(row);
  return out;
}

async function failure(path: string): Promise<CsvReadError> {
  try {
    await readAll(path);
  } catch (error) {
    expect(error).toBeInstanceOf(CsvReadError);
    return error as CsvReadError;
  }
  throw new Error('expected a CsvReadError');
}

describe('readCsv', () => {
  it('yields records keyed by header with 1-based line numbers', async () => {
    const rows = await readAll(file('area,count\nE1,3\nE2,4\n'));
    expect(rows).toEqual([
      { line: 2, record: { area: 'E1', count: '3' }, values: ['E1', '3'] },
      { line: 3, record: { area: 'E2', count: '4' }, values: ['E2', '4'] },
    ]);
  });

  it('removes a BOM, trims header names and reports them once', async () => {
    const headers: (readonly string[])[] = [];
    const rows = await readAll(file('\ufeff area , count\r\nE1,3\r\n'), (h) => headers.push(h));
    expect(headers).toEqual([['area', 'count']]);
    expect(rows[0].record).toEqual({ area: 'E1', count: '3' });
  });

  it('keeps line numbers right across blank lines and quoted line breaks', async () => {
    const rows = await readAll(file('a,b\n1,2\n\n"multi\nline",3\n\n  \n4,5\n'));
    // lines: 1 header, 2 "1,2", 3 blank, 4-5 quoted break, 6 blank, 7 spaces, 8 "4,5"
    expect(rows.map((r) => r.line)).toEqual([2, 4, 8]);
    expect(rows[1].record.a).toBe('multi\nline');
  });

  it('reads gzip files, detected from their content', async () => {
    const content = gzipSync(Buffer.from('a,b\n1,2\n3,4\n'));
    expect((await readAll(file(content, 'counts.csv.gz'))).length).toBe(2);
    expect((await readAll(file(content, 'misnamed.csv'))).length).toBe(2);
  });

  it('accepts any column name safely as a record key', async () => {
    const rows = await readAll(file('"a\\b","x""y",constructor,"\'});throw 1;({",`${1}`,é\n1,2,3,4,5,6\n'));
    expect(rows[0].record).toEqual({
      'a\\b': '1',
      'x"y': '2',
      constructor: '3',
      "'});throw 1;({": '4',
      '`${1}`': '5',
      é: '6',
    });
    expect(Object.getPrototypeOf(rows[0].record)).toBe(Object.prototype);
  });

  it('supports another delimiter and quoted delimiters', async () => {
    const rows: CsvRecord[] = [];
    for await (const r of readCsv(file('a;b\n"x;y";2\n'), { delimiter: ';' })) rows.push(r);
    expect(rows[0].record).toEqual({ a: 'x;y', b: '2' });
  });

  it('a header-only file has no rows', async () => {
    expect(await readAll(file('a,b\n'))).toEqual([]);
  });

  it('can stop early', async () => {
    let seen = 0;
    for await (const _ of readCsv(file('a\n1\n2\n3\n'))) {
      seen++;
      break;
    }
    expect(seen).toBe(1);
  });
});

describe('readCsv errors', () => {
  it('a row with the wrong number of fields, with its line', async () => {
    const e = await failure(file('a,b\n1,2\n3\n'));
    expect(e.code).toBe('FIELD_COUNT');
    expect(e.line).toBe(3);
    expect(e.message).toMatch(/line 3: expected 2 fields, found 1$/);
  });

  it('broken quotes', async () => {
    const e = await failure(file('a,b\n1,2\n"3,4\n5,6\n'));
    expect(e.code).toBe('BAD_QUOTES');
    expect(e.line).toBeGreaterThanOrEqual(3);
    expect(e.message).not.toMatch(/\n/);
    expect((await failure(file('a,b\n1,x"y\n'))).code).toBe('BAD_QUOTES');
  });

  it('bad headers', async () => {
    expect((await failure(file('a,,c\n1,2,3\n'))).message).toMatch(/column 2 has no name/);
    expect((await failure(file('a,b,a\n1,2,3\n'))).message).toMatch(/column "a" appears twice/);
    expect((await failure(file('\na,b\n'))).code).toBe('BAD_HEADER');
    expect((await failure(file('__proto__,b\n1,2\n'))).code).toBe('BAD_HEADER');
  });

  it('passes exceptions from onHeader through unchanged', async () => {
    class Mine extends Error {}
    const path = file('a,b\n1,2\n');
    await expect(
      readAll(path, () => {
        throw new Mine('no thanks');
      }),
    ).rejects.toBeInstanceOf(Mine);
  });

  it('an empty file', async () => {
    const e = await failure(file(''));
    expect(e.code).toBe('EMPTY');
  });

  it('a corrupt gzip file', async () => {
    const good = gzipSync(Buffer.from('a,b\n'.repeat(1000)));
    const e = await failure(file(good.subarray(0, good.length >> 1), 'broken.csv.gz'));
    expect(e.code).toBe('BAD_GZIP');
    expect((await failure(file(Buffer.from([0x1f, 0x8b, 9, 9, 9]), 'junk.gz'))).code).toBe('BAD_GZIP');
  });

  it('a missing file or a directory', async () => {
    const missing = await failure(join(dir, 'nope.csv'));
    expect(missing.code).toBe('NOT_FOUND');
    expect(missing.message).toBe('nope.csv: no such file');
    const sub = join(dir, 'subdir');
    mkdirSync(sub);
    expect((await failure(sub)).code).toBe('READ_FAILED');
  });
});
