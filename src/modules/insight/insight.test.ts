import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../../../test/helpers/db.ts';
import { Client, createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { readCsvBuffer } from '../../lib/csv.ts';
import { AuditService } from '../audit/index.ts';
import { createInsightModule, type InsightServices } from './index.ts';
import { systemActor, type Actor, type Council } from '../../kernel/actor.ts';
import { analyseScope } from '../../stats/segregation/index.ts';
import { CENSUS2011_GROUPS } from './parse.ts';
import { INDICATOR_CSV_COLUMNS } from './present/indicator.ts';
import { valueSourceCell } from './present/segregation.ts';
import { SEGREGATION_CSV_COLUMNS } from './present/segregation-download.ts';
import { translator } from '../../i18n/index.ts';

const LAD = 'X08000001';
const LAD_NAME = 'Council A Borough (fictional)';

/** 16 output areas in 4 LSOAs and 2 MSOAs; Pakistani residents concentrated in the last two LSOAs. */
function census2011Fixture() {
  const header = ['OA', 'Persons', ...CENSUS2011_GROUPS, 'LSOA', 'MSOA', 'LAD', 'RGN'];
  const lines = [header.join(',')];
  const matrix: number[][] = [];
  const totals: number[] = [];
  for (let l = 0; l < 4; l++) {
    for (let o = 0; o < 4; o++) {
      const i = l * 4 + o;
      const counts = CENSUS2011_GROUPS.map(() => 0);
      counts[0] = 250 - 50 * l + 7 * o; // WhiteBrit
      counts[5] = 10 + 60 * l * l + 3 * o; // Pakistani
      counts[4] = 20 + 5 * o; // Indian
      counts[9] = 5 + ((l + o) % 3) * 4; // BlkAfrican
      const persons = counts.reduce((a, b) => a + b, 0) + 2; // two people in categories not listed
      matrix.push(counts);
      totals.push(persons);
      lines.push(
        [
          `X00${String(i + 1).padStart(6, '0')}`,
          persons,
          ...counts,
          `X01${String(l + 1).padStart(6, '0')}`,
          `X02${String(Math.floor(l / 2) + 1).padStart(6, '0')}`,
          `"${LAD_NAME}"`,
          'Demoregion',
        ].join(','),
      );
    }
  }
  // Another authority's row, left out by the filter.
  lines.push(
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
    ].join(','),
  );
  return { csv: lines.join('\n') + '\n', matrix, totals };
}

const TS029_HEAD = [
  'date',
  'geography',
  'geography code',
  'Proficiency in English language: Total: All usual residents aged 3 years and over',
  'Proficiency in English language: Main language is English (English or Welsh in Wales)',
  'Proficiency in English language: Main language is not English (English or Welsh in Wales): Can speak English very well',
  'Proficiency in English language: Main language is not English (English or Welsh in Wales): Can speak English well',
  'Proficiency in English language: Main language is not English (English or Welsh in Wales): Cannot speak English well',
  'Proficiency in English language: Main language is not English (English or Welsh in Wales): Cannot speak English',
];
const TS066_HEAD = [
  'date',
  'geography',
  'geography code',
  'Economic activity status: Total: All usual residents aged 16 years and over',
  'Economic activity status: Economically active (excluding full-time students)',
  'Economic activity status: Economically active and a full-time student',
  'Economic activity status: Economically inactive: Retired',
  'Economic activity status: Economically inactive: Other',
];
const NEIGHBOURS = ['X08000002', 'X08000003', 'X08000004', 'X08000005', 'X08000006', 'X08000007'];

