/**
 * Proof of scale-out: two app servers (two buildApp instances, each with its own connection pool, its own
 * port and its own jobs runner) on one PostgreSQL database. Scheduled jobs run once per period, on-demand jobs
 * once per request, rate limits and sessions hold across both servers.
 *
 * Needs DATABASE_URL (CI sets it). The Redis variant of the rate limit also needs Redis at REDIS_URL
 * (default redis://127.0.0.1:6379); without it that part is skipped with the reason.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContainer, type Container } from '../../src/app/container.ts';
import type { Db } from '../../src/db/index.ts';
import { migrate } from '../../src/db/migrate.ts';
import { openPglite } from '../../src/db/pglite.ts';
import { openPostgres } from '../../src/db/postgres.ts';
import { JobRunner, type JobDefinition } from '../../src/jobs/index.ts';
import { systemActor } from '../../src/kernel/actor.ts';
import { buildApp } from '../../src/server/app.ts';
import { PASSWORD, testConfig } from '../helpers/app.ts';

const DATABASE_URL = process.env.DATABASE_URL;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const NO_POSTGRES =
  'DATABASE_URL is not set: scale-out needs a PostgreSQL server shared by two app servers (CI sets it)';
if (!DATABASE_URL) console.warn(`scale-out.test.ts: skipped: ${NO_POSTGRES}`);

/** Null when Redis answers PING, else why not. */
async function redisProblem(url: string): Promise<string | null> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 500,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
    return null;
  } catch (err) {
    return `Redis is not reachable at ${url} (${err instanceof Error ? err.message : String(err)}); set REDIS_URL`;
  } finally {
    redis.disconnect();
  }
}
const NO_REDIS = await redisProblem(REDIS_URL);
if (NO_REDIS) console.warn(`scale-out.test.ts: Redis variant skipped: ${NO_REDIS}`);

/** The jobs a module would declare once; each server's runner gets them, and each run is recorded with its server. */
function declaredJobs(server: string, runs: { job: string; server: string; at: string; key: string | null }[]) {
  const record =
    (job: string) =>
    async ({ key, now }: { key: string | null; now: Date }) => {
      runs.push({ job, server, at: now.toISOString(), key });
    };
  const jobs: JobDefinition[] = [
    { name: 'scaleout.hourly', everyMs: 3_600_000, run: record('scaleout.hourly') },
    { name: 'scaleout.recompute', run: record('scaleout.recompute') },
  ];
  return jobs;
}

interface AppServer {
  name: string;
  app: FastifyInstance;
  container: Container;
  jobs: JobRunner;
  url: string;
}

async function startServer(
  name: string,
  db: Db,
  config: ReturnType<typeof testConfig>,
  clock: () => Date,
  runs: { job: string; server: string; at: string; key: string | null }[],
): Promise<AppServer> {
  const container = createContainer({ db, config, clock });
  const app = await buildApp({ config, db, container, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address !== 'object') throw new Error('server has no port');
  const log = { error: () => undefined };
  const jobs = new JobRunner(db, [...container.jobs, ...declaredJobs(name, runs)], log, { clock });
  return { name, app, container, jobs, url: `http://127.0.0.1:${address.port}` };
}

/** A browser over real HTTP: keeps cookies across servers (as behind one address) and the last CSRF token. */
class Browser {
  private cookies = new Map<string, string>();
  private csrf = '';
  constructor(private readonly clientIp: string) {}

  private async request(server: AppServer, path: string, init: { method: string; form?: Record<string, string> }) {
    const headers: Record<string, string> = {
      cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      'x-forwarded-for': this.clientIp, // the load balancer's header (TRUST_PROXY=true)
    };
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams({ _csrf: this.csrf, ...init.form }).toString();
    }
    const res = await fetch(server.url + path, { method: init.method, headers, body, redirect: 'manual' });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair.indexOf('=');
      const value = pair.slice(eq + 1);
      if (value === '' || /max-age=0/i.test(c)) this.cookies.delete(pair.slice(0, eq));
      else this.cookies.set(pair.slice(0, eq), value);
    }
    const text = await res.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(text);
    if (token) this.csrf = token[1];
    return { status: res.status, text, location: res.headers.get('location') };
  }

  get(server: AppServer, path: string) {
    return this.request(server, path, { method: 'GET' });
  }

  post(server: AppServer, path: string, form: Record<string, string>) {
    return this.request(server, path, { method: 'POST', form });
  }

  hasCookie(name: string) {
    return this.cookies.has(name);
  }
}

