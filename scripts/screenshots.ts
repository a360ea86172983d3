/**
 * Screenshots of the demo for the README: the overview, segregation, the tension picture, a case and survey
 * results, each at 1280 px and 320 px wide, written as PNG to docs/screenshots/.
 *
 *   node --import tsx scripts/screenshots.ts
 *
 * Starts the real service on a free port with a fresh embedded database and the fictional demo council, signs in
 * as the demo administrator and drives Debian's Chromium (CHROMIUM_PATH overrides /usr/bin/chromium).
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { loadConfig } from '../src/config.ts';
import { seedDemo } from '../src/app/demo.ts';
import { startServer } from '../src/server/serve.ts';

const OUT = 'docs/screenshots';
const WIDTHS = [1280, 320] as const;

async function firstLink(page: Page, url: string, selector: string): Promise<string> {
  await page.goto(url);
  const href = await page.locator(selector).first().getAttribute('href');
  if (!href) throw new Error(`no link ${selector} on ${url}`);
  return new URL(href, url).toString();
}

async function main() {
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'cohesion-shots-')),
    LOG_LEVEL: 'silent',
    SESSION_SECRET: 's'.repeat(48),
  });
  let demo: Awaited<ReturnType<typeof seedDemo>> | undefined;
  const server = await startServer(config, {
    logger: false,
    jobs: false,
    onReady: async (container) => {
      demo = await seedDemo(container);
    },
  });
  if (!demo) throw new Error('the demo was not seeded');
  const base = `${server.url}/c/${demo.slug}`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel('Email address').fill(demo.email);
    await page.getByLabel('Password', { exact: true }).fill(demo.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForLoadState('load');

    const caseUrl = await firstLink(page, `${base}/tensions/cases`, 'a.app-code[href*="/tensions/cases/"]');
    // The overview's survey panel links to the latest published wave's results.
    const resultsUrl = await firstLink(page, base, 'a[href*="/results?question="]');
    const shots: [string, string][] = [
      ['overview', base],
      ['segregation', `${base}/insight/segregation`],
      ['tension-picture', `${base}/tensions`],
      ['case', caseUrl],
      ['survey-results', resultsUrl],
    ];
    mkdirSync(OUT, { recursive: true });
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      for (const [name, url] of shots) {
        const res = await page.goto(url);
        if (!res || res.status() >= 400) throw new Error(`${url} answered ${res?.status()}`);
        await page.screenshot({ path: join(OUT, `${name}-${width}.png`), fullPage: true });
        console.log(`${OUT}/${name}-${width}.png`);
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
