import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { BACKENDS } from '../../../test/helpers/db.ts';

describe.each(BACKENDS)('council settings: the language staff write in (%s)', (backend) => {
  let t: TestApp;
  let admin: Client;
  const settingsOf = async (id: string) =>
    (await t.db.query<{ settings: Record<string, unknown> }>('select settings from councils where id = $1', [id]))[0]
      .settings;
  const audits = async () =>
    (
      await t.db.query<{ n: number }>(
        `select count(*)::int as n from audit_log where action = 'council.settings_changed' and council_id = $1`,
        [t.seeded.councils.a.id],
      )
    )[0].n;

  beforeAll(async () => {
    t = await createTestApp(backend);
    admin = new Client(t.app);
    await admin.signIn('administrator@a.test');
  });
  afterAll(() => t.close());

  it('shows English as the setting until one is saved, linked from the admin pages', async () => {
    const page = await admin.get('/c/council-a/admin/settings');
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/value="en" checked/);
    expect((await admin.get('/c/council-a/admin/users')).body).toContain('href="/c/council-a/admin/settings"');
  });

  it('refuses a value that is not a language with the error summary, changing nothing', async () => {
    await admin.get('/c/council-a/admin/settings');
    for (const body of [{ contentLanguage: 'fr' }, {}] as Record<string, string>[]) {
      const res = await admin.post('/c/council-a/admin/settings', body);
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('govuk-error-summary');
      expect(res.body).toContain('Select the language your staff write in');
    }
    expect(await settingsOf(t.seeded.councils.a.id)).toEqual({});
    expect(await audits()).toBe(0);
  });

  it('lets only administrators change it', async () => {
    for (const role of ['officer', 'analyst', 'viewer', 'partner']) {
      const c = new Client(t.app);
      await c.signIn(`${role}@a.test`);
      expect((await c.get('/c/council-a/admin/settings')).statusCode, role).toBe(403);
      expect((await c.post('/c/council-a/admin/settings', { contentLanguage: 'cy' })).statusCode, role).toBe(403);
    }
    expect(await settingsOf(t.seeded.councils.a.id)).toEqual({});
  });

  it('saves Welsh with an audit entry, keeps other settings and other councils as they were, and is then used', async () => {
    await t.db.query(`update councils set settings = '{"other":"kept"}'::jsonb where id = $1`, [
      t.seeded.councils.a.id,
    ]);
    await admin.get('/c/council-a/admin/settings');
    const res = await admin.post('/c/council-a/admin/settings', { contentLanguage: 'cy' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/c/council-a/admin/settings?saved=1');
    expect(await settingsOf(t.seeded.councils.a.id)).toEqual({ other: 'kept', contentLanguage: 'cy' });
    expect(await settingsOf(t.seeded.councils.b.id)).toEqual({});
    expect(await audits()).toBe(1);
    const saved = await admin.get('/c/council-a/admin/settings?saved=1');
    expect(saved.body).toContain('govuk-notification-banner--success');
    expect(saved.body).toMatch(/value="cy" checked/);

    // An invitation now goes out in the council's language, whatever language the administrator's pages are in.
    const before = (await t.outbox.list()).length;
    await admin.get('/c/council-a/admin/users/invite');
    const invite = await admin.post('/c/council-a/admin/users/invite', {
      displayName: 'Newydd',
      email: 'newydd@a.test',
      role: 'viewer',
    });
    expect(invite.statusCode).toBe(303);
    const mail = (await t.outbox.list()).slice(before);
    expect(mail).toHaveLength(1);
    expect(mail[0].subject).toBe('Rydych wedi cael eich gwahodd i Arsyllfa Cydlyniant ar gyfer Council A');
    expect(mail[0].body).toContain('Annwyl Newydd,');
  });
});
