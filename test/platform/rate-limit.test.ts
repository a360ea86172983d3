import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import type { Db } from '../../src/db/index.ts';
import { incrementRateLimit, purgeExpiredRateLimits, readRateLimit } from '../../src/db/rate-limits.ts';
import { databaseRateLimitStore } from '../../src/server/rate-limit-store.ts';
import { BACKENDS, testDb } from '../helpers/db.ts';
import { Client, createTestApp, type TestApp } from '../helpers/app.ts';
import { routeTestApp } from '../helpers/routes.ts';
import { publicAccess } from '../../src/kernel/access.ts';

describe('RATE_LIMIT_STORE', () => {
  const load = (value?: string) =>
    loadConfig({ NODE_ENV: 'test', ...(value === undefined ? {} : { RATE_LIMIT_STORE: value }) });

  it('is memory by default, or database, or a Redis URL', () => {
    expect(load().rateLimitStore).toEqual({ kind: 'memory' });
    expect(load('').rateLimitStore).toEqual({ kind: 'memory' });
    expect(load('database').rateLimitStore).toEqual({ kind: 'database' });
    expect(load('redis://127.0.0.1:6379/2').rateLimitStore).toEqual({ kind: 'redis', url: 'redis://127.0.0.1:6379/2' });
    expect(load('rediss://user:pw@cache.example:6380').rateLimitStore.kind).toBe('redis');
  });

  it('refuses anything else with a one-line reason', () => {
    for (const bad of ['postgres', 'Memory', 'http://127.0.0.1:6379', 'redis://']) {
      expect(() => load(bad), bad).toThrow(ConfigError);
    }
    expect(() => load('mongo')).toThrow('RATE_LIMIT_STORE: must be memory, database or a redis:// (or rediss://) URL');
  });
});

describe.each(BACKENDS)('rate-limit counters in the database (%s)', (backend) => {
  let db: Db;
  beforeAll(async () => {
    db = await testDb(backend);
  });
  afterAll(() => db.close());
  const t0 = new Date('2026-03-01T10:00:00Z');
  const at = (ms: number) => new Date(t0.getTime() + ms);

  it('counts hits in a fixed window, then starts a new one', async () => {
    expect(await incrementRateLimit(db, 'a', 60_000, t0)).toEqual({ hits: 1, ttlMs: 60_000 });
    expect(await incrementRateLimit(db, 'a', 60_000, at(15_000))).toEqual({ hits: 2, ttlMs: 45_000 });
    expect(await incrementRateLimit(db, 'b', 60_000, at(15_000))).toEqual({ hits: 1, ttlMs: 60_000 });
    expect(await readRateLimit(db, 'a', at(59_999))).toEqual({ hits: 2, ttlMs: 1 });
    expect(await readRateLimit(db, 'a', at(60_000))).toEqual({ hits: 0, ttlMs: 0 });
    expect(await incrementRateLimit(db, 'a', 60_000, at(60_000))).toEqual({ hits: 1, ttlMs: 60_000 });
  });

  it('adds concurrent hits atomically: 25 at once count 1 to 25', async () => {
    const counts = await Promise.all(Array.from({ length: 25 }, () => incrementRateLimit(db, 'burst', 60_000, t0)));
    expect(counts.map((c) => c.hits).sort((x, y) => x - y)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
  });

  it('deletes expired counters', async () => {
    await incrementRateLimit(db, 'old', 1_000, t0);
    await incrementRateLimit(db, 'young', 120_000, t0);
    expect(await purgeExpiredRateLimits(db, at(2_000))).toBeGreaterThanOrEqual(1);
    const keys = (await db.query<{ key: string }>('select key from rate_limits')).map((r) => r.key);
    expect(keys).toContain('young');
    expect(keys).not.toContain('old');
  });

  it('as a @fastify/rate-limit store: counts per route and client, and purges on write', async () => {
    let now = at(10 * 60_000);
    const Store = databaseRateLimitStore(db, { clock: () => now, purgeEveryMs: 60_000 });
    const root = new Store({});
    const signIn = root.child({ routeInfo: { method: 'POST', url: '/sign-in' } } as never);
    const other = root.child({ routeInfo: { method: 'POST', url: '/account/password' } } as never);
    const incr = (store: typeof root, key: string) =>
      new Promise<{ current: number; ttl: number }>((resolve, reject) =>
        store.incr(key, (err, res) => (err || !res ? reject(err) : resolve(res)), 60_000, 3),
      );
    expect(await incr(signIn, '127.0.0.1')).toEqual({ current: 1, ttl: 60_000 });
    expect(await incr(signIn, '127.0.0.1')).toEqual({ current: 2, ttl: 60_000 });
    expect(await incr(other, '127.0.0.1')).toEqual({ current: 1, ttl: 60_000 });
    const keys = (
      await db.query<{ key: string }>("select key from rate_limits where key like 'rl:%' order by key")
    ).map((r) => r.key);
    expect(keys).toEqual(['rl:POST/account/password-127.0.0.1', 'rl:POST/sign-in-127.0.0.1']);
    // A write two minutes later (past the purge interval) removes the expired counters.
    now = at(12 * 60_000 + 1);
    await incr(signIn, '10.9.9.9');
    const left = await db.query<{ key: string }>("select key from rate_limits where key like 'rl:%'");
    expect(left.map((r) => r.key)).toEqual(['rl:POST/sign-in-10.9.9.9']);
  });
});

describe.each(BACKENDS)('sign-in rate limit with RATE_LIMIT_STORE=database (%s)', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(backend, { RATE_LIMIT_STORE: 'database', RATE_LIMIT_SIGN_IN: '2' });
  });
  afterAll(() => t.close());

  it('answers 429 to the third attempt in a minute, counted in the database', async () => {
    const c = new Client(t.app);
    await c.get('/sign-in');
    const codes: number[] = [];
    for (let i = 0; i < 3; i++)
      codes.push((await c.post('/sign-in', { email: 'viewer@a.test', password: 'wrong' })).statusCode);
    expect(codes).toEqual([401, 401, 429]);
    const rows = await t.db.query<{ key: string; hits: number }>('select key, hits from rate_limits');
    expect(rows).toEqual([{ key: 'rl:POST/sign-in-127.0.0.1', hits: 3 }]);
  });
});

describe('the rate-limit plugin', () => {
  it('counts in memory when no database is given (route tests)', async () => {
    const r = await routeTestApp({
      routes: async (app) => {
        app.post(
          '/limited',
          { config: { access: publicAccess, rateLimit: { max: 1, timeWindow: '1 minute' } } },
          async () => 'ok',
        );
      },
    });
    try {
      const first = await r.app.inject({ method: 'POST', url: '/limited', headers: { 'x-csrf-token': 'none' } });
      const second = await r.app.inject({ method: 'POST', url: '/limited', headers: { 'x-csrf-token': 'none' } });
      expect(second.statusCode).toBe(429);
      expect(first.statusCode).not.toBe(429);
    } finally {
      await r.close();
    }
  });

  it('refuses to start with RATE_LIMIT_STORE=database and no database', async () => {
    await expect(
      routeTestApp({ routes: async () => undefined, config: { RATE_LIMIT_STORE: 'database' } }),
    ).rejects.toThrow('RATE_LIMIT_STORE=database needs the database');
  });
});
