import { afterEach, describe, expect, it } from 'vitest';
import type { RouteTestApp } from '../../../../test/helpers/routes.ts';
import { parse } from 'csv-parse/sync';
import type { HeadlineRow } from '../services/profiles.ts';
import { BASE, HEADLINE, INDICATOR, LAD, WARD, WARD2, insightTestApp, stubs } from '../testing/route-stubs.ts';

/** The overview and area profiles on stub services. */
describe('insight overview and area profiles', () => {
  let r: RouteTestApp | undefined;
  afterEach(() => r?.close());

  it("shows the council's headline indicators with their trend and position, and links its wards", async () => {
    const s = stubs();
    r = await insightTestApp(s, 'viewer');
    const page = await r.client.get(BASE);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(HEADLINE.indicator.name);
    expect(page.body).toContain('2.5% (2021)');
    expect(page.body).toContain('1st of 4 among comparators');
    expect(page.body).toContain(`href="${BASE}/areas/${WARD.code}"`);
    expect(page.body).toContain(WARD2.name);
    expect(page.body).toContain('Compared with 2 similar councils');
    expect(s.profiles.councilArea).toHaveBeenCalledWith(expect.objectContaining({ slug: 'council-a' }), LAD.code);
    expect(s.profiles.profile).toHaveBeenCalledWith(expect.objectContaining({ slug: 'council-a' }), LAD.code);
  });

  it('downloads the overview as CSV and JSON, every column in one unit', async () => {
    const s = stubs();
    // A percentage, a proportion (shown as a percentage) and a count: never in one column.
    const proportion: HeadlineRow = {
      ...HEADLINE,
      indicator: { ...INDICATOR, code: 'test.share', name: 'A share', unit: 'proportion' },
      latest: { ...HEADLINE.latest, value: 0.605, ci_low: 0.6, ci_high: 0.61 },
      baseline: null,
      change: null,
      position: null,
    };
    const count: HeadlineRow = {
      ...HEADLINE,
      indicator: { ...INDICATOR, code: 'test.people', name: 'People', unit: 'count', higher_is_better: null },
      latest: { ...HEADLINE.latest, value: 84401, ci_low: null, ci_high: null },
      baseline: { ...HEADLINE.latest, period: '2011', value: 80000 },
      change: { change: 4401, low: null, high: null, significant: null },
      position: null,
    };
    s.profiles.profile.mockResolvedValue([HEADLINE, proportion, count]);
    r = await insightTestApp(s, 'viewer');
    const csv = await r.client.get(`${BASE}?format=csv`);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toContain(`profile-${LAD.code}.csv`);
    const header = csv.body.split('\r\n')[0].split(',');
    expect(header).not.toContain('value');
    expect(header).toEqual(expect.arrayContaining(['percent', 'percent_lower', 'percentage_points_change', 'count']));
    expect(header).not.toContain('index');
    const rows = parse(csv.body, { columns: true }) as Record<string, string>[];
    expect(rows.map((row) => [row.indicator, row.unit, row.percent, row.count])).toEqual([
      [HEADLINE.indicator.code, 'percent', '2.5', ''],
      ['test.share', 'percent', '60.5', ''],
      ['test.people', 'count', '', '84401'],
    ]);
    expect(rows[0]).toMatchObject({ percentage_points_change: '-0.75', percent_baseline: '3.25', rank: '1' });
    expect(rows[1]).toMatchObject({ percent_lower: '60', percent_upper: '61' });
    expect(rows[2]).toMatchObject({ count_baseline: '80000', count_change: '4401', percentage_points_change: '' });
    // Every value on the page is in the download.
    const page = (await r.client.get(BASE)).body;
    for (const shown of ['2.5% (2021)', '60.5% (2021)', '84,401 (2021)']) expect(page).toContain(shown);
    const json = (await r.client.get(`${BASE}?format=json`)).json();
    expect(json.area).toEqual(LAD);
    expect(json.data[0]).toMatchObject({
      indicator: HEADLINE.indicator.code,
      percent: 2.5,
      rank: 1,
      among: 'comparators',
    });
    // An unknown format is the page itself.
    expect((await r.client.get(`${BASE}?format=xml`)).headers['content-type']).toContain('text/html');
  });

  it('says so when the council has no geography, without asking for a profile', async () => {
    const s = stubs();
    s.profiles.councilArea.mockResolvedValue(null);
    r = await insightTestApp(s, 'viewer');
    const page = await r.client.get(BASE);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('This council has no geography yet');
    expect(s.profiles.profile).not.toHaveBeenCalled();
  });

  it('shows the profile of an area inside the council, its code in any case, with breadcrumbs and a download', async () => {
    const s = stubs();
    r = await insightTestApp(s, 'viewer');
    const page = await r.client.get(`${BASE}/areas/${WARD.code.toLowerCase()}`);
    expect(page.statusCode).toBe(200);
    expect(s.profiles.councilArea).toHaveBeenCalledWith(expect.anything(), WARD.code);
    expect(page.body).toContain(`<h1 class="govuk-heading-l">${WARD.name}</h1>`);
    expect(page.body).toContain(`href="${BASE}/areas/${LAD.code}"`);
    expect(page.body).toContain(HEADLINE.indicator.name);
    const json = (await r.client.get(`${BASE}/areas/${WARD.code}?format=json`)).json();
    expect(json.area).toEqual(WARD);
    expect(json.data).toHaveLength(1);
  });

  it('answers 404 for a malformed code before any service call, and for an area outside the council', async () => {
    const s = stubs();
    r = await insightTestApp(s, 'viewer');
    expect((await r.client.get(`${BASE}/areas/not-a-code`)).statusCode).toBe(404);
    expect((await r.client.get(`${BASE}/areas/X0500000100`)).statusCode).toBe(404);
    expect(s.profiles.councilArea).not.toHaveBeenCalled();
    expect((await r.client.get(`${BASE}/areas/E09000030`)).statusCode).toBe(404);
    expect(s.profiles.councilArea).toHaveBeenCalledWith(expect.anything(), 'E09000030');
    expect(s.profiles.profile).not.toHaveBeenCalled();
  });

  it('keeps partners out of the insight pages (403) without calling a service', async () => {
    const s = stubs();
    r = await insightTestApp(s, 'partner');
    expect((await r.client.get(BASE)).statusCode).toBe(403);
    expect((await r.client.get(`${BASE}/areas/${WARD.code}`)).statusCode).toBe(403);
    expect(s.profiles.councilArea).not.toHaveBeenCalled();
  });
});
