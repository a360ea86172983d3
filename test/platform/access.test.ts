import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { ROLES, roleHas, type Role } from '../../src/kernel/access.ts';
import type { RouteAccess } from '../../src/server/plugins/access.ts';
import { WEB_LAYER_BACKENDS } from '../helpers/db.ts';
import { Client, createTestApp, type TestApp } from '../helpers/app.ts';

/** Fills route parameters with values that exist for nobody, so allowed requests change nothing. */
function fill(url: string, council: string): string {
  return url
    .replace(':council', council)
    .replace(/:(\w*[iI]d)\b/g, () => randomUUID())
    .replace(':code', 'X01999999')
    .replace(':token', 'a'.repeat(43))
    .replace(':lang', 'en');
}

describe.each(WEB_LAYER_BACKENDS)('role-by-route permissions (%s)', (backend) => {
  let t: TestApp;
  let routes: RouteAccess[];
  const clients = {} as Record<Role, Client>;

  beforeAll(async () => {
    t = await createTestApp(backend);
    routes = t.app.routeAccess.filter((r) => !r.url.includes('*'));
    for (const role of ROLES) {
      clients[role] = new Client(t.app);
      await clients[role].signIn(`${role}@a.test`);
    }
  });
  afterAll(() => t.close());

  it('every route declares an access rule', () => {
    expect(routes.length).toBeGreaterThan(10);
    for (const r of routes) expect(r.access, `${r.method} ${r.url}`).toBeDefined();
  });

  it('every council route answers 403 to each role without the permission, and never 403 to a role with it', async () => {
    const councilRoutes = routes.filter((r) => r.access.kind === 'council');
    expect(councilRoutes.length).toBeGreaterThan(5);
    const table: string[] = [];
    for (const route of councilRoutes) {
      if (route.access.kind !== 'council') continue;
      for (const role of ROLES) {
        const client = clients[role];
        const url = fill(route.url, 'council-a');
        const res = route.method === 'GET' ? await client.get(url) : await client.post(url, {});
        const allowed = roleHas(role, route.access.permission);
        table.push(`${route.method} ${route.url} ${role} ${res.statusCode}`);
        if (allowed) expect(res.statusCode, `${role} ${route.method} ${url}`).not.toBe(403);
        else expect(res.statusCode, `${role} ${route.method} ${url}`).toBe(403);
        expect(res.statusCode, `${role} ${route.method} ${url}`).toBeLessThan(500);
      }
    }
    expect(table.length).toBe(councilRoutes.length * ROLES.length);
  });

  it('signed-out visitors are sent to sign in (GET) or refused (POST) on every non-public route', async () => {
    const anon = new Client(t.app);
    await anon.get('/sign-in');
    for (const route of routes.filter((r) => r.access.kind !== 'public')) {
      const url = fill(route.url, 'council-a');
      const res = route.method === 'GET' ? await anon.get(url) : await anon.post(url, {});
      if (route.method === 'GET') {
        expect(res.statusCode, url).toBe(303);
        expect(res.headers.location).toMatch(/^\/sign-in\?returnTo=/);
      } else {
        expect(res.statusCode, url).toBe(401);
      }
    }
  });

  it('public routes are reachable without signing in', async () => {
    const anon = new Client(t.app);
    for (const route of routes.filter(
      (r) =>
        r.access.kind === 'public' &&
        r.method === 'GET' &&
        !r.url.startsWith('/assets/') &&
        !r.url.startsWith('/govuk/') &&
        !r.url.startsWith('/public/'),
    )) {
      const res = await anon.get(fill(route.url, 'council-a'));
      expect([200, 303, 404], route.url).toContain(res.statusCode);
    }
  });

  it('allowed roles get a 200 page for each platform GET route with real records', async () => {
    const real = (url: string) =>
      url
        .replace(':council', 'council-a')
        .replace(':userId', t.seeded.users.viewer)
        .replace(':organisationId', t.seeded.organisations.a);
    // Routes whose parameters only the owning module knows how to fill are covered by that module's tests.
    for (const route of routes.filter(
      (r) => r.access.kind === 'council' && r.method === 'GET' && !real(r.url).includes(':'),
    )) {
      const access = route.access;
      if (access.kind !== 'council') continue;
      const role = ROLES.find((r) => roleHas(r, access.permission))!;
      const res = await clients[role].get(real(route.url));
      expect(res.statusCode, `${role} GET ${real(route.url)}`).toBe(200);
    }
  });
});
