/**
 * Fast route tests: the real platform plugins (access, CSRF, sessions, views, errors) around one module's
 * routes, on stub services and no database. A test builds the module's routes from stubs of exactly the
 * services they call, signs in as a role, and asserts what the pages show and which service calls they make.
 *
 *   const stub = { listThings: vi.fn(async () => [...]) };
 *   const r = await routeTestApp({ routes: thingRoutes({ things: stub as unknown as ThingService }), role: 'officer' });
 *   const res = await r.client.get('/c/council-a/things');
 */
import Fastify, { type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import { registerPlatform } from '../../src/server/app.ts';
import type { Role } from '../../src/kernel/access.ts';
import { memberActor, type Actor, type Council } from '../../src/kernel/actor.ts';
import type { NavEntry } from '../../src/kernel/module.ts';
import { testConfig, Client } from './app.ts';

export const TEST_COUNCIL: Council = {
  id: '00000000-0000-4000-8000-00000000000a',
  slug: 'council-a',
  name: 'Council A',
  areaCode: 'X08000001',
  isDemo: false,
  settings: {},
};
export const TEST_USER_ID = '00000000-0000-4000-8000-000000000001';
export const TEST_ORGANISATION_ID = '00000000-0000-4000-8000-00000000000f';
const TOKEN = 'route-test-session-token-0123456789';

export interface RouteTestApp {
  app: FastifyInstance;
  /** A browser-like client; signed in when a role was given. */
  client: Client;
  council: Council;
  /** The actor the routes see, when signed in. */
  actor: Actor | null;
  close(): Promise<void>;
}

export async function routeTestApp(opts: {
  routes: FastifyPluginAsync;
  /** The signed-in member's role in council-a; omit for an anonymous visitor. */
  role?: Role;
  organisationId?: string | null;
  nav?: NavEntry[];
  config?: Record<string, string>;
}): Promise<RouteTestApp> {
  const role = opts.role ?? null;
  const organisationId = opts.organisationId ?? (role === 'partner' ? TEST_ORGANISATION_ID : null);
  const config = { ...testConfig(opts.config), sessionSecret: 'r'.repeat(48) };
  const app = Fastify({ logger: false });
  await registerPlatform(app, {
    config,
    db: null, // no database: rate limits count in memory (RATE_LIMIT_STORE=memory, the default)
    nav: opts.nav ?? [],
    auth: {
      userForToken: async (token: string) =>
        role && token === TOKEN
          ? { id: TEST_USER_ID, email: `${role}@a.test`, displayName: `${role} of A`, sessionId: 'route-test-session' }
          : null,
    },
    councils: {
      membership: async (slug: string, userId: string) =>
        role && slug === TEST_COUNCIL.slug && userId === TEST_USER_ID
          ? { council: TEST_COUNCIL, role, organisationId }
          : null,
    },
  });
  await app.register(opts.routes);
  await app.ready();
  const client = new Client(app);
  if (role) client.cookies.set('co_session', TOKEN);
  return {
    app,
    client,
    council: TEST_COUNCIL,
    actor: role ? memberActor(TEST_COUNCIL, { userId: TEST_USER_ID, role, organisationId }) : null,
    close: () => app.close(),
  };
}
