/**
 * The plans module under an attacker's and a careless user's hands (issue: probe of the "act" modules): two
 * councils, every role, the other council's ids in addresses, hidden fields and imports, partners reaching past
 * their organisation, and input the database would refuse. Each test names what it holds; the ones marked
 * "was a 500" failed before the fix beside them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../../../test/helpers/db.ts';
import { Client, createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { systemActor, type Actor } from '../../kernel/actor.ts';
import { upsertAreas, upsertLinks } from '../geography/repository.ts';
import type { ActionInput } from './services/actions.ts';
import { ACTION_COLUMNS, ActionImportError } from './services/csv.ts';

/** A multipart upload of one file, as a browser sends it. */
async function upload(c: Client, url: string, file: Buffer) {
  if (!c.csrf) await c.get('/sign-in');
  const boundary = '----co-plans-boundary';
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${c.csrf}\r\n`),
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="actions.csv"\r\nContent-Type: text/csv\r\n\r\n`,
    ),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return c.app.inject({
    method: 'POST',
    url,
    payload: body,
    headers: {
      cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      'content-type': `multipart/form-data; boundary=${boundary}`,
    },
  });
}

/** The texts of the page's GOV.UK error summary. */
const summary = (html: string) =>
  [...(/govuk-error-summary__list">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? '').matchAll(/<a [^>]*>([^<]*)<\/a>/g)].map(
    (m) => m[1].replace(/&#39;/g, "'"),
  );

describe.each(BACKENDS)('plans under hostile input (%s)', (backend) => {
  let t: TestApp;
  let officer: Client;
  let partner: Client;
  const A = '/c/council-a/plans';
  const ids = {} as Record<'plan' | 'domain' | 'outcome' | 'own' | 'other', Record<'a' | 'b', string>>;

  const action = (outcomeId: string, o: Partial<ActionInput> = {}): ActionInput => ({
    outcomeId,
    title: 'An action',
    description: '',
    ownerUserId: null,
    organisationId: null,
    leadOfficer: '',
    areaCodes: [],
    startOn: null,
    dueOn: null,
    budget: null,
    status: 'not_started',
    rag: null,
    ragReason: '',
    progress: 0,
    weight: 1,
    ...o,
  });
  const form = (o: Record<string, string> = {}) => ({
    outcomeId: ids.outcome.a,
    title: 'Typed by hand',
    status: 'not_started',
    progress: '0',
    weight: '1',
    ...o,
  });
  /** Everything that would change if a request wrote: each council's plans with their versions, and actions. */
  const state = async () => {
    const out: unknown[] = [];
    for (const w of ['a', 'b'] as const) {
      const c = t.council(w);
      out.push(await t.services.plans.plans.list(c), await t.services.plans.actions.list(systemActor(c, 'cli')));
    }
    return JSON.stringify(out);
  };

  beforeAll(async () => {
    t = await createTestApp(backend);
    await upsertAreas(t.db, [
      { code: 'X08000001', name: 'A Borough', level: 'lad' },
      { code: 'X05000001', name: 'A Ward', level: 'ward' },
      { code: 'X08000002', name: 'B Borough', level: 'lad' },
      { code: 'X05000009', name: 'B Ward', level: 'ward' },
    ]);
    await upsertLinks(t.db, [
      { child: 'X05000001', parent: 'X08000001', parentLevel: 'lad' },
      { child: 'X05000009', parent: 'X08000002', parentLevel: 'lad' },
    ]);
    for (const k of ['plan', 'domain', 'outcome', 'own', 'other'] as const) ids[k] = { a: '', b: '' };
    for (const w of ['a', 'b'] as const) {
      const actor: Actor = systemActor(t.council(w), 'cli');
      const p = t.services.plans;
      ids.plan[w] = await p.plans.create(
        actor,
        { title: `Plan of ${w}`, periodStart: '2026-01-01', periodEnd: '2027-01-01' },
        null,
      );
      ids.domain[w] = await p.plans.addDomain(actor, ids.plan[w], { title: `Domain of ${w}`, description: '' });
      ids.outcome[w] = await p.plans.addOutcome(actor, ids.domain[w], { title: `Outcome of ${w}`, description: '' });
      ids.own[w] = await p.actions.create(
        actor,
        action(ids.outcome[w], { title: `Partner action of ${w}`, organisationId: t.seeded.organisations[w] }),
      );
      ids.other[w] = await p.actions.create(
        actor,
        action(ids.outcome[w], {
          title: `Internal action of ${w}`,
          budget: 25000,
          rag: 'red',
          ragReason: `Confidential reason of ${w}`,
        }),
      );
    }
    await t.services.plans.plans.update(systemActor(t.council('a'), 'cli'), ids.plan.a, {
      title: 'Plan of a',
      periodStart: '2026-01-01',
      periodEnd: '2027-01-01',
      status: 'active',
      published: true,
    });
    officer = new Client(t.app);
    await officer.signIn('officer@a.test');
    partner = new Client(t.app);
    await partner.signIn('partner@a.test');
  });
  afterAll(() => t.close());

  it("reads and changes nothing of the other council's, by address, hidden field or select value", async () => {
    const before = await state();
    const b = { plan: ids.plan.b, domain: ids.domain.b, outcome: ids.outcome.b, action: ids.other.b };
    for (const url of [`${A}/${b.plan}`, `${A}/outcomes/${b.outcome}`, `${A}/actions/${b.action}`]) {
      const res = await officer.get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.body).not.toContain('of b');
    }
    const posts: [string, Record<string, string>][] = [
      [`${A}/${b.plan}`, { title: 'x', periodStart: '2026-01-01', periodEnd: '2027-01-01', status: 'draft' }],
      [`${A}/${b.plan}/copy`, { title: 'x', periodStart: '2026-01-01', periodEnd: '2027-01-01' }],
      [`${A}/${b.plan}/domains`, { title: 'x' }],
      [`${A}/domains/${b.domain}`, { title: 'x' }],
      [`${A}/domains/${b.domain}/outcomes`, { title: 'x' }],
      [`${A}/actions/${b.action}/edit`, form()],
      [`${A}/actions/${b.action}/progress`, { status: 'in_progress', progress: '50' }],
      [`${A}/actions/${b.action}/milestones`, { title: 'x' }],
    ];
    for (const [url, body] of posts) expect((await officer.post(url, body)).statusCode, url).toBe(404);
    const fields: [Record<string, string>, string][] = [
      [{ outcomeId: b.outcome }, 'Choose an outcome of this plan'],
      [{ organisationId: t.seeded.organisations.b }, "Choose one of the council's partner organisations"],
      [{ ownerUserId: t.seeded.users.adminB }, 'Choose an owner who is a member of the council'],
      [{ areaCodes: 'X05000009' }, 'Choose the council or its wards'],
    ];
    for (const [field, message] of fields) {
      const res = await officer.post(`${A}/actions/new`, form(field));
      expect(res.statusCode, JSON.stringify(field)).toBe(400);
      expect(summary(res.body)).toEqual([message]);
      const edit = await officer.post(`${A}/actions/${ids.other.a}/edit`, form(field));
      expect(edit.statusCode, JSON.stringify(field)).toBe(400);
    }
    expect(await state()).toBe(before);
  });

  it('refuses to raise an action from a signal the member cannot see (another council’s ward)', async () => {
    const before = await state();
    const res = await officer.post(`${A}/actions/new`, form({ signal: 'tensions.ward:X05000009' }));
    expect(res.statusCode).toBe(400);
    expect(summary(res.body)[0]).toMatch(/^The signal this action would be raised from cannot be found/);
    expect(await state()).toBe(before);
  });

  it('offers only officers and administrators as owners, and refuses anyone else on the form and in the CSV', async () => {
    const before = await state();
    for (const role of ['partner', 'viewer', 'analyst'] as const) {
      const res = await officer.post(`${A}/actions/new`, form({ ownerUserId: t.seeded.users[role] }));
      expect(res.statusCode, role).toBe(400);
    }
    const row = [ids.plan.a, '', ids.outcome.a, 'T', '', 'partner@a.test', '', '', '', '', '', '', 'not_started']
      .concat(['', '', '0', '1'])
      .join(',');
    const res = await upload(officer, `${A}/actions/import`, Buffer.from(`${ACTION_COLUMNS.join(',')}\n${row}\n`));
    expect(res.statusCode).toBe(400);
    expect(summary(res.body)).toContain("Line 2: the owner's email is not a member of this council");
    expect(await state()).toBe(before);
  });

  it('answers impossible dates, huge budgets and pence fractions with the error summary (each was a 500)', async () => {
    const before = await state();
    const cases: [string, Record<string, string>, string][] = [
      [`${A}/new`, { title: 'x', periodStart: '2026-02-30', periodEnd: '2027-01-01' }, '#periodStart'],
      [`${A}/new`, { title: 'x', periodStart: '0000-01-01', periodEnd: '2027-01-01' }, '#periodStart'],
      [
        `${A}/${ids.plan.a}`,
        { title: 'x', periodStart: '2026-01-01', periodEnd: '2027-02-30', status: 'draft' },
        '#settings-periodEnd',
      ],
      [
        `${A}/${ids.plan.a}/copy`,
        { title: 'x', periodStart: '2026-04-31', periodEnd: '2027-01-01' },
        '#copy-periodStart',
      ],
      [`${A}/actions/new`, form({ dueOn: '2026-02-30' }), '#dueOn'],
      [`${A}/actions/new`, form({ startOn: '2026-13-01' }), '#startOn'],
      [`${A}/actions/new`, form({ budget: '1000000000000000' }), '#budget'],
      [`${A}/actions/new`, form({ budget: '12.345' }), '#budget'],
      [`${A}/actions/new`, form({ budget: '-5' }), '#budget'],
      [`${A}/actions/${ids.other.a}/edit`, form({ budget: '1e15' }), '#budget'],
      [`${A}/actions/${ids.other.a}/milestones`, { title: 'm', dueOn: '2026-02-30' }, '#dueOn'],
    ];
    for (const [url, body, href] of cases) {
      const res = await officer.post(url, body);
      expect(res.statusCode, `${url} ${JSON.stringify(body)}`).toBe(400);
      expect(res.body, `${url} ${JSON.stringify(body)}`).toContain(`href="${href}"`);
    }
    const ok = await officer.post(`${A}/actions/new`, form({ budget: '£999,999,999,999.99', dueOn: '2028-02-29' }));
    expect(ok.statusCode).toBe(303);
    expect(before).not.toBe(await state());
  });

  it('refuses an impossible date at the service too, so the command line cannot reach the database with one', async () => {
    const actor = systemActor(t.council('a'), 'cli');
    const plans = t.services.plans;
    await expect(
      plans.plans.create(actor, { title: 'x', periodStart: '2026-02-30', periodEnd: '2027-01-01' }, null),
    ).rejects.toMatchObject({ key: 'plans.errors.date', field: 'periodStart' });
    await expect(plans.actions.create(actor, action(ids.outcome.a, { dueOn: '2026-02-30' }))).rejects.toMatchObject({
      key: 'plans.errors.date',
    });
    await expect(plans.actions.create(actor, action(ids.outcome.a, { budget: 1e13 }))).rejects.toMatchObject({
      key: 'plans.errors.budget',
    });
  });

  it('refuses CSV rows with an impossible date, a control character or text that is not UTF-8, and imports nothing (each was a 500 or mangled text)', async () => {
    const before = await state();
    const row = (o: Partial<Record<(typeof ACTION_COLUMNS)[number], string>>) =>
      ACTION_COLUMNS.map(
        (c) =>
          o[c] ??
          (
            {
              plan_id: ids.plan.a,
              outcome_id: ids.outcome.a,
              title: 'T',
              status: 'not_started',
              progress: '0',
              weight: '1',
            } as Record<string, string>
          )[c] ??
          '',
      ).join(',');
    const file = Buffer.concat([
      Buffer.from(`${ACTION_COLUMNS.join(',')}\n${row({ start_on: '2026-02-30' })}\n${row({ title: 'a\u0000b' })}\n`),
      Buffer.from(`${row({ title: 'Café' })}\n`, 'latin1'), // é as Windows-1252 writes it, not UTF-8
      Buffer.from(`${row({ title: 'Fine' })}\n`),
    ]);
    const res = await upload(officer, `${A}/actions/import`, file);
    expect(res.statusCode).toBe(400);
    expect(summary(res.body)).toEqual([
      'Line 2: the value in the column start_on is not valid',
      'Line 3: the column title holds control characters (they can come in when text is copied and pasted)',
      'Line 4: the column title is not UTF-8 text: save the file as “CSV UTF-8” and upload it again',
    ]);
    expect(await state()).toBe(before);
    // The service refuses the same rows for the command line.
    const rows = [
      {
        line: 2,
        record: Object.fromEntries(ACTION_COLUMNS.map((c, i) => [c, row({ due_on: '2026-02-31' }).split(',')[i]])),
        values: [],
      },
    ];
    await expect(
      t.services.plans.csv.importRows(systemActor(t.council('a'), 'cli'), ACTION_COLUMNS, rows),
    ).rejects.toBeInstanceOf(ActionImportError);
  });

  it('guards formula cells in the actions CSV export', async () => {
    const actor = systemActor(t.council('a'), 'cli');
    await t.services.plans.actions.create(
      actor,
      action(ids.outcome.a, {
        title: '=HYPERLINK("http://evil.example","x")',
        leadOfficer: '@SUM(A1)',
        ragReason: '+1',
        rag: 'red',
      }),
    );
    const csv = (await officer.get(`${A}/actions.csv`)).body;
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(csv).toContain(",'@SUM(A1),");
    expect(csv).toContain(",'+1,");
    expect(csv).not.toMatch(/,[=+@]/);
  });

  it("keeps a partner to their organisation's actions: pages, progress, the CSV and hidden fields", async () => {
    const before = await state();
    expect((await partner.get(`${A}/actions/${ids.other.a}`)).statusCode).toBe(404);
    expect((await partner.get(`${A}/actions/${ids.own.b}`)).statusCode).toBe(404);
    const post = await partner.post(`${A}/actions/${ids.other.a}/progress`, { status: 'completed', progress: '100' });
    expect(post.statusCode).toBe(404);
    for (const url of [`${A}/${ids.plan.a}`, `${A}/outcomes/${ids.outcome.a}`, `${A}/report`])
      expect((await partner.get(url)).statusCode, url).toBe(403);
    expect((await partner.post(`${A}/actions/${ids.own.a}/edit`, form())).statusCode).toBe(403);
    const row = `${ids.plan.a},A-002,${ids.outcome.a},Hijacked,,,A Police,,,,,,completed,,,100,1`;
    const imp = await upload(partner, `${A}/actions/import`, Buffer.from(`${ACTION_COLUMNS.join(',')}\n${row}\n`));
    expect(imp.statusCode).toBe(403);
    const list = await partner.get(`${A}/actions`);
    expect(list.body).toContain('Partner action of a');
    expect(list.body).not.toContain('Internal action of a');
    const csv = await partner.get(`${A}/actions.csv`);
    expect(csv.body).toContain('Partner action of a');
    expect(csv.body).not.toContain('Internal action of a');
    expect(csv.body).not.toContain('Confidential');
    expect(await state()).toBe(before);
    // Progress on their own action, with another organisation smuggled into the form, changes only the progress.
    const own = await partner.post(`${A}/actions/${ids.own.a}/progress`, {
      status: 'in_progress',
      progress: '40',
      organisationId: t.seeded.organisations.b,
    });
    expect(own.statusCode).toBe(303);
    const after = await t.services.plans.actions.action(systemActor(t.council('a'), 'cli'), ids.own.a);
    expect(after?.organisation_id).toBe(t.seeded.organisations.a);
    expect(after?.progress).toBe(40);
  });

  it("shows the public only a published plan's titles, statuses and progress: no RAG reasons, budgets or partners", async () => {
    const anon = new Client(t.app);
    const page = await anon.get(`/progress/council-a/${ids.plan.a}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Outcome of a');
    expect(page.body).not.toContain('Confidential reason');
    expect(page.body).not.toContain('25,000');
    expect(page.body).not.toContain('A Police');
    expect((await anon.get(`/progress/council-b/${ids.plan.b}`)).statusCode).toBe(404);
    expect((await anon.get(`/progress/council-a/${ids.plan.b}`)).statusCode).toBe(404);
  });

  it('names every missing or malformed field in words from the catalogue, not the validator’s English', async () => {
    const res = await officer.post(`${A}/actions/new`, {});
    expect(res.statusCode).toBe(400);
    expect(summary(res.body)).toEqual([
      'Choose an outcome of this plan',
      'Enter a value',
      'Choose a status',
      'Enter a whole number from 0 to 100',
    ]);
    const plan = await officer.post(`${A}/new`, {});
    expect(summary(plan.body)[0]).toBe('Enter a value');
    const cluster = await officer.post(A + '/clusters', { name: 'North', wards: 'X0500000100000' });
    expect(summary(cluster.body)).toEqual(['Choose the council or its wards']);
  });

  it('numbers actions added to one plan at the same time each with its own reference (on PostgreSQL this was a 500)', async () => {
    const actor = systemActor(t.council('a'), 'cli');
    const made = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        t.services.plans.actions.create(actor, action(ids.outcome.a, { title: `At once ${i}` })),
      ),
    );
    const refs = (await t.services.plans.actions.list(actor, ids.plan.a))
      .filter((a) => made.includes(a.id))
      .map((a) => a.reference);
    expect(new Set(refs).size).toBe(6);
  });

  it('sends a report for a quarter out of range back to the current quarter (was a 500)', async () => {
    for (const q of ['9999-Q4', '0000-Q1']) {
      const res = await officer.get(`${A}/report?quarter=${q}`);
      expect(res.statusCode, q).toBe(303);
      expect(res.headers.location).toBe(`${A}/report`);
    }
  });
});
