import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../../../test/helpers/db.ts';
import { Client, createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { upsertAreas, upsertLinks } from '../geography/repository.ts';
import { isoWeek } from '../../stats/tension.ts';
import { REFERENCE_RE } from './model.ts';
import { publicActor } from '../../kernel/actor.ts';
import { linkGroups, resolveWard } from './rules.ts';
import * as repo from './repository/index.ts';
import type { TensionsServices } from './index.ts';

const today = () => new Date().toISOString().slice(0, 10);
const WARDS = [
  { code: 'X05000001', name: 'Riverside' },
  { code: 'X05000002', name: 'Upper Hilltop' },
  { code: 'X05000003', name: 'Hilltop' },
];

describe('resolveWard and linkGroups (pure)', () => {
  it('matches ward names as whole words, longest first, and GSS codes; postcodes stay unresolved', () => {
    expect(resolveWard(WARDS, 'outside the shops in riverside')).toBe('X05000001');
    expect(resolveWard(WARDS, 'Upper Hilltop park')).toBe('X05000002');
    expect(resolveWard(WARDS, 'Hilltop Road')).toBe('X05000003');
    expect(resolveWard(WARDS, 'x05000002')).toBe('X05000002');
    expect(resolveWard(WARDS, 'Riversides')).toBeNull();
    expect(resolveWard(WARDS, 'DM1 4XY')).toBeNull();
  });
  it('groups linked reports into connected components', () => {
    const g = linkGroups([
      { report_a: 'a', report_b: 'b' },
      { report_a: 'b', report_b: 'c' },
      { report_a: 'd', report_b: 'e' },
    ]);
    expect(g.get('c')).toBe('a');
    expect(g.get('b')).toBe('a');
    expect(g.get('e')).toBe('d');
  });
});

describe.each(BACKENDS)('tensions (%s)', (backend) => {
  let t: TestApp;
  let officer: Client;
  let partner: Client;
  let viewer: Client;
  let adminB: Client;
  let orgHomes: string;
  let svc: TensionsServices;

  const councilA = () => t.council('a');

  /** Stores a complete report through the same path as the public journey. */
  async function report(location: string, key: string, extra: Record<string, unknown> = {}) {
    const { reportInput } = await import('./model.ts');
    const input = reportInput.parse({
      what: 'Shouting in the street (test)',
      location,
      happenedOn: today(),
      ongoing: 'no',
      motivations: ['race'],
      reporterRole: 'witness',
      contact: 'no',
      ...extra,
    });
    return svc.intake.submit(publicActor(councilA()), input, key);
  }

  beforeAll(async () => {
    t = await createTestApp(backend);
    await upsertAreas(t.db, [
      { code: 'X08000001', name: 'A Borough', level: 'lad' },
      ...WARDS.map((w) => ({ ...w, level: 'ward' as const })),
    ]);
    await upsertLinks(
      t.db,
      WARDS.map((w) => ({ child: w.code, parent: 'X08000001', parentLevel: 'lad' as const })),
    );
    orgHomes = await t.services.admin.addOrganisation(t.actor('administrator'), 'A Homes', 'housing');
    svc = t.services.tensions;
    officer = new Client(t.app);
    await officer.signIn('officer@a.test');
    partner = new Client(t.app);
    await partner.signIn('partner@a.test');
    viewer = new Client(t.app);
    await viewer.signIn('viewer@a.test');
    adminB = new Client(t.app);
    await adminB.signIn('administrator@b.test');
  });
  afterAll(() => t.close());

  it('an anonymous resident reports through the question pages; a retried submit gives the same reference and no duplicate', async () => {
    const anon = new Client(t.app);
    const start = await anon.get('/report/council-a');
    expect(start.statusCode).toBe(200);
    expect(start.body).toContain('call 999');
    expect(start.body).toContain('101');
    expect(start.body).toContain('True Vision');
    const s = await anon.post('/report/council-a/start');
    expect(s.statusCode).toBe(303);
    expect(s.headers.location).toBe('/report/council-a/what');
    const draftCookie = (s.cookies as { name: string; httpOnly?: boolean; value: string }[]).find(
      (c) => c.name === 'co_tr_draft',
    )!;
    expect(draftCookie.httpOnly).toBe(true);
    expect(s.headers.location).not.toContain(draftCookie.value);

    // A blank answer shows the GOV.UK error summary and changes nothing.
    await anon.get('/report/council-a/what');
    const blank = await anon.post('/report/council-a/what', { what: '  ' });
    expect(blank.statusCode).toBe(400);
    expect(blank.body).toContain('govuk-error-summary');
    expect(blank.body).toContain('Enter what happened');

    const steps: [string, Record<string, string>][] = [
      ['what', { what: 'Stickers with a hateful slogan on the bus shelter (test)' }],
      ['where', { location: 'Bus shelter on Riverside Road' }],
      [
        'when',
        {
          'happenedOn-day': String(new Date().getUTCDate()),
          'happenedOn-month': String(new Date().getUTCMonth() + 1),
          'happenedOn-year': String(new Date().getUTCFullYear()),
        },
      ],
      ['ongoing', { ongoing: 'yes' }],
      ['motivation', { motivations: 'religion' }],
      ['cause', { cause: '' }],
      ['role', { reporterRole: 'witness' }],
      ['contact', { contact: 'no' }],
    ];
    // Anonymous: the contact details page is skipped.
    for (const [q, form] of steps) {
      await anon.get(`/report/council-a/${q}`);
      const res = await anon.post(`/report/council-a/${q}`, form);
      expect(res.statusCode, q).toBe(303);
    }
    const check = await anon.get('/report/council-a/check');
    expect(check.statusCode).toBe(200);
    expect(check.body).toContain('In Riverside ward');
    const key = /name="submissionKey" value="([^"]+)"/.exec(check.body)![1];
    const sent = await anon.post('/report/council-a/check', { submissionKey: key, website: '' });
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toBe('/report/council-a/confirmation');
    const confirmation = await anon.get('/report/council-a/confirmation');
    const reference = /id="reference">([^<]+)</.exec(confirmation.body)![1];
    expect(reference).toMatch(REFERENCE_RE);

    // The browser retries the final POST: same confirmation, still one report.
    const retry = await anon.post('/report/council-a/check', { submissionKey: key, website: '' });
    expect(retry.headers.location).toBe('/report/council-a/confirmation');
    const rows = await t.db.query<Record<string, unknown>>('select * from tension_reports where reference = $1', [
      reference,
    ]);
    expect(rows).toHaveLength(1);
    expect(rows[0].ward_code).toBe('X05000001');
    expect(rows[0].contact_name).toBeNull();
    expect(rows[0].contact_email).toBeNull();
    expect(rows[0].channel).toBe('online');
    // Nothing that could identify the reporter is stored: no column holds an address, agent or cookie.
    expect(Object.keys(rows[0]).filter((k) => /ip|agent|cookie|session|token/.test(k))).toEqual([]);
    const draft = await t.db.query<{ answers: Record<string, unknown> }>(
      'select answers from tension_drafts where reference = $1',
      [reference],
    );
    expect(draft[0].answers).toEqual({});
  });

  it('contact details need explicit consent', async () => {
    const anon = new Client(t.app);
    await anon.get('/report/council-a');
    await anon.post('/report/council-a/start');
    await anon.get('/report/council-a/contact');
    // Until they say yes, the details page is not asked.
    expect((await anon.get('/report/council-a/details')).headers.location).toBe('/report/council-a/check');
    const yes = await anon.post('/report/council-a/contact', { contact: 'yes' });
    expect(yes.headers.location).toBe('/report/council-a/details');
    await anon.get('/report/council-a/details');
    const res = await anon.post('/report/council-a/details', { contactName: 'Sam', contactEmail: 'sam@example.com' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Tick the box to agree');
    const ok = await anon.post('/report/council-a/details', {
      contactName: 'Sam',
      contactEmail: 'sam@example.com',
      contactConsent: 'yes',
    });
    expect(ok.statusCode).toBe(303);
    // Changing to anonymous clears the details.
    await anon.post('/report/council-a/contact?change=1', { contact: 'no' });
    const draft = await t.db.query<{ answers: Record<string, unknown> }>(
      `select answers from tension_drafts where reference is null order by created_at desc limit 1`,
    );
    expect(draft[0].answers).toMatchObject({
      contact: 'no',
      contactName: null,
      contactEmail: null,
      contactConsent: false,
    });
  });

  it('the lean endpoint is idempotent, rejects the honeypot and bad input, and needs the CSRF token', async () => {
    const c = new Client(t.app);
    await c.get('/report/council-a');
    const body = {
      what: 'Test (lean)',
      location: 'Hilltop',
      happenedOn: today(),
      ongoing: 'no',
      motivations: ['race', 'religion'],
      reporterRole: 'victim',
      contact: 'no',
      idempotencyKey: 'lean-key-0000000001',
    };
    const send = (payload: unknown, csrf = c.csrf) =>
      t.app.inject({
        method: 'POST',
        url: '/report/council-a/submit',
        payload: payload as object,
        headers: { 'x-csrf-token': csrf, cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      });
    const first = await send(body);
    expect(first.statusCode).toBe(201);
    const again = await send(body);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ reference: first.json().reference, duplicate: true });
    expect(
      (await t.db.query('select 1 from tension_reports where idempotency_key = $1', [body.idempotencyKey])).length,
    ).toBe(1);
    expect(
      (await send({ ...body, idempotencyKey: 'lean-key-0000000002', website: 'http://spam.example' })).statusCode,
    ).toBe(400);
    expect(
      (await t.db.query('select 1 from tension_reports where idempotency_key = $1', ['lean-key-0000000002'])).length,
    ).toBe(0);
    const bad = await send({ ...body, idempotencyKey: 'lean-key-0000000003', motivations: [] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.motivations).toBe('tensions.report.errors.motivationRequired');
    expect((await send({ ...body, idempotencyKey: 'lean-key-0000000004' }, 'wrong')).statusCode).toBe(403);
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/report/no-such-council/submit',
      payload: body,
      headers: { 'x-csrf-token': c.csrf, cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    expect(unknown.statusCode).toBe(404);
  });

  it('concurrent submissions are stored in groups, and a key repeated at the same moment is stored once with one reference', async () => {
    const keys = Array.from({ length: 40 }, (_, i) => `burst-key-${String(i).padStart(8, '0')}`);
    const results = await Promise.all([...keys, ...keys.slice(0, 10)].map((k) => report('Riverside', k)));
    expect(new Set(results.map((r) => r.reference)).size).toBe(40);
    for (let i = 0; i < 10; i++) expect(results[40 + i].reference).toBe(results[i].reference);
    expect(results.filter((r) => r.duplicate)).toHaveLength(10);
    const n = await t.db.query<{ n: number }>(
      'select count(*)::int as n from tension_reports where idempotency_key like $1',
      ['burst-key-%'],
    );
    expect(n[0].n).toBe(40);
  });

  it('triage: reasons are required, partners see only what is assigned or shared to them, and every case view is audited', async () => {
    const r1 = await report('Riverside', 'triage-key-000000001', {
      contact: 'yes',
      contactName: 'Pat Victim',
      contactEmail: 'pat@example.com',
      contactConsent: true,
    });
    const r2 = await report('Hilltop', 'triage-key-000000002');
    const caseUrl = (id: string) => `/c/council-a/tensions/cases/${id}`;

    // The partner sees neither case yet.
    expect((await partner.get(caseUrl(r1.id))).statusCode).toBe(404);
    expect((await partner.get('/c/council-a/tensions/cases')).body).not.toContain(r1.reference);
    // Viewers have no access to cases at all; council B gets 404.
    expect((await viewer.get(caseUrl(r1.id))).statusCode).toBe(403);
    expect((await adminB.get(`/c/council-b/tensions/cases/${r1.id}`)).statusCode).toBe(404);
    expect((await adminB.get(caseUrl(r1.id))).statusCode).toBe(404);

    // A status change without a reason changes nothing.
    await officer.get(caseUrl(r1.id));
    const noReason = await officer.post(`${caseUrl(r1.id)}/status`, { status: 'triaged', statusReason: '' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('Enter a reason');
    expect((await repo.findReport(t.db, t.seeded.councils.a.id, r1.id, undefined))!.status).toBe('new');

    expect(
      (await officer.post(`${caseUrl(r1.id)}/status`, { status: 'triaged', statusReason: 'Checked by duty officer' }))
        .statusCode,
    ).toBe(303);
    expect((await officer.post(`${caseUrl(r1.id)}/status`, { status: 'closed', statusReason: 'x' })).statusCode).toBe(
      303,
    );
    expect(
      (
        await officer.post(`${caseUrl(r1.id)}/status`, {
          status: 'in_progress',
          statusReason: 'not allowed from closed',
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (await officer.post(`${caseUrl(r1.id)}/status`, { status: 'triaged', statusReason: 'Reopened' })).statusCode,
    ).toBe(303);
    expect(
      (
        await officer.post(`${caseUrl(r1.id)}/assign`, {
          organisationId: t.seeded.organisations.a,
          assignReason: 'Police to visit',
        })
      ).statusCode,
    ).toBe(303);
    expect(
      (
        await officer.post(`${caseUrl(r1.id)}/assign`, {
          organisationId: t.seeded.organisations.b,
          assignReason: 'Another council',
        })
      ).statusCode,
    ).toBe(400);
    const history = await repo.listHistory(t.db, t.seeded.councils.a.id, r1.id);
    expect(history.map((h) => `${h.from_status}>${h.to_status}:${h.reason}`)).toEqual([
      'new>triaged:Checked by duty officer',
      'triaged>closed:x',
      'closed>triaged:Reopened',
      'triaged>assigned:Police to visit',
    ]);

    // Now the partner sees r1 (assigned) but still not r2, and without the contact details.
    const seen = await partner.get(caseUrl(r1.id));
    expect(seen.statusCode).toBe(200);
    expect(seen.body).not.toContain('pat@example.com');
    expect(seen.body).toContain('Only officers with access to personal details');
    expect((await partner.get(caseUrl(r2.id))).statusCode).toBe(404);
    const list = (await partner.get('/c/council-a/tensions/cases')).body;
    expect(list).toContain(r1.reference);
    expect(list).not.toContain(r2.reference);
    // A partner can add a note to a case assigned to them, not to others.
    expect((await partner.post(`${caseUrl(r1.id)}/notes`, { note: 'Visited (test)' })).statusCode).toBe(303);
    expect((await partner.post(`${caseUrl(r2.id)}/notes`, { note: 'Should fail' })).statusCode).toBe(404);
    expect((await partner.post(`${caseUrl(r1.id)}/status`, { status: 'closed', statusReason: 'no' })).statusCode).toBe(
      403,
    );

    // Sharing r2 with the partner's organisation makes it visible.
    expect(
      (await officer.post(`${caseUrl(r2.id)}/share`, { shareOrganisationId: t.seeded.organisations.a })).statusCode,
    ).toBe(303);
    expect((await partner.get(caseUrl(r2.id))).statusCode).toBe(200);

    // The officer sees the contact details; every view is in the audit log.
    const full = await officer.get(caseUrl(r1.id));
    expect(full.body).toContain('pat@example.com');
    const audit = await t.db.query<{ user_id: string; detail: Record<string, unknown> }>(
      `select user_id, detail from audit_log where action = 'tensions.report.viewed' and target_id = $1`,
      [r1.id],
    );
    expect(audit.some((a) => a.user_id === t.seeded.users.partner && a.detail.contactDetails === false)).toBe(true);
    expect(audit.some((a) => a.user_id === t.seeded.users.officer && a.detail.contactDetails === true)).toBe(true);
    expect(JSON.stringify(audit)).not.toContain('pat@example.com');

    // Linking and redaction.
    expect((await officer.post(`${caseUrl(r1.id)}/link`, { reference: r2.reference })).statusCode).toBe(303);
    expect((await repo.listLinked(t.db, t.seeded.councils.a.id, r2.id)).map((l) => l.id)).toEqual([r1.id]);
    expect(
      (await officer.post(`${caseUrl(r1.id)}/redact`, { parts: 'contact', redactReason: 'Asked us to delete (test)' }))
        .statusCode,
    ).toBe(303);
    const redacted = await repo.findReport(t.db, t.seeded.councils.a.id, r1.id, undefined);
    expect(redacted!.contact_email).toBeNull();
    expect(redacted!.what_happened).toBe('Shouting in the street (test)');
  });

  it("triage changes the ward's tension level; an override needs a rationale and keeps the computed level", async () => {
    const r = await report('DM1 4XY', 'level-key-0000000001');
    expect((await repo.findReport(t.db, t.seeded.councils.a.id, r.id, undefined))!.ward_code).toBeNull();
    const before = await svc.assessment.recompute(councilA(), { alerts: false });
    const wardBefore = before.find((x) => x.wardCode === 'X05000003')!;
    await officer.get(`/c/council-a/tensions/cases/${r.id}`);
    expect(
      (await officer.post(`/c/council-a/tensions/cases/${r.id}/classify`, { wardCode: 'X05000003', severity: '3' }))
        .statusCode,
    ).toBe(303);
    const after = (await repo.levelsForWeek(t.db, t.seeded.councils.a.id, isoWeek(new Date()))).find(
      (l) => l.ward_code === 'X05000003',
    )!;
    // A high-severity report (weight 4) from today, decayed by at most a day: 4 × 2^(−1/14) > 3.8.
    expect(after.computed_score - wardBefore.score).toBeGreaterThan(3.8);
    expect(after.computed_score - wardBefore.score).toBeLessThanOrEqual(4);
    expect(after.final_level).toBeGreaterThan(wardBefore.finalLevel);

    await officer.get('/c/council-a/tensions/wards/X05000003');
    const noRationale = await officer.post('/c/council-a/tensions/wards/X05000003/override', {
      level: '1',
      rationale: 'short',
      week: isoWeek(new Date()),
    });
    expect(noRationale.statusCode).toBe(400);
    expect(
      (
        await officer.post('/c/council-a/tensions/wards/X05000003/override', {
          level: '1',
          rationale: 'Police confirm the incident was a one-off (test)',
          week: isoWeek(new Date()),
        })
      ).statusCode,
    ).toBe(303);
    const overridden = (await repo.levelsForWeek(t.db, t.seeded.councils.a.id, isoWeek(new Date()))).find(
      (l) => l.ward_code === 'X05000003',
    )!;
    expect(overridden.final_level).toBe(1);
    expect(overridden.computed_level).toBe(after.computed_level);
    expect(overridden.override_rationale).toContain('one-off');
    expect((await viewer.get('/c/council-a/tensions/wards/X05000003')).statusCode).toBe(200);
    expect(
      (
        await viewer.post('/c/council-a/tensions/wards/X05000003/override', {
          level: '5',
          rationale: 'Viewer cannot do this',
          week: isoWeek(new Date()),
        })
      ).statusCode,
    ).toBe(403);
    // Remove the override again for the following tests.
    await officer.post('/c/council-a/tensions/wards/X05000003/override', {
      level: 'none',
      rationale: 'Back to the computed level (test)',
      week: isoWeek(new Date()),
    });
  });

  it('sends one alert email per upward threshold crossing to the monitoring group', async () => {
    const councilId = t.seeded.councils.a.id;
    await repo.saveSettings(t.db, councilId, {
      ...(await repo.getSettings(t.db, councilId)),
      alert_level: 3,
      monitoring_group: 'group1@a.test, group2@a.test',
    });
    const alertsFor = async () => (await t.outbox.list()).filter((m) => m.subject.includes('Upper Hilltop'));
    expect(await alertsFor()).toHaveLength(0);
    // Two reports of high severity in Upper Hilltop: 2 × (1 × 4) = 8 → level 4 ≥ 3.
    for (const k of ['alert-key-0000000001', 'alert-key-0000000002']) {
      const r = await report('Upper Hilltop', k);
      await svc.triage.classify(t.actor('officer'), r.id, 'X05000002', 3);
    }
    await svc.assessment.recompute(councilA());
    await svc.assessment.recompute(councilA());
    const sent = await alertsFor();
    expect(sent.map((m) => m.to).sort()).toEqual(['group1@a.test', 'group2@a.test']);
    // The first report already took the ward to level 3 (moderate), the threshold: one alert, not one per report.
    expect(sent[0].subject).toContain('level Moderate');
    expect(sent[0].body).toContain('/c/council-a/tensions/wards/X05000002');

    // Falling below (an officer sets level 1) and rising again (override removed) is a new crossing.
    const actor = t.actor('officer');
    await svc.assessment.override(
      actor,
      'X05000002',
      isoWeek(new Date()),
      1,
      'Calmer after a community meeting (test)',
    );
    expect(await alertsFor()).toHaveLength(2);
    await svc.assessment.override(actor, 'X05000002', isoWeek(new Date()), null, 'Back to the computed level (test)');
    expect(await alertsFor()).toHaveLength(4);
    await svc.assessment.recompute(councilA());
    expect(await alertsFor()).toHaveLength(4);
  });

  it('declaring a trigger event lowers the alert threshold in its wards (heightened monitoring)', async () => {
    const councilId = t.seeded.councils.a.id;
    const before = await svc.alerts.thresholds(councilA(), ['X05000001', 'X05000003']);
    await officer.get('/c/council-a/tensions/events/new');
    const res = await officer.post('/c/council-a/tensions/events/new', {
      title: 'March in the town centre (test)',
      scope: 'local',
      description: '',
      wardCodes: 'X05000001',
    });
    expect(res.statusCode).toBe(303);
    const after = await svc.alerts.thresholds(councilA(), ['X05000001', 'X05000003']);
    const s = await repo.getSettings(t.db, councilId);
    expect(after.get('X05000001')).toBe(Math.min(s.heightened_alert_level, s.alert_level));
    expect(after.get('X05000003')).toBe(before.get('X05000003'));
    const eventUrl = res.headers.location as string;
    expect(
      (
        await officer.post(`${eventUrl}/rumours`, {
          rumour: 'A rumour (test)',
          heardOn: 'Messaging group',
          counterMessage: 'The facts',
          counterChannel: 'Council website',
          status: 'countered',
        })
      ).statusCode,
    ).toBe(303);
    expect(
      (await officer.post(`${eventUrl}/actions`, { action: 'Visit (test)', owner: 'Team', dueOn: '' })).statusCode,
    ).toBe(303);
    expect((await officer.post(`${eventUrl}/close`, { reason: '' })).statusCode).toBe(400);
    expect((await officer.post(`${eventUrl}/close`, { reason: 'Passed peacefully (test)' })).statusCode).toBe(303);
    expect((await svc.alerts.thresholds(councilA(), ['X05000001'])).get('X05000001')).toBe(s.alert_level);
  });

  it('intelligence handling restrictions decide which partners see an entry', async () => {
    const base = {
      sourceType: 'police',
      grading: 'evidenced',
      category: 'far_right_extremism',
      wardCode: 'X05000001',
      confidence: 'high',
      sensitivity: 'official',
      severity: '2',
      observedOn: today(),
    };
    await officer.get('/c/council-a/tensions/intelligence/new');
    const councilOnly = await officer.post('/c/council-a/tensions/intelligence/new', {
      ...base,
      summary: 'Council only (test)',
      handling: 'council_only',
    });
    const named = await officer.post('/c/council-a/tensions/intelligence/new', {
      ...base,
      summary: 'Homes only (test)',
      handling: 'named_organisations',
      sharedWith: orgHomes,
    });
    const all = await officer.post('/c/council-a/tensions/intelligence/new', {
      ...base,
      summary: 'Everyone (test)',
      handling: 'all_partners',
    });
    for (const r of [councilOnly, named, all]) expect(r.statusCode).toBe(303);
    const missing = await officer.post('/c/council-a/tensions/intelligence/new', {
      ...base,
      summary: 'x',
      handling: 'named_organisations',
    });
    expect(missing.statusCode).toBe(400);
    expect((await partner.get(councilOnly.headers.location as string)).statusCode).toBe(404);
    expect((await partner.get(named.headers.location as string)).statusCode).toBe(404);
    expect((await partner.get(all.headers.location as string)).statusCode).toBe(200);
    const list = (await partner.get('/c/council-a/tensions/intelligence')).body;
    expect((await officer.get(councilOnly.headers.location as string)).body).toContain('Council only (test)');
    expect(list.match(/\/tensions\/intelligence\/[0-9a-f-]{36}/g)?.length).toBe(1);
  });

  it('the weekly report suppresses small counts so a hidden count cannot be worked out from the total', async () => {
    const b = publicActor(t.council('b'));
    await upsertAreas(t.db, [
      { code: 'X08000002', name: 'B Borough', level: 'lad' },
      { code: 'X05000011', name: 'Northfield', level: 'ward' },
      { code: 'X05000012', name: 'Southmead', level: 'ward' },
      { code: 'X05000013', name: 'Westbury', level: 'ward' },
    ]);
    await upsertLinks(
      t.db,
      ['X05000011', 'X05000012', 'X05000013'].map((c) => ({
        child: c,
        parent: 'X08000002',
        parentLevel: 'lad' as const,
      })),
    );
    const { reportInput } = await import('./model.ts');
    let n = 0;
    for (const [ward, count] of [
      ['Northfield', 3],
      ['Southmead', 9],
      ['Westbury', 6],
    ] as const) {
      for (let i = 0; i < count; i++) {
        await svc.intake.submit(
          b,
          reportInput.parse({
            what: 'Shouting at the bus stop',
            location: ward,
            happenedOn: today(),
            ongoing: 'no',
            motivations: ['race'],
            reporterRole: 'victim',
            contact: 'no',
          }),
          `supp-key-${String(n++).padStart(10, '0')}`,
        );
      }
    }
    const res = await adminB.get(`/c/council-b/tensions/reports/weekly?week=${isoWeek(new Date())}`);
    expect(res.statusCode).toBe(200);
    const html = res.body;
    const cell = (label: string) => new RegExp(`${label}</td>\\s*<td[^>]*>([^<]+)</td>`).exec(html)?.[1].trim();
    expect(cell('Northfield')).toBe('fewer than 5');
    // Westbury (6) is the smallest other count, so it is hidden too; Southmead is shown; the total is shown.
    expect(cell('Westbury')).toBe('hidden');
    expect(cell('Southmead')).toBe('9');
    expect(cell('All reports')).toBe('18');
    expect(html).not.toMatch(/>\s*3\s*</);
    const pdf = await adminB.get(`/c/council-b/tensions/reports/weekly?week=${isoWeek(new Date())}&format=pdf`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    // The restricted CSV export is unsuppressed, for officers only.
    const csv = await adminB.get('/c/council-b/tensions/reports/export');
    expect(csv.body.trim().split('\r\n')).toHaveLength(19);
  });

  it('the retention job erases personal data older than each council’s period, and only that', async () => {
    const a = t.seeded.councils.a.id;
    const b = t.seeded.councils.b.id;
    await repo.saveSettings(t.db, a, { ...(await repo.getSettings(t.db, a)), retention_months: 12 });
    await repo.saveSettings(t.db, b, { ...(await repo.getSettings(t.db, b)), retention_months: 36 });
    const old = await report('Riverside', 'retention-old-000001', {
      contact: 'yes',
      contactName: 'Old Person',
      contactPhone: '01632 960000',
      contactConsent: true,
      cause: 'Old cause',
    });
    const recent = await report('Riverside', 'retention-new-000001', {
      contact: 'yes',
      contactName: 'New Person',
      contactPhone: '01632 960001',
      contactConsent: true,
    });
    await repo.insertNote(t.db, {
      councilId: a,
      reportId: old.id,
      body: 'Named a neighbour (test)',
      userId: t.seeded.users.officer,
      organisationId: null,
    });
    await repo.insertNote(t.db, {
      councilId: a,
      reportId: recent.id,
      body: 'Recent note (test)',
      userId: t.seeded.users.officer,
      organisationId: null,
    });
    const now = new Date();
    const thirteenMonths = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 13, 1));
    await t.db.query('update tension_reports set received_at = $2 where id = $1', [old.id, thirteenMonths]);
    const bOld = (
      await t.db.query<{ id: string }>('select id from tension_reports where council_id = $1 limit 1', [b])
    )[0].id;
    await t.db.query('update tension_reports set received_at = $2 where id = $1', [bOld, thirteenMonths]);
    await t.db.query(
      `insert into tension_drafts (token_hash, council_id, submission_key, expires_at) values ('expired-draft', $1, 'k', now() - interval '1 hour')`,
      [a],
    );
    const before = await t.db.query<Record<string, unknown>>(
      'select id, ward_code, motivations, status, severity, happened_on, received_at from tension_reports order by id',
    );

    const outcome = await svc.retention.eraseExpired(now);
    expect(outcome.reports).toBe(1);
    expect(outcome.drafts).toBeGreaterThanOrEqual(1);

    const erased = (
      await t.db.query<Record<string, unknown>>('select * from tension_reports where id = $1', [old.id])
    )[0];
    for (const f of [
      'what_happened',
      'location_text',
      'cause',
      'contact_name',
      'contact_email',
      'contact_phone',
      'reporter_role',
      'motivation_other',
    ])
      expect(erased[f], f).toBeNull();
    expect(erased.erased_at).not.toBeNull();
    expect((await repo.listNotes(t.db, a, old.id))[0].body).toBe(repo.ERASED);
    // Everything else is untouched: the recent report, council B's report (36 months), and every statistic.
    const kept = (
      await t.db.query<Record<string, unknown>>('select * from tension_reports where id = $1', [recent.id])
    )[0];
    expect(kept.contact_name).toBe('New Person');
    expect(kept.what_happened).toBe('Shouting in the street (test)');
    expect((await repo.listNotes(t.db, a, recent.id))[0].body).toBe('Recent note (test)');
    expect(
      (await t.db.query<{ erased_at: unknown }>('select erased_at from tension_reports where id = $1', [bOld]))[0]
        .erased_at,
    ).toBeNull();
    const after = await t.db.query<Record<string, unknown>>(
      'select id, ward_code, motivations, status, severity, happened_on, received_at from tension_reports order by id',
    );
    expect(after).toEqual(before);
    expect((await t.db.query("select 1 from tension_drafts where token_hash = 'expired-draft'")).length).toBe(0);
    const audit = await t.db.query<{ detail: Record<string, unknown> }>(
      `select detail from audit_log where action = 'tensions.retention.erased' and council_id = $1`,
      [a],
    );
    expect(audit[0].detail).toMatchObject({ reports: 1, months: 12 });
    // Running it again erases nothing more.
    expect((await svc.retention.eraseExpired(now)).reports).toBe(0);
  });

  it('assisted reporting is recorded as such, with who recorded it', async () => {
    const page = await partner.get('/c/council-a/tensions/assisted');
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(page.body)![1];
    const form = {
      idempotencyKey: key,
      reportingCentre: 'Library (test)',
      what: 'Abuse at the library (test)',
      location: 'Riverside library',
      'happenedOn-day': String(new Date().getUTCDate()),
      'happenedOn-month': String(new Date().getUTCMonth() + 1),
      'happenedOn-year': String(new Date().getUTCFullYear()),
      ongoing: 'no',
      motivations: 'disability',
      reporterRole: 'victim',
      contact: 'no',
    };
    const res = await partner.post('/c/council-a/tensions/assisted', form);
    expect(res.statusCode).toBe(200);
    const again = await partner.post('/c/council-a/tensions/assisted', form);
    const ref = /id="reference">([^<]+)</.exec(res.body)![1];
    expect(/id="reference">([^<]+)</.exec(again.body)![1]).toBe(ref);
    const row = (
      await t.db.query<Record<string, unknown>>(
        'select channel, recorded_by, reporting_centre from tension_reports where reference = $1',
        [ref],
      )
    )[0];
    expect(row).toEqual({
      channel: 'assisted',
      recorded_by: t.seeded.users.partner,
      reporting_centre: 'Library (test)',
    });
  });
});
