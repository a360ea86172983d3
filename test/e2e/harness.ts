import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { chromium, type Browser, type BrowserContext, type Page, type Route } from 'playwright-core';
import { expect, inject, vi } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { startServer, type RunningServer } from '../../src/server/serve.ts';
import { seedDemo } from '../../src/app/demo.ts';
import type { Backend } from '../helpers/db.ts';
import { runDatabasePrefix, runTempPrefix } from '../run-scope.ts';

/**
 * Browser tests run once, on the production back end when one is configured (PostgreSQL when DATABASE_URL
 * is set) and on PGlite otherwise; the integration tests already cover both back ends.
 */
export const E2E_BACKENDS: Backend[] = [process.env.DATABASE_URL ? 'postgres' : 'pglite'];

/**
 * A journey takes about a minute on a quiet 2-core machine, most of it axe-core. The limit allows five times
 * that, so a busy machine makes the suite slower but never fails it; a real hang still fails within minutes.
 */
export const E2E_TEST_TIMEOUT_MS = 300_000;
vi.setConfig({ testTimeout: E2E_TEST_TIMEOUT_MS, hookTimeout: E2E_TEST_TIMEOUT_MS });

const require = createRequire(import.meta.url);
const AXE_SOURCE: string = require('fs').readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Debian's chromium package; CHROMIUM_PATH overrides. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const HAS_CHROMIUM = existsSync(CHROMIUM);
export const SKIP_REASON = `browser tests skipped: no Chromium at ${CHROMIUM} (install Debian's chromium package or set CHROMIUM_PATH)`;
if (!HAS_CHROMIUM) console.warn(SKIP_REASON);

const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-dev-shm-usage',
];

/**
 * One Chromium per test process, shared by the browser files it runs one after another (each file opens its own
 * contexts and closes them with releaseBrowser), instead of a launch per file; a browser that has gone away is
 * replaced. Playwright closes it when the process exits.
 */
let sharedBrowser: Promise<Browser> | undefined;
export async function launchBrowser(): Promise<Browser> {
  const current = await sharedBrowser?.catch(() => undefined);
  if (current?.isConnected()) return current;
  sharedBrowser = chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
  return sharedBrowser;
}

/** Ends a file's use of the shared browser: closes every context it opened (the axe auditor's page stays). */
export async function releaseBrowser(browser: Browser | undefined): Promise<void> {
  if (!browser?.isConnected()) return;
  const auditor = await auditorPages.get(browser)?.catch(() => undefined);
  await Promise.all(
    browser
      .contexts()
      .filter((c) => c !== auditor?.context())
      .map((c) => c.close()),
  );
}

export interface E2EServer {
  server: RunningServer;
  url: string;
  demo: { slug: string; email: string; password: string };
  close(): Promise<void>;
}

/**
 * The demo council takes seconds to build (the survey's fieldwork, weighting and publication run through the
 * real services), and every browser file needs its own copy to change. So it is built once per run, into a
 * template: a data directory, and on PostgreSQL a template database. Each browser file then starts from a
 * copy (a directory copy, `create database … template …`), and seeds the demo again, which only resets the demo
 * users' password because the council already has its data. The first worker to need the template builds it
 * under a lock directory; the others wait for it.
 */
const TEMPLATE_WAIT_MS = 300_000;

interface DemoTemplate {
  dataDir: string;
  /** The template database on PostgreSQL. */
  database?: string;
}

const templates = new Map<Backend, Promise<DemoTemplate>>();

function templateFor(backend: Backend): Promise<DemoTemplate> {
  let t = templates.get(backend);
  if (!t) {
    t = obtainTemplate(backend);
    templates.set(backend, t);
  }
  return t;
}