function csvOf(header: string[], rows: (string | number)[][]): string {
  const q = (v: string | number) =>
    typeof v === 'string' && /[,"]/.test(v) ? `"${v.replace(/"/g, '""')}"` : String(v);
  return [header.map(q).join(','), ...rows.map((r) => r.map(q).join(','))].join('\n') + '\n';
}

/** TS029 at LAD level for the council and six fictional neighbours; proficiency 2% … 8%. */
function ts029(period = '2021') {
  const areas = [LAD, ...NEIGHBOURS];
  return csvOf(
    TS029_HEAD,
    areas.map((code, i) => {
      const total = 100000;
      const cannot = 2000 + i * 1000;
      return [
        period,
        code === LAD ? LAD_NAME : `Neighbour ${i} (fictional)`,
        code,
        total,
        total - cannot - 8000,
        5000,
        3000,
        cannot - 500,
        500,
      ];
    }),
  );
}

function ts066(period = '2021') {
  const areas = [LAD, ...NEIGHBOURS];
  return csvOf(
    TS066_HEAD,
    areas.map((code, i) => [
      period,
      code === LAD ? LAD_NAME : `Neighbour ${i} (fictional)`,
      code,
      1000,
      600 - i * 20,
      50,
      200 + i * 20,
      150,
    ]),
  );
}

const buf = (s: string) => Buffer.from(s, 'utf8');

function multipart(fields: Record<string, string>, file: { name: string; content: string }) {
  const boundary = '----insighttest' + Math.random().toString(16).slice(2);
  const parts = Object.entries(fields).map(
    ([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`,
  );
  parts.push(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: text/csv\r\n\r\n${file.content}\r\n`,
  );
  parts.push(`--${boundary}--\r\n`);
  return { payload: parts.join(''), contentType: `multipart/form-data; boundary=${boundary}` };
}

describe.each(BACKENDS)('insight (%s)', (backend) => {
  let t: TestApp;
  let svc: InsightServices;
  let council: Council;
  let actor: Actor;
  /** The service operator: census tables loaded from the command line are shared by every council. */
  let operator: Actor;
  let analyst: Client;
  let viewer: Client;
  const fixture = census2011Fixture();

  beforeAll(async () => {
    t = await createTestApp(backend);
    svc = t.services.insight;
    council = t.council('a');
    actor = t.actor('analyst');
    operator = systemActor(council, 'cli');
    analyst = new Client(t.app);
    await analyst.signIn('analyst@a.test');
    viewer = new Client(t.app);
    await viewer.signIn('viewer@a.test');
  });
  afterAll(() => t?.close());

  const countRows = async (table: string) =>
    Number((await t.db.query<{ n: number }>(`select count(*)::int as n from ${table}`))[0].n);

  it('imports census 2011 counts for the council only, summed up the hierarchy, idempotently', async () => {
    const opts = { source: 'fixture.csv', lad: { code: LAD, name: LAD_NAME } };
    const first = await svc.imports.importCensus2011(readCsvBuffer(buf(fixture.csv), { trim: true }), operator, opts);
    expect(first).toMatchObject({ ok: true, rows: 16, skipped: 1, dataset: 'census2011_ethnic_group' });
    // 16 OAs + 4 LSOAs + 2 MSOAs + the LAD.
    expect(first.areas).toBe(23);
    const lad = await t.services.geography.populationFor('census2011_ethnic_group', [LAD]);
    expect(lad[0].total).toBe(fixture.totals.reduce((a, b) => a + b, 0));
    const counts = await countRows('population_counts');
    const second = await svc.imports.importCensus2011(readCsvBuffer(buf(fixture.csv), { trim: true }), operator, opts);
    expect(second.ok).toBe(true);
    expect(await countRows('population_counts')).toBe(counts);
    expect((await t.services.geography.populationFor('census2011_ethnic_group', [LAD]))[0].total).toBe(lad[0].total);
  });

  it('changes nothing when a census file has a bad row, and lists every bad row with its line', async () => {
    const before = await countRows('population_counts');
    const areas = await countRows('areas');
    const bad = fixture.csv.replace(/\nX00000003,(\d+),/, '\nX00000003,-4,').replace(/\nX00000007,/, '\nX0000007,');
    const out = await svc.imports.importCensus2011(readCsvBuffer(buf(bad), { trim: true }), operator, {
      source: 'bad.csv',
      lad: { code: LAD, name: LAD_NAME },
    });
    expect(out.ok).toBe(false);
    expect(out.problems.map((p) => p.line)).toEqual([4, 8]);
    expect(out.problems[0].message).toContain('Persons "-4" is not a count');
    expect(out.problems[1].message).toContain('"X0000007" is not an output area code');
    expect(await countRows('population_counts')).toBe(before);
    expect(await countRows('areas')).toBe(areas);
  });

  it('imports Nomis tables with their derived indicators, idempotently', async () => {
    const a = await svc.imports.importNomisTable(readCsvBuffer(buf(ts029()), { trim: true }), operator, {
      source: 'census2021-ts029-ltla.csv',
    });
    expect(a).toMatchObject({
      ok: true,
      rows: 7,
      dataset: 'ts029_2021',
      indicators: ['lg_inform.english_proficiency', 'ioi.language.english'],
    });
    expect(a.values).toBe(14);
    const b = await svc.imports.importNomisTable(readCsvBuffer(buf(ts066()), { trim: true }), operator, {
      source: 'census2021-ts066-ltla.csv',
    });
    expect(b).toMatchObject({ ok: true, indicators: ['lg_inform.economic_inactivity'] });
    const values = await countRows('indicator_values');
    await svc.imports.importNomisTable(readCsvBuffer(buf(ts029()), { trim: true }), operator, {
      source: 'census2021-ts029-ltla.csv',
    });
    expect(await countRows('indicator_values')).toBe(values);
    const def = (await svc.definitions.find(council, 'lg_inform.english_proficiency'))!;
    const view = await svc.trends.indicatorView(council, def, LAD);
    const v = view.values.find((x) => x.period === '2021' && x.group_code === 'all')!;
    expect(v.value).toBeCloseTo(2, 10);
    expect(v.numerator).toBe(2000);
    expect(v.ci_low!).toBeLessThan(2);
    expect(v.ci_high!).toBeGreaterThan(2);
    // Names from the file are stored with the areas.
    expect((await t.services.geography.findArea('X08000003'))?.name).toBe('Neighbour 2 (fictional)');
  });

  it('rolls back the whole import when a write fails part-way', async () => {
    const failing = new AuditService(t.db);
    failing.record = async () => {
      throw new Error('disk full');
    };
    const broken = createInsightModule({ ...t.container.deps, audit: failing, geography: t.services.geography })
      .services.imports;
    const before = await countRows('indicator_values');
    await expect(
      broken.importNomisTable(readCsvBuffer(buf(ts029('2011')), { trim: true }), operator, { source: 'x.csv' }),
    ).rejects.toThrow('disk full');
    expect(await countRows('indicator_values')).toBe(before);
    expect(await t.services.geography.dataset(t.council('a'), 'ts029_2011')).toBeUndefined();
  });

  it('imports tidy indicator values: every bad row reported by line, then good values with Wilson intervals', async () => {
    const header = 'area_code,period,indicator,group,value,numerator,denominator\n';
    const bad =
      header +
      [
        `${LAD},2011,lg_inform.english_proficiency,,1.5,1500,100000`,
        `${LAD},2011,lg_inform.english_proficiency,,1.5,,`,
        `NOPE,2011,lg_inform.english_proficiency,,1,,`,
        `${LAD},2011,gla.relationships.get_on_well,Pakistani,101,,`,
      ].join('\n');
    const before = await countRows('indicator_values');
    const out = await svc.imports.importIndicatorValues(readCsvBuffer(buf(bad), { trim: true }), actor, 'tidy.csv');
    expect(out.ok).toBe(false);
    expect(out.problems.map((p) => p.line)).toEqual([3, 4, 5]);
    expect(await countRows('indicator_values')).toBe(before);

    const good =
      header +
      [
        `${LAD},2011,lg_inform.english_proficiency,,1.5,1500,100000`,
        `${LAD},2016,lg_inform.english_proficiency,,1.8,1800,100000`,
        `${LAD},2011,lg_inform.english_proficiency,Pakistani,9,900,10000`,
        `${LAD},2021,lg_inform.english_proficiency,Pakistani,6,600,10000`,
        `${LAD},2021,lg_inform.english_proficiency,Indian,4,400,10000`,
        `${LAD},2011,lg_inform.english_proficiency,Indian,4.5,450,10000`,
        `X01000001,2021,lg_inform.english_proficiency,,1.2,120,10000`,
        `X01000003,2021,lg_inform.english_proficiency,,3.0,300,10000`,
        `X08000099,2021,lg_inform.english_proficiency,,3.3,,`,
      ].join('\n');
    const ok = await svc.imports.importIndicatorValues(readCsvBuffer(buf(good), { trim: true }), actor, 'tidy.csv');
    expect(ok).toMatchObject({
      ok: true,
      rows: 9,
      values: 9,
      newAreas: 1,
      indicators: ['lg_inform.english_proficiency'],
    });

    const def = (await svc.definitions.find(council, 'lg_inform.english_proficiency'))!;
    const view = await svc.trends.indicatorView(council, def, LAD, '2011');
    expect(view.periods).toEqual(['2011', '2016', '2021']);
    const change2021 = view.changes.find((c) => c.row.period === '2021')!.change!;
    expect(change2021.change).toBeCloseTo(0.5, 10);
    expect(change2021.significant).toBe(true);
    const pak = view.gaps.find((g) => g.group === 'Pakistani')!.analysis;
    expect(pak.rows.map((r) => r.gap)).toEqual([7.5, 4]);
    expect(pak.status).toBe('narrowing');
    expect(pak.significant).toBe(true);
    expect(view.subareas?.level).toBe('lsoa');
  });

  it('refuses a council indicator with a code already taken and stores a new one', async () => {
    const d = {
      code: 'council.mixing',
      name: 'Youth club mixing',
      domain: 'relationships',
      unit: 'percent' as const,
      higher_is_better: true,
      source: 'Youth service records',
      geography_level: 'ward' as const,
      breakdowns: ['age_band'],
      description: '',
    };
    await svc.definitions.define(actor, d);
    await expect(svc.definitions.define(actor, d)).rejects.toMatchObject({ key: 'insight.define.errors.codeTaken' });
    await expect(svc.definitions.define(actor, { ...d, code: 'lg_inform.migration' })).rejects.toMatchObject({
      key: 'insight.define.errors.codeTaken',
    });
    // Another council does not see it.
    expect(await svc.definitions.find(t.council('b'), 'council.mixing')).toBeUndefined();
  });

  it("runs the segregation engine on the council's own output areas, agreeing with the engine, and stores the results", async () => {
    const a = await svc.segregation.analyse(council, {
      dataset: 'census2011_ethnic_group',
      level: 'oa',
      higher: 'lsoa',
      pair: { y: 'Pakistani', x: 'WhiteBrit' },
    });
    expect(a).not.toBeNull();
    const direct = analyseScope(
      'x',
      {
        areas: 16,
        groups: CENSUS2011_GROUPS,
        counts: Float64Array.from(fixture.matrix.flat()),
        totals: Float64Array.from(fixture.totals),
      },
      { pair: { y: 'Pakistani', x: 'WhiteBrit' } },
    );
    expect(a!.result.pair!.indices).toEqual(direct.pair!.indices);
    expect(a!.result.multi).toEqual(direct.multi);
    const impacts = a!.result.impacts[0];
    expect(impacts.level).toBe('lsoa');
    expect(impacts.rows.ok && impacts.rows.value.map((r) => r.unit).sort()).toEqual([
      'X01000001',
      'X01000002',
      'X01000003',
      'X01000004',
    ]);
    const written = await svc.segregation.store(
      actor,
      { dataset: 'census2011_ethnic_group', level: 'oa', higher: 'lsoa' },
      [{ y: 'Pakistani', x: 'WhiteBrit' }],
    );
    expect(written).toBeGreaterThan(10);
    const def = (await svc.definitions.find(council, 'lg_inform.residential_segregation'))!;
    const stored = (await svc.trends.indicatorView(council, def, LAD)).values;
    const d = stored.find((v) => v.group_code === 'Pakistani vs WhiteBrit')!;
    // The source is in words: the dataset by name, never 'segregation engine: <dataset code> by <level>'.
    expect(d.source).toMatch(/^Segregation indices from census counts: .+ \(\d{4}\), by Output areas$/);
    expect(d.source).not.toContain('census2011_ethnic_group');
    expect(valueSourceCell(translator('cy'), 'segregation engine: demo_ethnic_group by lsoa')).toEqual({
      text: 'Mynegeion arwahanu o niferoedd y cyfrifiad, fesul AGEHI',
    });
    expect(d.value).toBeCloseTo(direct.pair!.indices.ok ? direct.pair!.indices.value.dissimilarity : NaN, 12);
    expect(d.period).toBe('2011');
    expect(stored.find((v) => v.group_code === 'all')!.value).toBeCloseTo(
      direct.multi.ok ? direct.multi.value.multiDissimilarity : NaN,
      12,
    );
    // Storing again replaces rather than duplicates.
    const n = await countRows('indicator_values');
    await svc.segregation.store(actor, { dataset: 'census2011_ethnic_group', level: 'oa', higher: 'lsoa' }, [
      { y: 'Pakistani', x: 'WhiteBrit' },
    ]);
    expect(await countRows('indicator_values')).toBe(n);
  });

  it('computes nearest-neighbour comparators and ranks the council among them', async () => {
    const nn = await svc.comparators.setNearest(
      actor,
      ['lg_inform.english_proficiency', 'lg_inform.economic_inactivity'],
      3,
    );
    // The council has the lowest proficiency and inactivity values; neighbours 1 and 2 are the closest.
    expect(nn.map((n) => n.code)).toEqual(['X08000002', 'X08000003', 'X08000004']);
    const def = (await svc.definitions.find(council, 'lg_inform.english_proficiency'))!;
    const b = (await svc.comparators.benchmark(council, def, '2021'))!;
    expect(b.rank).toEqual({ rank: 1, of: 4, quartile: 1 });
    await expect(svc.comparators.setManual(actor, ['E01000001'])).rejects.toMatchObject({
      key: 'insight.comparators.errors.badCodes',
    });
    await expect(svc.comparators.setManual(actor, ['E09000999'])).rejects.toMatchObject({
      key: 'insight.comparators.errors.unknownCodes',
    });
  });

  it('serves the area profile, segregation and indicator pages with CSV and JSON downloads', async () => {
    const base = `/c/${t.seeded.councils.a.slug}/insight`;
    await t.db.transaction((tx) =>
      t.services.geography.write.boundaries(
        tx,
        ['X01000001', 'X01000002', 'X01000003', 'X01000004'].map((code, i) => ({
          code,
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [i * 0.01, 0],
                [i * 0.01, 0.01],
                [i * 0.01 + 0.01, 0.01],
                [i * 0.01 + 0.01, 0],
                [i * 0.01, 0],
              ],
            ],
          },
        })),
        'test',
      ),
    );

    const overview = await viewer.get(base);
    expect(overview.statusCode).toBe(200);
    expect(overview.body).toContain('Residents who cannot speak English well or at all');
    expect(overview.body).toContain('1st of 4 among comparators (top quarter)');
    const csv = await viewer.get(`${base}?format=csv`);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\r\n')[0]).toContain('indicator,name,framework,unit,period,baseline_period,percent,');
    expect(csv.body).toContain('lg_inform.english_proficiency');

    const profile = await viewer.get(`${base}/areas/X01000003`);
    expect(profile.statusCode).toBe(200);
    expect(profile.body).toContain('2nd of 2 LSOAs in the council (bottom quarter)');
    const pj = await viewer.get(`${base}/areas/X01000003?format=json`);
    expect(pj.json().data[0]).toMatchObject({ indicator: 'lg_inform.english_proficiency', percent: 3 });

    const seg = await viewer.get(
      `${base}/segregation?dataset=census2011_ethnic_group&level=oa&higher=lsoa&y=Pakistani&x=WhiteBrit`,
    );
    expect(seg.statusCode).toBe(200);
    const a = (await svc.segregation.analyse(council, {
      dataset: 'census2011_ethnic_group',
      level: 'oa',
      higher: 'lsoa',
      pair: { y: 'Pakistani', x: 'WhiteBrit' },
    }))!;
    const d = a.result.pair!.indices.ok ? a.result.pair!.indices.value.dissimilarity : NaN;
    expect(seg.body).toContain(`The index of dissimilarity is ${d.toFixed(3)}`);
    expect(seg.body).toContain('Share of the index by LSOAs');
    expect(seg.body).toContain('<svg');
    expect(seg.body).toContain('Under random allocation');
    const sj = await viewer.get(
      `${base}/segregation?dataset=census2011_ethnic_group&level=oa&higher=lsoa&y=Pakistani&x=WhiteBrit&format=json`,
    );
    const body = sj.json();
    expect(body.pair).toEqual({ y: 'Pakistani', x: 'WhiteBrit' });
    expect(
      body.data.find(
        (r: { comparison: string; index: string }) =>
          r.comparison === 'Pakistani vs WhiteBrit' && r.index === 'dissimilarity',
      ).value,
    ).toBeCloseTo(d, 12);
    expect(body.contributions[0].rows).toHaveLength(4);
    const sc = await viewer.get(
      `${base}/segregation?dataset=census2011_ethnic_group&level=oa&higher=lsoa&y=Pakistani&x=WhiteBrit&format=csv`,
    );
    expect(sc.body.split('\r\n')[0]).toBe(SEGREGATION_CSV_COLUMNS.join(','));
    // The places' contributions the page maps and tables are in the CSV too (four LSOAs).
    expect(sc.body.split('\r\n').filter((l) => l.includes('_contribution,'))).toHaveLength(4);

    const ind = await viewer.get(`${base}/indicator?code=lg_inform.english_proficiency`);
    expect(ind.statusCode).toBe(200);
    expect(ind.body).toContain('Gaps between groups');
    expect(ind.body).toContain('Narrowing');
    expect(ind.body).toContain('This council is 1st of 4, in the top quarter.');
    expect((ind.body.match(/<svg/g) ?? []).length).toBe(3);
    const ic = await viewer.get(`${base}/indicator?code=lg_inform.english_proficiency&area=${LAD}&format=csv`);
    expect(ic.body.split('\r\n')[0]).toBe(INDICATOR_CSV_COLUMNS.join(','));
    // The comparators shown in the benchmark chart are in the download too.
    expect(ic.body.split('\r\n').filter((l) => l.includes(',comparator,'))).toHaveLength(3);
    const ij = await viewer.get(`${base}/indicator?code=lg_inform.english_proficiency&format=json`);
    expect(ij.json().benchmark.rank).toEqual({ rank: 1, of: 4, quartile: 1 });

    const comp = await viewer.get(`${base}/comparators?format=json`);
    expect(comp.json()).toMatchObject({
      method: 'nearest',
      data: [{ position: 1, area_code: 'X08000002' }, { position: 2 }, { position: 3 }],
    });
    expect((await viewer.get(`${base}/indicators?format=csv`)).body).toContain('scorecard.housing.overcrowding');
  });

  it('uploads through the import page: bad rows listed by line, nothing changed; then a good file', async () => {
    const base = `/c/${t.seeded.councils.a.slug}/insight`;
    await analyst.get(`${base}/import`);
    const before = await countRows('indicator_values');
    const badFile =
      'area_code,period,indicator,value\nX08000001,2019,gla.participation.volunteering,31\nX08000001,2019,gla.participation.volunteering,abc\nZZ,2019,gla.participation.volunteering,5\n';
    const m = multipart({ _csrf: analyst.csrf, kind: 'indicators' }, { name: 'v.csv', content: badFile });
    const res = await t.app.inject({
      method: 'POST',
      url: `${base}/import`,
      payload: m.payload,
      headers: { 'content-type': m.contentType, cookie: [...analyst.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Line 3: value &quot;abc&quot; is not a number');
    expect(res.body).toContain('Line 4: area_code &quot;ZZ&quot; is not a GSS code');
    expect(await countRows('indicator_values')).toBe(before);
    const good = multipart(
      { _csrf: analyst.csrf, kind: 'indicators' },
      { name: 'v.csv', content: badFile.split('\n').slice(0, 2).join('\n') + '\n' },
    );
    const ok = await t.app.inject({
      method: 'POST',
      url: `${base}/import`,
      payload: good.payload,
      headers: {
        'content-type': good.contentType,
        cookie: [...analyst.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('Imported 1 rows');
    expect(await countRows('indicator_values')).toBe(before + 1);
  });

  it('refuses an upload that is not CSV or gzip as a rule failure on the file field, changing nothing', async () => {
    const before = await countRows('indicator_values');
    await expect(
      svc.imports.upload(actor, { kind: 'indicators', file: Buffer.from([0x1f, 0x8b, 1, 2, 3, 4]) }),
    ).rejects.toMatchObject({
      key: 'insight.import.errors.badFile',
      field: 'file',
      params: { reason: 'not a valid gzip file' },
    });
    await expect(
      svc.imports.upload(actor, { kind: 'indicators', file: Buffer.from('area_code,period\n"X08000001,2019\n') }),
    ).rejects.toMatchObject({ key: 'insight.import.errors.badFile', field: 'file' });
    expect(await countRows('indicator_values')).toBe(before);
  });

  it('defines an indicator through the form, with errors first', async () => {
    const base = `/c/${t.seeded.councils.a.slug}/insight`;
    await analyst.get(`${base}/indicators/new`);
    const bad = await analyst.post(`${base}/indicators/new`, {
      code: 'Bad Code',
      name: '',
      unit: 'percent',
      direction: 'higher',
      level: 'ward',
      source: 'x',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Enter a code of 2 to 81 lower-case letters');
    expect(bad.body).toContain('value="Bad Code"');
    const ok = await analyst.post(`${base}/indicators/new`, {
      code: 'council.esol_places',
      name: 'ESOL places filled',
      domain: 'language',
      unit: 'percent',
      direction: 'higher',
      level: 'lad',
      source: 'Adult learning service records',
      breakdowns: 'age_band',
    });
    expect(ok.statusCode).toBe(303);
    expect((await svc.definitions.find(council, 'council.esol_places'))?.breakdowns).toEqual(['age_band']);
  });

  it('keeps other councils out and answers 404 for areas outside the council', async () => {
    const other = new Client(t.app);
    await other.signIn('administrator@b.test');
    expect((await other.get(`/c/${t.seeded.councils.a.slug}/insight`)).statusCode).toBe(404);
    const bView = await other.get(
      `/c/${t.seeded.councils.b.slug}/insight/indicator?code=lg_inform.english_proficiency&format=json`,
    );
    expect(bView.json().data).toEqual([]);
    expect((await viewer.get(`/c/${t.seeded.councils.a.slug}/insight/areas/E09000030`)).statusCode).toBe(404);
    expect((await viewer.get(`/c/${t.seeded.councils.a.slug}/insight/import`)).statusCode).toBe(403);
  });
});
