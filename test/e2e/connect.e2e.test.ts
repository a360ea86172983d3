import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { OutboxEmailSender } from '../../src/clients/email.ts';
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

const csv = (lines: string[]) => Buffer.from(lines.join('\n') + '\n');

describe.skipIf(!HAS_CHROMIUM).each(E2E_BACKENDS)(
  `ESOL placement in a real browser (%s)${HAS_CHROMIUM ? '' : ' – ' + SKIP_REASON}`,
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

    async function upload(page: Page, name: string, body: Buffer) {
      await page.getByLabel('CSV file').setInputFiles({ name, mimeType: 'text/csv', buffer: body });
      await page.getByRole('button', { name: 'Upload and import' }).click();
      await page.waitForLoadState('load');
      await expectAccessible(page);
    }

    it('an officer imports a waiting list, runs the placement, reads why a learner has no place and sends offers, with JavaScript off', async () => {
      const ctx = await newContext(browser, { javaScriptEnabled: false });
      const page = await ctx.newPage();
      await signIn(page, srv.url, 'officer@demoshire.example', srv.demo.password);
      await page.getByRole('link', { name: 'Connect', exact: true }).click();
      await expectAccessible(page);
      await page.getByRole('link', { name: 'ESOL classes 2026–27 (demo)' }).click();
      await expectAccessible(page);
      const programmeUrl = page.url();

      // A class only the test's learners can join, so the outcome is known.
      await page.getByRole('link', { name: 'Import classes' }).click();
      await expectAccessible(page);
      await upload(
        page,
        'classes.csv',
        csv(['id,level,slot,capacity,x,y,venue', 'E2E-1,E9,Sun-AM,1,411500,428150,Test venue']),
      );
      expect(await page.locator('.govuk-notification-banner').textContent()).toContain('1 classes imported');

      // A waiting list with a mistake: every bad row is listed with its line, and nothing is imported.
      await page.getByRole('link', { name: 'Import a waiting list' }).click();
      await expectAccessible(page);
      await upload(
        page,
        'bad.csv',
        csv([
          'reference,level,slots,x,y,waited_days,ward,email',
          'E2E-A,E9,Sun-AM,411600,428150,300,,learner.a@example.test',
          'E2E-B,E9,Sun-AM,north,428150,10,,',
          'E2E-C,L3,Mon-AM,411500,428150,-1,,',
        ]),
      );
      const summary = (await page.locator('.govuk-error-summary').textContent()) ?? '';
      expect(summary).toContain('Line 3: “north” is not a British National Grid reference in metres');
      expect(summary).toContain('Line 4: waited_days “-1” must be a whole number of days from 0 to 3650');
      await upload(
        page,
        'waiting-list.csv',
        csv([
          'reference,level,slots,x,y,waited_days,ward,email',
          'E2E-A,E9,Sun-AM,411600,428150,300,,learner.a@example.test',
          'E2E-B,E9,Sun-AM,411700,428150,10,,learner.b@example.test',
          'E2E-C,L3,Mon-AM,411500,428150,40,,',
        ]),
      );
      expect(page.url().startsWith(programmeUrl)).toBe(true);
      expect(await page.locator('.govuk-notification-banner').textContent()).toContain('3 people added');

      // Run the placement and read why each test learner was or was not placed.
      await page.getByRole('button', { name: 'Run the placement' }).click();
      await page.waitForLoadState('load');
      await expectAccessible(page);
      const rowOf = (ref: string) =>
        page.locator('#people tbody tr', { has: page.getByRole('link', { name: ref, exact: true }) });
      expect(await rowOf('E2E-A').textContent()).toContain('Placed in E2E-1, the best class for them');
      expect(await rowOf('E2E-B').textContent()).toContain('No place: every class they could attend is full (E2E-1');
      expect(await rowOf('E2E-C').textContent()).toContain('No place: there is no class at level L3');
      await rowOf('E2E-C').getByRole('link', { name: 'E2E-C' }).click();
      await expectAccessible(page);
      expect(await page.locator('.govuk-summary-list').textContent()).toContain(
        'No place: there is no class at level L3',
      );
      await page.getByRole('button', { name: 'Save' }).click();
      await page.waitForLoadState('load');
      await expectAccessible(page);
      expect(await page.locator('.govuk-error-summary').textContent()).toContain('Select what happened');
      await visit(page, programmeUrl);

      // Send offers: the placed learner with an email address gets one.
      const outbox = new OutboxEmailSender(srv.server.app.config.outboxDir);
      await page.getByRole('button', { name: /^Send offers \(\d+\)$/ }).click();
      await page.waitForLoadState('load');
      await expectAccessible(page);
      expect(await page.locator('.govuk-notification-banner').textContent()).toMatch(
        /\d+ offers made; \d+ sent by email/,
      );
      expect(await rowOf('E2E-A').textContent()).toContain('Offered');
      const mail = (await outbox.list()).filter((m) => m.to === 'learner.a@example.test');
      expect(mail).toHaveLength(1);
      expect(mail[0].body).toContain('Class: E2E-1 (E9), Sun-AM');
      expect((await outbox.list()).some((m) => m.to === 'learner.b@example.test')).toBe(false);

      // The learner accepts through the link in the email, with no account and no JavaScript.
      const link = /https?:\/\/\S+\/connect\/offer\/[A-Za-z0-9_-]{43}/.exec(mail[0].body)?.[0] ?? '';
      expect(link).not.toBe('');
      const learnerCtx = await newContext(browser, { javaScriptEnabled: false });
      const learner = await learnerCtx.newPage();
      await visit(learner, `${srv.url}${new URL(link).pathname}`);
      expect(await learner.locator('.govuk-summary-list').textContent()).toContain('Test venue');
      await learner.getByRole('button', { name: 'Send my answer' }).click();
      await learner.waitForLoadState('load');
      await expectAccessible(learner);
      expect(await learner.locator('.govuk-error-summary').textContent()).toContain(
        'Select whether you want the place',
      );
      await learner.getByLabel('Yes, I accept the place').check();
      await learner.getByRole('button', { name: 'Send my answer' }).click();
      await learner.waitForLoadState('load');
      await expectAccessible(learner);
      expect(await learner.locator('h1').textContent()).toContain('You accepted the place');
      await learnerCtx.close();
      await visit(page, programmeUrl);
      expect(await rowOf('E2E-A').textContent()).toContain('Accepted');

      // The school linking programme shows each class's partner or why it has none.
      await visit(page, `${srv.url}/c/demo/connect`);
      await page.getByRole('link', { name: /School linking/ }).click();
      await expectAccessible(page);
      expect(await page.locator('main').textContent()).toContain('Linked with');
      await visit(page, `${srv.url}/c/demo/connect`);
      await page.getByRole('link', { name: /friendships/ }).click();
      await expectAccessible(page);
      expect(await page.locator('#volunteer-table').textContent()).toContain('Paired with');
      await page.getByRole('link', { name: 'Import volunteers' }).click();
      await expectAccessible(page);
      await visit(page, `${srv.url}/c/demo/connect/new`);
      await ctx.close();
    });
  },
);
