/**
 * Every page of the demo in Welsh, as the administrator and as a resident: no English outside elements marked
 * lang="en" (WCAG 3.1.2), found by the detector in welsh.ts, and axe-core on every kind of page visited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
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
import { collectPageText, englishDetector } from './welsh.ts';

const detector = englishDetector();

/** Every problem once, in the order found. */
const distinct = (problems: string[]) => [...new Set(problems)];

/**
 * The same page with other ids is the same template: visit at most this many of each (one keeps the crawl, and its
 * axe-core run per page, to one visit per template). MAX_PAGES only guards against a crawl that never ends: the
 * test fails if it is reached with pages still to visit, so no template is left out unnoticed.
 */
const PER_SHAPE = 1;
const MAX_PAGES = 200;

const shapeOf = (url: URL) =>
  url.pathname
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, ':id')
    .replace(/\b[A-Z]\d{8}\b/g, ':area')
    .replace(/TR-[A-Z0-9]{4}-[A-Z0-9]{4}/g, ':ref')
    .replace(/\d{4}-W\d{2}|\d{4}-Q\d/g, ':period') +
  '?' +
  [...url.searchParams.keys()].sort().join('&');

/** axe-core's findings as problems, so one run lists every page's problems instead of stopping at the first. */
async function axeProblems(page: Page): Promise<string[]> {
  try {
    await expectAccessible(page);
    return [];
  } catch (err) {
    return [`${new URL(page.url()).pathname}: ${(err as Error).message.split('\n')[0]}`];
  }
}

async function englishOn(page: Page): Promise<string[]> {
  expect(await page.evaluate(() => document.documentElement.lang)).toBe('cy');
  const found = new Set<string>();
  for (const { text, where } of await page.evaluate(collectPageText)) {
    const why = detector.why(text);
    if (why)
      found.add(
        `${new URL(page.url()).pathname}: ${where}: "${text.replace(/\s+/g, ' ').trim().slice(0, 120)}" (${why})`,
      );
  }
  return [...found];
}

/** Follows every same-site link under the allowed prefixes, checking each page; returns the problems found. */
async function crawl(page: Page, base: string, starts: string[], allowed: RegExp, seenLinks: Set<string>) {
  const queue = [...starts];
  const queued = new Set(queue);
  const shapes = new Map<string, number>();
  const problems: string[] = [];
  let visited = 0;
  while (queue.length && visited < MAX_PAGES) {
    const next = queue.shift() as string;
    const url = new URL(next, base);
    const shape = shapeOf(url);
    if ((shapes.get(shape) ?? 0) >= PER_SHAPE) continue;
    shapes.set(shape, (shapes.get(shape) ?? 0) + 1);
    const res = await page.goto(url.toString());
    expect(res?.status(), url.toString()).toBeLessThan(400);
    problems.push(...(await axeProblems(page)));
    visited++;
    problems.push(...(await englishOn(page)));
    for (const href of await page.$$eval('a[href]', (as) => as.map((a) => a.getAttribute('href') ?? ''))) {
      const link = new URL(href, page.url());
      if (link.origin !== new URL(base).origin) continue;
      seenLinks.add(link.pathname);
      if (
        !allowed.test(link.pathname) ||
        link.searchParams.has('format') ||
        /\/(export|language|download)\b/.test(link.pathname) ||
        /\.(csv|pdf|json|zip|geojson|svg|png)$/.test(link.pathname)
      )
        continue;
      link.hash = '';
      const key = link.pathname + link.search;
      if (!queued.has(key)) {
        queued.add(key);
        queue.push(key);
      }
    }
  }
  const left = queue.filter((key) => (shapes.get(shapeOf(new URL(key, base))) ?? 0) < PER_SHAPE);
  return { problems, visited, left };
}

