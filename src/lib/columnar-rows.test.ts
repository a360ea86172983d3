import { describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { readColumnarCsvBuffer } from './columnar-csv.ts';
import { tableRows } from './columnar-rows.ts';
import { CsvReadError, readCsvBuffer } from './csv.ts';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

async function streamed(bytes: Uint8Array, trim: boolean): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const row of readCsvBuffer(bytes, { trim })) out.push(row);
  return out;
}

describe('tableRows', () => {
  it('gives the rows the streaming reader gives: lines, records and values, trimmed or not', async () => {
    const csv = 'a, b ,c\n1, x ,"q ""u"" o"\n\n2,"multi\nline",\n3 , y,z\n';
    for (const trim of [false, true]) {
      for (const bytes of [enc(csv), gzipSync(csv)]) {
        const table = await readColumnarCsvBuffer(bytes, { trim, deferErrors: true });
        expect([...tableRows(table)]).toEqual(await streamed(bytes, trim));
      }
    }
  });

  it('passes over rows by a column value, testing each distinct value once, but always gives the first row', async () => {
    const csv = 'area,lad\nA1,Other\nA2,Mine\nA3,Other\nA4, mine \n';
    const table = await readColumnarCsvBuffer(enc(csv), { deferErrors: true });
    const tested: string[] = [];
    const rows = [
      ...tableRows(table, {
        column: 'lad',
        skip: (v) => {
          tested.push(v);
          return v.trim().toLowerCase() !== 'mine';
        },
      }),
    ];
    expect(tested).toEqual(['Other', 'Mine', ' mine ']);
    expect(rows.map((r) => [r.line, r.record?.area ?? null])).toEqual([
      [2, 'A1'],
      [3, 'A2'],
      [4, null],
      [5, 'A4'],
    ]);
    // A column the table does not have: every row whole.
    expect([...tableRows(table, { column: 'nope', skip: () => true })].every((r) => r.record !== null)).toBe(true);
  });

  it('throws the structural error after the rows before it, as the stream does', async () => {
    const csv = 'a,b\n1,2\n3,4\n5\n6,7\n';
    const table = await readColumnarCsvBuffer(enc(csv), { deferErrors: true });
    const seen: number[] = [];
    let error: unknown = null;
    try {
      for (const row of tableRows(table)) seen.push(row.line);
    } catch (e) {
      error = e;
    }
    expect(seen).toEqual([2, 3]);
    expect(error).toBeInstanceOf(CsvReadError);
    let streamError: unknown = null;
    try {
      await streamed(enc(csv), false);
    } catch (e) {
      streamError = e;
    }
    expect((error as Error).message).toBe((streamError as Error).message);
  });
});
