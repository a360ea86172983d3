import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEB_LAYER_BACKENDS } from '../helpers/db.ts';
import { Client, createTestApp, type TestApp } from '../helpers/app.ts';

describe.each(WEB_LAYER_BACKENDS)('CSRF protection (%s)', (backend) => {
  let t: TestApp;
  let admin: Client;
  beforeAll(async () => {
    t = await createTestApp(backend);
    admin = new Client(t.app);
    await admin.signIn('administrator@a.test');
  });
  afterAll(() => t.close());

  it('every POST route refuses a request without a token, and changes nothing', async () => {
    const posts = t.app.routeAccess.filter((r) => r.method === 'POST');
    expect(posts.length).toBeGreaterThan(5);
    const before = await t.db.query<{ n: number }>('select count(*)::int as n from organisations');
    for (const r of posts) {
      const url = r.url.replace(':council', 'council-a').replace(/:(\w+)/g, 'x');
      const res = await admin.post(url, { name: 'Forged Org', kind: 'police' }, { csrf: false });
      // Routes needing a session answer 403 (bad token); a few public ones may first 404 on their parameter.
      expect([403, 404], `${url}`).toContain(res.statusCode);
      if (res.statusCode === 403) expect(res.body).toContain('This form has expired');
    }
    const after = await t.db.query<{ n: number }>('select count(*)::int as n from organisations');
    expect(after[0].n).toBe(before[0].n);
  });

  it('refuses a token taken from another session', async () => {
    const other = new Client(t.app);
    await other.signIn('administrator@b.test');
    const res = await admin.post('/c/council-a/admin/organisations', {
      _csrf: other.csrf,
      name: 'Forged Org',
      kind: 'police',
    });
    expect(res.statusCode).toBe(403);
  });

  it('accepts the token of the session itself', async () => {
    await admin.get('/c/council-a/admin/organisations');
    const res = await admin.post('/c/council-a/admin/organisations', { name: 'Genuine Org', kind: 'voluntary' });
    expect(res.statusCode).toBe(303);
    const rows = await t.db.query('select 1 from organisations where name = $1', ['Genuine Org']);
    expect(rows.length).toBe(1);
  });

  it('protects the anonymous sign-in form with a per-browser token', async () => {
    const anon = new Client(t.app);
    await anon.get('/sign-in');
    const forged = await anon.post('/sign-in', {
      email: 'administrator@a.test',
      password: 'correct horse battery staple',
      _csrf: 'forged',
    });
    expect(forged.statusCode).toBe(403);
    const ok = await anon.post('/sign-in', { email: 'administrator@a.test', password: 'correct horse battery staple' });
    expect(ok.statusCode).toBe(303);
  });
});
