import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import {
  HAS_CHROMIUM,
  SKIP_REASON,
  expectAccessible,
  launchBrowser,
  releaseBrowser,
  newContext,
  signIn,
  startE2EServer,
  visit,
  type E2EServer,
  E2E_BACKENDS,
} from './harness.ts';

describe.skipIf(!HAS_CHROMIUM).each(E2E_BACKENDS)(
  `insight in a real browser (%s)${HAS_CHROMIUM ? '' : ' – ' + SKIP_REASON}`,
  (backend) => {
    let browser: Browser;
    let srv: E2EServer;

    beforeAll(async () => {
      [browser, srv] = await Promise.all([launchBrowser(), startE2EServer(backend)]);
    });
    afterAll(async () => {
      await releaseBrowser(browser);
      await srv?.close();
    });

    it('area profile, segregation, indicator, comparators and import pages work with JavaScript off and pass axe', async () => {
      const ctx = await newContext(browser, { javaScriptEnabled: false });
      const page = await ctx.newPage();
      await signIn(page, srv.url, srv.demo.email, srv.demo.password);
      const base = `${srv.url}/c/demo/insight`;

      // Overview: the council's headline indicators with comparator positions.
      await page.getByRole('link', { name: 'Know', exact: true }).click();
      await expectAccessible(page);
      expect(await page.locator('h1').textContent()).toContain('Know your communities');
      const headline = await page.locator('table').first().textContent();
      expect(headline).toContain('Residents who cannot speak English well or at all');
      expect(headline).toMatch(/of 9 among comparators/);

      // A ward profile from the overview's list.
      await page.locator('.app-insight-columns a').first().click();
      await expectAccessible(page);
      expect(await page.locator('table').first().textContent()).toMatch(/of \d+ wards in the council/);

      // Segregation: index table with explanations, the map of local contributions and the driving areas.
      await visit(page, `${base}/segregation`);
      expect(await page.locator('#pair').count()).toBe(1);
      expect(await page.getByText('The index of dissimilarity is').count()).toBe(1);
      expect(await page.locator('#contributions-map, svg').count()).toBeGreaterThan(0);
      expect(await page.locator('#contributions-table table tbody tr').count()).toBeGreaterThan(5);
      await page.selectOption('#y', 'Bangladeshi');
      await page.selectOption('#x', 'WhiteBrit');
      await page.getByRole('button', { name: 'Show' }).click();
      await expectAccessible(page);
      expect(page.url()).toContain('y=Bangladeshi');
      expect(await page.locator('#pair').textContent()).toContain('Bangladeshi');
      await page.getByRole('button', { name: 'Save these results as indicator values' }).click();
      await expectAccessible(page);
      expect(await page.locator('.govuk-notification-banner').textContent()).toMatch(/\d+ indicator values were saved/);

      // An indicator page with trend, gaps and the comparator chart.
      await visit(page, `${base}/indicator?code=scorecard.employment.rate`);
      expect(await page.locator('svg').count()).toBeGreaterThanOrEqual(1);
      expect(await page.locator('#gaps').count()).toBe(1);
      await visit(page, `${base}/indicator?code=lg_inform.english_proficiency`);
      expect(await page.locator('#benchmark').count()).toBe(1);
      expect(await page.getByText(/This council is \d+\w\w of 9/).count()).toBe(1);
      expect(await page.locator('#subareas').count()).toBe(1);

      await visit(page, `${base}/indicators`);
      await visit(page, `${base}/indicator`);
      await visit(page, `${base}/comparators`);
      expect(await page.locator('table tbody tr').count()).toBe(8);

      // Define an indicator: errors first, then success.
      await visit(page, `${base}/indicators/new`);
      await page.getByRole('button', { name: 'Define indicator' }).click();
      expect(await page.locator('.govuk-error-summary').textContent()).toContain('Enter a code');
      await expectAccessible(page);
      await visit(page, `${base}/import`);
      await page.getByRole('button', { name: 'Import' }).click();
      expect(await page.locator('.govuk-error-summary').textContent()).toContain('Choose what you are importing');
      await expectAccessible(page);
      await ctx.close();
    });

    it('downloads CSV and JSON from the pages', async () => {
      const ctx = await newContext(browser);
      const page = await ctx.newPage();
      await signIn(page, srv.url, srv.demo.email, srv.demo.password);
      const base = `${srv.url}/c/demo/insight`;
      const csv = await page.request.get(`${base}/segregation?format=csv`);
      expect(csv.headers()['content-type']).toContain('text/csv');
      // Every value the page shows, one unit per column (the indices, then each group's and each place's figures).
      expect((await csv.text()).split('\r\n')[0]).toBe(
        'comparison,index,value,level,area_code,area_name,areas,count,population_share_percent,contribution,' +
          'index_share_percent,area_share_percent,impact,scaled_mean',
      );
      const json = await (
        await page.request.get(`${base}/indicator?code=lg_inform.english_proficiency&format=json`)
      ).json();
      expect(json.benchmark.rows).toHaveLength(9);
      const profile = await (await page.request.get(`${base}?format=json`)).json();
      expect(profile.data.length).toBeGreaterThan(5);
      await ctx.close();
    });
  },
);
