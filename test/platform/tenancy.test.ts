import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../helpers/db.ts';
import { Client, createTestApp, type TestApp } from '../helpers/app.ts';
import { upsertAreas, upsertLinks } from '../../src/modules/geography/repository.ts';

describe.each(BACKENDS)('council isolation (%s)', (backend) => {
  let t: TestApp;
  let adminB: Client;
  let adminA: Client;

  beforeAll(async () => {
    t = await createTestApp(backend);
    // Council A's geography: one LAD with one ward and one LSOA.
    await upsertAreas(t.db, [
      { code: 'X08000001', name: 'A Borough', level: 'lad' },
      { code: 'X05000001', name: 'A Ward', level: 'ward' },
      { code: 'X01000001', name: 'A LSOA', level: 'lsoa' },
      { code: 'X08000002', name: 'B Borough', level: 'lad' },
      { code: 'X01000002', name: 'B LSOA', level: 'lsoa' },
    ]);
    await upsertLinks(t.db, [
      { child: 'X05000001', parent: 'X08000001', parentLevel: 'lad' },
      { child: 'X01000001', parent: 'X05000001', parentLevel: 'ward' },
      { child: 'X01000002', parent: 'X08000002', parentLevel: 'lad' },
    ]);
    adminB = new Client(t.app);
    await adminB.signIn('administrator@b.test');
    adminA = new Client(t.app);
    await adminA.signIn('administrator@a.test');
  });
  afterAll(() => t.close());

  it('a user of council B gets 404 for every record and page of council A', async () => {
    const a = t.seeded;
    const urls = [
      `/c/${a.councils.a.slug}`,
      `/c/${a.councils.a.slug}/areas`,
      `/c/${a.councils.a.slug}/areas/X01000001`,
      `/c/${a.councils.a.slug}/areas/import`,
      `/c/${a.councils.a.slug}/admin/users`,
      `/c/${a.councils.a.slug}/admin/users/${a.users.viewer}`,
      `/c/${a.councils.a.slug}/admin/organisations`,
      `/c/${a.councils.a.slug}/admin/organisations/${a.organisations.a}`,
      `/c/${a.councils.a.slug}/admin/audit`,
    ];
    for (const url of urls) {
      const res = await adminB.get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.body).not.toContain('Council A');
    }
    for (const url of [
      `/c/${a.councils.a.slug}/admin/users/${a.users.viewer}`,
      `/c/${a.councils.a.slug}/admin/users/${a.users.viewer}/remove`,
      `/c/${a.councils.a.slug}/admin/organisations`,
    ]) {
      const res = await adminB.post(url, { role: 'viewer', name: 'Hijack', kind: 'police' });
      expect(res.statusCode, url).toBe(404);
    }
  });

  it("council A's records cannot be reached through council B's address either", async () => {
    const a = t.seeded;
    for (const url of [
      `/c/${a.councils.b.slug}/admin/users/${a.users.viewer}`,
      `/c/${a.councils.b.slug}/admin/organisations/${a.organisations.a}`,
      `/c/${a.councils.b.slug}/areas/X01000001`,
    ]) {
      const res = await adminB.get(url);
      expect(res.statusCode, url).toBe(404);
    }
    const res = await adminB.post(`/c/${a.councils.b.slug}/admin/users/${a.users.viewer}/remove`, {});
    expect(res.statusCode).toBe(404);
    const stillThere = await t.db.query('select 1 from memberships where user_id = $1', [a.users.viewer]);
    expect(stillThere.length).toBe(1);
  });

  it("the council overview counts the council's own areas by level", async () => {
    const dash = await adminA.get('/c/council-a');
    expect(dash.statusCode).toBe(200);
    const table = /<table[\s\S]*?<\/table>/.exec(dash.body)![0];
    expect(table).toMatch(/Wards<\/td>\s*<td[^>]*>\s*1\s*</);
    expect(table).toMatch(/LSOAs<\/td>\s*<td[^>]*>\s*1\s*</);
    expect(table).not.toContain('B LSOA');
  });

  it('a member of A sees its own records', async () => {
    expect((await adminA.get(`/c/council-a/areas/X01000001`)).statusCode).toBe(200);
    expect((await adminA.get(`/c/council-a/admin/users/${t.seeded.users.viewer}`)).statusCode).toBe(200);
    expect((await adminA.get(`/c/council-a/areas/X01000002`)).statusCode).toBe(404);
  });

  it('a user may belong to several councils and sees each', async () => {
    await t.services.admin.createUser(t.actor('adminB'), {
      email: 'viewer@a.test',
      displayName: 'viewer of A',
      role: 'viewer',
      organisationId: null,
      password: 'correct horse battery staple',
    });
    const c = new Client(t.app);
    await c.signIn('viewer@a.test');
    const home = await c.get('/');
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('Council A');
    expect(home.body).toContain('Council B');
    expect((await c.get('/c/council-b')).statusCode).toBe(200);
  });
});
