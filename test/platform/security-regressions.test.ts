/**
 * Issue 9's findings from the attacker's and careless user's probe, each as a test that failed on the code
 * before the fix. Module-specific findings (the report intake, survey uploads, census datasets) are tested in
 * their modules; this file holds the platform's.
 */
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../helpers/db.ts';
import { Client, createTestApp, PASSWORD, type TestApp } from '../helpers/app.ts';
import { systemActor } from '../../src/kernel/actor.ts';
import { readCsvBuffer } from '../../src/lib/csv.ts';

/** A multipart upload as a browser sends it. */
async function upload(c: Client, url: string, fields: Record<string, string>, file: Buffer, name = 'file.csv') {
  if (!c.csrf) await c.get('/sign-in');
  const boundary = '----co-test-boundary';
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries({ _csrf: c.csrf, ...fields })) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return c.app.inject({
    method: 'POST',
    url,
    payload: Buffer.concat(parts),
    headers: {
      cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      'content-type': `multipart/form-data; boundary=${boundary}`,
    },
  });
}

const square = (x: number, y: number, d = 0.01) => [
  [
    [x, y],
    [x + d, y],
    [x + d, y + d],
    [x, y + d],
    [x, y],
  ],
];
const collection = (features: { code: string; name: string; coordinates: unknown }[]) =>
  Buffer.from(
    JSON.stringify({
      type: 'FeatureCollection',
      features: features.map((f) => ({
        type: 'Feature',
        properties: { WD11CD: f.code, WD11NM: f.name },
        geometry: { type: 'Polygon', coordinates: f.coordinates },
      })),
    }),
  );