/** Answers every question of a public journey with the first choice or a plausible value, checking each page. */
async function answerJourney(page: Page, done: RegExp): Promise<string[]> {
  const problems: string[] = [];
  for (let step = 0; step < 30 && !done.test(page.url()); step++) {
    problems.push(...(await axeProblems(page)), ...(await englishOn(page)));
    const form = page.locator('main form[method="post"]').last();
    // First send the page empty, to see its error messages in Welsh too.
    const hasFields = (await form.locator('input:not([type=hidden]), textarea').count()) > 0;
    if (hasFields && step < 12) {
      await form.locator('button[type=submit], .govuk-button').first().click();
      await page.waitForLoadState('load');
      if (await page.locator('.govuk-error-summary').count()) {
        problems.push(...(await axeProblems(page)), ...(await englishOn(page)));
      }
    }
    const f = page.locator('main form[method="post"]').last();
    for (const name of new Set(
      await f.locator('input[type=radio]').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).name)),
    ))
      await f.locator(`input[type=radio][name="${name}"]`).first().check();
    const boxes = f.locator('input[type=checkbox]');
    if ((await boxes.count()) > 0) await boxes.first().check();
    for (const input of await f
      .locator('input[type=text], input:not([type]), input[type=email], input[type=tel], textarea')
      .all()) {
      if (!(await input.isVisible())) continue;
      const name = (await input.getAttribute('name')) ?? '';
      const type = (await input.getAttribute('type')) ?? '';
      const value = name.endsWith('day')
        ? '3'
        : name.endsWith('month')
          ? '2'
          : name.endsWith('year')
            ? String(new Date().getFullYear() - 1)
            : type === 'email' || /email/i.test(name)
              ? 'preswylydd@example.com'
              : type === 'tel' || /phone/i.test(name)
                ? '01632 960 001'
                : 'Digwyddodd rhywbeth ger y parc neithiwr';
      await input.fill(value);
    }
    await f.locator('button[type=submit], .govuk-button').first().click();
    await page.waitForLoadState('load');
  }
  problems.push(...(await axeProblems(page)), ...(await englishOn(page)));
  return problems;
}

describe.skipIf(!HAS_CHROMIUM).each(E2E_BACKENDS)(
  `every page in Welsh (%s)${HAS_CHROMIUM ? '' : ' – ' + SKIP_REASON}`,
  (backend) => {
    let browser: Browser;
    let srv: E2EServer;
    const seenLinks = new Set<string>();

    beforeAll(async () => {
      [browser, srv] = await Promise.all([launchBrowser(), startE2EServer(backend)]);
    });
    afterAll(async () => {
      await releaseBrowser(browser);
      await srv?.close();
    });

    it('shows the administrator no English outside lang="en" on any page of the demo council', async () => {
      const ctx = await newContext(browser);
      const page = await ctx.newPage();
      await signIn(page, srv.url, srv.demo.email, srv.demo.password);
      await page.goto(`${srv.url}/language/cy?returnTo=/`);
      const slug = srv.demo.slug;
      const { problems, visited, left } = await crawl(
        page,
        srv.url,
        [`/c/${slug}`, '/account', `/privacy/${slug}`, `/accessibility/${slug}`],
        new RegExp(`^/(c/${slug}(/|$)|account$|privacy|accessibility)`),
        seenLinks,
      );
      expect(visited).toBeGreaterThan(30);
      expect(left, 'templates the crawl did not reach before MAX_PAGES').toEqual([]);
      expect(distinct(problems)).toEqual([]);
      await ctx.close();
    }, 900_000);

    it('shows a resident no English on the report form, the survey, sign-in and the notices', async () => {
      const ctx = await newContext(browser);
      const page = await ctx.newPage();
      await page.goto(`${srv.url}/language/cy?returnTo=/`);
      const slug = srv.demo.slug;
      const problems: string[] = [];
      for (const path of [
        '/',
        '/sign-in',
        '/password/forgot',
        `/privacy/${slug}`,
        `/accessibility/${slug}`,
        '/privacy',
        '/methods',
        '/methods/segregation',
        '/no-such-page',
      ]) {
        const res = await page.goto(`${srv.url}${path}`);
        expect(res?.status(), path).toBeLessThan(path === '/no-such-page' ? 500 : 400);
        problems.push(...(await axeProblems(page)), ...(await englishOn(page)));
      }

      await visit(page, `${srv.url}/report/${slug}`);
      await page.locator('main form .govuk-button--start').first().click();
      await page.waitForLoadState('load');
      problems.push(...(await answerJourney(page, /\/check$/)));
      await page.locator('main form[method="post"] .govuk-button').last().click();
      await page.waitForLoadState('load');
      expect(page.url()).toMatch(/\/confirmation$/);
      problems.push(...(await axeProblems(page)), ...(await englishOn(page)));

      // The demo's open online survey wave (its id is the public link).
      const open = await srv.server.db.query<{ id: string }>(
        "select id from survey_waves where status = 'open' and mode = 'online' order by starts_on desc limit 1",
      );
      const wave = open[0] ? `/s/${open[0].id}` : undefined;
      expect(wave, 'the demo has an open survey with a public link').toBeDefined();
      await visit(page, `${srv.url}${wave}`);
      problems.push(...(await englishOn(page)));
      await page.locator('main form .govuk-button--start').first().click();
      await page.waitForLoadState('load');
      problems.push(...(await answerJourney(page, /\/check$/)));
      await page.locator('main form[method="post"] .govuk-button').last().click();
      await page.waitForLoadState('load');
      problems.push(...(await axeProblems(page)), ...(await englishOn(page)));

      expect(distinct(problems)).toEqual([]);
      await ctx.close();
    }, 900_000);
  },
);
