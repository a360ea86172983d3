import { describe, expect, it } from 'vitest';
import { CENSUS2011_GROUPS, parseCensus2011Rows, parseNomisRows, parseNumber, parseTidyRows } from './parse.ts';
import { readColumnarCsvBuffer } from '../../lib/columnar-csv.ts';
import { readCsvBuffer } from '../../lib/csv.ts';

/** Rows as the CSV readers yield them: the header is line 1, data from line 2. */
function rows(header: string[], data: (string | number)[][]) {
  return data.map((r, i) => ({
    line: i + 2,
    record: Object.fromEntries(header.map((h, j) => [h, String(r[j] ?? '')])),
  }));
}

const TIDY = ['area_code', 'period', 'indicator', 'group', 'value', 'numerator', 'denominator'];
const units = new Map([
  ['lg_inform.migration', 'percent'],
  ['council.score', 'score'],
]);

describe('parseNumber', () => {
  it('reads plain and comma-grouped numbers, blank as null, anything else as NaN', () => {
    expect(parseNumber('12')).toBe(12);
    expect(parseNumber(' 1,234.5 ')).toBe(1234.5);
    expect(parseNumber('-0.5')).toBe(-0.5);
    expect(parseNumber('')).toBeNull();
    expect(parseNumber('12a')).toBeNaN();
    expect(parseNumber('1,23')).toBeNaN();
    expect(parseNumber('-')).toBeNaN();
  });
});

describe('parseTidyRows', () => {
  it('accepts good rows (group defaults to all) and reports every bad row with its line and reason', async () => {
    const r = await parseTidyRows(
      rows(TIDY, [
        ['E09000030', '2021', 'lg_inform.migration', '', '4.2', '420', '10000'],
        ['E09000030', '2021', 'lg_inform.migration', 'Bangladeshi', '3.1', '', ''],
        ['E0900003', '2021', 'lg_inform.migration', '', '1', '', ''],
        ['E09000030', '21', 'lg_inform.migration', '', '1', '', ''],
        ['E09000030', '2021', 'no.such', '', '1', '', ''],
        ['E09000030', '2021', 'lg_inform.migration', '', '140', '', ''],
        ['E09000030', '2021', 'lg_inform.migration', '', 'x', '', ''],
        ['E09000030', '2021', 'lg_inform.migration', '', '5', '11', '10'],
        ['E09000030', '2021', 'lg_inform.migration', 'all', '4.3', '', ''],
        ['E09000030', '2021/22', 'council.score', '', '-3', '', ''],
      ]),
      units,
    );
    expect(r.values.map((v) => [v.line, v.group])).toEqual([
      [2, 'all'],
      [3, 'Bangladeshi'],
      [11, 'all'],
    ]);
    expect(r.problems.map((p) => p.line)).toEqual([4, 5, 6, 7, 8, 9, 10]);
    expect(r.problems[0].message).toContain('not a GSS code');
    expect(r.problems[1].message).toContain('period "21"');
    expect(r.problems[2].message).toContain('indicator "no.such" is not defined');
    expect(r.problems[3].message).toContain('not a percentage');
    expect(r.problems[4].message).toContain('"x" is not a number');
    expect(r.problems[5].message).toContain('numerator is larger than denominator');
    expect(r.problems[6].message).toContain('repeats line 2');
    expect(r.problemCount).toBe(7);
  });

  it('refuses a file with missing or unknown columns, or no rows', async () => {
    const r = await parseTidyRows(rows(['area', 'period', 'value'], [['E09000030', '2021', '1']]), units);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0].line).toBe(1);
    expect(r.problems[0].message).toMatch(/missing column\(s\) area_code, indicator; unknown column\(s\) area/);
    expect((await parseTidyRows([], units)).problems[0].message).toContain('no rows');
  });

  it('lists at most maxProblems but counts them all', async () => {
    const data = Array.from({ length: 20 }, () => ['bad', '2021', 'lg_inform.migration', '', '1', '', '']);
    const r = await parseTidyRows(rows(TIDY, data), units, 5);
    expect(r.problems).toHaveLength(5);
    expect(r.problemCount).toBe(20);
  });
});

