import { afterEach, describe, expect, it } from 'vitest';
import type { RouteTestApp } from '../../../../test/helpers/routes.ts';
import { DomainError } from '../../../kernel/errors.ts';
import { parse } from 'csv-parse/sync';
import { formatChange, formatValue } from '../format.ts';
import { INDICATOR_CSV_COLUMNS } from '../present/indicator.ts';
import { BASE, INDICATOR, LAD, OWN_INDICATOR, VIEW, WARD, insightTestApp, stubs } from '../testing/route-stubs.ts';

const DEFINE = {
  code: 'council.esol_places',
  name: 'ESOL places filled',
  domain: 'language',
  unit: 'percent',
  direction: 'higher',
  level: 'ward',
  source: 'Adult learning service records',
  breakdowns: 'age_band',
};

/** The indicators list, the define form and the page of one indicator, on stub services. */
describe('insight indicator pages', () => {
  let r: RouteTestApp | undefined;
  afterEach(() => r?.close());

  it('lists the definitions by framework, filters by one, and downloads them', async () => {
    const s = stubs();
    r = await insightTestApp(s, 'viewer');
    const all = await r.client.get(`${BASE}/indicators`);
    expect(all.statusCode).toBe(200);
    expect(all.body).toContain(INDICATOR.name);
    expect(all.body).toContain(OWN_INDICATOR.name);
    expect(all.body).toContain(`href="${BASE}/indicator?code=${encodeURIComponent(INDICATOR.code)}"`);
    const own = await r.client.get(`${BASE}/indicators?framework=council&created=council.youth_mixing`);
    expect(own.body).toContain(OWN_INDICATOR.name);
    expect(own.body).not.toContain(INDICATOR.name);
    expect(own.body).toContain('The indicator council.youth_mixing has been defined');
    const csv = await r.client.get(`${BASE}/indicators?format=csv&framework=lg_inform`);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\r\n')[0]).toBe(
      'code,name,framework,domain,unit,higher_is_better,geography_level,breakdowns,source,description,own,values',
    );
    expect(csv.body).toContain(INDICATOR.code);
    expect(csv.body).not.toContain(OWN_INDICATOR.code);
    // An unknown framework is all of them.
    expect((await r.client.get(`${BASE}/indicators?framework=nope`)).body).toContain(OWN_INDICATOR.name);
  });

  it('defines an indicator as the signed-in analyst and goes to the list', async () => {
    const s = stubs();
    r = await insightTestApp(s);
    expect((await r.client.get(`${BASE}/indicators/new`)).statusCode).toBe(200);
    const res = await r.client.post(`${BASE}/indicators/new`, DEFINE);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${BASE}/indicators?framework=council&created=council.esol_places`);
    expect(s.definitions.define).toHaveBeenCalledWith(
      expect.objectContaining({ userId: r.actor?.userId, role: 'analyst' }),
      {
        code: 'council.esol_places',
        name: 'ESOL places filled',
        domain: 'language',
        unit: 'percent',
        higher_is_better: true,
        geography_level: 'ward',
        source: 'Adult learning service records',
        description: '',
        breakdowns: ['age_band'],
      },
    );
  });

  it('shows the error summary for a bad definition and calls nothing; a taken code shows on its field', async () => {
    const s = stubs();
    s.definitions.define.mockRejectedValueOnce(new DomainError('insight.define.errors.codeTaken', 'code'));
    r = await insightTestApp(s);
    await r.client.get(`${BASE}/indicators/new`);
    const bad = await r.client.post(`${BASE}/indicators/new`, { ...DEFINE, code: 'Bad Code', source: 'x' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('govuk-error-summary');
    expect(bad.body).toContain('Enter a code of 2 to 81 lower-case letters');
    expect(bad.body).toContain('value="Bad Code"');
    expect(s.definitions.define).not.toHaveBeenCalled();
    const taken = await r.client.post(`${BASE}/indicators/new`, DEFINE);
    expect(taken.statusCode).toBe(400);
    expect(taken.body).toContain('govuk-error-summary');
    expect(taken.body).toContain('href="#code"');
    expect(taken.body).toContain('An indicator with this code already exists');
    expect(taken.body).toContain('value="ESOL places filled"');
  });

  it('refuses the define form to a viewer (403) without calling the service', async () => {
    const s = stubs();
    r = await insightTestApp(s, 'viewer');
    expect((await r.client.get(`${BASE}/indicators/new`)).statusCode).toBe(403);
    expect((await r.client.post(`${BASE}/indicators/new`, DEFINE)).statusCode).toBe(403);
    expect(s.definitions.define).not.toHaveBeenCalled();
  });

  it('lets the member choose an indicator with values', async () => {
    const s = stubs();
    r = await insightTestApp(s, 'viewer');
    const page = await r.client.get(`${BASE}/indicator`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(INDICATOR.name);
    expect(page.body).not.toContain(OWN_INDICATOR.name);
    expect(s.trends.indicatorView).not.toHaveBeenCalled();
  });

  it("shows one indicator for the council's area: trend, change, gaps, benchmark and sub-areas", async () => {
    const s = stubs();
    r = await insightTestApp(s, 'viewer');
    const page = await r.client.get(`${BASE}/indicator?code=${INDICATOR.code.toUpperCase()}&baseline=2011`);
    expect(page.statusCode).toBe(200);
    expect(s.definitions.find).toHaveBeenCalledWith(expect.anything(), INDICATOR.code);
    expect(s.trends.indicatorView).toHaveBeenCalledWith(expect.anything(), INDICATOR, LAD.code, '2011');
    expect(page.body).toContain(`<h1 class="govuk-heading-l">${INDICATOR.name}</h1>`);
    expect(page.body).toContain('Narrowing');
    expect(page.body).toContain('This council is 1st of 3');
    expect(page.body).toContain('−0.8 pts');
    expect((page.body.match(/<svg/g) ?? []).length).toBe(3);
    expect(page.body).toContain(`area=${WARD.code}`);
    // The method note is a page of the service, not a file name.
    expect(page.body).toContain('href="/methods/indicators"');
    expect(page.body).not.toContain('docs/methods');
  });

  it('downloads every value the indicator page shows, one unit per column, as CSV and JSON', async () => {
    const s = stubs();
    r = await insightTestApp(s, 'viewer');
    const csv = await r.client.get(`${BASE}/indicator?code=${INDICATOR.code}&area=${LAD.code}&format=csv`);
    expect(csv.headers['content-disposition']).toContain(`indicator-${INDICATOR.code}-${LAD.code}.csv`);
    expect(csv.body.split('\r\n')[0]).toBe(INDICATOR_CSV_COLUMNS.join(','));
    const rows = parse(csv.body, { columns: true }) as Record<string, string>[];
    // The area's values by group, the comparators and their median, and the wards.
    const series = (name: string) => rows.filter((row) => row.series === name);
    expect(series('area')).toHaveLength(VIEW.values.length);
    expect(series('comparator').map((row) => row.area_name)).toEqual([
      'Northvale (fictional)',
      'Eastbrook (fictional)',
    ]);
    expect(series('comparator_median').map((row) => row.value)).toEqual(['3']);
    expect(series('subarea').map((row) => [row.area_code, row.value])).toEqual([
      [WARD.code, '4'],
      [expect.any(String), '1'],
    ]);
    // One unit per column: bare numbers, the unit named in its own column.
    expect(new Set(rows.map((row) => row.unit))).toEqual(new Set(['percent']));
    for (const row of rows)
      for (const c of ['value', 'lower', 'upper', 'change', 'gap_to_all']) expect(row[c]).toMatch(/^(-?\d+(\.\d+)?)?$/);
    expect(rows.find((row) => row.period === '2021' && row.group === 'all')).toMatchObject({
      change: '-0.75',
      change_lower: '-1.1',
      change_upper: '-0.4',
      difference_unit: 'percentage_points',
      baseline_period: '2011',
    });

    // Every figure on the page is in the download: values as percentages, changes and gaps in points.
    // (Chart axes aside: their ticks are scale marks, not figures; each chart's table is checked.)
    const page = (await r.client.get(`${BASE}/indicator?code=${INDICATOR.code}&area=${LAD.code}`)).body.replace(
      /<svg[\s\S]*?<\/svg>/g,
      '',
    );
    const nums = (cols: string[]) =>
      rows.flatMap((row) =>
        cols
          .map((c) => row[c])
          .filter(Boolean)
          .map(Number),
      );
    const values = new Set(nums(['value', 'lower', 'upper']).map((v) => formatValue('percent', v)));
    const differences = new Set(
      nums(['change', 'change_lower', 'change_upper', 'gap_to_all']).map((v) => formatChange('percent', v)),
    );
    const shownValues = [...page.matchAll(/>([^<>]*?)</g)].flatMap((m) => m[1].match(/\d+\.\d%/g) ?? []);
    const shownChanges = [...page.matchAll(/>([^<>]*?)</g)].flatMap((m) => m[1].match(/[+−]?\d+\.\d pts/g) ?? []);
    expect(shownValues.length).toBeGreaterThan(5);
    expect(shownChanges.length).toBeGreaterThan(2);
    for (const v of shownValues) expect(values, v).toContain(v);
    for (const v of shownChanges) expect(differences, v).toContain(v);
    const json = (await r.client.get(`${BASE}/indicator?code=${INDICATOR.code}&format=json`)).json();
    expect(json.indicator.code).toBe(INDICATOR.code);
    expect(json.benchmark.rank).toEqual({ rank: 1, of: 3, quartile: 2 });
    expect(json.gaps[0]).toMatchObject({ group: 'Pakistani', status: 'narrowing' });
    expect(json.subareas.rows).toEqual([
      { code: WARD.code, name: WARD.name, value: 4 },
      expect.objectContaining({ value: 1 }),
    ]);
  });

  it('answers 404 for an unknown indicator and an area outside the council, before reading values', async () => {
    const s = stubs();
    r = await insightTestApp(s, 'viewer');
    expect((await r.client.get(`${BASE}/indicator?code=nope.nothing`)).statusCode).toBe(404);
    expect((await r.client.get(`${BASE}/indicator?code=${INDICATOR.code}&area=E09000030`)).statusCode).toBe(404);
    expect(s.trends.indicatorView).not.toHaveBeenCalled();
  });
});