/** Two servers on one database (PostgreSQL: one schema, a pool each; one PGlite only for the Redis variant). */
async function startTwo(overrides: Record<string, string>, backend: 'postgres' | 'pglite') {
  let now = new Date('2026-03-02T09:00:00.000Z');
  const clock = () => now;
  const schema = `scaleout_${randomBytes(5).toString('hex')}`;
  const url = DATABASE_URL ?? '';
  const dbs: Db[] =
    backend === 'postgres'
      ? [await openPostgres(url, { schema, max: 4 }), await openPostgres(url, { schema, max: 4 })]
      : await openPglite().then((db) => [db, db]); // PGlite is in-process: both servers share one
  // Both servers migrate at once, as two servers starting together would.
  await Promise.all([...new Set(dbs)].map((db) => migrate(db)));
  const config = testConfig({ TRUST_PROXY: 'true', ...overrides });
  const runs: { job: string; server: string; at: string; key: string | null }[] = [];
  const a = await startServer('A', dbs[0], config, clock, runs);
  const b = await startServer('B', dbs[1], config, clock, runs);
  return {
    a,
    b,
    dbs,
    runs,
    setNow: (d: Date) => (now = d),
    now: () => now,
    async close() {
      await Promise.all([a, b].map((s) => s.jobs.stop()));
      await Promise.all([a, b].map((s) => s.app.close()));
      if (backend === 'postgres') await dbs[0].query(`drop schema if exists "${schema}" cascade`);
      await Promise.all([...new Set(dbs)].map((db) => db.close()));
    },
  };
}

/** Four wrong passwords from one client, alternating servers as a load balancer might: the 4th is refused. */
async function expectFourthAttemptRefused(first: AppServer, second: AppServer, clientIp: string) {
  const browser = new Browser(clientIp);
  await browser.get(first, '/sign-in');
  const order = [first, second, first, second];
  const codes: string[] = [];
  for (const server of order) {
    const res = await browser.post(server, '/sign-in', { email: 'nobody@a.test', password: 'not the password' });
    codes.push(`${server.name}:${res.status}`);
  }
  expect(codes).toEqual([`${first.name}:401`, `${second.name}:401`, `${first.name}:401`, `${second.name}:429`]);
  // And the other server refuses it too, in the same window.
  expect((await browser.post(first, '/sign-in', { email: 'nobody@a.test', password: 'x' })).status).toBe(429);
}

type Two = Awaited<ReturnType<typeof startTwo>>;

async function seedCouncilAndOfficer(t: Two) {
  const s = t.a.container.services;
  const id = await s.councils.create({ slug: 'council-a', name: 'Council A', areaCode: 'X08000001', isDemo: false });
  const council = await s.councils.byId(id);
  if (!council) throw new Error('council was not created');
  await s.admin.createUser(systemActor(council, 'cli'), {
    email: 'officer@a.test',
    displayName: 'Officer of A',
    role: 'officer',
    organisationId: null,
    password: PASSWORD,
  });
}