// Realistic Nomis bulk headings (census2021-ts029-ltla.csv), abridged to two areas.
const TS029 = [
  'date',
  'geography',
  'geography code',
  'Proficiency in English language: Total: All usual residents aged 3 years and over',
  'Proficiency in English language: Main language is English (English or Welsh in Wales)',
  'Proficiency in English language: Main language is not English (English or Welsh in Wales)',
  'Proficiency in English language: Main language is not English (English or Welsh in Wales): Can speak English very well',
  'Proficiency in English language: Main language is not English (English or Welsh in Wales): Can speak English well',
  'Proficiency in English language: Main language is not English (English or Welsh in Wales): Cannot speak English well',
  'Proficiency in English language: Main language is not English (English or Welsh in Wales): Cannot speak English',
];

describe('parseNomisRows', () => {
  it('keeps leaf categories, finds the total, and derives the LG Inform English proficiency indicator', async () => {
    const r = await parseNomisRows(
      rows(TS029, [
        ['2021', 'Tower Hamlets', 'E09000030', 300000, 220000, 80000, 40000, 25000, 12000, 3000],
        ['2021', 'Newham', 'E09000025', 340000, 220000, 120000, 60000, 35000, 20000, 5000],
      ]),
    );
    expect(r.problems).toEqual([]);
    const t = r.table!;
    expect(t.table?.id).toBe('ts029');
    expect(t.period).toBe('2021');
    expect(t.categories).toEqual([
      'Main language is English (English or Welsh in Wales)',
      'Main language is not English (English or Welsh in Wales): Can speak English very well',
      'Main language is not English (English or Welsh in Wales): Can speak English well',
      'Main language is not English (English or Welsh in Wales): Cannot speak English well',
      'Main language is not English (English or Welsh in Wales): Cannot speak English',
    ]);
    expect(t.rows[0]).toMatchObject({
      code: 'E09000030',
      name: 'Tower Hamlets',
      level: 'lad',
      total: 300000,
      counts: [220000, 40000, 25000, 12000, 3000],
    });
    const prof = t.derived.find((d) => d.indicator === 'lg_inform.english_proficiency')!;
    expect(prof.values).toEqual([
      { areaCode: 'E09000030', numerator: 15000, denominator: 300000 },
      { areaCode: 'E09000025', numerator: 25000, denominator: 340000 },
    ]);
    expect(t.derived.find((d) => d.indicator === 'ioi.language.english')!.values[0].numerator).toBe(285000);
  });

  it('derives economic inactivity from TS066 subcategories and migration from TS019', async () => {
    const ts066 = [
      'date',
      'geography',
      'geography code',
      'Economic activity status: Total: All usual residents aged 16 years and over',
      'Economic activity status: Economically active (excluding full-time students)',
      'Economic activity status: Economically active (excluding full-time students): In employment',
      'Economic activity status: Economically active (excluding full-time students): Unemployed',
      'Economic activity status: Economically active and a full-time student',
      'Economic activity status: Economically inactive',
      'Economic activity status: Economically inactive: Retired',
      'Economic activity status: Economically inactive: Other',
    ];
    const r = await parseNomisRows(
      rows(ts066, [['2021', 'Oldham', 'E08000004', 1000, 550, 500, 50, 50, 400, 300, 100]]),
    );
    expect(r.table!.derived[0]).toEqual({
      indicator: 'lg_inform.economic_inactivity',
      values: [{ areaCode: 'E08000004', numerator: 400, denominator: 1000 }],
    });
    const ts019 = [
      'date',
      'geography',
      'geography code',
      'Migrant indicator: Total: All usual residents',
      'Migrant indicator: Address one year ago is the same as the address of enumeration',
      'Migrant indicator: Address one year ago is student term-time or boarding school address in the UK',
      'Migrant indicator: Migrant from within the UK: Address one year ago was in the UK',
      'Migrant indicator: Migrant from outside the UK: Address one year ago was outside the UK',
    ];
    const m = await parseNomisRows(rows(ts019, [['2021', 'Luton', 'E06000032', 1000, 850, 10, 110, 30]]));
    expect(m.table!.derived.map((d) => [d.indicator, d.values[0].numerator])).toEqual([
      ['lg_inform.migration', 30],
      ['ioi.stability.same_address', 850],
    ]);
  });

  it('reports each bad row with its line: bad code, bad count, sum above total, repeated area, another date', async () => {
    const r = await parseNomisRows(
      rows(TS029, [
        ['2021', 'Tower Hamlets', 'E09000030', 100, 50, 50, 20, 20, 5, 5],
        ['2021', 'Nowhere', 'K04000001', 100, 50, 50, 20, 20, 5, 5],
        ['2021', 'Newham', 'E09000025', 100, 50, 50, 20, 'x', 5, 5],
        ['2021', 'Hackney', 'E09000012', 10, 50, 50, 20, 20, 5, 5],
        ['2021', 'Tower Hamlets', 'E09000030', 100, 50, 50, 20, 20, 5, 5],
        ['2011', 'Luton', 'E06000032', 100, 50, 50, 20, 20, 5, 5],
      ]),
    );
    expect(r.problems.map((p) => p.line)).toEqual([3, 4, 5, 6, 7]);
    expect(r.problems[0].message).toContain('K04000001');
    expect(r.problems[1].message).toContain('"x", not a count');
    expect(r.problems[2].message).toContain('more than the total 10');
    expect(r.problems[3].message).toContain('repeats line 2');
    expect(r.problems[4].message).toContain('differs from 2021');
  });

  it('refuses files that are not Nomis tables', async () => {
    const r = await parseNomisRows(rows(['OA', 'Persons'], [['E00000001', '1']]));
    expect(r.table).toBeNull();
    expect(r.problems[0]).toEqual({ line: 1, message: expect.stringContaining('not a Nomis bulk census file') });
  });
});

