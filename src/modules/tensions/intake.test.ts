import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../../../test/helpers/db.ts';
import { Client, createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { publicActor } from '../../kernel/actor.ts';
import { DomainError } from '../../kernel/errors.ts';
import { upsertAreas, upsertLinks } from '../geography/repository.ts';
import { reportInput, type ReportInput } from './model.ts';
import type * as repo from './repository/index.ts';
import { newReference } from './rules.ts';
import { IntakeBatcher, NOT_STORED } from './services/batcher.ts';

const today = () => new Date().toISOString().slice(0, 10);

/** A complete, valid report for the lean endpoint. */
const good = (key: string, extra: Record<string, unknown> = {}) => ({
  what: `Shouting at the bus stop (${key})`,
  location: 'Riverside',
  happenedOn: today(),
  ongoing: 'no',
  motivations: ['race'],
  reporterRole: 'witness',
  contact: 'no',
  idempotencyKey: key,
  ...extra,
});

describe.each(BACKENDS)('report intake: validation before the group commit, and one refused row (%s)', (backend) => {
  let t: TestApp;
  let c: Client;

  beforeAll(async () => {
    t = await createTestApp(backend);
    await upsertAreas(t.db, [
      { code: 'X08000001', name: 'A Borough', level: 'lad' },
      { code: 'X05000001', name: 'Riverside', level: 'ward' },
    ]);
    await upsertLinks(t.db, [{ child: 'X05000001', parent: 'X08000001', parentLevel: 'lad' }]);
    c = new Client(t.app);
    await c.get('/report/council-a');
  });
  afterAll(() => t.close());

  const send = (payload: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url: '/report/council-a/submit',
      payload: payload as object,
      headers: { 'x-csrf-token': c.csrf, cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; '), ...headers },
    });
  const stored = async (prefix: string) =>
    (
      await t.db.query<{ n: number }>('select count(*)::int as n from tension_reports where idempotency_key like $1', [
        `${prefix}%`,
      ])
    )[0].n;

  it('refuses a poisoned report with a clear 400 while every good report sent with it is stored and acknowledged', async () => {
    const keys = Array.from({ length: 40 }, (_, i) => `mixed-good-${String(i).padStart(8, '0')}`);
    const poisoned = [
      { body: good('mixed-bad-nul-000001', { what: 'A NUL \u0000 in the account' }), field: 'what' },
      { body: good('mixed-bad-bel-000001', { location: 'Bell\u0007 Street' }), field: 'location' },
      { body: good('mixed-bad-sur-000001', { cause: 'half a pair \ud83d here' }), field: 'cause' },
      {
        body: good('mixed-bad-esc-000001', { motivations: ['other'], motivationOther: 'red \u001b[31m text' }),
        field: 'motivationOther',
      },
    ];
    // All at once, the poisoned ones in the middle, so they arrive while good ones are being batched.
    const bodies = [
      ...keys.slice(0, 20).map((k) => good(k)),
      ...poisoned.map((p) => p.body),
      ...keys.slice(20).map((k) => good(k)),
    ];
    const responses = await Promise.all(bodies.map((b) => send(b)));
    const byKey = new Map(bodies.map((b, i) => [b.idempotencyKey, responses[i]]));

    for (const p of poisoned) {
      const res = byKey.get(p.body.idempotencyKey);
      expect(res?.statusCode, p.field).toBe(400);
      expect(res?.headers['content-type']).toContain('application/json');
      expect(res?.json().errors[p.field]).toBe('tensions.report.errors.unsafeCharacters');
    }
    for (const k of keys) expect(byKey.get(k)?.statusCode, k).toBe(201);
    expect(new Set(keys.map((k) => byKey.get(k)?.json().reference)).size).toBe(40);
    expect(await stored('mixed-good-')).toBe(40);
    expect(await stored('mixed-bad-')).toBe(0);
  });

  it('acknowledges by email only a reporter who gave an address and consent, once; anonymous reports are never overdue', async () => {
    const contact = {
      contact: 'yes',
      contactName: 'Sam Reporter',
      contactEmail: 'sam@example.com',
      contactConsent: 'yes',
    };
    const withEmail = await send(good('ack-key-0000000001', contact));
    expect(withEmail.statusCode).toBe(201);
    const reference = withEmail.json().reference as string;
    const anonymous = await send(good('ack-key-0000000002', { motivations: ['religion'] }));
    const anonymousRef = anonymous.json().reference as string;
    await send(good('ack-key-0000000001', contact)); // a retry stores nothing and sends nothing
    const mails = (await t.outbox.list()).filter((m) => m.reference.startsWith('tension-report-acknowledgement:'));
    expect(mails.map((m) => m.to)).toEqual(['sam@example.com']);
    expect(mails[0].subject).toContain(reference);
    expect(mails[0].body).toContain(reference);
    expect(mails[0].body).toContain('within 24 hours');

    // A month later neither has been contacted: only the reporter who asked for contact is overdue.
    await t.db.query(
      `update tension_reports set received_at = now() - interval '30 days' where idempotency_key like 'ack-key-%'`,
    );
    const { cases } = t.services.tensions;
    const officer = t.actor('officer');
    const overdue = await cases.list(officer, { overdue: true }, 1, 100);
    expect(overdue.rows.map((r) => r.reference)).toContain(reference);
    expect(overdue.rows.map((r) => r.reference)).not.toContain(anonymousRef);
    const anonymousId = (await cases.list(officer, { reference: anonymousRef }, 1, 10)).rows[0].id;
    const view = await cases.view(officer, anonymousId);
    expect(view?.overdue).toEqual({ contact: false, senior: false });

    // Search and filters: part of a reference in any case, motivation, ward, assignee and dates.
    const refs = async (f: Parameters<typeof cases.list>[1]) =>
      (await cases.list(officer, f, 1, 100)).rows.map((r) => r.reference);
    expect(await refs({ reference: reference.slice(3, 7).toLowerCase() })).toEqual([reference]);
    expect(await refs({ motivation: 'religion' })).toEqual([anonymousRef]);
    expect(await refs({ ward: 'X05000001', motivation: 'religion' })).toEqual([anonymousRef]);
    expect(await refs({ ward: 'none', motivation: 'religion' })).toEqual([]);
    expect(await refs({ assignee: 'none', motivation: 'religion' })).toEqual([anonymousRef]);
    const monthAgo = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
    expect(await refs({ from: monthAgo, to: monthAgo, motivation: 'religion' })).toEqual([anonymousRef]);
    expect(await refs({ to: '2020-01-01' })).toEqual([]);
  });

  it('stores text normalised: newlines from a browser form as LF, Unicode composed', async () => {
    const res = await send(good('normalise-key-000001', { what: 'Line one\r\nLine two\rthree Cafe\u0301' }));
    expect(res.statusCode).toBe(201);
    const row = await t.db.query<{ what_happened: string }>(
      'select what_happened from tension_reports where idempotency_key = $1',
      ['normalise-key-000001'],
    );
    expect(row[0].what_happened).toBe('Line one\nLine two\nthree Caf\u00e9');
  });

  it('a row the database refuses (past validation) fails alone: its batch is split and the others are stored', async () => {
    const council = t.council('a');
    const batcher = new IntakeBatcher(t.db, undefined, 1, 250);
    const row = (key: string, what = `Batched (${key})`): repo.NewReport => ({
      councilId: council.id,
      reference: newReference(),
      idempotencyKey: key,
      channel: 'online',
      recordedBy: null,
      reportingCentre: null,
      what,
      location: 'Riverside',
      wardCode: null,
      happenedOn: today(),
      ongoing: 'no',
      motivations: ['race'],
      motivationOther: null,
      cause: null,
      reporterRole: 'witness',
      contactName: null,
      contactEmail: null,
      contactPhone: null,
      contactConsent: false,
    });
    // With one statement at a time, the first report goes alone and the next 30 queue into one batch.
    const first = batcher.add(row('split-first-00000001'));
    const rows = Array.from({ length: 30 }, (_, i) =>
      i === 17
        ? row('split-poison-0000001', 'NUL \u0000 past validation')
        : row(`split-good-${String(i).padStart(8, '0')}`),
    );
    const results = await Promise.allSettled([first, ...rows.map((r) => batcher.add(r))]);
    const refused = results[18];
    expect(refused.status).toBe('rejected');
    const reason = refused.status === 'rejected' ? (refused.reason as unknown) : null;
    expect(reason).toBeInstanceOf(DomainError);
    expect((reason as DomainError).key).toBe(NOT_STORED);
    const others = results.filter((_, i) => i !== 18);
    for (const r of others) expect(r.status).toBe('fulfilled');
    expect(await stored('split-good-')).toBe(29);
    expect(await stored('split-poison-')).toBe(0);
    expect(batcher.stats.splits).toBeGreaterThan(0);
    expect(batcher.stats.refused).toBe(1);
    // Isolating one row in a batch of 30 takes a handful of statements, not one per report.
    expect(batcher.stats.statements).toBeLessThan(20);
  });

  it('the service checks every text again before a report joins a batch', async () => {
    const input = reportInput.parse(good('service-guard-000001'));
    const spoiled: ReportInput = { ...input, location: 'Tab\tis fine but \u0000 is not' };
    await expect(
      t.services.tensions.intake.submit(publicActor(t.council('a')), spoiled, 'service-guard-000001'),
    ).rejects.toMatchObject({ key: 'tensions.report.errors.unsafeCharacters', field: 'location' });
    expect(await stored('service-guard-')).toBe(0);
  });

  it('the JSON endpoint answers JSON to every failure, never an HTML page', async () => {
    const csrf = await send(good('json-errors-0000001'), { 'x-csrf-token': 'wrong', accept: 'text/html' });
    expect(csrf.statusCode).toBe(403);
    expect(csrf.headers['content-type']).toContain('application/json');
    expect(csrf.json()).toMatchObject({ status: 403, error: expect.stringContaining('This form has expired') });

    const malformed = await send('{"what": "unterminated', { 'content-type': 'application/json' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.headers['content-type']).toContain('application/json');

    const noCouncil = await t.app.inject({
      method: 'POST',
      url: '/report/no-such-council/submit',
      payload: good('json-errors-0000002'),
      headers: { 'x-csrf-token': c.csrf, cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    expect(noCouncil.statusCode).toBe(404);
    expect(noCouncil.json()).toMatchObject({ status: 404 });
    const badSlug = await t.app.inject({
      method: 'POST',
      url: '/report/NOT_A_SLUG/submit',
      payload: good('json-errors-0000003'),
      headers: { 'x-csrf-token': c.csrf, cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    expect(badSlug.statusCode).toBe(404);
    expect(badSlug.headers['content-type']).toContain('application/json');
    expect(await stored('json-errors-')).toBe(0);
  });

  it('the question pages refuse control characters with the GOV.UK error summary, and save nothing', async () => {
    const anon = new Client(t.app);
    await anon.get('/report/council-a');
    await anon.post('/report/council-a/start');
    await anon.get('/report/council-a/what');
    const res = await anon.post('/report/council-a/what', { what: 'Pasted \u0000 text' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('govuk-error-summary');
    expect(res.body).toContain('Remove the control characters from this answer');
    const drafts = await t.db.query<{ answers: Record<string, unknown> }>(
      'select answers from tension_drafts where reference is null',
    );
    expect(drafts.every((d) => !('what' in d.answers))).toBe(true);
  });
});