async function obtainTemplate(backend: Backend): Promise<DemoTemplate> {
  const root = join(tmpdir(), `${runTempPrefix(inject('runId'))}${backend}`);
  mkdirSync(root, { recursive: true });
  const ready = join(root, 'ready.json');
  const failed = join(root, 'failed.txt');
  try {
    mkdirSync(join(root, 'lock'));
  } catch {
    // Another worker builds it.
    const until = Date.now() + TEMPLATE_WAIT_MS;
    while (!existsSync(ready)) {
      if (existsSync(failed)) throw new Error(`building the demo template failed: ${readFileSync(failed, 'utf8')}`);
      if (Date.now() > until) throw new Error(`the demo template at ${root} was not ready after five minutes`);
      await new Promise((r) => setTimeout(r, 100));
    }
    return JSON.parse(readFileSync(ready, 'utf8')) as DemoTemplate;
  }
  try {
    const template: DemoTemplate = { dataDir: join(root, 'data') };
    mkdirSync(template.dataDir);
    let databaseUrl: string | undefined;
    if (backend === 'postgres') {
      template.database = `${runDatabasePrefix(inject('runId'))}tpl`;
      await adminQuery(`create database "${template.database}"`);
      databaseUrl = databaseUrlFor(template.database);
    }
    const server = await startServer(e2eConfig(template.dataDir, databaseUrl), {
      logger: false,
      jobs: false,
      onReady: async (container) => void (await seedDemo(container)),
    });
    await server.close();
    writeFileSync(`${ready}.partial`, JSON.stringify(template));
    renameSync(`${ready}.partial`, ready);
    return template;
  } catch (err) {
    writeFileSync(failed, String((err as Error).stack ?? err));
    throw err;
  }
}

function databaseUrlFor(database: string): string {
  const u = new URL(process.env.DATABASE_URL!);
  u.pathname = `/${database}`;
  return u.toString();
}

/** One statement on the server's maintenance connection (DATABASE_URL), where databases are created and dropped. */
async function adminQuery(sql: string, url: string = process.env.DATABASE_URL!): Promise<void> {
  const pg = (await import('pg')).default;
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

function e2eConfig(dataDir: string, databaseUrl: string | undefined) {
  return loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    SESSION_SECRET: 'e'.repeat(48),
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  });
}

/**
 * The real service on a random port, with the demo council, on a copy of the run's demo template: a fresh
 * embedded database, or a fresh PostgreSQL database.
 */