const C2011 = [
  'OA',
  'Persons',
  'WhiteBrit',
  'Irish',
  'OtherWhite',
  'Mixed',
  'Indian',
  'Pakistani',
  'Bangladeshi',
  'Chinese',
  'OtherAsian',
  'BlkAfrican',
  'BlkCaribbean',
  'OtherBlk',
  'Arab',
  'Other',
  'LSOA',
  'MSOA',
  'LAD',
  'RGN',
];

describe('parseCensus2011Rows', () => {
  it('keeps the rows of one local authority and checks each row', async () => {
    const r = await parseCensus2011Rows(
      rows(C2011, [
        [
          'E00000001',
          194,
          150,
          7,
          18,
          10,
          2,
          0,
          0,
          4,
          0,
          0,
          0,
          0,
          0,
          3,
          'E01000001',
          'E02000001',
          'City of London',
          'London',
        ],
        [
          'E00021000',
          300,
          100,
          0,
          0,
          0,
          0,
          0,
          200,
          0,
          0,
          0,
          0,
          0,
          0,
          0,
          'E01004000',
          'E02000800',
          'Tower Hamlets',
          'London',
        ],
        [
          'E00021001',
          300,
          400,
          0,
          0,
          0,
          0,
          0,
          200,
          0,
          0,
          0,
          0,
          0,
          0,
          0,
          'E01004000',
          'E02000800',
          'Tower Hamlets',
          'London',
        ],
        [
          'E01004001',
          300,
          100,
          0,
          0,
          0,
          0,
          0,
          200,
          0,
          0,
          0,
          0,
          0,
          0,
          0,
          'E01004000',
          'E02000800',
          'Tower Hamlets',
          'London',
        ],
      ]),
      { ladName: 'tower hamlets' },
    );
    expect(r.skipped).toBe(1);
    expect(r.rows.map((x) => x.code)).toEqual(['E00021000']);
    expect(r.rows[0]).toMatchObject({ persons: 300, lsoa: 'E01004000', msoa: 'E02000800', lad: 'Tower Hamlets' });
    expect(r.problems).toEqual([
      { line: 4, message: 'the groups add up to 600, more than Persons 300' },
      { line: 5, message: 'OA "E01004001" is not an output area code' },
    ]);
  });

  it('says when no row matches the local authority', async () => {
    const r = await parseCensus2011Rows(
      rows(C2011, [
        [
          'E00000001',
          194,
          150,
          7,
          18,
          10,
          2,
          0,
          0,
          4,
          0,
          0,
          0,
          0,
          0,
          3,
          'E01000001',
          'E02000001',
          'City of London',
          'London',
        ],
      ]),
      { ladName: 'Luton' },
    );
    expect(r.problems[0].message).toContain('no rows for the local authority "Luton"');
  });
});

