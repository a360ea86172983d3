import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
  type E2EServer,
  visit,
  E2E_BACKENDS,
} from './harness.ts';
import { participantCsv } from '../../src/modules/evaluation/testing.ts';

/** Clicks a button and waits for the page it leads to (JavaScript is off, so every click is a page load). */
async function press(page: Page, name: string) {
  await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name, exact: true }).click()]);
  await page.waitForLoadState('load');
}

async function follow(page: Page, name: string) {
  await Promise.all([page.waitForLoadState('load'), page.getByRole('link', { name, exact: true }).first().click()]);
  await page.waitForLoadState('load');
}

/**
 * An officer goes from an outcome of the demo Local Integration Plan to the evaluations linked to it: the
 * outcome shows each one's estimate in plain English with its interval and its evidence label; the survey one's
 * page adds the event study and the reasons for the label. Then the officer starts a new evaluation of the same
 * outcome and takes it to an estimate with balance, the love plot and the board report.
 */
describe.skipIf(!HAS_CHROMIUM).each(E2E_BACKENDS)(
  `evaluation in a real browser (%s)${HAS_CHROMIUM ? '' : ' – ' + SKIP_REASON}`,
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

    it('walks an officer from a plan outcome to its evaluation’s estimate and evidence label, then through a new one (JavaScript off)', async () => {
      const ctx = await newContext(browser, { javaScriptEnabled: false });
      const page = await ctx.newPage();
      await signIn(page, srv.url, 'officer@demoshire.example', srv.demo.password);
      await follow(page, 'Plans');
      await expectAccessible(page);
      await Promise.all([
        page.waitForLoadState('load'),
        page
          .getByRole('link', { name: /Local Integration Plan/ })
          .first()
          .click(),
      ]);
      await expectAccessible(page);
      await Promise.all([
        page.waitForLoadState('load'),
        page.getByRole('link', { name: /get on well together/ }).click(),
      ]);
      await expectAccessible(page);
      const outcomeUrl = page.url();

      // The outcome shows what its evaluations found: each estimate with its interval, and the evidence label.
      const headline = async (name: RegExp) =>
        (await page.locator('li', { has: page.getByRole('link', { name }) }).textContent()) ?? '';
      const matched = await headline(/Shared Tables: participants/);
      expect(matched).toMatch(
        /The programme raised the share who feel they belong to their neighbourhood by \d+ points \(95% interval \d+ to \d+\)/,
      );
      expect(matched).toMatch(
        /Evidence label: Maryland Scientific Methods Scale level \d; Nesta standards of evidence level \d/,
      );
      const survey = await headline(/Shared Tables: residents/);
      expect(survey).toMatch(
        /The programme (raised|lowered) the share who feel they belong .* \(95% interval −?\d+ to −?\d+\)/,
      );
      expect(survey).toMatch(
        /Evidence label: Maryland Scientific Methods Scale level \d; Nesta standards of evidence level \d/,
      );

      // The survey evaluation's link leads to it (it links back to the outcome), then to its estimate, its
      // event study over three survey waves with the pre-trend check, and its evidence label with reasons.
      await follow(page, 'Shared Tables: residents’ survey, programme wards against the rest (fictional)');
      await expectAccessible(page);
      const about = (await page.locator('.govuk-summary-list').textContent()) ?? '';
      expect(about).toMatch(/get on well together/);
      expect(about).toContain('Plan outcome');
      await follow(page, 'Estimate and evidence');
      await expectAccessible(page);
      expect(await page.locator('#finding').textContent()).toMatch(
        /The programme (raised|lowered) the share who feel they belong to their neighbourhood by \d+ points \(95% interval −?\d+ to −?\d+\)/,
      );
      expect(await page.locator('svg[aria-labelledby="es-title es-desc"]').count()).toBe(1);
      expect(await page.locator('#event-study ~ .govuk-grid-row table tbody tr').count()).toBe(3);
      expect(await page.locator('#pre-trend').textContent()).toMatch(/^(Yes|No)/);
      const label = (await page.locator('main').textContent()) ?? '';
      expect(label).toContain('Maryland Scientific Methods Scale');
      expect(label).toContain('Nesta standards of evidence');
      expect(label).toContain('Why this label');
      expect(label).toContain('There is a comparison group of people or places that did not take part.');
      expect(label).toContain('Several periods before the programme were observed.');

      // A new evaluation of the same outcome, started from the outcome page.
      await visit(page, outcomeUrl);
      await press(page, 'Start an evaluation');
      await expectAccessible(page);
      expect(await page.locator('.govuk-inset-text', { hasText: 'This evaluation will be' }).textContent()).toMatch(
        /get on well together/,
      );
      await press(page, 'Start the evaluation');
      expect(await page.locator('.govuk-error-summary').textContent()).toContain('Enter a name for the evaluation');
      await expectAccessible(page);
      await page.getByLabel('Programme or evaluation name').fill('Street parties (e2e)');
      await page.getByLabel('Matched comparison group, before and after').check();
      await page.getByLabel('Belonging to the neighbourhood').check();
      await press(page, 'Start the evaluation');

      // Theory of change: written, then drawn with its text equivalent.
      expect(await page.locator('h1').textContent()).toContain('Theory of change');
      await expectAccessible(page);
      await page.getByLabel('Inputs').fill('Small grants\nRoad closure permits');
      await page.getByLabel('Activities').fill('Street parties in summer');
      await page.getByLabel('Outputs').fill('30 parties');
      await page.getByLabel('Outcomes', { exact: true }).fill('Neighbours meet');
      await page.getByLabel('Impact').fill('People feel they belong');
      await page.getByLabel('Assumptions').fill('Neighbours from different backgrounds come');
      await press(page, 'Save the theory of change');
      await expect(page.locator('svg[role="img"] title').textContent()).resolves.toContain('Street parties (e2e)');
      await expectAccessible(page);

      // Plan with a power calculation.
      await follow(page, 'Evaluation plan');
      await page.getByLabel('Planned participants').fill('150');
      await page.getByLabel('Planned comparison group').fill('400');
      await page.getByLabel('Expected share in the comparison group').fill('0.5');
      await press(page, 'Save the plan');
      expect(await page.locator('#power-result').textContent()).toContain('could detect a change of');
      await expectAccessible(page);

      // Data: a bad file lists its lines; a good one is imported.
      await follow(page, 'Outcome data');
      await expectAccessible(page);
      const dir = mkdtempSync(join(tmpdir(), 'cohesion-e2e-eval-'));
      writeFileSync(join(dir, 'bad.csv'), 'id,group,pre,post\nA,participant,1,7\n');
      await page.getByLabel('Upload a CSV file').setInputFiles(join(dir, 'bad.csv'));
      await press(page, 'Upload and check');
      expect(await page.locator('.govuk-error-summary').textContent()).toContain(
        "Line 2: post must be 0, 1 or empty, not '7'",
      );
      await expectAccessible(page);
      writeFileSync(join(dir, 'good.csv'), participantCsv(11, 150, 400));
      await page.getByLabel('Upload a CSV file').setInputFiles(join(dir, 'good.csv'));
      await press(page, 'Upload and check');
      expect(new URL(page.url()).search).toBe('?done=uploaded&rows=550');
      expect(await page.locator('.govuk-notification-banner').textContent()).toContain('Rows imported: 550.');
      expect(await page.locator('table').textContent()).toContain('150');
      await expectAccessible(page);

      // The participant questionnaire: made once (asking again gives the same one); bringing answers in before
      // anyone has answered is refused on the page, and the data imported from the file stays.
      await press(page, 'Create the participant questionnaire');
      expect(new URL(page.url()).search).toBe('?done=questionnaire');
      expect(await page.locator('.govuk-notification-banner').textContent()).toContain(
        'The participant questionnaire is ready',
      );
      expect(await page.locator('#main-content').textContent()).toMatch(
        /Participant questionnaire: Street parties \(e2e\) \(EV-[0-9A-F]{8}\)/,
      );
      await expectAccessible(page);
      await press(page, 'Bring in the answers');
      expect(await page.locator('.govuk-error-summary').textContent()).toContain(
        'No completed answers with a participant code yet',
      );
      expect(await page.locator('table').textContent()).toContain('150');
      await expectAccessible(page);

      // The estimate in plain English, balance with the love plot, and the evidence label.
      await follow(page, 'Estimate and evidence');
      await expectAccessible(page);
      await press(page, 'Run the analysis');
      expect(await page.locator('#finding').textContent()).toMatch(
        /The programme raised the share who feel they belong to their neighbourhood by \d+ points \(95% interval/,
      );
      expect(await page.locator('svg[aria-labelledby="love-title love-desc"]').count()).toBe(1);
      expect(await page.getByText('Maryland Scientific Methods Scale').count()).toBeGreaterThan(0);
      await expectAccessible(page);

      await follow(page, 'Board report');
      expect(await page.getByRole('heading', { name: 'Street parties (e2e)', level: 2 }).count()).toBe(1);
      await expectAccessible(page);
      await ctx.close();
    });
  },
);