describe.skipIf(!DATABASE_URL)(
  `two app servers on one PostgreSQL database${DATABASE_URL ? '' : ` (skipped: ${NO_POSTGRES})`}`,
  () => {
    let t: Two;
    beforeAll(async () => {
      t = await startTwo({ RATE_LIMIT_STORE: 'database', RATE_LIMIT_SIGN_IN: '3' }, 'postgres');
      await seedCouncilAndOfficer(t);
    });
    afterAll(() => t?.close());

    const hourly = () => t.runs.filter((r) => r.job === 'scaleout.hourly');
    const bothTick = (times = 1) =>
      Promise.all(Array.from({ length: times }, () => [t.a.jobs.tick(t.now()), t.b.jobs.tick(t.now())]).flat());

    it('runs a scheduled hourly job once per period when both runners tick at the same time', async () => {
      const start = t.now();
      await bothTick(3);
      expect(hourly()).toEqual([expect.objectContaining({ at: start.toISOString() })]);
      t.setNow(new Date(start.getTime() + 30 * 60_000)); // half an hour on: not due
      await bothTick(3);
      expect(hourly()).toHaveLength(1);
      t.setNow(new Date(start.getTime() + 3_600_000)); // the next period
      await bothTick(3);
      expect(hourly().map((r) => r.at)).toEqual([start.toISOString(), t.now().toISOString()]);
      const rows = await t.dbs[0].query<{ runs: number }>(
        "select runs from job_schedules where name = 'scaleout.hourly'",
      );
      expect(rows).toEqual([{ runs: 2 }]);
    });

    it('runs an on-demand job enqueued by both servers once', async () => {
      await t.a.container.deps.jobs.enqueue('scaleout.recompute', 'council-a');
      await t.b.container.deps.jobs.enqueue('scaleout.recompute', 'council-a');
      await bothTick(2);
      const recomputes = t.runs.filter((r) => r.job === 'scaleout.recompute');
      expect(recomputes.map((r) => r.key)).toEqual(['council-a']);
      expect(await t.dbs[1].query("select 1 from job_queue where name = 'scaleout.recompute'")).toEqual([]);
    });

    it('holds a sign-in rate limit (3 a minute) across both servers: the 4th attempt is refused', async () => {
      await expectFourthAttemptRefused(t.a, t.b, '203.0.113.7');
      await expectFourthAttemptRefused(t.b, t.a, '203.0.113.8');
    });

    it('keeps a session made on one server valid on the other', async () => {
      const browser = new Browser('203.0.113.9');
      await browser.get(t.a, '/sign-in');
      const signIn = await browser.post(t.a, '/sign-in', { email: 'officer@a.test', password: PASSWORD });
      expect(signIn.status).toBe(303);
      expect(browser.hasCookie('co_session')).toBe(true);
      const page = await browser.get(t.b, '/c/council-a');
      expect(page.status).toBe(200);
      expect(page.text).toContain('Council A');
      // Signing out on B ends the session on A too.
      expect((await browser.post(t.b, '/sign-out', {})).status).toBe(303);
      expect((await browser.get(t.a, '/c/council-a')).status).not.toBe(200);
    });
  },
);

describe.skipIf(NO_REDIS !== null)(
  `two app servers sharing rate limits in Redis${NO_REDIS ? ` (skipped: ${NO_REDIS})` : ''}`,
  () => {
    let t: Two;
    // A client address of its own for this run, so counters left in Redis by an earlier run in the same minute
    // cannot interfere; they are also deleted first.
    const clientIp = `203.0.113.${10 + Math.floor(Math.random() * 240)}`;
    beforeAll(async () => {
      const redis = new Redis(REDIS_URL);
      const keys = await redis.keys(`cohesion-rate-limit-*-${clientIp}`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
      // The accounts live in the database (PostgreSQL when available); the counters in Redis.
      t = await startTwo(
        { RATE_LIMIT_STORE: REDIS_URL, RATE_LIMIT_SIGN_IN: '3' },
        DATABASE_URL ? 'postgres' : 'pglite',
      );
    });
    afterAll(() => t?.close());

    it('refuses the 4th sign-in attempt in the window whichever server gets it', async () => {
      await expectFourthAttemptRefused(t.a, t.b, clientIp);
      const redis = new Redis(REDIS_URL);
      try {
        expect(await redis.get(`cohesion-rate-limit-POST/sign-in-${clientIp}`)).toBe('5');
      } finally {
        await redis.quit();
      }
    });
  },
);
