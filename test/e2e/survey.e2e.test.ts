import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
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

/** Clicks a button and waits for the page it leads to (JavaScript is off, so every click is a page load). */
async function press(page: Page, name: string) {
  await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name, exact: true }).click()]);
  await page.waitForLoadState('load');
}

describe.skipIf(!HAS_CHROMIUM).each(E2E_BACKENDS)(
  `residents' survey in a real browser (%s)${HAS_CHROMIUM ? '' : ' – ' + SKIP_REASON}`,
  (backend) => {
    let browser: Browser;
    let srv: E2EServer;
    // The journey below runs as ordered steps sharing the staff browser and what earlier steps made.
    let staffCtx: BrowserContext;
    let staff: Page;
    let waveId = '';
    let publicLink = '';
    const wardCodes: string[] = [];
    const rows: string[] = [];

    beforeAll(async () => {
      [browser, srv] = await Promise.all([launchBrowser(), startE2EServer(backend)]);
    });
    afterAll(async () => {
      await releaseBrowser(browser);
      await srv?.close();
    });

    it('builds a survey and a wave from the question bank, and opens it (JavaScript off)', async () => {
      staffCtx = await newContext(browser, { javaScriptEnabled: false });
      staff = await staffCtx.newPage();
      await signIn(staff, srv.url, srv.demo.email, srv.demo.password);
      await staff.getByRole('link', { name: 'Surveys', exact: true }).click();
      await expectAccessible(staff);
      expect(await staff.locator('h1').textContent()).toContain("Residents' surveys");

      // Build: a survey, a wave (with an error first), and a questionnaire from the bank.
      await staff.getByRole('button', { name: 'Create a survey' }).click();
      await staff.getByLabel('Name', { exact: true }).fill('Neighbourhood pulse (e2e)');
      await press(staff, 'Create survey');
      await expectAccessible(staff);
      await staff.getByRole('button', { name: 'Add a wave' }).click();
      await press(staff, 'Add wave');
      expect(await staff.locator('.govuk-error-summary').textContent()).toContain('Enter a name for the wave');
      await expectAccessible(staff);
      await staff.getByLabel('Name', { exact: true }).fill('Pulse 2025');
      await staff.getByLabel('Reporting period').fill('2025');
      await staff.getByLabel('First day of fieldwork').fill('2025-01-06');
      await staff.getByLabel('Last day of fieldwork').fill('2030-12-31');
      await staff.getByLabel('Online survey').check();
      await press(staff, 'Add wave');
      expect(await staff.locator('.govuk-notification-banner').textContent()).toContain('The wave has been added');
      await expectAccessible(staff);
      waveId = staff.url().split('?')[0].split('/').pop()!;

      await staff.getByRole('link', { name: 'Questionnaire' }).click();
      await expectAccessible(staff);
      for (const box of await staff.locator('input[name="questions"]').all()) await box.uncheck();
      for (const label of [
        /your local area is a place where people from different backgrounds/,
        /how satisfied are you with your life nowadays/,
        /What is your sex\?/,
        /Which ward do you live in\?/,
      ]) {
        await staff.getByLabel(label).check();
      }
      await press(staff, 'Save questionnaire');
      expect(await staff.locator('table').last().textContent()).toContain('life_satisfaction');
      await staff.getByLabel('Open', { exact: true }).check();
      await press(staff, 'Save status');
      publicLink = (await staff.locator('#public-link').getAttribute('href'))!;
      expect(publicLink).toBe(`/s/${waveId}`);
      await expectAccessible(staff);
    });

    it('is answered by a resident with JavaScript off: privacy notice, one question per page, save and resume, send once', async () => {
      // A resident answers with JavaScript off: privacy notice first, one question per page, save and resume.
      const residentCtx = await newContext(browser, { javaScriptEnabled: false });
      const resident = await residentCtx.newPage();
      await visit(resident, `${srv.url}${publicLink}`);
      expect(await resident.locator('#privacy').textContent()).toContain('How we use your answers');
      await press(resident, 'Start now');
      await expectAccessible(resident);
      expect(await resident.locator('h1').textContent()).toContain(
        'people from different backgrounds get on well together',
      );
      await press(resident, 'Continue');
      expect(await resident.locator('.govuk-error-summary').textContent()).toContain('Select an answer');
      await expectAccessible(resident);
      await resident.getByLabel('Tend to agree').check();
      await press(resident, 'Continue');
      await expectAccessible(resident);
      await resident.getByLabel('8', { exact: true }).check();
      await press(resident, 'Save and come back later');
      await expectAccessible(resident);
      const code = (await resident.locator('#resume-code').textContent())!.trim();
      expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
      await residentCtx.close();

      const laterCtx = await newContext(browser, { javaScriptEnabled: false });
      const later = await laterCtx.newPage();
      await visit(later, `${srv.url}${publicLink}/resume`);
      await later.getByLabel('Enter your code').fill(code);
      await press(later, 'Continue');
      await expectAccessible(later);
      expect(await later.locator('h1').textContent()).toContain('What is your sex?');
      await later.getByLabel('Female').check();
      await press(later, 'Continue');
      await expectAccessible(later);
      for (const radio of await later.locator('input[name="answer"]').all())
        wardCodes.push((await radio.getAttribute('value'))!);
      // The ward question offers "I don't know" after the wards; it is not a ward to import answers with.
      expect(wardCodes.pop()).toBe('dont_know');
      expect(wardCodes.length).toBeGreaterThanOrEqual(12);
      await later.locator('input[name="answer"]').first().check();
      await press(later, 'Continue');
      await expectAccessible(later);
      expect(await later.locator('.govuk-summary-list').textContent()).toContain('Tend to agree');
      await press(later, 'Send answers');
      await expectAccessible(later);
      expect(await later.locator('.govuk-panel').textContent()).toContain('Your answers have been sent');
      await visit(later, `${srv.url}${publicLink}`);
      expect(await later.locator('.govuk-inset-text').last().textContent()).toContain('already completed');
      await laterCtx.close();
    });

    it('imports fieldwork: a bad file is refused with line numbers, the corrected one is imported', async () => {
      // Import fieldwork: a bad file is refused with line numbers, then the corrected file is imported.
      let id = 0;
      wardCodes.forEach((ward, w) => {
        const n = w === wardCodes.length - 1 ? 8 : 36;
        for (let i = 0; i < n; i++) {
          id++;
          const agree =
            (i + w) % 5 === 0 ? 'Tend to disagree' : (i + w) % 3 === 0 ? 'Definitely agree' : 'Tend to agree';
          rows.push(`F${id},${ward},${i % 2 ? 'Male' : 'Female'},${agree},${(i + w) % 11}`);
        }
      });
      const header = 'respondent_id,ward,sex,get_on_local,life_satisfaction';
      const bad = [header, ...rows.slice(0, 3), 'F2,Nowhere ward,Female,Maybe,12'].join('\n');
      await staff.getByRole('link', { name: 'Import responses' }).click();
      await expectAccessible(staff);
      await staff
        .getByLabel('CSV file')
        .setInputFiles({ name: 'fieldwork.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
      await press(staff, 'Upload and continue');
      await expectAccessible(staff);
      expect(await staff.locator('#idColumn').inputValue()).toBe('respondent_id');
      await press(staff, 'Import responses');
      const summary = (await staff.locator('.govuk-error-summary').textContent())!;
      expect(summary).toContain('Line 5: respondent id F2 is also on line 3');
      expect(summary).toContain('Line 5: “Nowhere ward” in column ward is not an answer to question ward');
      await expectAccessible(staff);
      await staff.getByRole('link', { name: 'Import responses' }).click();
      await staff.getByLabel('CSV file').setInputFiles({
        name: 'fieldwork.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from([header, ...rows].join('\n')),
      });
      await press(staff, 'Upload and continue');
      await press(staff, 'Import responses');
      expect(await staff.locator('.govuk-notification-banner').textContent()).toContain(
        `${rows.length} responses were imported`,
      );
      await expectAccessible(staff);
    });

    it('weights to a census margin and shows ward results on a map, suppressing small wards on the page and in downloads', async () => {
      // Weighting: a typed margin with a mistake is refused by line; the census ward margin is added; raking runs.
      await staff.getByRole('link', { name: 'Weighting' }).click();
      await expectAccessible(staff);
      await staff.getByLabel('Margins as CSV').fill('variable,category,population\nsex,other,500');
      await press(staff, 'Save margins');
      expect(await staff.locator('.govuk-error-summary').textContent()).toContain(
        'Line 2: “other” is not an answer code of question sex',
      );
      await expectAccessible(staff);
      await staff.selectOption('#variable', 'ward');
      await press(staff, 'Add margin from census');
      expect(await staff.locator('.govuk-notification-banner').textContent()).toContain('The margins have been saved');
      await press(staff, 'Run weighting');
      expect(await staff.locator('.govuk-notification-banner').textContent()).toContain(
        'The responses have been weighted',
      );
      const diagnostics = (await staff.locator('.govuk-summary-list').first().textContent())!;
      expect(diagnostics).toContain('Design effect due to weighting (Kish)');
      expect(diagnostics).toContain(`${(rows.length + 1).toLocaleString('en-GB')} (0 left out`);
      await expectAccessible(staff);

      // Results: the ward map with its table; the small ward is suppressed on the page and in the download.
      await staff.getByRole('link', { name: 'Results' }).click();
      await expectAccessible(staff);
      expect(await staff.locator('#survey-ward-map path').count()).toBeGreaterThanOrEqual(wardCodes.length);
      expect(await staff.locator('#headline-value').textContent()).toMatch(/^\d+%$/);
      const wardTable = (await staff.locator('#ward-table').textContent())!;
      expect(wardTable).toContain('Too few responses');
      const csv = await staff.request.get(
        `${srv.url}/c/demo/surveys/waves/${waveId}/results?question=get_on_local&format=csv`,
      );
      const [cols, ...lines] = parse(await csv.text()) as string[][];
      const small = lines.find((l) => l.includes(wardCodes[wardCodes.length - 1]))!;
      expect(small[cols.indexOf('Too few responses to show')]).toBe('Yes');
      expect(small[cols.indexOf('Estimate (%)')]).toBe('');
      await staffCtx.close();
    });

    it('shows the demo survey: bank, comparability warning, weighting, and results by ward and group with change', async () => {
      const ctx = await newContext(browser);
      const page = await ctx.newPage();
      await signIn(page, srv.url, srv.demo.email, srv.demo.password);
      await visit(page, `${srv.url}/c/demo/surveys/questions`);
      expect(await page.locator('table').first().textContent()).toContain('get_on_local');
      await page.getByRole('link', { name: 'safe_after_dark' }).click();
      await expectAccessible(page);
      expect(await page.locator('h2').allTextContents()).toContain('Version 2 Current');
      await visit(page, `${srv.url}/c/demo/surveys/questions/new`);
      await visit(page, `${srv.url}/c/demo/surveys`);
      await page.getByRole('link', { name: "Demoshire Residents' Survey (fictional)" }).click();
      await expectAccessible(page);
      // The demo's waves are dated relative to today: autumn two years ago and last autumn.
      const year = new Date().getUTCFullYear();
      await page.getByRole('link', { name: `Autumn ${year - 1}` }).click();
      await expectAccessible(page);
      expect(await page.locator('#comparability-warning').textContent()).toContain('safe_after_dark');
      const wave = page.url();
      await visit(page, `${wave}/weighting`);
      expect(await page.locator('.govuk-summary-list').first().textContent()).toContain('ethnic_group:group');
      await visit(page, `${wave}/questionnaire`);
      await visit(page, `${wave}/results?question=get_on_local&by=ethnic_group:group`);
      expect(await page.locator('#survey-group-bars').count()).toBe(1);
      expect(await page.locator('#ward-table').textContent()).toMatch(/significant/);
      expect(await page.locator('.govuk-summary-list').first().textContent()).toContain(`Autumn ${year - 2}`);
      await visit(page, `${wave}/results?question=life_satisfaction&by=age_band`);
      expect(await page.locator('#headline-value').textContent()).toMatch(/^\d+\.\d$/);
      await ctx.close();
    });
  },
);