describe.each(BACKENDS)('security regressions: platform (%s)', (backend) => {
  let t: TestApp;
  let analystB: Client;

  beforeAll(async () => {
    t = await createTestApp(backend, { LOCKOUT_THRESHOLD: '3' });
    // Council A's ward X05000001 under A's district X08000001; council B is X08000002.
    await t.services.geography.importLookups(
      [
        { line: 2, record: { WD11CD: 'X05000001', WD11NM: 'A Ward', LAD11CD: 'X08000001', LAD11NM: 'A Borough' } },
        { line: 3, record: { WD11CD: 'X05000009', WD11NM: 'B Ward', LAD11CD: 'X08000002', LAD11NM: 'B Borough' } },
      ],
      {},
    );
    await t.services.admin.createUser(t.actor('adminB'), {
      email: 'analyst@b.test',
      displayName: 'Analyst of B',
      role: 'analyst',
      organisationId: null,
      password: PASSWORD,
    });
    analystB = new Client(t.app);
    await analystB.signIn('analyst@b.test');
  });
  afterAll(() => t.close());

  describe('1. shared reference data changes only within the council that imports it', () => {
    it("refuses a boundary file that renames another council's ward, naming the code, and changes nothing", async () => {
      const res = await upload(
        analystB,
        '/c/council-b/areas/import',
        { kind: 'boundaries' },
        collection([{ code: 'X05000001', name: 'Renamed by B', coordinates: square(-1, 51) }]),
        'w.geojson',
      );
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('outside Council B');
      expect(res.body).toContain('X05000001');
      expect((await t.services.geography.findArea('X05000001'))?.name).toBe('A Ward');
      expect(await t.services.geography.boundaries(['X05000001'])).toEqual([]);
    });

    it("refuses a lookup that moves another council's ward under the importer's district", async () => {
      const csv = Buffer.from('WD11CD,WD11NM,LAD11CD,LAD11NM\nX05000001,A Ward,X08000002,B Borough\n');
      const res = await upload(analystB, '/c/council-b/areas/import', { kind: 'lookups' }, csv);
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('X05000001');
      expect(await t.services.geography.isWithin('X08000001', 'X05000001')).toBe(true);
      expect(await t.services.geography.isWithin('X08000002', 'X05000001')).toBe(false);
    });

    it('lets a council change its own areas, and audits it', async () => {
      const res = await upload(
        analystB,
        '/c/council-b/areas/import',
        { kind: 'boundaries' },
        collection([{ code: 'X05000009', name: 'B Ward', coordinates: square(-1, 52) }]),
        'w.geojson',
      );
      expect(res.statusCode).toBe(200);
      expect((await t.services.geography.boundaries(['X05000009'])).length).toBe(1);
      const audit = await t.db.query<{ action: string }>(
        `select action from audit_log where council_id = $1 and action like 'geography.%'`,
        [t.seeded.councils.b.id],
      );
      expect(audit.map((a) => a.action)).toContain('geography.boundaries_imported');
    });
    it("a council's census upload is its own dataset: it never replaces a shared or another council's dataset", async () => {
      // The operator loads a shared Nomis table with a row for council A's ward.
      const nomis = (total: number) =>
        Buffer.from(
          [
            'date,geography,geography code,Ethnic group: Total: All usual residents,Ethnic group: White,Ethnic group: Asian',
            `2021,A Ward,X05000001,${total},${total - 100},100`,
          ].join('\n'),
        );
      const operator = systemActor(t.council('a'), 'cli');
      const shared = await t.services.insight.imports.importNomisTable(readCsvBuffer(nomis(5000)), operator, {
        source: 'shared.csv',
        dataset: 'ethnic_2021',
      });
      expect(shared).toMatchObject({ ok: true, dataset: 'ethnic_2021' });

      // Council B uploads a file with the same dataset code and A's ward at 999,999.
      await analystB.get('/c/council-b/insight/import');
      const res = await upload(
        analystB,
        '/c/council-b/insight/import',
        { kind: 'nomis', dataset: 'ethnic_2021' },
        nomis(999_999),
      );
      expect(res.statusCode).toBeLessThan(500);
      const a = t.council('a');
      const b = t.council('b');
      expect((await t.services.geography.populationFor('ethnic_2021', ['X05000001']))[0]?.total).toBe(5000);
      expect(await t.services.geography.dataset(b, 'council-b.ethnic_2021')).toBeDefined();
      // B's dataset is B's alone.
      expect(await t.services.geography.dataset(a, 'council-b.ethnic_2021')).toBeUndefined();
      expect((await t.services.geography.datasetsFor(a, 'X05000001')).map((d) => d.code)).toEqual(['ethnic_2021']);
      // And B's file could not rename A's ward.
      expect((await t.services.geography.findArea('X05000001'))?.name).toBe('A Ward');
    });
  });

  describe('3 and 6. redirects stay on the site and never break a header', () => {
    it.each([
      ['/\t/evil.example/phish', '/'],
      ['/%09/evil.example/phish', '/%09/evil.example/phish'],
      ['\\\\evil.example', '/'],
      ['/\\evil.example', '/'],
      ['https://evil.example/', '/'],
      ['/ok\r\nSet-Cookie: x=1', '/okSet-Cookie:%20x=1'],
      ['/c/council-a?x=1#top', '/c/council-a?x=1#top'],
    ])('returnTo %j goes to %j', async (returnTo, expected) => {
      const c = new Client(t.app);
      const res = await c.get(`/language/cy?returnTo=${encodeURIComponent(returnTo)}`);
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe(expected);
    });

    it('after sign-in, a hostile returnTo falls back to the home page', async () => {
      const c = new Client(t.app);
      await c.get('/sign-in');
      const res = await c.post('/sign-in', {
        email: 'viewer@a.test',
        password: PASSWORD,
        returnTo: '/\t/evil.example',
      });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/');
    });
  });

  describe('4 and 10. text fields refuse control characters; bidirectional overrides are neutralised', () => {
    it('a NUL byte in a form field shows the error summary on that field and changes nothing', async () => {
      const admin = new Client(t.app);
      await admin.signIn('administrator@a.test');
      await admin.get('/c/council-a/admin/organisations');
      const res = await admin.post('/c/council-a/admin/organisations', { name: 'Bad\u0000Org', kind: 'faith' });
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('govuk-error-summary');
      expect(res.body).toContain('Remove the control characters');
      expect((await t.services.admin.organisations(t.seeded.councils.a.id)).map((o) => o.name)).not.toContain('BadOrg');
      const invite = await admin.post('/c/council-a/admin/users/invite', {
        displayName: 'Sam\u0001',
        email: 'sam@a.test',
        role: 'viewer',
      });
      expect(invite.statusCode).toBe(400);
    });

    it('a right-to-left override is removed before the text is stored', async () => {
      const admin = new Client(t.app);
      await admin.signIn('administrator@a.test');
      await admin.get('/c/council-a/admin/organisations');
      const res = await admin.post('/c/council-a/admin/organisations', { name: 'Faith \u202Eforum', kind: 'faith' });
      expect(res.statusCode).toBe(303);
      const names = (await t.services.admin.organisations(t.seeded.councils.a.id)).map((o) => o.name);
      expect(names).toContain('Faith forum');
    });

    it("a council's audit log shows its own events, not its members' sign-ins, which they see on their account page", async () => {
      const admin = new Client(t.app);
      await admin.signIn('administrator@a.test');
      const log = await admin.get('/c/council-a/admin/audit?action=sign_in');
      expect(log.body).not.toContain('>sign_in<');
      const account = await admin.get('/account');
      expect(account.body).toContain('Recent activity on your account');
      expect(account.body).toContain('Signed in');
    });
  });

  describe('5, 7 and 8. sessions, sign-in and passwords', () => {
    it('changing the password ends every other session of the user, and keeps this one', async () => {
      const one = new Client(t.app);
      const two = new Client(t.app);
      await one.signIn('officer@a.test');
      await two.signIn('officer@a.test');
      await one.get('/account');
      const res = await one.post('/account/password', {
        currentPassword: PASSWORD,
        password: 'a new and fairly long passphrase',
        confirmPassword: 'a new and fairly long passphrase',
      });
      expect(res.statusCode).toBe(303);
      expect((await one.get('/c/council-a')).statusCode).toBe(200);
      expect((await two.get('/c/council-a')).statusCode).toBe(303); // sent to sign in
    });

    it('answers an unknown account, a wrong password and a locked-out client alike', async () => {
      const attempt = async (email: string, password: string, ip: string) => {
        const c = new Client(t.app);
        c.remoteAddress = ip;
        await c.get('/sign-in');
        return c.post('/sign-in', { email, password });
      };
      const unknown = await attempt('nobody@a.test', 'whatever it is', '10.0.0.1');
      const wrong = await attempt('analyst@a.test', 'not the password', '10.0.0.2');
      for (let i = 0; i < 3; i++) await attempt('analyst@a.test', 'not the password', '10.0.0.3');
      const locked = await attempt('analyst@a.test', PASSWORD, '10.0.0.3');
      const text = (b: string) => /<p class="govuk-error-message">[\s\S]*?<\/p>/.exec(b)?.[0];
      for (const r of [unknown, wrong, locked]) expect(r.statusCode).toBe(401);
      expect(text(unknown.body)).toBe(text(wrong.body));
      expect(text(locked.body)).toBe(text(wrong.body));
      // The owner, from anywhere else, still signs in: an attacker cannot lock them out.
      const owner = await attempt('analyst@a.test', PASSWORD, '10.0.0.4');
      expect(owner.statusCode).toBe(303);
    });

    it('a locked-out user can reset the password by email; the reset ends every session and lifts the lock', async () => {
      const other = new Client(t.app);
      await other.signIn('viewer@a.test');
      const attacker = new Client(t.app);
      attacker.remoteAddress = '10.9.9.9';
      await attacker.get('/sign-in');
      for (let i = 0; i < 3; i++)
        await attacker.post('/sign-in', { email: 'viewer@a.test', password: 'nope nope nope' });

      const c = new Client(t.app);
      await c.get('/password/forgot');
      const sent = await c.post('/password/forgot', { email: 'viewer@a.test' });
      expect(sent.statusCode).toBe(200);
      expect(sent.body).toContain('Check your email');
      const unknown = await c.post('/password/forgot', { email: 'nobody@a.test' });
      expect(unknown.body).toContain('Check your email');
      const mail = (await t.outbox.list()).find((m) => m.to === 'viewer@a.test' && m.subject.includes('Reset'));
      const link = /\/password\/reset\/[A-Za-z0-9_-]+/.exec(mail?.body ?? '')?.[0];
      expect(link).toBeDefined();
      await c.get(link ?? '');
      const weak = await c.post(link ?? '', { password: 'password1234', confirmPassword: 'password1234' });
      expect(weak.statusCode).toBe(400);
      expect(weak.body).toContain('too common');
      const ok = await c.post(link ?? '', {
        password: 'viewer has a brand new passphrase',
        confirmPassword: 'viewer has a brand new passphrase',
      });
      expect(ok.statusCode).toBe(303);
      expect((await c.get(link ?? '')).statusCode).toBe(404); // single use
      expect((await other.get('/c/council-a')).statusCode).toBe(303); // every session ended
      attacker.csrf = '';
      await attacker.get('/sign-in');
      const back = await attacker.post('/sign-in', {
        email: 'viewer@a.test',
        password: 'viewer has a brand new passphrase',
      });
      expect(back.statusCode).toBe(303); // the lock is lifted
    });

    it.each(['password1234', 'aaaaaaaaaaaa', 'qwertyuiopas', 'Password123!', '123456789012'])(
      'refuses the weak password %j with a clear message',
      async (weak) => {
        const c = new Client(t.app);
        await c.signIn('partner@a.test');
        await c.get('/account');
        const res = await c.post('/account/password', {
          currentPassword: PASSWORD,
          password: weak,
          confirmPassword: weak,
        });
        expect(res.statusCode).toBe(400);
        expect(res.body).toContain('harder to guess');
      },
    );
  });

  describe('9. uploads: bad files are clear errors, never a 500', () => {
    let admin: Client;
    beforeAll(async () => {
      admin = new Client(t.app);
      await admin.signIn('administrator@a.test');
      await admin.get('/c/council-a/areas/import');
    });

    it('a corrupt gzip file (valid magic bytes) is a clear error', async () => {
      const good = gzipSync(Buffer.from('WD11CD,LAD11CD\nX05000001,X08000001\n'.repeat(200)));
      const corrupt = Buffer.from(good);
      for (let i = 20; i < corrupt.length - 8; i += 7) corrupt[i] ^= 0x5a;
      for (const kind of ['lookups', 'boundaries']) {
        const res = await upload(admin, '/c/council-a/areas/import', { kind }, corrupt, 'x.csv.gz');
        expect(res.statusCode).toBe(400);
        expect(res.body).toMatch(/gzip|could not be read/i);
      }
    });

    it('binary garbage as a lookup file is a clear error', async () => {
      const garbage = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
      const res = await upload(admin, '/c/council-a/areas/import', { kind: 'lookups' }, garbage);
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('govuk-error-summary');
    });

    it('refuses a self-intersecting polygon and a polygon of 200,001 identical points', async () => {
      const bowtie = [
        [
          [-1, 51],
          [-0.99, 51.01],
          [-0.99, 51],
          [-1, 51.01],
          [-1, 51],
        ],
      ];
      const crossing = await upload(
        admin,
        '/c/council-a/areas/import',
        { kind: 'boundaries' },
        collection([{ code: 'X05000001', name: 'A Ward', coordinates: bowtie }]),
        'w.geojson',
      );
      expect(crossing.statusCode).toBe(400);
      expect(crossing.body).toContain('crosses itself');
      const same = [Array.from({ length: 200_001 }, () => [-1, 51])];
      const points = await upload(
        admin,
        '/c/council-a/areas/import',
        { kind: 'boundaries' },
        collection([{ code: 'X05000001', name: 'A Ward', coordinates: same }]),
        'w.geojson',
      );
      expect(points.statusCode).toBe(400);
      expect(points.body).toContain('200,000 allowed');
      expect(await t.services.geography.boundaries(['X05000001'])).toEqual([]);
    });

    it('a file over the upload limit is refused with the limit in the message', async () => {
      const small = await createTestApp(backend, { UPLOAD_LIMIT_MB: '1' });
      try {
        const c = new Client(small.app);
        await c.signIn('administrator@a.test');
        await c.get('/c/council-a/areas/import');
        const res = await upload(c, '/c/council-a/areas/import', { kind: 'lookups' }, Buffer.alloc(1_200_000, 65));
        expect(res.statusCode).toBe(413);
        expect(res.body).toContain('1 MB or less');
      } finally {
        await small.close();
      }
    });

    it('?format=json on the areas and Know pages of a council with no areas answers JSON, not HTML', async () => {
      const viewerB = new Client(t.app);
      await viewerB.signIn('administrator@b.test');
      await t.db.query('delete from area_links where parent_code = $1', ['X08000002']);
      const res = await viewerB.get('/c/council-b/areas?format=json');
      expect(res.headers['content-type']).toContain('application/json');
      const insight = await viewerB.get('/c/council-b/insight?format=json');
      expect(insight.headers['content-type']).toContain('application/json');
    });
  });
});
