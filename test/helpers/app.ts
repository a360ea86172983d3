import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../../src/config.ts';
import { buildApp } from '../../src/server/app.ts';
import { OutboxEmailSender } from '../../src/clients/email.ts';
import type { Db } from '../../src/db/index.ts';
import type { Role } from '../../src/kernel/access.ts';
import { memberActor, systemActor, type Actor, type Council } from '../../src/kernel/actor.ts';
import { createContainer, type AppServices, type Container } from '../../src/app/container.ts';
import { ROLES } from '../../src/kernel/access.ts';
import { testDb, type Backend } from './db.ts';

export const PASSWORD = 'correct horse battery staple';

/**
 * The fixtures' password, hashed once per process: argon2id takes tens of milliseconds a hash by design, and every
 * test app creates nine users with it. The users are still made by the admin service (membership, audit); only the
 * repeated hashing of one password is skipped.
 */
let fixtureHash: Promise<string> | undefined;

export interface Seeded {
  councils: { a: { id: string; slug: string }; b: { id: string; slug: string } };
  /** One user per role in council A (email `<role>@a.test`) and an administrator of B (`administrator@b.test`). */
  users: Record<Role, string> & { adminB: string };
  organisations: { a: string; b: string };
}

export interface TestApp {
  app: FastifyInstance;
  container: Container;
  services: AppServices;
  db: Db;
  config: Config;
  outbox: OutboxEmailSender;
  seeded: Seeded;
  /** Council A or B as the services see it. */
  council(which?: 'a' | 'b'): Council;
  /** A member of council A with this role (B's administrator for `adminB`), as routes would pass them. */
  actor(role?: Role | 'adminB'): Actor;
  close(): Promise<void>;
}

export function testConfig(overrides: Record<string, string> = {}): Config {
  const dir = mkdtempSync(join(tmpdir(), 'cohesion-test-'));
  return loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dir,
    SESSION_SECRET: 'x'.repeat(48),
    LOG_LEVEL: 'silent',
    SERVICE_URL: 'http://localhost:3000',
    RATE_LIMIT_SIGN_IN: '1000',
    RATE_LIMIT_PUBLIC_FORMS: '1000',
    ...overrides,
  });
}

/** Builds the app on a fresh database with two councils (A and B), one user per role in A, and an admin of B. */
export async function createTestApp(backend: Backend, configOverrides: Record<string, string> = {}): Promise<TestApp> {
  const db = await testDb(backend);
  const config = testConfig(configOverrides);
  const outbox = new OutboxEmailSender(config.outboxDir);
  const container = createContainer({ db, config, email: outbox });
  const app = await buildApp({ config, db, logger: false, container });
  await app.ready();
  const s = container.services;
  const a = await s.councils.create({ slug: 'council-a', name: 'Council A', areaCode: 'X08000001', isDemo: false });
  const b = await s.councils.create({ slug: 'council-b', name: 'Council B', areaCode: 'X08000002', isDemo: false });
  const councilA = await s.councils.byId(a);
  const councilB = await s.councils.byId(b);
  if (!councilA || !councilB) throw new Error('test councils were not created');
  const setupA = systemActor(councilA, 'cli');
  const setupB = systemActor(councilB, 'cli');
  const orgA = await s.admin.addOrganisation(setupA, 'A Police', 'police');
  const orgB = await s.admin.addOrganisation(setupB, 'B Police', 'police');
  const users = {} as Seeded['users'];
  const hashNewPassword = s.auth.hashNewPassword;
  s.auth.hashNewPassword = (password) =>
    password === PASSWORD
      ? (fixtureHash ??= hashNewPassword.call(s.auth, password))
      : hashNewPassword.call(s.auth, password);
  try {
    for (const role of ROLES) {
      users[role] = await s.admin.createUser(setupA, {
        email: `${role}@a.test`,
        displayName: `${role} of A`,
        role,
        organisationId: role === 'partner' ? orgA : null,
        password: PASSWORD,
      });
    }
    users.adminB = await s.admin.createUser(setupB, {
      email: 'administrator@b.test',
      displayName: 'Admin of B',
      role: 'administrator',
      organisationId: null,
      password: PASSWORD,
    });
  } finally {
    // Back to the service's own method, so tests that set or reset passwords hash them as production does.
    s.auth.hashNewPassword = hashNewPassword;
  }
  return {
    app,
    container,
    services: s,
    db,
    config,
    outbox,
    seeded: {
      councils: { a: { id: a, slug: 'council-a' }, b: { id: b, slug: 'council-b' } },
      users,
      organisations: { a: orgA, b: orgB },
    },
    council: (which = 'a') => (which === 'a' ? councilA : councilB),
    actor: (role = 'analyst') =>
      role === 'adminB'
        ? memberActor(councilB, { userId: users.adminB, role: 'administrator', organisationId: null })
        : memberActor(councilA, { userId: users[role], role, organisationId: role === 'partner' ? orgA : null }),
    async close() {
      await app.close();
      await db.close();
    },
  };
}

/** A browser-like client over app.inject: keeps cookies and finds the CSRF token in the last page. */
export class Client {
  cookies = new Map<string, string>();
  csrf = '';
  /** The client's address as the server sees it (lockouts and rate limits are per client). */
  remoteAddress = '127.0.0.1';
  constructor(readonly app: FastifyInstance) {}

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private remember(res: LightMyRequestResponse) {
    for (const c of res.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const m = /name="_csrf" value="([^"]+)"/.exec(res.body);
    if (m) this.csrf = m[1];
  }

  async get(url: string, headers: Record<string, string> = {}) {
    const res = await this.app.inject({
      method: 'GET',
      url,
      remoteAddress: this.remoteAddress,
      headers: { cookie: this.cookieHeader(), ...headers },
    });
    this.remember(res);
    return res;
  }

  /** Posts a urlencoded form; adds the current CSRF token unless `_csrf` is given. */
  async post(url: string, form: Record<string, string> = {}, opts: { csrf?: boolean } = {}) {
    if (opts.csrf !== false && !this.csrf) await this.get('/sign-in');
    const body = new URLSearchParams(opts.csrf === false ? form : { _csrf: this.csrf, ...form }).toString();
    const res = await this.app.inject({
      method: 'POST',
      url,
      remoteAddress: this.remoteAddress,
      payload: body,
      headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
    });
    this.remember(res);
    return res;
  }

  async signIn(email: string, password = PASSWORD) {
    await this.get('/sign-in');
    const res = await this.post('/sign-in', { email, password });
    if (res.statusCode !== 303) throw new Error(`sign in as ${email} failed: ${res.statusCode}`);
    // The CSRF token is bound to the new session: fetch a page to pick it up.
    await this.get('/account');
    return res;
  }
}
