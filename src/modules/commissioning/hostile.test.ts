/**
 * Commissioning under an attacker's and a careless user's hands (probe of the "act" modules): the other
 * council's ids in addresses and form fields, partners reaching past their organisation, input the database
 * would refuse, and hostile 360Giving files. The tests marked "was a 500" failed before the fix beside them.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../../../test/helpers/db.ts';
import { Client, createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { captureIo } from '../../../test/helpers/cli.ts';
import type { CliContext } from '../../cli/types.ts';
import { systemActor } from '../../kernel/actor.ts';
import { importGrantsCommand } from './cli.ts';
import { checkGrant, type ImportEnv } from './giving360.ts';

const ENV: ImportEnv = {
  prefix: '360G-a',
  funderIdentifier: '360G-a-council',
  wards: new Set(['X05000001']),
  programmes: new Map(),
  recipientsById: new Map([['GB-CHC-1', 'org-1']]),
  recipientsByName: new Map(),
};
const GRANT = {
  id: '360G-a-1',
  title: 'Youth club',
  description: 'Weekly sessions',
  currency: 'GBP',
  amountAwarded: 100,
  awardDate: '2026-01-01',
  recipientOrganization: [{ id: 'GB-CHC-1', name: 'Trust' }],
  fundingOrganization: [{ id: '360G-a-council' }],
};
const keys = (r: { problems: { key: string }[] }) =>
  r.problems.map((p) => p.key.replace('commissioning.import.errors.', ''));

describe('checkGrant refuses what the database would (pure)', () => {
  it('refuses control characters in the text it stores (was a 500 on import)', () => {
    for (const field of ['id', 'title', 'description'])
      expect(keys(checkGrant({ ...GRANT, [field]: `${GRANT[field as 'id']}\u0000x` }, 1, ENV)), field).toContain(
        'control',
      );
  });

  it('refuses dates that do not exist and the year 0000 (was a 500 on import)', () => {
    expect(keys(checkGrant({ ...GRANT, awardDate: '2026-02-30' }, 1, ENV))).toEqual(['awardDate']);
    expect(keys(checkGrant({ ...GRANT, awardDate: '0000-01-01' }, 1, ENV))).toEqual(['awardDate']);
    expect(keys(checkGrant({ ...GRANT, awardDate: '0000-01-01T10:00:00Z' }, 1, ENV))).toEqual(['awardDate']);
    expect(keys(checkGrant({ ...GRANT, plannedDates: [{ endDate: '2026-04-31' }] }, 1, ENV))).toEqual(['plannedDates']);
  });

  it('accepts amounts in pence that floating point cannot hold exactly (0.07 was refused)', () => {
    for (const amount of [0.07, 0.29, 1234.56, 19.99]) {
      const out = checkGrant({ ...GRANT, amountAwarded: amount }, 1, ENV);
      expect(out.problems, String(amount)).toEqual([]);
      expect(out.grant?.amount).toBe(amount);
    }
    expect(keys(checkGrant({ ...GRANT, amountAwarded: 0.001 }, 1, ENV))).toEqual(['amount']);
    expect(keys(checkGrant({ ...GRANT, currency: 'USD' }, 1, ENV))).toEqual(['currency']);
  });

  it('reads a grant with __proto__ keys as plain data, polluting nothing', () => {
    const raw = JSON.parse(`{"__proto__": {"polluted": true}, ${JSON.stringify(GRANT).slice(1)}`) as object;
    expect(checkGrant(raw, 1, ENV).problems).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe.each(BACKENDS)('commissioning under hostile input (%s)', (backend) => {
  let t: TestApp;
  let officer: Client;
  let partner: Client;
  const C = '/c/council-a/commissioning';
  const grants = { a: '', b: '' };
  const programmes = { a: '', b: '' };

  /** What would change if a request wrote: both councils' grants (with their measures and returns) and programmes. */
  const state = async () => {
    const out: unknown[] = [];
    for (const w of ['a', 'b'] as const) {
      const actor = systemActor(t.council(w), 'cli');
      const svc = t.services.commissioning;
      out.push(await svc.programmes.list(t.council(w)), await svc.grants.list(actor));
      out.push(await svc.grants.detail(actor, grants[w]));
    }
    return JSON.stringify(out);
  };

  beforeAll(async () => {
    t = await createTestApp(backend);
    for (const w of ['a', 'b'] as const) {
      const actor = systemActor(t.council(w), 'cli');
      const svc = t.services.commissioning;
      programmes[w] = await svc.programmes.create(actor, {
        code: `P-${w}`,
        name: `Fund of ${w}`,
        description: '',
        budget: 1000,
        startsOn: '2026-01-01',
        endsOn: '2026-12-31',
        areas: [],
        status: 'open',
      });
      grants[w] = await svc.grants.create(actor, {
        programmeId: programmes[w],
        recipientId: t.seeded.organisations[w],
        title: `Grant of ${w}`,
        description: 'Sessions',
        amount: 500,
        awardDate: '2026-02-01',
        plannedStart: null,
        plannedEnd: null,
        areas: [],
        status: 'active',
        links: [],
      });
      await svc.grants.addMeasure(actor, grants[w], { name: `People of ${w}`, unit: '', target: 10 });
    }
    officer = new Client(t.app);
    await officer.signIn('officer@a.test');
    partner = new Client(t.app);
    await partner.signIn('partner@a.test');
  });
  afterAll(() => t.close());

  const grant = (o: Record<string, string> = {}) => ({
    recipientId: t.seeded.organisations.a,
    title: 'Typed grant',
    description: 'Typed by hand',
    amount: '100',
    awardDate: '2026-01-01',
    ...o,
  });

  it("reads and changes nothing of the other council's, by address, select value or link", async () => {
    const before = await state();
    for (const url of [`${C}/grants/${grants.b}`, `${C}/grants/${grants.b}/edit`, `${C}/programmes/${programmes.b}`]) {
      const res = await officer.get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.body).not.toContain('of b');
    }
    for (const [url, body] of [
      [`${C}/grants/${grants.b}/edit`, grant()],
      [`${C}/grants/${grants.b}/measures`, { name: 'x' }],
      [`${C}/grants/${grants.b}/returns`, { measureId: grants.b, period: '2026-Q1', value: '1' }],
      [`${C}/programmes/${programmes.b}/edit`, {}],
      [`${C}/programmes/${programmes.b}/checklist/analyse`, {}],
      [`${C}/recipients/${t.seeded.organisations.b}`, { orgIdentifier: 'GB-CHC-99' }],
    ] as const)
      expect((await officer.post(url, body)).statusCode, url).toBe(404);
    const plansB = systemActor(t.council('b'), 'cli');
    const planB = await t.services.plans.plans.create(
      plansB,
      { title: 'Plan of b', periodStart: '2026-01-01', periodEnd: '2027-01-01' },
      null,
    );
    const fields: Record<string, string>[] = [
      { recipientId: t.seeded.organisations.b },
      { programmeId: programmes.b },
      { plan: planB },
      { outcomes: planB },
    ];
    for (const field of fields) {
      const res = await officer.post(`${C}/grants/new`, grant(field));
      expect(res.statusCode, JSON.stringify(field)).toBe(400);
      expect(res.body).not.toContain('of b');
    }
    expect(await state()).toBe(before);
  });

  it('ignores a programme filter that is not an id (was a 500)', async () => {
    for (const programme of ['-'.repeat(36), 'a'.repeat(36), 'nope']) {
      const res = await officer.get(`${C}/grants?programme=${programme}`);
      expect(res.statusCode, programme).toBe(200);
      expect(res.body).toContain('Grant of a');
    }
    const filtered = await officer.get(`${C}/grants?programme=${programmes.b}`);
    expect(filtered.statusCode).toBe(200);
    expect(filtered.body).not.toContain('of b');
  });

  it("keeps a partner to their organisation's grants and its measures", async () => {
    const before = await state();
    expect((await partner.get(`${C}/grants/${grants.b}`)).statusCode).toBe(404);
    const other = await t.services.commissioning.grants.create(systemActor(t.council('a'), 'cli'), {
      programmeId: null,
      recipientId: await t.services.admin.addOrganisation(systemActor(t.council('a'), 'cli'), 'A Trust', 'voluntary'),
      title: 'Grant to someone else',
      description: 'Sessions',
      amount: 50,
      awardDate: '2026-02-01',
      plannedStart: null,
      plannedEnd: null,
      areas: [],
      status: 'active',
      links: [],
    });
    expect((await partner.get(`${C}/grants/${other}`)).statusCode).toBe(404);
    const list = await partner.get(`${C}/grants`);
    expect(list.body).toContain('Grant of a');
    expect(list.body).not.toContain('Grant to someone else');
    expect((await partner.post(`${C}/grants/${other}/returns`, { period: '2026-Q1', value: '1' })).statusCode).toBe(
      404,
    );
    // Their own grant, with the other council's measure in the select: a form error, nothing stored.
    const detail = await t.services.commissioning.grants.detail(systemActor(t.council('b'), 'cli'), grants.b);
    const res = await partner.post(`${C}/grants/${grants.a}/returns`, {
      measureId: detail?.measures[0].id ?? '',
      period: '2026-Q1',
      value: '5',
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('href="#measureId"');
    expect((await partner.post(`${C}/grants/${grants.a}/measures`, { name: 'Mine' })).statusCode).toBe(403);
    expect(await state()).not.toBe(before); // the grant to someone else was added above
  });

  it('answers the year 0000 and out-of-range targets with the error summary (each was a 500)', async () => {
    const before = await state();
    const cases: [string, Record<string, string>, string][] = [
      [`${C}/grants/new`, grant({ awardDate: '0000-01-01' }), '#awardDate'],
      [`${C}/grants/new`, grant({ plannedStart: '2026-02-30' }), '#plannedStart'],
      [
        `${C}/programmes/new`,
        { code: 'X1', name: 'Fund', budget: '1', startsOn: '0000-01-01', endsOn: '2026-12-31', status: 'draft' },
        '#startsOn',
      ],
      [`${C}/grants/${grants.a}/measures`, { name: 'Huge', target: '1e20' }, '#target'],
      [`${C}/grants/${grants.a}/measures`, { name: 'Huge', target: '-10000000000000' }, '#target'],
      [`${C}/grants/${grants.a}/measures`, { name: 'Fraction', target: '1.234' }, '#target'],
    ];
    for (const [url, body, href] of cases) {
      const res = await officer.post(url, body);
      expect(res.statusCode, `${url} ${JSON.stringify(body)}`).toBe(400);
      expect(res.body, `${url} ${JSON.stringify(body)}`).toContain(`href="${href}"`);
    }
    expect(await state()).toBe(before);
    const ok = await officer.post(`${C}/grants/${grants.a}/measures`, { name: 'Hours', target: '1,250.5' });
    expect(ok.statusCode).toBe(303);
  });

  it('refuses a rating that is not on the scale, and "not rated" clears a rating (it was kept)', async () => {
    const url = `${C}/programmes/${programmes.a}/checklist/analyse`;
    const rated = async () =>
      (await t.services.commissioning.programmes.checklist(t.council('a'), programmes.a))[0].rating;
    expect((await officer.post(url, { rating: 'achieving' })).statusCode).toBe(303);
    expect(await rated()).toBe('achieving');
    const bad = await officer.post(url, { rating: 'superb' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('href="#rating"');
    expect(await rated()).toBe('achieving');
    expect((await officer.post(url, { rating: '' })).statusCode).toBe(303);
    expect(await rated()).toBeNull();
  });

  it('refuses hostile 360Giving files with the error summary and imports nothing (control characters and other encodings were a 500 or mangled)', async () => {
    const before = await state();
    const g = {
      ...GRANT,
      id: '360G-council-a-9001',
      recipientOrganization: [{ id: 'x', name: 'A Police' }],
      fundingOrganization: [{ id: '360G-council-a-council' }],
    };
    const cases: [string, Buffer, string][] = [
      ['g.json', Buffer.from(JSON.stringify({ grants: [{ ...g, title: 'a\u0000b' }] })), 'control characters'],
      ['g.json', Buffer.from(JSON.stringify({ grants: [{ ...g, title: 'Café' }] }), 'latin1'), 'not UTF-8'],
      ['g.csv', Buffer.from('Identifier,Title\n360G-council-a-9002,Café\n', 'latin1'), 'not UTF-8'],
      [
        'g.csv',
        Buffer.from(
          'Identifier,Title,Description,Currency,Amount Awarded,Award Date,Recipient Org:Name,Funding Org:Identifier\n' +
            '360G-council-a-9003,Ti\u0001tle,Description,GBP,100,2026-01-01,A Police,360G-council-a-council\n',
        ),
        'control characters',
      ],
      ['g.json', Buffer.from(JSON.stringify({ grants: [{ ...g, currency: 'USD' }] })), 'GBP'],
      ['g.json', Buffer.from(JSON.stringify({ grants: [g, g] })), 'same identifier'],
      [
        'g.json',
        Buffer.from(JSON.stringify({ grants: [{ ...g, recipientOrganization: [{ id: t.seeded.organisations.b }] }] })),
        'not one of the council',
      ],
      ['g.json', Buffer.from(`{"grants":${'['.repeat(50000)}${']'.repeat(50000)}}`), 'no identifier'],
      ['g.json', Buffer.from(`{"grants":[${Array(20000).fill('{}').join(',')}]}`), 'no identifier'],
      ['g.csv', Buffer.from('Identifier,Identifier\n1,2\n'), 'not a readable CSV'],
    ];
    for (const [name, file, message] of cases) {
      const res = await uploadFile(officer, `${C}/import`, file, name);
      expect(res.statusCode, `${name} ${message}`).toBe(400);
      expect(res.body, `${name} ${message}`).toContain(message);
    }
    expect(await state()).toBe(before);
  });

  it('guards formula cells in the 360Giving spreadsheet, and a round trip restores the text', async () => {
    const actor = systemActor(t.council('a'), 'cli');
    const id = await t.services.commissioning.grants.create(actor, {
      programmeId: null,
      recipientId: t.seeded.organisations.a,
      title: '=HYPERLINK("http://evil.example","x")',
      description: '@SUM(A1) and -1',
      amount: 75,
      awardDate: '2026-03-01',
      plannedStart: null,
      plannedEnd: null,
      areas: [],
      status: 'active',
      links: [],
    });
    const csv = (await officer.get(`${C}/export.csv`)).body;
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(csv).toContain(",'@SUM(A1) and -1,");
    expect(csv).not.toMatch(/(^|,)"?[=+@]/m);
    const res = await uploadFile(officer, `${C}/import`, Buffer.from(csv), 'g.csv');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toMatch(/created=0&updated=0/);
    const after = await t.services.commissioning.grants.get(actor, id);
    expect(after?.title).toBe('=HYPERLINK("http://evil.example","x")');
  });

  it('gives grants awarded at the same time each its own identifier (on PostgreSQL this was a 500)', async () => {
    const actor = systemActor(t.council('a'), 'cli');
    const made = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        t.services.commissioning.grants.create(actor, {
          programmeId: null,
          recipientId: t.seeded.organisations.a,
          title: `At once ${i}`,
          description: 'Sessions',
          amount: 10,
          awardDate: '2026-03-01',
          plannedStart: null,
          plannedEnd: null,
          areas: [],
          status: 'active',
          links: [],
        }),
      ),
    );
    const grants = await t.services.commissioning.grants.list(actor);
    const identifiers = grants.filter((g) => made.includes(g.id)).map((g) => g.identifier);
    expect(new Set(identifiers).size).toBe(6);
  });

  it('prints one line per problem and exits non-zero for a hostile file on the command line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'grants-hostile-'));
    const file = join(dir, 'grants.csv');
    writeFileSync(file, Buffer.from('Identifier,Title\n360G-council-a-1,Café\n', 'latin1'));
    const ctx: CliContext = {
      withServices: (_io, fn) => fn({ config: t.config, db: t.db, services: t.services, container: t.container }),
    };
    const out = captureIo();
    await expect(importGrantsCommand.run([file, '--council', 'council-a'], out.io, ctx)).rejects.toThrow(
      'nothing imported: 1 problem(s)',
    );
    expect(out.stderr).toBe(
      'The file is not UTF-8 text: save it as UTF-8 (in a spreadsheet, “CSV UTF-8”) and upload it again\n',
    );
  });
});

/** A multipart upload of one file, as a browser sends it. */
async function uploadFile(c: Client, url: string, file: Buffer, name: string) {
  if (!c.csrf) await c.get('/sign-in');
  const boundary = '----co-commissioning-boundary';
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${c.csrf}\r\n`),
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
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
