import { afterEach, describe, expect, it } from 'vitest';
import type { RouteTestApp } from '../../../../test/helpers/routes.ts';
import { DomainError } from '../../../kernel/errors.ts';
import { parse } from 'csv-parse/sync';
import { SEGREGATION_CSV_COLUMNS } from '../present/segregation-download.ts';
import { BASE, WARD, WARD2, insightTestApp, segregationAnalysis, stubs } from '../testing/route-stubs.ts';

const STORE = { dataset: 'demo_ethnic_group', level: 'lsoa', higher: 'ward', y: 'Pakistani', x: 'WhiteBrit' };

function pairD(): number {
  const pair = segregationAnalysis().result.pair;
  if (!pair?.indices.ok) throw new Error('the fixture has no pair D');
  return pair.indices.value.dissimilarity;
}

/** The segregation page, its downloads and saving its results, on stub services. */
describe('insight segregation page', () => {
  let r: RouteTestApp | undefined;
  afterEach(() => r?.close());

  it('shows the analysis the service chose for the request: the pair, contributions by ward and stored values', async () => {
    const s = stubs();
    r = await insightTestApp(s, 'viewer');
    const page = await r.client.get(
      `${BASE}/segregation?dataset=demo_ethnic_group&level=lsoa&higher=ward&y=Pakistani&x=WhiteBrit`,
    );
    expect(page.statusCode).toBe(200);
    expect(s.segregation.select).toHaveBeenCalledWith(expect.objectContaining({ slug: 'council-a' }), {
      dataset: 'demo_ethnic_group',
      level: 'lsoa',
      higher: 'ward',
      y: 'Pakistani',
      x: 'WhiteBrit',
    });
    expect(page.body).toContain(`The index of dissimilarity is ${pairD().toFixed(3)}`);
    expect(page.body).toContain(WARD.name);
    expect(page.body).toContain(`href="${BASE}/areas/${WARD2.code}"`);
    expect(page.body).toContain('0.432');
    // The method note is a page of the service, and no engine or dataset code is shown as a source.
    expect(page.body).toContain('href="/methods/segregation"');
    expect(page.body).not.toMatch(/docs\/methods|segregation engine/);
    // A viewer sees no save button.
    expect(page.body).not.toContain('Save these results as indicator values');
  });

  it('passes an absent pair as absent (for the default pair) and ignores a level it does not know', async () => {
    const s = stubs();
    r = await insightTestApp(s, 'viewer');
    await r.client.get(`${BASE}/segregation?level=nowhere`);
    expect(s.segregation.select).toHaveBeenCalledWith(expect.anything(), {});
    await r.client.get(`${BASE}/segregation?y=&x=`);
    expect(s.segregation.select).toHaveBeenLastCalledWith(expect.anything(), { y: '', x: '' });
  });

  it('downloads the indices and the local contributions the page shows as CSV, and JSON', async () => {
    const s = stubs();
    r = await insightTestApp(s, 'viewer');
    const csv = await r.client.get(`${BASE}/segregation?format=csv`);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\r\n')[0]).toBe(SEGREGATION_CSV_COLUMNS.join(','));
    const rows = parse(csv.body, { columns: true }) as Record<string, string>[];
    const contributions = rows.filter((row) => row.index.endsWith('_contribution'));
    expect(contributions.map((row) => row.area_name).sort()).toEqual([WARD.name, WARD2.name].sort());
    // Every percentage the page shows (groups' shares of the population, places' shares of the index and of the
    // areas) is in the download, in percent.
    const page = (await r.client.get(`${BASE}/segregation`)).body.replace(/<svg[\s\S]*?<\/svg>/g, '');
    const shares = new Set(
      rows
        .flatMap((row) => [row.index_share_percent, row.area_share_percent, row.population_share_percent])
        .filter(Boolean)
        .map((v) => `${Number(v).toFixed(1)}%`),
    );
    const shown = [...page.matchAll(/>\s*(\d+\.\d%)\s*</g)].map((m) => m[1]);
    expect(shown.length).toBeGreaterThanOrEqual(4);
    for (const v of shown) expect(shares, v).toContain(v);
    const json = (await r.client.get(`${BASE}/segregation?format=json`)).json();
    expect(json.pair).toEqual({ y: 'Pakistani', x: 'WhiteBrit' });
    expect(
      json.data.find(
        (row: { comparison: string; index: string }) =>
          row.comparison === 'Pakistani vs WhiteBrit' && row.index === 'dissimilarity',
      ).value,
    ).toBeCloseTo(pairD(), 12);
    expect(json.contributions[0].rows.map((c: { name: string }) => c.name).sort()).toEqual([WARD.name, WARD2.name]);
    // Only the HTML page reads the stored values; the downloads never do.
    expect(s.segregation.stored).toHaveBeenCalledTimes(1);
  });

  it('saves the results as the signed-in analyst and shows how many values were saved', async () => {
    const s = stubs();
    r = await insightTestApp(s);
    await r.client.get(`${BASE}/segregation`);
    const res = await r.client.post(`${BASE}/segregation`, STORE);
    expect(res.statusCode).toBe(303);
    expect(s.segregation.store).toHaveBeenCalledWith(
      expect.objectContaining({ userId: r.actor?.userId, role: 'analyst' }),
      { dataset: 'demo_ethnic_group', level: 'lsoa', higher: 'ward' },
      [{ y: 'Pakistani', x: 'WhiteBrit' }],
    );
    const location = String(res.headers.location);
    expect(location).toContain(`${BASE}/segregation?dataset=demo_ethnic_group&level=lsoa&higher=ward`);
    expect(location).toContain('stored=17');
    const after = await r.client.get(location);
    expect(after.body).toContain('17 indicator values were saved.');
  });

  it('shows the error summary for a bad form (calling nothing) and for a rule the service enforces', async () => {
    const s = stubs();
    s.segregation.store.mockRejectedValueOnce(new DomainError('insight.segregation.errors.noData', 'dataset'));
    r = await insightTestApp(s);
    await r.client.get(`${BASE}/segregation`);
    const bad = await r.client.post(`${BASE}/segregation`, { ...STORE, dataset: '' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('govuk-error-summary');
    expect(s.segregation.store).not.toHaveBeenCalled();
    const none = await r.client.post(`${BASE}/segregation`, STORE);
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('There are no counts to analyse for this choice');
    expect(none.body).toContain('href="#dataset"');
  });

  it('refuses saving to a viewer (403) without calling the service', async () => {
    const s = stubs();
    r = await insightTestApp(s, 'viewer');
    await r.client.get(`${BASE}/segregation`);
    expect((await r.client.post(`${BASE}/segregation`, STORE)).statusCode).toBe(403);
    expect(s.segregation.store).not.toHaveBeenCalled();
  });
});
