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
  `networks and the directory in a real browser (%s)${HAS_CHROMIUM ? '' : ' – ' + SKIP_REASON}`,
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

    it('the demo network: aggregate for a viewer, people for the administrator, all without JavaScript, axe clean', async () => {
      const viewerCtx = await newContext(browser, { javaScriptEnabled: false });
      const viewer = await viewerCtx.newPage();
      await signIn(viewer, srv.url, 'viewer@demoshire.example', srv.demo.password);
      await visit(viewer, `${srv.url}/c/demo/networks`);
      await viewer.getByRole('link', { name: 'Neighbourhood ties survey 2026 (fictional)' }).click();
      await expectAccessible(viewer);
      expect(await viewer.locator('svg#network-communities').count()).toBe(1);
      const body = (await viewer.locator('main').textContent()) ?? '';
      expect(body).toMatch(/of ties cross group lines/);
      expect(body).not.toMatch(/R[0-9a-f]{10}/);
      expect(await viewer.getByRole('link', { name: /See the people/ }).count()).toBe(0);
      await viewer.selectOption('#by', 'tenure');
      await viewer.getByRole('button', { name: 'Show' }).click();
      await expectAccessible(viewer);
      expect(viewer.url()).toContain('by=tenure');
      await viewerCtx.close();

      const ctx = await newContext(browser, { javaScriptEnabled: false });
      const page = await ctx.newPage();
      await signIn(page, srv.url, srv.demo.email, srv.demo.password);
      await visit(page, `${srv.url}/c/demo/networks`);
      await page.getByRole('link', { name: 'Neighbourhood ties survey 2026 (fictional)' }).click();
      await page.getByRole('link', { name: /See the people/ }).click();
      await expectAccessible(page);
      expect(await page.locator('svg#network-people circle').count()).toBeGreaterThan(100);
      expect(await page.locator('#people-table tbody tr').count()).toBeGreaterThan(100);
      expect((await page.locator('main').textContent()) ?? '').toMatch(/Brokers .*R[0-9a-f]{10}/);
      // Starting a study shows the form's errors, then the import page.
      await visit(page, `${srv.url}/c/demo/networks`);
      await page.getByRole('button', { name: 'Start a network study' }).click();
      await expectAccessible(page);
      expect(await page.locator('.govuk-error-summary').count()).toBe(1);
      await page.getByLabel('Name of the study').fill('School gate survey');
      await page.getByRole('button', { name: 'Start a network study' }).click();
      await expectAccessible(page);
      expect(await page.locator('h1').textContent()).toContain('Import a network');
      // The demo's network survey (a name-generator question answered online) builds the new study.
      await page.getByRole('radio', { name: /Neighbourhood ties survey \(fictional\)/ }).check();
      await page.getByRole('button', { name: 'Build from survey answers' }).click();
      await expectAccessible(page);
      expect((await page.locator('main').textContent()) ?? '').toMatch(/Built from \d+ respondents/);
      await page.getByRole('link', { name: 'See the analysis' }).click();
      await expectAccessible(page);
      expect((await page.locator('main').textContent()) ?? '').toMatch(/of ties cross group lines/);
      await ctx.close();
    });

    it('the directory: list, organisation, provision map, adding a group and a service, axe clean', async () => {
      const ctx = await newContext(browser, { javaScriptEnabled: false });
      const page = await ctx.newPage();
      await signIn(page, srv.url, 'officer@demoshire.example', srv.demo.password);
      await visit(page, `${srv.url}/c/demo/directory`);
      expect(await page.locator('table tbody tr').count()).toBeGreaterThanOrEqual(7);
      await page.getByRole('link', { name: 'Northgate Community Kitchen (fictional)' }).click();
      await expectAccessible(page);
      expect((await page.locator('main').textContent()) ?? '').toContain('Cooking together for women');
      await visit(page, `${srv.url}/c/demo/directory/provision`);
      expect(await page.locator('svg').count()).toBeGreaterThan(0);
      expect(await page.locator('#wards-table tbody tr').count()).toBeGreaterThan(5);
      expect((await page.locator('main').textContent()) ?? '').toMatch(/wards; \d+ are gaps/);

      await visit(page, `${srv.url}/c/demo/directory/organisations/new`);
      await page.getByRole('button', { name: 'Save' }).click();
      await expectAccessible(page);
      expect(await page.locator('.govuk-error-summary').count()).toBe(1);
      await page.getByLabel('Name', { exact: true }).fill('Hilltop Walking Group (fictional)');
      await page.getByRole('button', { name: 'Save' }).click();
      await expectAccessible(page);
      expect(await page.locator('h1').textContent()).toContain('Hilltop Walking Group');
      await page.getByRole('button', { name: 'Add a service' }).click();
      await expectAccessible(page);
      await page.getByLabel('Name', { exact: true }).fill('Saturday walk');
      await page.getByLabel('Places').fill('20');
      await page.locator('input[name="areas"]').first().check();
      await page.getByLabel('Days').fill('SA');
      await page.getByRole('button', { name: 'Save' }).click();
      await expectAccessible(page);
      expect((await page.locator('main').textContent()) ?? '').toContain('Saturday walk');
      await ctx.close();
    });
  },
);
