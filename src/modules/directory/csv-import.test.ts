/**
 * The directory's real export (from the database, with locations, schedules, contacts and taxonomy terms)
 * validates against the published Open Referral UK schemas; the CSV import: an export re-imported changes
 * nothing, changes apply to the CSV's columns only, every bad row is reported by line and nothing is stored,
 * another council's ids are refused, and the import page takes CSV and JSON.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../../../test/helpers/db.ts';
import { Client, createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { upsertAreas, upsertDataset, upsertLinks, upsertPopulation } from '../geography/repository.ts';
import type { ServiceInput } from './model.ts';
import { HAS_SCHEMAS, validator } from './testing/oruk-schemas.ts';

const WARDS = [
  { code: 'X05000001', name: 'Abbey' },
  { code: 'X05000002', name: 'Brook' },
];

const service = (over: Partial<ServiceInput> = {}): ServiceInput => ({
  name: 'Conversation café',
  description: 'Practise English over tea',
  status: 'active',
  email: 'cafe@example.test',
  url: 'https://cafe.example.test/',
  minimumAge: 16,
  maximumAge: 99,
  capacity: 30,
  serves: ['A'],
  areas: ['X05000001'],
  locations: [
    {
      name: 'Abbey Hall',
      address1: '1 Mill Lane',
      city: 'Atown',
      postalCode: 'AB1 2CD',
      latitude: 53.1,
      longitude: -1.5,
    },
  ],
  terms: [
    { taxonomy: 'cohesion-observatory:activity', name: 'Language' },
    { taxonomy: 'other:scheme', name: 'Tea' },
  ],
  contacts: [{ name: null, title: 'Volunteer coordinator' }],
  schedules: [{ freq: 'WEEKLY', byday: 'TU', opensAt: '10:00', closesAt: '12:00', description: 'Tuesday mornings' }],
  ...over,
});

async function multipart(t: TestApp, c: Client, url: string, file: Buffer, format?: string) {
  const boundary = '----directory';
  const field = (name: string, value: string) =>
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
  const body = Buffer.concat([
    field('_csrf', c.csrf),
    ...(format ? [field('format', format)] : []),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="upload"\r\n\r\n`),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return t.app.inject({
    method: 'POST',
    url,
    payload: body,
    headers: {
      'content-type': `multipart/form-data; boundary=${boundary}`,
      cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
    },
  });
}

describe.each(BACKENDS)('directory CSV import and real export (%s)', (backend) => {
  let t: TestApp;
  let kitchen: string;
  let club: string;

  const count = async (sql: string) => (await t.db.query<{ n: number }>(sql))[0].n;
  const csvOf = () => t.services.directory.entries.exportCsv(t.council('a'));
  const lines = (csv: string) => csv.split('\r\n');

  beforeAll(async () => {
    t = await createTestApp(backend);
    const lsoas = WARDS.map((w, i) => ({ code: `X0100000${i}`, ward: w.code }));
    await upsertAreas(t.db, [
      { code: 'X08000001', name: 'A Borough', level: 'lad' },
      ...WARDS.map((w) => ({ ...w, level: 'ward' as const })),
      ...lsoas.map((l) => ({ code: l.code, name: l.code, level: 'lsoa' as const })),
    ]);
    await upsertLinks(t.db, [
      ...WARDS.map((w) => ({ child: w.code, parent: 'X08000001', parentLevel: 'lad' as const })),
      ...lsoas.map((l) => ({ child: l.code, parent: l.ward, parentLevel: 'ward' as const })),
    ]);
    await upsertDataset(t.db, {
      code: 'test_eth',
      name: 'Eth',
      source: 'test',
      period: '2021',
      categories: ['A', 'B'],
    });
    await upsertPopulation(
      t.db,
      'test_eth',
      lsoas.map((l) => ({ area_code: l.code, total: 500, counts: [300, 200] })),
    );
    const e = t.services.directory.entries;
    const officer = t.actor('officer');
    const org = (name: string) => ({
      name,
      description: `${name}, run by volunteers`,
      email: 'hello@example.test',
      website: 'https://example.test/',
      partnerOrganisationId: null,
    });
    kitchen = await e.addOrganisation(officer, {
      ...org('Northgate Kitchen'),
      partnerOrganisationId: t.seeded.organisations.a,
    });
    club = await e.addOrganisation(officer, org('Brook Youth Club'));
    await e.addService(officer, kitchen, service());
    await e.addService(
      officer,
      kitchen,
      service({ name: 'Friday meal', serves: [], areas: ['X05000001', 'X05000002'], capacity: null, minimumAge: null }),
    );
    await e.addService(officer, club, service({ name: '=Football', serves: ['B'], areas: ['X05000002'], terms: [] }));
    await e.addOrganisation(officer, org('Quiet Group'));
  });
  afterAll(() => t.close());

  it.skipIf(!HAS_SCHEMAS)('the real export validates against the Open Referral UK schemas', async () => {
    const doc = (await t.services.directory.entries.exportOruk(t.council('a'))) as {
      services: {
        name: string;
        service_at_locations: unknown[];
        schedules: unknown[];
        contacts: unknown[];
        attributes: unknown[];
      }[];
    }[];
    expect(doc).toHaveLength(3);
    // The fixtures reach every part of the model the schemas describe.
    const meal = doc.flatMap((o) => o.services).find((s) => s.name === 'Conversation café')!;
    expect([meal.service_at_locations, meal.schedules, meal.contacts].map((x) => x.length)).toEqual([1, 1, 1]);
    expect(meal.attributes.length).toBeGreaterThan(2);
    const pkg = validator('organization_package.json');
    expect(pkg(doc), JSON.stringify(pkg.errors)).toBe(true);
    const org = validator('organization.json');
    const svc = validator('service.json');
    for (const o of doc) {
      expect(org(o), JSON.stringify(org.errors)).toBe(true);
      for (const s of o.services) expect(svc(s), JSON.stringify(svc.errors)).toBe(true);
    }
  });

  it('re-importing the CSV export changes nothing, JSON included', async () => {
    const e = t.services.directory.entries;
    const csv = await csvOf();
    const json = JSON.stringify(await e.exportOruk(t.council('a')));
    expect(csv).toContain("'=Football");
    expect(await e.importCsv(t.actor('officer'), Buffer.from(csv))).toEqual({
      ok: true,
      organisations: 3,
      services: 3,
    });
    expect(await csvOf()).toBe(csv);
    expect(JSON.stringify(await e.exportOruk(t.council('a')))).toBe(json);
    expect((await e.organisation(t.council('a'), kitchen))?.partnerOrganisationId).toBe(t.seeded.organisations.a);
  });

  it('applies the CSV columns, keeping what the CSV does not carry; adds and removes services', async () => {
    const e = t.services.directory.entries;
    const rows = lines(await csvOf());
    const header = rows[0];
    const cafe = rows.find((r) => r.includes('Conversation café'))!;
    const changed = cafe.replace(',30,A,', ',45,A;B,').replace('Language;Tea', 'Tea;Cooking');
    const added = `,Northgate Kitchen,hello@example.test,https://example.test/,,Lunch club,active,12,,,,,,`;
    const football = rows.find((r) => r.includes('Football'))!;
    // The Friday meal's row is left out: the kitchen loses that service.
    const r = await e.importCsv(t.actor('officer'), Buffer.from([header, changed, added, football].join('\n')));
    expect(r).toEqual({ ok: true, organisations: 2, services: 3 });
    const o = await e.organisation(t.council('a'), kitchen);
    expect(o?.services.map((s) => s.name)).toEqual(['Conversation café', 'Lunch club']);
    const [c, lunch] = o!.services;
    expect(c).toMatchObject({ capacity: 45, serves: ['A', 'B'], description: 'Practise English over tea' });
    expect(c.terms).toEqual([
      { taxonomy: 'other:scheme', name: 'Tea' },
      { taxonomy: 'cohesion-observatory:activity', name: 'Cooking' },
    ]);
    expect(c.locations).toHaveLength(1);
    expect(c.schedules).toHaveLength(1);
    expect(lunch).toMatchObject({ capacity: 12, locations: [], areas: [] });
    expect(await count(`select count(*)::int as n from directory_organisations`)).toBe(3);
  });

  it('reports every bad row by line, refuses bad headers and control characters, and stores nothing', async () => {
    const e = t.services.directory.entries;
    const before = await csvOf();
    const [header, ...rows] = lines(before).filter(Boolean);
    const bad = [
      header,
      rows[0].replace(',active,', ',open-ish,'),
      rows[1],
      rows[2].replace(',active,12,,,', ',active,12,,X05000099,'),
      `${kitchen},Northgate Kitchen,hello@example.test,https://example.test/,,Bad ages,active,1,,,,9,3,`,
      `,Nu\u0001ll club,,,,,,,,,,,,`,
    ].join('\r\n');
    const r = await e.importCsv(t.actor('officer'), Buffer.from(bad));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problems.map((p) => p.line)).toEqual([2, 4, 5, 6]);
      expect(r.problems[0].message).toContain('status');
      expect(r.problems[1].message).toContain('X05000099 is not a ward');
      expect(r.problems[2].message).toContain('maximum_age');
      expect(r.problems[3].message).toContain('control');
    }
    const dup = await e.importCsv(t.actor('officer'), Buffer.from(`${header},service\r\n${rows[0]},x`));
    expect(dup).toMatchObject({ ok: false, problems: [{ line: 1, message: expect.stringContaining('twice') }] });
    const missing = await e.importCsv(t.actor('officer'), Buffer.from('organisation\r\nA club\r\n'));
    expect(missing).toMatchObject({ ok: false, problems: [{ line: 1, message: expect.stringContaining('missing') }] });
    expect(await csvOf()).toBe(before);
  });

  it('keeps ownership: another council cannot take ids, nor a service of an organisation not in the file', async () => {
    const e = t.services.directory.entries;
    const before = await csvOf();
    const [header, ...rows] = lines(before).filter(Boolean);
    const stolen = await e.importCsv(t.actor('adminB'), Buffer.from(before));
    expect(stolen.ok).toBe(false);
    if (!stolen.ok) expect(stolen.problems.some((p) => p.message.includes("another council's directory"))).toBe(true);
    const football = rows.find((r) => r.includes('Football'))!;
    const serviceId = football.split(',')[4];
    const taken = `${header}\r\n${kitchen},Northgate Kitchen,hello@example.test,https://example.test/,${serviceId},Taken,active,,,,,,,`;
    const r = await e.importCsv(t.actor('officer'), Buffer.from(taken));
    expect(r).toMatchObject({
      ok: false,
      problems: [{ line: 2, message: expect.stringContaining('Brook Youth Club') }],
    });
    expect(await csvOf()).toBe(before);
    expect(
      await count(
        `select count(*)::int as n from directory_organisations where council_id <> '${t.seeded.councils.a.id}'`,
      ),
    ).toBe(0);
  });

  it('the import page takes CSV (detected or chosen) and lists bad rows by line in the error summary', async () => {
    const c = new Client(t.app);
    await c.signIn('officer@a.test');
    const url = '/c/council-a/directory/import';
    const page = await c.get(url);
    expect(page.body).toContain('name="format"');
    const csv = Buffer.from(await csvOf());
    const ok = await multipart(t, c, url, csv);
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('Imported 3 organisations and 3 services');
    const [header, row] = lines(csv.toString());
    const bad = await multipart(t, c, url, Buffer.from(`${header}\r\n${row.replace(',active,', ',shut,')}`), 'csv');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('govuk-error-summary');
    expect(bad.body).toContain('Line 2: status');
    const json = await multipart(t, c, url, Buffer.from('{"id": 1}'), 'json');
    expect(json.statusCode).toBe(400);
    expect(json.body).toContain('At /id');
    const wrong = await multipart(t, c, url, csv, 'json');
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('not valid JSON');
  });
});
