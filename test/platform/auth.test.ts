import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../helpers/db.ts';
import { Client, createTestApp, PASSWORD, type TestApp } from '../helpers/app.ts';

describe.each(BACKENDS)('sign-in, sessions, lockout and invitations (%s)', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(backend, { LOCKOUT_THRESHOLD: '3' });
  });
  afterAll(() => t.close());

  it('stores passwords as argon2id hashes', async () => {
    const rows = await t.db.query<{ password_hash: string }>('select password_hash from users limit 1');
    expect(rows[0].password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
  });

  it('signs in with a secure, http-only session cookie whose token is stored only as a hash', async () => {
    const c = new Client(t.app);
    await c.get('/sign-in');
    const res = await c.post('/sign-in', { email: 'Officer@A.test', password: PASSWORD, returnTo: '/c/council-a' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/c/council-a');
    const cookie = res.cookies.find((k) => k.name === 'co_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    const stored = await t.db.query<{ id: string }>('select id from sessions');
    expect(stored.map((s) => s.id)).not.toContain(cookie.value);
    expect((await c.get('/c/council-a')).statusCode).toBe(200);
  });

  it('shows the GOV.UK error summary for an empty or wrong sign-in', async () => {
    const c = new Client(t.app);
    await c.get('/sign-in');
    const empty = await c.post('/sign-in', { email: '', password: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('govuk-error-summary');
    expect(empty.body).toContain('Enter your email address');
    expect(empty.body).toContain('<title>Error:');
    const wrong = await c.post('/sign-in', { email: 'officer@a.test', password: 'wrong password!' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).toContain('Enter a correct email address and password');
  });

  it('never redirects off-site after sign-in', async () => {
    const c = new Client(t.app);
    await c.get('/sign-in');
    const res = await c.post('/sign-in', { email: 'viewer@a.test', password: PASSWORD, returnTo: '//evil.example/' });
    expect(res.headers.location).toBe('/');
  });

  it('pauses sign-in from a client after repeated failures, even for the right password, and audits it', async () => {
    const c = new Client(t.app);
    c.remoteAddress = '192.0.2.10';
    await c.get('/sign-in');
    for (let i = 0; i < 3; i++) await c.post('/sign-in', { email: 'analyst@a.test', password: 'not the password' });
    const paused = await c.post('/sign-in', { email: 'analyst@a.test', password: PASSWORD });
    expect(paused.statusCode).toBe(401);
    expect(paused.body).toContain('Enter a correct email address and password');
    const audit = await t.db.query<{ action: string }>(`select action from audit_log where user_id = $1 order by id`, [
      t.seeded.users.analyst,
    ]);
    expect(audit.map((a) => a.action)).toContain('sign_in_client_locked');
    expect(audit.map((a) => a.action)).toContain('sign_in_blocked');
  });

  it('sign-out ends the session on the server', async () => {
    const c = new Client(t.app);
    await c.signIn('viewer@a.test');
    const token = c.cookies.get('co_session')!;
    await c.post('/sign-out');
    const again = await t.app.inject({
      method: 'GET',
      url: '/c/council-a',
      headers: { cookie: `co_session=${token}` },
    });
    expect(again.statusCode).toBe(303);
  });

  it('records every sign-in in the audit log, shown to the user on their account page', async () => {
    const admin = new Client(t.app);
    await admin.signIn('administrator@a.test');
    const rows = await t.db.query<{ n: number }>(
      `select count(*)::int as n from audit_log where user_id = $1 and action = 'sign_in'`,
      [t.seeded.users.administrator],
    );
    expect(rows[0].n).toBeGreaterThan(0);
    const page = await admin.get('/account');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Signed in');
  });

  it('invites by a single-use, expiring link, emailed through the outbox', async () => {
    const admin = new Client(t.app);
    await admin.signIn('administrator@a.test');
    await admin.get('/c/council-a/admin/users/invite');
    const bad = await admin.post('/c/council-a/admin/users/invite', {
      displayName: '',
      email: 'not-an-email',
      role: 'partner',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Enter their full name');
    expect(bad.body).toContain('Enter an email address in the correct format');
    const noOrg = await admin.post('/c/council-a/admin/users/invite', {
      displayName: 'Pat Partner',
      email: 'pat@police.test',
      role: 'partner',
    });
    expect(noOrg.statusCode).toBe(400);
    expect(noOrg.body).toContain('Select the partner organisation');
    const ok = await admin.post('/c/council-a/admin/users/invite', {
      displayName: 'Pat Partner',
      email: 'pat@police.test',
      role: 'partner',
      organisationId: t.seeded.organisations.a,
    });
    expect(ok.statusCode).toBe(303);
    const mail = (await t.outbox.list()).find((m) => m.to === 'pat@police.test')!;
    expect(mail.subject).toContain('Council A');
    const link = /\/invitations\/([A-Za-z0-9_-]+)/.exec(mail.body)!;
    const stored = await t.db.query<{ token_hash: string }>('select token_hash from invitations');
    expect(stored.map((s) => s.token_hash)).not.toContain(link[1]);

    const invitee = new Client(t.app);
    const page = await invitee.get(link[0]);
    expect(page.statusCode).toBe(200);
    const short = await invitee.post(link[0], { password: 'short', confirmPassword: 'short' });
    expect(short.statusCode).toBe(400);
    expect(short.body).toContain('12 characters or more');
    const accepted = await invitee.post(link[0], {
      password: 'a long enough password',
      confirmPassword: 'a long enough password',
    });
    expect(accepted.statusCode).toBe(303);
    const reused = await invitee.get(link[0]);
    expect(reused.statusCode).toBe(404);
    await invitee.signIn('pat@police.test', 'a long enough password');
    expect((await invitee.get('/c/council-a')).statusCode).toBe(200);
    expect((await invitee.get('/c/council-a/areas')).statusCode).toBe(403);
  });

  it('refuses an expired invitation', async () => {
    const { link } = await t.services.admin.invite(
      t.actor('administrator'),
      { email: 'late@a.test', displayName: 'Late', role: 'viewer', organisationId: null },
      's',
      (l) => l,
    );
    await t.db.query(`update invitations set expires_at = now() - interval '1 minute' where email = 'late@a.test'`);
    const c = new Client(t.app);
    const res = await c.get(new URL(link).pathname);
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('expired or has already been used');
  });

  it('keeps at least one administrator', async () => {
    const admin = new Client(t.app);
    await admin.signIn('administrator@a.test');
    await admin.get(`/c/council-a/admin/users/${t.seeded.users.administrator}`);
    const res = await admin.post(`/c/council-a/admin/users/${t.seeded.users.administrator}`, { role: 'viewer' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('at least one administrator');
  });
});