export async function startE2EServer(backend: Backend = 'pglite'): Promise<E2EServer> {
  const template = await templateFor(backend);
  const dataDir = mkdtempSync(join(tmpdir(), 'cohesion-e2e-'));
  cpSync(template.dataDir, dataDir, { recursive: true });
  let database: string | undefined;
  if (template.database) {
    database = `${runDatabasePrefix(inject('runId'))}${randomBytes(5).toString('hex')}`;
    await adminQuery(`create database "${database}" template "${template.database}"`);
  }
  let demo!: E2EServer['demo'];
  const server = await startServer(e2eConfig(dataDir, database ? databaseUrlFor(database) : undefined), {
    logger: false,
    onReady: async (container) => {
      demo = await seedDemo(container);
    },
  });
  return {
    server,
    url: server.url,
    demo,
    async close() {
      await server.close();
      if (database) await adminQuery(`drop database if exists "${database}" with (force)`);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const noScript = new WeakSet<BrowserContext>();

export async function newContext(
  browser: Browser,
  opts: { javaScriptEnabled?: boolean } = {},
): Promise<BrowserContext> {
  const ctx = await browser.newContext({
    javaScriptEnabled: opts.javaScriptEnabled ?? true,
    viewport: { width: 1280, height: 900 },
  });
  if (opts.javaScriptEnabled === false) noScript.add(ctx);
  // axe-core is loaded into every page as it opens (compiled once and cached by V8), not evaluated per check.
  else await ctx.addInitScript({ content: AXE_SOURCE });
  return ctx;
}

/**
 * Each distinct page state is checked once per run, whichever browser file and worker reaches it first: the same
 * template at the same kind of address, with or without JavaScript, with or without an error summary or a
 * notification banner, in the same language and with the same main heading. A journey that passes the same page
 * twice in the same state (the case list after each action, say) is not checked twice; every page and every
 * state it reaches is. Workers claim a state by creating a directory named after it (atomic), so two workers
 * never both check one.
 */
let checkedStates: string | undefined;
function claim(key: string): boolean {
  if (!checkedStates) {
    checkedStates = join(tmpdir(), `${runTempPrefix(inject('runId'))}axe`);
    mkdirSync(checkedStates, { recursive: true });
  }
  try {
    mkdirSync(join(checkedStates, createHash('sha256').update(key).digest('hex').slice(0, 32)));
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}
async function firstOfItsKind(page: Page): Promise<boolean> {
  const url = new URL(page.url());
  const path = url.pathname
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, ':id')
    .replace(/\b[A-Z]\d{8}\b/g, ':area')
    .replace(/TR-[A-Z0-9]{4}-[A-Z0-9]{4}/g, ':ref');
  const state = await page
    .evaluate(() => ({
      h1: document.querySelector('h1')?.textContent?.trim().replace(/\d+/g, '#') ?? '',
      errors: !!document.querySelector('.govuk-error-summary'),
      banner: !!document.querySelector('.govuk-notification-banner'),
      lang: document.documentElement.lang,
    }))
    .catch(() => null);
  if (!state) return true;
  const key = JSON.stringify([noScript.has(page.context()), path, [...url.searchParams.keys()].sort(), state]);
  return claim(key);
}

/** One script-enabled page per browser that replays the HTML of pages browsed with JavaScript off. */
const auditorPages = new WeakMap<Browser, Promise<Page>>();
function auditorFor(browser: Browser): Promise<Page> {
  let p = auditorPages.get(browser);
  if (!p) {
    p = (async () => {
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      await ctx.addInitScript({ content: AXE_SOURCE });
      return ctx.newPage();
    })();
    auditorPages.set(browser, p);
  }
  return p;
}

/**
 * Runs axe-core (WCAG 2.0/2.1/2.2 A and AA rules) on the page and fails on any violation.
 * axe needs script; for a page browsed with JavaScript off, the exact HTML the server sent is replayed
 * at the same address in a script-enabled auditor page (same CSS and assets), and checked there.
 */
export async function expectAccessible(page: Page): Promise<void> {
  const t0 = Date.now();
  // A click that follows a link returns once the new page has started loading; axe must see it loaded.
  await page.waitForLoadState('load');
  if (!(await firstOfItsKind(page))) return;
  if (!noScript.has(page.context())) {
    await checkWithAxe(page);
  } else {
    const browser = page.context().browser()!;
    const auditor = await auditorFor(browser);
    const html = await page.content();
    const url = page.url();
    const replay = (route: Route) =>
      route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
    await auditor.route(url, replay);
    try {
      await auditor.goto(url);
      await checkWithAxe(auditor);
    } finally {
      await auditor.unroute(url, replay);
    }
  }
  if (process.env.AXE_TIMING) console.log(`axe ${Date.now() - t0} ms ${page.url()}`);
}

/** A page replaced while axe ran (a late navigation): its document is gone, and the check is run again. */
const NAVIGATED = /Execution context was destroyed|reading 'documentElement'/;

async function checkWithAxe(page: Page, attempt = 1): Promise<void> {
  let result;
  try {
    result = await runAxe(page);
  } catch (err) {
    if (attempt >= 3 || !NAVIGATED.test(String((err as Error).message))) throw err;
    await page.waitForLoadState('load');
    return checkWithAxe(page, attempt + 1);
  }
  const summary = result.violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} at ${v.nodes
        .slice(0, 3)
        .map((n) => n.target.join(' '))
        .join(', ')}`,
  );
  expect(summary, `axe violations on ${page.url()}`).toEqual([]);
}

async function runAxe(page: Page) {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: {
          run: (
            ctx: unknown,
            opts: unknown,
          ) => Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe;
    return axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
      resultTypes: ['violations'],
    });
  });
}

/** Visits every page through this, so each one is checked by axe. */
export async function visit(page: Page, url: string): Promise<void> {
  const res = await page.goto(url);
  expect(res?.status(), url).toBeLessThan(400);
  await expectAccessible(page);
}

export async function signIn(page: Page, base: string, email: string, password: string): Promise<void> {
  await page.goto(`${base}/sign-in`);
  await expectAccessible(page);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForLoadState('load');
}
