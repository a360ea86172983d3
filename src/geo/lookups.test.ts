import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseLookupRows, type AreaLink, type LookupRow } from './lookups.ts';

/** Rows as src/lib/csv.ts yields them: header is line 1, first data row line 2. Simple CSV only. */
async function* rowsOf(csv: string): AsyncGenerator<LookupRow> {
  const lines = csv.trim().split('\n');
  const header = lines[0].split(',').map((h) => h.replace(/^"|"$/g, ''));
  for (let i = 1; i < lines.length; i++) {
    const cells = lines[i].split(',').map((c) => c.replace(/^"|"$/g, ''));
    const record: Record<string, string> = {};
    header.forEach((h, k) => {
      if (cells[k] !== undefined) record[h] = cells[k];
    });
    yield { line: i + 1, record };
  }
}

const pairs = (links: AreaLink[]) => links.map((l) => `${l.child.code}>${l.parent.code}`);

describe('parseLookupRows', () => {
  it('links OA→LSOA→MSOA→LAD from an ONS OA lookup, deduplicated, with names', async () => {
    const csv = `OA11CD,LSOA11CD,LSOA11NM,MSOA11CD,MSOA11NM,LAD11CD,LAD11NM
E00021141,E01004197,Tower Hamlets 002A,E02000865,Tower Hamlets 002,E09000030,Tower Hamlets
E00021142,E01004197,Tower Hamlets 002A,E02000865,Tower Hamlets 002,E09000030,Tower Hamlets
E00021143,E01004198,Tower Hamlets 002B,E02000865,Tower Hamlets 002,E09000030,Tower Hamlets`;
    const r = await parseLookupRows(rowsOf(csv));
    expect(r.errors).toEqual([]);
    expect(r.rows).toBe(3);
    expect(r.columns).toEqual([
      { level: 'oa', codeColumn: 'OA11CD' },
      { level: 'lsoa', codeColumn: 'LSOA11CD', nameColumn: 'LSOA11NM' },
      { level: 'msoa', codeColumn: 'MSOA11CD', nameColumn: 'MSOA11NM' },
      { level: 'lad', codeColumn: 'LAD11CD', nameColumn: 'LAD11NM' },
    ]);
    expect(pairs(r.links).sort()).toEqual(
      [
        'E00021141>E01004197',
        'E00021142>E01004197',
        'E00021143>E01004198',
        'E01004197>E02000865',
        'E01004198>E02000865',
        'E02000865>E09000030',
      ].sort(),
    );
    const lsoaLink = r.links.find((l) => l.child.code === 'E01004197');
    expect(lsoaLink).toEqual({
      child: { code: 'E01004197', name: 'Tower Hamlets 002A', level: 'lsoa' },
      parent: { code: 'E02000865', name: 'Tower Hamlets 002', level: 'msoa' },
    });
    expect(r.areas).toHaveLength(3 + 2 + 1 + 1);
    expect(r.areas.find((a) => a.code === 'E00021141')).toEqual({ code: 'E00021141', level: 'oa' });
  });

  it('links ward→LAD from a ward lookup (WD22CD,WD22NM,LAD22CD,LAD22NM, extra columns ignored)', async () => {
    const csv = `WD22CD,WD22NM,WD22NMW,LAD22CD,LAD22NM,ObjectId
E05009317,Bow East,,E09000030,Tower Hamlets,1
E05009318,Bow West,,E09000030,Tower Hamlets,2`;
    const r = await parseLookupRows(rowsOf(csv));
    expect(r.errors).toEqual([]);
    expect(r.links).toEqual([
      {
        child: { code: 'E05009317', name: 'Bow East', level: 'ward' },
        parent: { code: 'E09000030', name: 'Tower Hamlets', level: 'lad' },
      },
      {
        child: { code: 'E05009318', name: 'Bow West', level: 'ward' },
        parent: { code: 'E09000030', name: 'Tower Hamlets', level: 'lad' },
      },
    ]);
  });

  it('links LSOA to both MSOA and ward when both are present, lower-case headers', async () => {
    const csv = `lsoa11cd,msoa11cd,wd19cd,wd19nm,lad19cd
E01004197,E02000865,E05009317,Bow East,E09000030`;
    const r = await parseLookupRows(rowsOf(csv));
    expect(r.errors).toEqual([]);
    expect(pairs(r.links)).toEqual([
      'E01004197>E02000865',
      'E02000865>E09000030',
      'E01004197>E05009317',
      'E05009317>E09000030',
    ]);
  });

  it('links only adjacent levels: OA→ward→LAD, not OA→LAD, when there is no LSOA column', async () => {
    const r = await parseLookupRows(rowsOf(`OA11CD,WD11CD,LAD11CD\nE00021141,E05000001,E09000030`));
    expect(pairs(r.links)).toEqual(['E00021141>E05000001', 'E05000001>E09000030']);
    const direct = await parseLookupRows(rowsOf(`OA11CD,LAD11CD\nE00021141,E09000030`));
    expect(pairs(direct.links)).toEqual(['E00021141>E09000030']);
  });

  it('reads the census file columns: codes for OA/LSOA/MSOA, names-only LAD/RGN are skipped with a warning', async () => {
    const csv = `"OA","Persons","WhiteBrit","LSOA","MSOA","LAD","RGN"
"E00000001",194,150,"E01000001","E02000001","City of London","London"
"E00000003",250,177,"E01000001","E02000001","City of London","London"`;
    const r = await parseLookupRows(rowsOf(csv));
    expect(r.errors).toEqual([]);
    expect(pairs(r.links)).toEqual(['E00000001>E01000001', 'E01000001>E02000001', 'E00000003>E01000001']);
    expect(r.columns.map((c) => [c.level, c.codeColumn, c.nameColumn])).toEqual([
      ['oa', 'OA', undefined],
      ['lsoa', 'LSOA', undefined],
      ['msoa', 'MSOA', undefined],
      ['lad', undefined, 'LAD'],
      ['region', undefined, 'RGN'],
    ]);
    expect(r.warnings).toHaveLength(2);
    expect(r.warnings[0]).toMatch(/"LAD" holds names only/);
  });

  it('resolves names to codes when given resolveCode, with errors for unknown names', async () => {
    const csv = `LSOA,MSOA,LAD
E01000001,E02000001,City of London
E01000002,E02000002,Atlantis`;
    const codes: Record<string, string> = { 'City of London': 'E09000001' };
    const r = await parseLookupRows(rowsOf(csv), {
      resolveCode: (level, name) => (level === 'lad' ? codes[name] : undefined),
    });
    expect(pairs(r.links)).toEqual(['E01000001>E02000001', 'E02000001>E09000001', 'E01000002>E02000002']);
    expect(r.links[1].parent).toEqual({ code: 'E09000001', name: 'City of London', level: 'lad' });
    expect(r.errors).toEqual([{ line: 3, message: 'no code known for local authority district name "Atlantis"' }]);
  });

  it('collects row errors with 1-based line numbers (header is line 1)', async () => {
    const csv = `LSOA11CD,MSOA11CD,LAD11CD
E01000001,E02000001,E09000001
,E02000001,E09000001
E01000003,E01000099,E09000001
E01000004,BAD,E09000001
E01000001,E02000002,E09000001
E01000005,E02000002,E09000002`;
    const r = await parseLookupRows(rowsOf(csv));
    expect(r.errors).toEqual([
      { line: 3, message: 'missing LSOA11CD' },
      { line: 4, message: 'MSOA11CD: E01000099 is a lsoa code, expected msoa' },
      { line: 5, message: 'MSOA11CD: "BAD" is not a recognised GSS area code' },
      { line: 6, message: 'E01000001 has middle layer super output area E02000002 here but E02000001 on line 2' },
      { line: 7, message: 'E02000002 has local authority district E09000002 here but E09000001 on line 6' },
    ]);
    expect(r.errorCount).toBe(5);
    // the good parts of bad rows still count: line 6 links MSOA E02000002 to the LAD
    expect(pairs(r.links)).toEqual([
      'E01000001>E02000001',
      'E02000001>E09000001',
      'E02000002>E09000001',
      'E01000005>E02000002',
    ]);
  });

  it('reports a header without two linkable levels on line 1', async () => {
    const r = await parseLookupRows(rowsOf('LSOA11CD,Persons\nE01000001,1500'));
    expect(r.links).toEqual([]);
    expect(r.errors).toEqual([
      {
        line: 1,
        message:
          'header needs code columns for at least two geography levels (e.g. LSOA11CD and MSOA11CD); recognised: LSOA11CD',
      },
    ]);
    const empty = await parseLookupRows([]);
    expect(empty.errors).toEqual([{ line: 1, message: 'file is empty: no header row' }]);
  });

  it('accepts array records with the header as the first row, from a sync iterable', async () => {
    const rows: LookupRow[] = [
      { line: 1, record: ['\uFEFFLSOA11CD', 'MSOA11CD'] },
      { line: 2, record: ['E01000001', 'E02000001'] },
      { line: 3, record: ['E01000002', ''] },
    ];
    const r = await parseLookupRows(rows);
    expect(pairs(r.links)).toEqual(['E01000001>E02000001']);
    expect(r.errors).toEqual([{ line: 3, message: 'missing MSOA11CD' }]);
  });

  it('caps recorded errors at maxErrors but counts them all', async () => {
    const body = Array.from({ length: 20 }, (_, i) => `BAD${i},E02000001`).join('\n');
    const r = await parseLookupRows(rowsOf(`LSOA11CD,MSOA11CD\n${body}`), { maxErrors: 5 });
    expect(r.errors).toHaveLength(5);
    expect(r.errorCount).toBe(20);
    expect(r.errors[4].line).toBe(6);
  });
});

const LSOA_FILE = '../shared/data/census2011/ethnic_group_lsoa.csv.gz';
const haveCensus = existsSync(LSOA_FILE);
if (!haveCensus)
  console.warn(`SKIPPED real census lookup test: ${LSOA_FILE} not found (the shared data folder is absent)`);

describe.skipIf(!haveCensus)('real census LSOA file (../shared/data)', () => {
  it('gives one LSOA→MSOA link per LSOA (34,753) with no errors', async () => {
    const text = gunzipSync(readFileSync(LSOA_FILE)).toString('utf8');
    const r = await parseLookupRows(rowsOf(text));
    expect(r.errors).toEqual([]);
    expect(r.rows).toBe(34753);
    expect(r.links).toHaveLength(34753);
    expect(r.links.every((l) => l.child.level === 'lsoa' && l.parent.level === 'msoa')).toBe(true);
  });
});
