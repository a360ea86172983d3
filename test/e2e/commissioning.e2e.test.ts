import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
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
import { HAVE_360_SCHEMAS, packageValidator } from '../../src/modules/commissioning/testing/giving-schema.ts';

describe.skipIf(!HAS_CHROMIUM).each(E2E_BACKENDS)(
  `commissioning and grants in a real browser (%s)${HAS_CHROMIUM ? '' : ' – ' + SKIP_REASON}`,
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

    const click = (page: Page, name: string) => page.getByRole('button', { name, exact: true }).click();

    it('an officer answers the checklist and awards a grant with JavaScript off; the partner returns monitoring', async () => {
      const officerCtx = await newContext(browser, { javaScriptEnabled: false });
      const officer = await officerCtx.newPage();
      await signIn(officer, srv.url, 'officer@demoshire.example', srv.demo.password);
      await officer.getByRole('link', { name: 'Grants', exact: true }).first().click();
      await expectAccessible(officer);
      // The demo's programme, with two quarters of monitoring behind its grants.
      await officer.getByRole('link', { name: 'Programmes', exact: true }).click();
      await expectAccessible(officer);
      await officer.getByRole('link', { name: 'Ward cluster cohesion fund (fictional)' }).click();
      await expectAccessible(officer);
      expect(await officer.locator('#stage-analyse').textContent()).toContain('Achieving');
      await officer.getByRole('link', { name: 'Answer the Do questions' }).click();
      await expectAccessible(officer);
      await officer
        .getByRole('textbox', { name: 'Answer' })
        .first()
        .fill('Grant criteria ask every project to bring people from different backgrounds together.');
      await officer.getByLabel('Developing').check();
      await click(officer, 'Save changes');
      await expectAccessible(officer);
      expect(await officer.locator('#stage-do').textContent()).toContain('Developing');

      // Award a grant: first with mistakes, then properly.
      await officer.getByRole('button', { name: 'Award a grant' }).first().click();
      await expectAccessible(officer);
      await officer.getByLabel('Amount awarded').fill('lots');
      await click(officer, 'Award the grant');
      await expectAccessible(officer);
      expect(await officer.locator('.govuk-error-summary').textContent()).toContain('Enter the amount in pounds');
      await officer.getByLabel('Title').fill('Welcome walks for new arrivals (fictional)');
      await officer
        .getByLabel('Description')
        .fill('Volunteers lead monthly walks introducing new residents to local places.');
      await officer
        .getByLabel('Recipient')
        .selectOption({ label: 'Demoshire Volunteer Centre (fictional) (GB-CHC-9990001)' });
      await officer.getByLabel('Programme').selectOption({ label: 'Ward cluster cohesion fund (fictional)' });
      await officer.getByLabel('Amount awarded').fill('2,500');
      await officer.locator('input[name="areas"]').first().check();
      await click(officer, 'Award the grant');
      await expectAccessible(officer);
      expect(await officer.locator('.govuk-notification-banner').textContent()).toContain('The grant has been saved');
      expect(await officer.locator('h1').textContent()).toContain('Welcome walks for new arrivals (fictional)');
      await officer.getByLabel('Measure', { exact: true }).fill('Walkers who are new to the area');
      await officer.getByLabel('Target (optional)').fill('60');
      await click(officer, 'Add the measure');
      await expectAccessible(officer);
      expect(await officer.locator('#measures + .app-table-scroll table').textContent()).toContain(
        'Walkers who are new to the area',
      );

      for (const path of ['export', 'import', 'recipients'])
        await visit(officer, `${srv.url}/c/demo/commissioning/${path}`);
      await officerCtx.close();

      // The partner (Demoshire Police) sees only its own grant and returns a quarter's monitoring.
      const partnerCtx = await newContext(browser, { javaScriptEnabled: false });
      const partner = await partnerCtx.newPage();
      await signIn(partner, srv.url, 'partner@demoshire.example', srv.demo.password);
      await visit(partner, `${srv.url}/c/demo/commissioning/grants`);
      const rows = partner.locator('table tbody tr');
      expect(await rows.count()).toBe(1);
      expect(await rows.first().textContent()).toContain('Youth engagement football league (fictional)');
      await partner.getByRole('link', { name: 'Youth engagement football league (fictional)' }).click();
      await expectAccessible(partner);
      expect(await partner.locator('#returns + .app-table-scroll table tbody tr').count()).toBe(2);
      await partner.getByLabel('Quarter').fill('2030-Q1');
      await partner.getByLabel('Value').fill('61');
      await partner.getByLabel('What happened').fill('Two new teams joined (fictional).');
      await click(partner, 'Submit the return');
      await expectAccessible(partner);
      expect(await partner.locator('#returns + .app-table-scroll table').textContent()).toContain('2030-Q1');
      await partnerCtx.close();
    });

    it.skipIf(!HAVE_360_SCHEMAS)('the demo council’s 360Giving package validates with zero errors', async () => {
      const ctx = await newContext(browser);
      const page = await ctx.newPage();
      await signIn(page, srv.url, 'analyst@demoshire.example', srv.demo.password);
      const res = await page.request.get(`${srv.url}/c/demo/commissioning/export.json`);
      expect(res.status()).toBe(200);
      const pkg = (await res.json()) as { grants: unknown[] };
      expect(pkg.grants.length).toBeGreaterThanOrEqual(5);
      expect(packageValidator()(pkg)).toEqual([]);
      await ctx.close();
    });
  },
);
