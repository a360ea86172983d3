import { existsSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { chromium, type Browser, type BrowserContext, type Page, type Route } from 'playwright-core';
import { expect, vi } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { startServer, type RunningServer } from '../../src/server/serve.ts';
import { seedDemo } from '../../src/app/demo.ts';
import type { Backend } from '../helpers/db.ts';

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

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
}

export interface E2EServer {
  server: RunningServer;
  url: string;
  demo: { slug: string; email: string; password: string };
  close(): Promise<void>;
}

/** The real service on a random port, on a fresh embedded database (or a fresh PostgreSQL schema), with the demo council. */
export async function startE2EServer(backend: Backend = 'pglite'): Promise<E2EServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cohesion-e2e-'));
  let databaseUrl: string | undefined;
  let schema: string | undefined;
  if (backend === 'postgres') {
    schema = `e2e_${randomBytes(5).toString('hex')}`;
    const u = new URL(process.env.DATABASE_URL!);
    u.searchParams.set('options', `-c search_path=${schema}`);
    databaseUrl = u.toString();
    const pg = (await import('pg')).default;
    const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await c.connect();
    await c.query(`create schema "${schema}"`);
    await c.end();
  }
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    SESSION_SECRET: 'e'.repeat(48),
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  });
  let demo!: E2EServer['demo'];
  const server = await startServer(config, {
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
      if (schema) {
        const pg = (await import('pg')).default;
        const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
        await c.connect();
        await c.query(`drop schema if exists "${schema}" cascade`);
        await c.end();
      }
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
 * Each distinct page state is checked once per worker (test files share a worker; see vitest.config.ts): the same template at the same kind of address, with
 * or without JavaScript, with or without an error summary or a notification banner, and the same main heading.
 * A journey that passes the same page twice in the same state (the case list after each action, say) is not
 * checked twice; every page and every state it reaches is.
 */
const checkedStates = new Set<string>();
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
  if (checkedStates.has(key)) return false;
  checkedStates.add(key);
  return true;
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

async function checkWithAxe(page: Page): Promise<void> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async () => {
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
  const summary = result.violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} at ${v.nodes
        .slice(0, 3)
        .map((n) => n.target.join(' '))
        .join(', ')}`,
  );
  expect(summary, `axe violations on ${page.url()}`).toEqual([]);
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
