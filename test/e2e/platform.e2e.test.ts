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
  `platform in a real browser (%s)${HAS_CHROMIUM ? '' : ' – ' + SKIP_REASON}`,
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

    it('works with JavaScript off: sign in, move between pages, submit a form with errors and then correctly', async () => {
      const ctx = await newContext(browser, { javaScriptEnabled: false });
      const page = await ctx.newPage();
      await visit(page, `${srv.url}/`);
      await expect(page.getByRole('heading', { level: 1 })).toBeDefined();

      // A wrong password shows the error summary, which must itself be accessible.
      await signIn(page, srv.url, srv.demo.email, 'definitely wrong');
      expect(await page.locator('.govuk-error-summary').textContent()).toContain(
        'Enter a correct email address and password',
      );
      await expectAccessible(page);

      await signIn(page, srv.url, srv.demo.email, srv.demo.password);
      expect(page.url()).toBe(`${srv.url}/c/demo`);
      await expectAccessible(page);
      expect(await page.locator('#demo-notice').textContent()).toContain('Fictional demonstration council');

      // Areas: a map with links and the table.
      await page.getByRole('link', { name: 'Areas', exact: true }).click();
      await expectAccessible(page);
      expect(await page.locator('svg path').count()).toBeGreaterThan(10);
      expect(await page.locator('#areas-table').count()).toBe(1);
      await page.selectOption('#level', 'lsoa');
      await page.getByRole('button', { name: 'Show' }).click();
      await expectAccessible(page);
      expect(page.url()).toContain('level=lsoa');

      // Follow a ward link to its page, then back up the breadcrumb.
      await visit(page, `${srv.url}/c/demo/areas?level=ward`);
      await page.locator('#main-content table a').first().click();
      await expectAccessible(page);
      expect(await page.locator('h1').textContent()).toBeTruthy();
      expect(await page.getByText('Usual residents by ethnic group').count()).toBeGreaterThan(0);

      // Administration: add a partner organisation, first with errors.
      await visit(page, `${srv.url}/c/demo/admin/organisations`);
      await page.getByRole('button', { name: 'Add organisation' }).click();
      expect(await page.locator('.govuk-error-summary').textContent()).toContain("Enter the organisation's name");
      await expectAccessible(page);
      await page.getByLabel('Name').fill('Riverside Mosque (fictional)');
      await page.selectOption('#kind', 'faith');
      await page.getByRole('button', { name: 'Add organisation' }).click();
      expect(await page.locator('table').textContent()).toContain('Riverside Mosque (fictional)');
      await expectAccessible(page);

      // Invite a user; the form errors first, then succeeds.
      await visit(page, `${srv.url}/c/demo/admin/users/invite`);
      await page.getByRole('button', { name: 'Send invitation' }).click();
      expect(await page.locator('.govuk-error-summary').textContent()).toContain('Enter their full name');
      await expectAccessible(page);
      await page.getByLabel('Full name').fill('Sam Example');
      await page.getByLabel('Email address').fill('sam@demoshire.example');
      await page.getByLabel('Viewer').check();
      await page.getByRole('button', { name: 'Send invitation' }).click();
      expect(await page.locator('.govuk-notification-banner').textContent()).toContain('The invitation has been sent');
      await expectAccessible(page);

      await visit(page, `${srv.url}/c/demo/admin/audit`);
      expect(await page.locator('table').textContent()).toContain('user.invited');
      await visit(page, `${srv.url}/c/demo/areas/import`);
      await visit(page, `${srv.url}/account`);
      await visit(page, `${srv.url}/accessibility`);
      await visit(page, `${srv.url}/privacy`);

      await page.getByRole('button', { name: 'Sign out' }).click();
      expect(page.url()).toContain('/sign-in');
      await ctx.close();
    });

    it('enhances with JavaScript on without errors, and a 404 page is accessible', async () => {
      const ctx = await newContext(browser);
      const page = await ctx.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      await signIn(page, srv.url, srv.demo.email, srv.demo.password);
      await visit(page, `${srv.url}/c/demo/areas?level=msoa`);
      expect(await page.evaluate(() => document.body.classList.contains('govuk-frontend-supported'))).toBe(true);
      await visit(page, `${srv.url}/c/demo/areas/import`);
      // No script errors, CSP violations or missing assets on the pages so far.
      expect(errors).toEqual([]);
      const res = await page.goto(`${srv.url}/c/demo/no-such-page`);
      expect(res?.status()).toBe(404);
      await expectAccessible(page);
      await ctx.close();
    });

    it('reflows at 320 px: the overview, segregation, tension picture, a case and survey results never scroll sideways', async () => {
      const ctx = await newContext(browser);
      const page = await ctx.newPage();
      await signIn(page, srv.url, srv.demo.email, srv.demo.password);
      const base = `${srv.url}/c/${srv.demo.slug}`;
      const linkOn = async (url: string, selector: string) => {
        await page.goto(url);
        return new URL((await page.locator(selector).first().getAttribute('href'))!, url).toString();
      };
      const caseUrl = await linkOn(`${base}/tensions/cases`, 'a.app-code[href*="/tensions/cases/"]');
      const resultsUrl = await linkOn(base, 'a[href*="/results?question="]');
      await page.setViewportSize({ width: 320, height: 900 });
      for (const url of [base, `${base}/insight/segregation`, `${base}/tensions`, caseUrl, resultsUrl]) {
        await visit(page, url); // axe-core at 320 px too
        const { scrollWidth, regions } = await page.evaluate(() => ({
          scrollWidth: document.documentElement.scrollWidth,
          // Every table scrolls inside its own focusable, named region.
          regions: [...document.querySelectorAll('main table')].map((t) => {
            const r = t.closest('.app-table-scroll');
            return (
              !!r &&
              r.getAttribute('role') === 'region' &&
              r.getAttribute('tabindex') === '0' &&
              !!r.getAttribute('aria-label')
            );
          }),
        }));
        expect(scrollWidth, url).toBeLessThanOrEqual(320);
        expect(regions.every(Boolean), url).toBe(true);
      }
      await ctx.close();
    });
  },
);
