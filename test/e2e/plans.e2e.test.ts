import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import {
  E2E_BACKENDS,
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
} from './harness.ts';

describe.skipIf(!HAS_CHROMIUM).each(E2E_BACKENDS)(
  `plans in a real browser (%s)${HAS_CHROMIUM ? '' : ' – ' + SKIP_REASON}`,
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

    it('an officer raises an action from a ward’s tension picture, a partner completes it, and the quarterly report shows it (JavaScript off)', async () => {
      const officerCtx = await newContext(browser, { javaScriptEnabled: false });
      const officer = await officerCtx.newPage();
      await signIn(officer, srv.url, 'officer@demoshire.example', srv.demo.password);
      await visit(officer, `${srv.url}/c/demo`);
      expect(await officer.locator('main').textContent()).toContain('Your plan actions');

      // The plan pages.
      await visit(officer, `${srv.url}/c/demo/plans`);
      await officer
        .getByRole('link', { name: /Local Integration Plan/ })
        .first()
        .click();
      await expectAccessible(officer);
      await officer.getByRole('link', { name: /get on well together/ }).click();
      await expectAccessible(officer);
      expect(await officer.locator('main').textContent()).toContain('Measures');

      // ── from a ward's tension picture ──
      await visit(officer, `${srv.url}/c/demo/tensions`);
      const wardLink = officer.locator('#ward-levels + .app-table-scroll table tbody tr a').first();
      const ward = ((await wardLink.textContent()) ?? '').trim();
      await wardLink.click();
      await expectAccessible(officer);
      await officer.getByRole('button', { name: 'Add an action' }).click();
      await expectAccessible(officer);
      expect(await officer.locator('.govuk-inset-text').last().textContent()).toContain(ward);
      // Submitting without a title shows the error summary.
      await officer.getByRole('button', { name: 'Add the action' }).click();
      expect(await officer.locator('.govuk-error-summary').textContent()).toContain('Choose an outcome');
      await expectAccessible(officer);
      await officer.selectOption('#outcomeId', { index: 1 });
      await officer.getByLabel('What will be done').fill('Street surgeries with the neighbourhood team (e2e)');
      await officer.selectOption('#organisationId', { label: 'Demoshire Police (fictional)' });
      await officer.getByLabel('Due date').fill(new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10));
      await officer.getByRole('button', { name: 'Add the action' }).click();
      await expectAccessible(officer);
      expect(await officer.locator('h1').textContent()).toContain('Street surgeries');
      const raisedFrom = officer.locator('.govuk-summary-list__row', { hasText: 'Raised from' });
      expect(await raisedFrom.textContent()).toContain(ward);
      const actionUrl = officer.url();

      // ── the partner (police) records progress ──
      const partnerCtx = await newContext(browser, { javaScriptEnabled: false });
      const partner = await partnerCtx.newPage();
      await signIn(partner, srv.url, 'partner@demoshire.example', srv.demo.password);
      await visit(partner, `${srv.url}/c/demo/plans`);
      expect(partner.url()).toBe(`${srv.url}/c/demo/plans/actions`);
      await partner.getByRole('link', { name: /Street surgeries/ }).click();
      await expectAccessible(partner);
      expect(partner.url()).toBe(actionUrl);
      await partner.getByLabel('Completed', { exact: true }).check();
      await partner.getByLabel('Green', { exact: true }).check();
      await partner.getByLabel('Note').fill('Four surgeries held; residents came to each (e2e).');
      await partner.getByRole('button', { name: 'Save progress' }).click();
      await expectAccessible(partner);
      expect(await partner.locator('main').textContent()).toContain('Four surgeries held');
      expect((await partner.goto(`${srv.url}/c/demo/plans/report`))?.status()).toBe(403);
      await partnerCtx.close();

      // ── the quarterly report ──
      await visit(officer, `${srv.url}/c/demo/plans/report`);
      const completed = officer.locator('table', { hasText: 'Actions completed in the quarter' });
      expect(await completed.textContent()).toContain('Street surgeries with the neighbourhood team (e2e)');
      const pdf = await officerCtx.request.get(`${srv.url}/c/demo/plans/report?format=pdf`);
      expect(pdf.headers()['content-type']).toContain('application/pdf');

      // The other new pages: the action list, a new plan, the public progress page.
      await visit(officer, `${srv.url}/c/demo/plans/actions`);
      await visit(officer, `${srv.url}/c/demo/plans/new`);
      await visit(officer, `${actionUrl}/edit`);
      await visit(officer, `${srv.url}/c/demo/plans`);
      const planHref = await officer
        .getByRole('link', { name: /Local Integration Plan/ })
        .first()
        .getAttribute('href');
      const publicCtx = await newContext(browser, { javaScriptEnabled: false });
      const resident = await publicCtx.newPage();
      await visit(resident, `${srv.url}${(planHref ?? '').replace('/c/demo/plans/', '/progress/demo/')}`);
      expect(await resident.locator('main').textContent()).toContain('Street surgeries');
      await publicCtx.close();
      await officerCtx.close();
    });
  },
);