describe('parseCensus2011Rows on a table from the columnar reader', () => {
  const header = ['OA', 'Persons', ...CENSUS2011_GROUPS, 'LSOA', 'MSOA', 'LAD', 'RGN'];
  const counts = (k: number): number[] => CENSUS2011_GROUPS.map((_g, j) => (k + j) % 4);
  const line = (cells: (string | number)[]): string => cells.join(',');
  // OAs of three authorities, with bad rows in and out of the wanted one, a repeated code and quoted names.
  const lines = [line(header)];
  for (let k = 0; k < 40; k++) {
    const lad = ['Luton', 'Bedford', '"Luton"', ' luton '][k % 4];
    const code = k === 7 ? 'X123' : `E0000${String(1000 + (k === 12 ? 4 : k))}`;
    const persons = k === 9 ? 'many' : k === 10 ? 1 : 60;
    lines.push(line([code, persons, ...counts(k), 'E01000001', 'E02000001', lad, 'East']));
  }
  const csv = lines.join('\n') + '\n';
  const enc = new TextEncoder();

  it('gives what the streaming reader gives: rows, skipped rows and every problem with its line', async () => {
    for (const ladName of [undefined, 'Luton', 'LUTON ', 'Bedford', 'Nowhere']) {
      for (const trim of [false, true]) {
        const bytes = enc.encode(csv);
        const table = await readColumnarCsvBuffer(bytes, { trim, deferErrors: true });
        const fromTable = await parseCensus2011Rows(table, { ladName });
        const fromStream = await parseCensus2011Rows(readCsvBuffer(bytes, { trim }), { ladName });
        expect(fromTable).toEqual(fromStream);
        if (ladName === 'Luton') {
          expect(fromTable.skipped).toBe(10); // Bedford; "Luton" and " luton " are Luton
          expect(fromTable.problemCount).toBeGreaterThan(0);
        }
      }
    }
  });

  it('reports the rows before a malformed one only as the stream does: the file is unreadable', async () => {
    const bad = enc.encode(csv + 'E00099999,1,2\n');
    const table = await readColumnarCsvBuffer(bad, { deferErrors: true });
    await expect(parseCensus2011Rows(table, { ladName: 'Luton' })).rejects.toThrow(
      /line 42: expected 20 fields, found 3/,
    );
    await expect(parseCensus2011Rows(readCsvBuffer(bad), { ladName: 'Luton' })).rejects.toThrow(
      /line 42: expected 20 fields, found 3/,
    );
    // A header that is not a census file is reported before the malformed row is reached, as from a stream.
    const other = enc.encode('a,b\n1,2\n3\n');
    const r = await parseCensus2011Rows(await readColumnarCsvBuffer(other, { deferErrors: true }), {});
    expect(r.problems[0].message).toMatch(/not a census 2011 ethnic group file/);
  });
});
