import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { OutboxEmailSender } from '../../src/clients/email.ts';
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
  `tension monitoring in a real browser (%s)${HAS_CHROMIUM ? '' : ' – ' + SKIP_REASON}`,
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

    const submit = (page: Page, name = 'Continue') => page.getByRole('button', { name, exact: true }).click();

    /** The final level shown for a ward in the picture's table. */
    async function levelOf(page: Page, ward: string): Promise<number> {
      const row = page.locator('#ward-levels + .app-table-scroll table tbody tr', {
        has: page.getByRole('link', { name: ward, exact: true }),
      });
      const text = (await row.locator('td').nth(1).textContent()) ?? '';
      return Number(/(\d)/.exec(text)![1]);
    }

    it('a resident reports anonymously with JavaScript off; an officer triages, assigns to a partner and sees the ward level change', async () => {
      const officerCtx = await newContext(browser, { javaScriptEnabled: false });
      const officer = await officerCtx.newPage();
      await signIn(officer, srv.url, 'officer@demoshire.example', srv.demo.password);
      await officer.getByRole('link', { name: 'Tensions', exact: true }).click();
      await expectAccessible(officer);
      expect(await officer.locator('#tension-map').count()).toBe(1);
      // Pick a quiet ward (level 1) so the change is visible.
      const rows = officer.locator('#ward-levels + .app-table-scroll table tbody tr');
      let ward = '';
      for (let i = 0; i < (await rows.count()); i++) {
        const cells = rows.nth(i).locator('td');
        if (
          ((await cells.nth(1).textContent()) ?? '').includes('1 Normal') &&
          !((await cells.nth(0).textContent()) ?? '').includes('Heightened')
        ) {
          ward = ((await rows.nth(i).locator('a').first().textContent()) ?? '').trim();
          break;
        }
      }
      expect(ward).not.toBe('');
      expect(await levelOf(officer, ward)).toBe(1);

      // ── the resident, with no account and no JavaScript ──
      const residentCtx = await newContext(browser, { javaScriptEnabled: false });
      const resident = await residentCtx.newPage();
      await visit(resident, `${srv.url}/report/demo`);
      expect(await resident.locator('.govuk-warning-text').first().textContent()).toContain('call 999');
      expect(await resident.getByRole('link', { name: /True Vision/ }).count()).toBeGreaterThan(0);
      await resident.getByRole('button', { name: 'Start now' }).click();
      await expectAccessible(resident);
      await submit(resident);
      expect(await resident.locator('.govuk-error-summary').textContent()).toContain('Enter what happened');
      await expectAccessible(resident);
      await resident
        .getByLabel('What happened?')
        .fill('Two men shouted abuse about my headscarf at the bus stop and spat at me (test).');
      await submit(resident);
      await expectAccessible(resident);
      await resident.getByLabel('Where did it happen?').fill(`Bus stop outside the shops in ${ward}`);
      await submit(resident);
      await expectAccessible(resident);
      const now = new Date();
      await resident.getByLabel('Day').fill(String(now.getUTCDate()));
      await resident.getByLabel('Month').fill(String(now.getUTCMonth() + 1));
      await resident.getByLabel('Year').fill(String(now.getUTCFullYear()));
      await submit(resident);
      await expectAccessible(resident);
      await resident.getByLabel('No', { exact: true }).check();
      await submit(resident);
      await expectAccessible(resident);
      await resident.getByLabel('Religion or belief').check();
      await submit(resident);
      await expectAccessible(resident);
      await resident.getByLabel(/What do you think is behind it/).fill('Rumours online about the mosque (test).');
      await submit(resident);
      await expectAccessible(resident);
      await resident.getByLabel('It happened to me').check();
      await submit(resident);
      await expectAccessible(resident);
      await resident.getByLabel('No, I want to stay anonymous').check();
      await submit(resident);
      await expectAccessible(resident);
      expect(await resident.locator('h1').textContent()).toContain('Check your answers');
      expect(await resident.locator('.govuk-summary-list').textContent()).toContain(`In ${ward} ward`);
      await resident.getByRole('button', { name: 'Send report' }).click();
      await expectAccessible(resident);
      const reference = ((await resident.locator('#reference').textContent()) ?? '').trim();
      expect(reference).toMatch(/^TR-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
      expect(resident.url()).toBe(`${srv.url}/report/demo/confirmation`);
      await residentCtx.close();

      // ── the officer triages ──
      await visit(officer, `${srv.url}/c/demo/tensions/cases`);
      await officer.getByRole('link', { name: reference }).click();
      await expectAccessible(officer);
      expect(await officer.locator('main').textContent()).toContain('Anonymous – no contact details');
      await officer.locator('#severity-3').check();
      await officer.getByRole('button', { name: 'Save ward and severity' }).click();
      await expectAccessible(officer);
      await officer.getByRole('button', { name: 'Change status' }).click();
      expect(await officer.locator('.govuk-error-summary').textContent()).toContain('Select a status');
      await expectAccessible(officer);
      await officer.getByLabel('Triaged', { exact: true }).check();
      await officer.locator('#statusReason').fill('Hate incident; victim wants police involvement (test).');
      await officer.getByRole('button', { name: 'Change status' }).click();
      await officer.selectOption('#organisationId', { label: 'Demoshire Police (fictional)' });
      await officer.locator('#assignReason').fill('Police to visit the bus stop and check CCTV (test).');
      await officer.getByRole('button', { name: 'Assign', exact: true }).click();
      await expectAccessible(officer);
      expect(await officer.locator('h1').textContent()).toContain('Assigned');
      expect(await officer.locator('main').textContent()).toContain('Police to visit the bus stop');

      await visit(officer, `${srv.url}/c/demo/tensions`);
      expect(await levelOf(officer, ward)).toBeGreaterThan(1);

      // ── the partner (police) sees the case assigned to them ──
      const partnerCtx = await newContext(browser, { javaScriptEnabled: false });
      const partner = await partnerCtx.newPage();
      await signIn(partner, srv.url, 'partner@demoshire.example', srv.demo.password);
      await partner.getByRole('link', { name: 'Tensions', exact: true }).click();
      expect(partner.url()).toBe(`${srv.url}/c/demo/tensions/cases`);
      await expectAccessible(partner);
      await partner.getByRole('link', { name: reference }).click();
      await expectAccessible(partner);
      await partnerCtx.close();

      // ── an override across the threshold sends one alert to the monitoring group ──
      const outbox = new OutboxEmailSender(srv.server.app.config.outboxDir);
      const alertsBefore = (await outbox.list()).filter((m) => m.subject.includes(ward)).length;
      await officer.getByRole('link', { name: ward, exact: true }).click();
      await expectAccessible(officer);
      await officer.getByLabel('5 – Critical').check();
      await officer.locator('#rationale').fill('Police intelligence of a planned retaliation (test).');
      await officer.getByRole('button', { name: 'Save level' }).click();
      await expectAccessible(officer);
      const alerts = (await outbox.list()).filter((m) => m.subject.includes(ward));
      expect(alerts.length - alertsBefore).toBe(2); // one email to each of the two addresses in the group
      expect(alerts.at(-1)!.subject).toContain('Critical');
      await officerCtx.close();
    });

    it('every staff page passes axe, and the weekly report is suppressed', async () => {
      const ctx = await newContext(browser);
      const page = await ctx.newPage();
      await signIn(page, srv.url, srv.demo.email, srv.demo.password);
      const base = `${srv.url}/c/demo/tensions`;
      await visit(page, `${base}/reports`);
      await page
        .getByRole('link', { name: /^Week / })
        .nth(1)
        .click();
      await expectAccessible(page);
      const weekly = (await page.locator('main').textContent()) ?? '';
      expect(weekly).toContain('Weekly multi-agency tension report');
      expect(weekly).toMatch(/fewer than 5/);
      await visit(page, `${base}/reports/quarterly`);
      for (const path of [
        '/cases',
        '/cases?overdue=1',
        '/intelligence',
        '/intelligence/new',
        '/events',
        '/events/new',
        '/assisted',
        '/settings',
      ])
        await visit(page, base + path);
      await visit(page, `${base}/intelligence`);
      await page.locator('main table a').first().click();
      await expectAccessible(page);
      await visit(page, `${base}/events`);
      await page.locator('main table a').first().click();
      await expectAccessible(page);
      await page.getByRole('link', { name: 'Fill in the assessment' }).click();
      await expectAccessible(page);
      await visit(page, `${base}/cases`);
      await page.locator('main table a').first().click();
      await expectAccessible(page);
      // Error states are accessible too.
      await visit(page, `${base}/intelligence/new`);
      await page.getByRole('button', { name: 'Save intelligence' }).click();
      expect(await page.locator('.govuk-error-summary').count()).toBe(1);
      await expectAccessible(page);
      await ctx.close();
    });
  },
);
