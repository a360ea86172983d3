import { describe, expect, it } from 'vitest';
import { readCsvBuffer } from './csv.ts';
import { csvFromRows, guardCell, toCsv } from './csv-write.ts';

describe('toCsv', () => {
  it('writes a header and rows with RFC 4180 quoting and CRLF line ends', () => {
    const csv = toCsv([
      { area: 'E1', name: 'Bow, East', note: 'said "hi"', count: 3 },
      { area: 'E2', name: 'two\nlines', note: null, count: 4.5 },
    ]);
    expect(csv).toBe('area,name,note,count\r\nE1,"Bow, East","said ""hi""",3\r\nE2,"two\nlines",,4.5\r\n');
  });

  it('keeps the given columns and their order', () => {
    expect(toCsv([{ a: 1, b: 2, c: 3 }], ['c', 'a'])).toBe('c,a\r\n3,1\r\n');
    expect(toCsv([], ['a', 'b'])).toBe('a,b\r\n');
  });

  it('guards text cells that a spreadsheet would run as formulas, and never numbers', () => {
    const csv = toCsv([
      { v: '=HYPERLINK("http://x","y")' },
      { v: '+1+2' },
      { v: '-2+3' },
      { v: '@SUM(A1)' },
      { v: '\tx' },
      { v: '\rx' },
      { v: -5 },
      { v: 'a=b' },
    ]);
    expect(csv.split('\r\n').slice(1, -1)).toEqual([
      `"'=HYPERLINK(""http://x"",""y"")"`,
      "'+1+2",
      "'-2+3",
      "'@SUM(A1)",
      "'\tx",
      `"'\rx"`,
      '-5',
      'a=b',
    ]);
    expect(guardCell('=1')).toBe("'=1");
  });

  it('writes dates as ISO 8601, non-finite numbers and null as empty cells, booleans as words', () => {
    const csv = toCsv([{ d: new Date('2026-03-01T10:00:00Z'), n: NaN, i: Infinity, u: undefined, b: true }]);
    expect(csv).toBe('d,n,i,u,b\r\n2026-03-01T10:00:00.000Z,,,,true\r\n');
  });

  it('reads back through the one reader to the same values', async () => {
    const rows = [{ id: 'r1', text: 'a, "quoted"\nvalue', n: 2 }];
    const back = [];
    for await (const r of readCsvBuffer(Buffer.from(toCsv(rows)))) back.push(r.record);
    expect(back).toEqual([{ id: 'r1', text: 'a, "quoted"\nvalue', n: '2' }]);
  });
});

describe('csvFromRows', () => {
  it('can quote every text cell and end lines with LF, as the census files do', () => {
    expect(
      csvFromRows(
        [
          ['LSOA', 'Persons'],
          ['X01', 12],
          ['', 3],
        ],
        { quoteText: true, lineEnding: '\n' },
      ),
    ).toBe('"LSOA","Persons"\n"X01",12\n,3\n');
  });
});
