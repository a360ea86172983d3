/**
 * Issue 9's findings from the attacker's and careless user's probe, each as a test that failed on the code
 * before the fix. Module-specific findings (the report intake, survey uploads, census datasets) are tested in
 * their modules; this file holds the platform's.
 */
import { gzipSync } from 'node:zlib';
import argon2 from 'argon2';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
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
    const today = () => new Date().toISOString().slice(0, 10);
    /** A complete, valid report for the public JSON endpoint. */
    const report = (key: string, extra: Record<string, unknown> = {}) => ({
      what: `Shouting at the bus stop (${key})`,
      location: 'A Ward',
      happenedOn: today(),
      ongoing: 'no',
      motivations: ['race'],
      reporterRole: 'witness',
      contact: 'no',
      idempotencyKey: key,
      ...extra,
    });
    let anon: Client;
    const submitJson = (payload: object) =>
      t.app.inject({
        method: 'POST',
        url: '/report/council-a/submit',
        payload,
        headers: { 'x-csrf-token': anon.csrf, cookie: [...anon.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      });
    const count = async (sql: string, params: unknown[] = []) => (await t.db.query<{ n: number }>(sql, params))[0].n;
    const BIDI = /[\u202A-\u202E\u2066-\u2069]/;

    beforeAll(async () => {
      anon = new Client(t.app);
      await anon.get('/report/council-a');
    });

    it('a report sent to the public JSON endpoint with bidirectional overrides reads as typed on the staff case page', async () => {
      const res = await submitJson(
        report('bidi-json-0000000001', {
          what: 'Graffiti saying \u202Eesoh rieht\u202C on the \u2067community\u2069 centre',
          location: 'Behind the \u202Dlibrary',
        }),
      );
      expect(res.statusCode).toBe(201);
      const { reference } = res.json<{ reference: string }>();
      const [row] = await t.db.query<{ id: string; what_happened: string; location_text: string }>(
        'select id, what_happened, location_text from tension_reports where council_id = $1 and reference = $2',
        [t.seeded.councils.a.id, reference],
      );
      expect(row.what_happened).toBe('Graffiti saying esoh rieht on the community centre');
      expect(row.location_text).toBe('Behind the library');

      const officer = new Client(t.app);
      await officer.signIn('officer@a.test');
      const page = await officer.get(`/c/council-a/tensions/cases/${row.id}`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Graffiti saying esoh rieht on the community centre');
      expect(page.body).toContain('Behind the library');
      expect(page.body).not.toMatch(BIDI);
    });

    it('the public journey and assisted reports store text without them too, and a right-to-left mark is kept', async () => {
      const visitor = new Client(t.app);
      await visitor.get('/report/council-a');
      await visitor.post('/report/council-a/start');
      const what = await visitor.post('/report/council-a/what', { what: 'Abuse \u202Eat the\u202C bus stop' });
      expect(what.statusCode).toBe(303);
      const drafts = await t.db.query<{ answers: { what?: string } }>(
        `select answers from tension_drafts where council_id = $1 and answers->>'what' like 'Abuse%'`,
        [t.seeded.councils.a.id],
      );
      expect(drafts.map((d) => d.answers.what)).toEqual(['Abuse at the bus stop']);

      const partner = new Client(t.app);
      await partner.signIn('partner@a.test');
      const form = await partner.get('/c/council-a/tensions/assisted');
      const key = /name="idempotencyKey" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
      const [y, m, d] = today().split('-');
      const assisted = await partner.post('/c/council-a/tensions/assisted', {
        idempotencyKey: key,
        reportingCentre: 'Library \u2066desk\u2069',
        what: 'Told to \u202Eog emoh\u202C at the library, \u05E9\u05DC\u05D5\u05DD!\u200F',
        location: 'Riverside library',
        'happenedOn-day': d,
        'happenedOn-month': m,
        'happenedOn-year': y,
        ongoing: 'no',
        motivations: 'race',
        reporterRole: 'victim',
        contact: 'no',
      });
      expect(assisted.statusCode).toBe(200);
      const [row] = await t.db.query<{ what_happened: string; reporting_centre: string }>(
        'select what_happened, reporting_centre from tension_reports where council_id = $1 and idempotency_key = $2',
        [t.seeded.councils.a.id, key],
      );
      expect(row.what_happened).toBe('Told to og emoh at the library, \u05E9\u05DC\u05D5\u05DD!\u200F');
      expect(row.reporting_centre).toBe('Library desk');
    });

    describe('every text field refuses a NUL byte or another control character with a clear 400, storing nothing', () => {
      const A = '/c/council-a';
      const T = `${A}/tensions`;
      let officer: Client;
      let admin: Client;
      let analyst: Client;
      let visitor: Client;
      let eventId = '';
      let caseId = '';
      let surveyId = '';

      beforeAll(async () => {
        [officer, admin, analyst] = [new Client(t.app), new Client(t.app), new Client(t.app)];
        await officer.signIn('officer@a.test');
        await admin.signIn('administrator@a.test');
        await analyst.signIn('analyst@a.test');
        const event = await officer.post(`${T}/events/new`, { title: 'Vigil in the park', scope: 'local' });
        eventId = /events\/([0-9a-f-]{36})$/.exec(String(event.headers.location))?.[1] ?? '';
        const sent = await submitJson(report('control-case-000000001'));
        caseId = (
          await t.db.query<{ id: string }>('select id from tension_reports where idempotency_key = $1', [
            'control-case-000000001',
          ])
        )[0].id;
        expect(sent.statusCode).toBe(201);
        const survey = await analyst.post(`${A}/surveys/new`, { name: 'Residents survey', description: '' });
        surveyId = /surveys\/([0-9a-f-]{36})/.exec(String(survey.headers.location))?.[1] ?? '';
        expect([eventId, caseId, surveyId].every(Boolean)).toBe(true);
        visitor = new Client(t.app);
        await visitor.get('/report/council-a');
        await visitor.post('/report/council-a/start');
      });

      const byCouncil = (table: string) => () =>
        count(`select count(*)::int as n from ${table} where council_id = $1`, [t.seeded.councils.a.id]);
      type Form = (bad: string) => Record<string, string>;
      const staffForms: [string, () => Client, () => string, Form, () => Promise<unknown>][] = [
        [
          'intelligence',
          () => officer,
          () => `${T}/intelligence/new`,
          (bad) => ({
            sourceType: 'police',
            grading: 'evidenced',
            category: 'far_right_extremism',
            wardCode: '',
            summary: `Leaflets ${bad} found`,
            confidence: 'high',
            sensitivity: 'official',
            handling: 'all_partners',
            severity: '2',
            observedOn: today(),
          }),
          byCouncil('tension_intelligence'),
        ],
        [
          'events',
          () => officer,
          () => `${T}/events/new`,
          (bad) => ({ title: `March ${bad} today`, scope: 'local', description: '' }),
          byCouncil('tension_events'),
        ],
        [
          'rumours',
          () => officer,
          () => `${T}/events/${eventId}/rumours`,
          (bad) => ({ rumour: 'A rumour', heardOn: `Messaging${bad}`, status: 'open' }),
          byCouncil('tension_rumours'),
        ],
        [
          'impact assessments',
          () => officer,
          () => `${T}/events/${eventId}/impact`,
          (bad) => ({ background: 'Announced online', risks: `Counter${bad}protest` }),
          async () =>
            (await t.db.query<{ impact: unknown }>('select impact from tension_events where id = $1', [eventId]))[0]
              .impact,
        ],
        [
          'assisted reports',
          () => officer,
          () => `${T}/assisted`,
          (bad) => ({
            idempotencyKey: 'assisted-control-0000001',
            reportingCentre: 'Library desk',
            what: `Abuse at the library ${bad} counter`,
            location: 'Riverside library',
            'happenedOn-day': '10',
            'happenedOn-month': '3',
            'happenedOn-year': String(new Date().getUTCFullYear() - 1),
            ongoing: 'no',
            motivations: 'race',
            reporterRole: 'victim',
            contact: 'no',
          }),
          byCouncil('tension_reports'),
        ],
        [
          'case notes',
          () => officer,
          () => `${T}/cases/${caseId}/notes`,
          (bad) => ({ note: `Visited ${bad} today` }),
          byCouncil('tension_report_notes'),
        ],
        [
          'organisations',
          () => admin,
          () => `${A}/admin/organisations`,
          (bad) => ({ name: `Faith${bad}forum`, kind: 'faith' }),
          byCouncil('organisations'),
        ],
        [
          'invites',
          () => admin,
          () => `${A}/admin/users/invite`,
          (bad) => ({ displayName: `Sam${bad}`, email: 'sam@a.test', role: 'viewer' }),
          byCouncil('invitations'),
        ],
        [
          'surveys',
          () => analyst,
          () => `${A}/surveys/new`,
          (bad) => ({ name: `Pulse${bad}survey`, description: '' }),
          byCouncil('surveys'),
        ],
        [
          'waves',
          () => analyst,
          () => `${A}/surveys/${surveyId}/waves/new`,
          (bad) => ({
            name: 'Spring wave',
            period: '2025',
            startsOn: '2025-01-01',
            endsOn: '2025-02-01',
            targetPopulation: `Adults${bad}`,
            mode: 'online',
          }),
          byCouncil('survey_waves'),
        ],
        [
          'questions',
          () => analyst,
          () => `${A}/surveys/questions/new`,
          (bad) => ({
            code: 'control_q',
            kind: 'scale',
            wording: `Do you feel safe${bad}?`,
            hint: '',
            options: '',
            positiveCount: '0',
            excludedCount: '0',
            source: 'Own question',
          }),
          () => count('select count(*)::int as n from survey_questions'),
        ],
        [
          'the anonymous public report journey',
          () => visitor,
          () => '/report/council-a/what',
          (bad) => ({ what: `Shouting ${bad} at the bus stop` }),
          () => t.db.query('select answers from tension_drafts order by token_hash'),
        ],
      ];
      // A page shown again with the error may audit that it was viewed; nothing else may be audited.
      const audited = () => count(`select count(*)::int as n from audit_log where action not like '%.viewed'`);

      describe.each([
        ['a NUL byte', '\u0000'],
        ['an escape', '\u001B'],
      ])('%s', (_, bad) => {
        it.each(staffForms)('%s: the GOV.UK error summary', async (_name, client, url, form, snapshot) => {
          const before = [await snapshot(), await audited()];
          const res = await client().post(url(), form(bad));
          expect(res.statusCode).toBe(400);
          expect(res.body).toContain('govuk-error-summary');
          expect(res.body).toMatch(/control characters/);
          expect([await snapshot(), await audited()]).toEqual(before);
        });

        it('the public JSON endpoint: a 400 JSON error naming the field', async () => {
          const before = await byCouncil('tension_reports')();
          const res = await submitJson(report(`json-control-${bad.charCodeAt(0)}-00001`, { location: `Park${bad}` }));
          expect(res.statusCode).toBe(400);
          expect(res.headers['content-type']).toContain('application/json');
          expect(res.json()).toEqual({ errors: { location: 'tensions.report.errors.unsafeCharacters' } });
          expect(await byCouncil('tension_reports')()).toBe(before);
        });
      });
    });

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

    it('does the same work for an unknown account, a wrong password and a locked account: one argon2 verify each, same answer', async () => {
      const verify = vi.spyOn(argon2, 'verify');
      try {
        await t.services.admin.createUser(t.actor('administrator'), {
          email: 'locked@a.test',
          displayName: 'Locked of A',
          role: 'viewer',
          organisationId: null,
          password: PASSWORD,
        });
        const attempt = async (email: string, password: string, ip: string) => {
          const c = new Client(t.app);
          c.remoteAddress = ip;
          await c.get('/sign-in');
          verify.mockClear();
          const res = await c.post('/sign-in', { email, password });
          return { res, verifies: verify.mock.calls.length, email };
        };
        for (let i = 0; i < 3; i++) await attempt('locked@a.test', 'not the password', '10.0.1.3');
        const cases = [
          await attempt('nobody@a.test', 'whatever it is', '10.0.1.1'),
          await attempt('locked@a.test', 'not the password', '10.0.1.2'),
          await attempt('locked@a.test', PASSWORD, '10.0.1.3'),
        ];
        // The page echoes the email typed and carries per-request tokens; everything else must be identical.
        const page = ({ res, email }: (typeof cases)[number]) =>
          res.body
            .replaceAll(email, 'EMAIL')
            .replace(/name="_csrf" value="[^"]+"/g, 'name="_csrf" value="TOKEN"')
            .replace(/nonce="[^"]+"/g, 'nonce="NONCE"');
        for (const c of cases) {
          expect(c.res.statusCode, c.email).toBe(401);
          expect(c.verifies, c.email).toBe(1);
          expect(page(c)).toBe(page(cases[0]));
        }
        expect(cases[0].res.body).toContain('govuk-error-summary');
      } finally {
        verify.mockRestore();
      }
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
