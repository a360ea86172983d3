/**
 * The directory on a real database: organisations and services with the rules the service enforces, Open
 * Referral UK import (all or nothing, problems by JSON path) and export, provision by ward from census counts
 * summed from small areas, the link provider, audit entries and the pages by role.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../../../test/helpers/db.ts';
import { Client, createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { upsertAreas, upsertDataset, upsertLinks, upsertPopulation } from '../geography/repository.ts';
import type { ServiceInput } from './model.ts';

const WARDS = [
  { code: 'X05000001', name: 'Abbey' },
  { code: 'X05000002', name: 'Brook' },
  { code: 'X05000003', name: 'Castle' },
];

const service = (over: Partial<ServiceInput> = {}): ServiceInput => ({
  name: 'Conversation café',
  description: '',
  status: 'active',
  email: null,
  url: null,
  minimumAge: null,
  maximumAge: null,
  capacity: 30,
  serves: [],
  areas: [],
  locations: [],
  terms: [],
  contacts: [],
  schedules: [],
  ...over,
});

describe.each(BACKENDS)('directory (%s)', (backend) => {
  let t: TestApp;
  let orgId: string;

  const count = async (sql: string) => (await t.db.query<{ n: number }>(sql))[0].n;

  beforeAll(async () => {
    t = await createTestApp(backend);
    const lsoas = WARDS.flatMap((w, i) =>
      [0, 1].map((k) => ({ code: `X01${String(i * 2 + k).padStart(6, '0')}`, ward: w.code })),
    );
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
      name: 'Test ethnic group',
      source: 'test',
      period: '2021',
      categories: ['A', 'B'],
    });
    // Abbey 2 × (400 A, 100 B); Brook 2 × (250, 250); Castle 2 × (500, 0).
    const counts = [
      [400, 100],
      [250, 250],
      [500, 0],
    ];
    await upsertPopulation(
      t.db,
      'test_eth',
      lsoas.map((l, i) => {
        const c = counts[Math.floor(i / 2)];
        return { area_code: l.code, total: c[0] + c[1], counts: c };
      }),
    );
  });
  afterAll(() => t.close());

  it('adds an organisation linked to a partner, refuses duplicates and unknown partners, and audits', async () => {
    const e = t.services.directory.entries;
    orgId = await e.addOrganisation(t.actor('officer'), {
      name: 'Riverside Conversation Club',
      description: 'Volunteers',
      email: null,
      website: null,
      partnerOrganisationId: t.seeded.organisations.a,
    });
    await expect(
      e.addOrganisation(t.actor('officer'), {
        name: 'riverside conversation club',
        description: '',
        email: null,
        website: null,
        partnerOrganisationId: null,
      }),
    ).rejects.toMatchObject({ key: 'directory.errors.duplicate' });
    await expect(
      e.addOrganisation(t.actor('officer'), {
        name: 'Other',
        description: '',
        email: null,
        website: null,
        partnerOrganisationId: t.seeded.organisations.b,
      }),
    ).rejects.toMatchObject({ key: 'directory.errors.unknownPartner' });
    expect(await count(`select count(*)::int as n from audit_log where action = 'directory.organisation.added'`)).toBe(
      1,
    );
  });

  it('adds services, refusing wards and groups the council does not have', async () => {
    const e = t.services.directory.entries;
    await expect(e.addService(t.actor('officer'), orgId, service({ areas: ['X05000099'] }))).rejects.toMatchObject({
      key: 'directory.errors.unknownWard',
    });
    await expect(e.addService(t.actor('officer'), orgId, service({ serves: ['Z'] }))).rejects.toMatchObject({
      key: 'directory.errors.unknownGroup',
    });
    await e.addService(t.actor('officer'), orgId, service({ areas: ['X05000001', 'X05000002'], capacity: 36 }));
    await e.addService(
      t.actor('officer'),
      orgId,
      service({ name: 'For B', areas: ['X05000002'], serves: ['B'], capacity: 10 }),
    );
    const o = await e.organisation(t.council('a'), orgId);
    expect(o?.services.map((s) => s.name).sort()).toEqual(['Conversation café', 'For B']);
    expect(o?.partnerName).toBe('A Police');
  });

  it('works out provision by ward from small-area counts, with the uncovered ward a gap', async () => {
    const v = await t.services.directory.provision.view(t.council('a'));
    const byCode = new Map(v.result.wards.map((w) => [w.code, w]));
    // 36 places over Abbey (1,000 residents) and Brook (1,000): 18 each; Brook also has 10 for B.
    expect(byCode.get('X05000001')).toMatchObject({ population: 1000, places: 18, services: 1, gap: false });
    expect(byCode.get('X05000002')).toMatchObject({ population: 1000, places: 28, services: 2 });
    expect(byCode.get('X05000003')).toMatchObject({ population: 1000, services: 0, gap: true });
    const b = v.result.groups.find((g) => g.group === 'B');
    expect(b?.placesShare).toBe(1);
    expect(b?.populationShare).toBeCloseTo(700 / 3000, 12);
  });

  it('exports Open Referral UK and CSV, and an import of the export is a no-op round trip', async () => {
    const e = t.services.directory.entries;
    const doc = await e.exportOruk(t.council('a'));
    expect(doc).toHaveLength(1);
    const csv = await e.exportCsv(t.council('a'));
    expect(csv.split('\r\n')[0]).toContain('organisation_id,organisation');
    expect(csv).toContain('X05000001;X05000002');
    const r = await e.importOruk(t.actor('officer'), Buffer.from(JSON.stringify(doc)));
    expect(r).toEqual({ ok: true, organisations: 1, services: 2 });
    const strip = (x: unknown) => JSON.stringify(x).replace(/"last_modified":"[^"]+"/g, '');
    expect(strip(await e.exportOruk(t.council('a')))).toBe(strip(doc));
    expect(
      await count(`select count(*)::int as n from directory_services where council_id = '${t.seeded.councils.a.id}'`),
    ).toBe(2);
  });

  it('imports nothing when anything is wrong, naming each problem by its path', async () => {
    const e = t.services.directory.entries;
    const doc = (await e.exportOruk(t.council('a'))) as Record<string, unknown>[];
    const broken = JSON.parse(JSON.stringify(doc)) as {
      services: { status: string; service_areas: { uri: string }[] }[];
    }[];
    broken[0].services[0].status = 'open-ish';
    const r = await e.importOruk(t.actor('officer'), Buffer.from(JSON.stringify(broken)));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems).toEqual([expect.objectContaining({ path: '/0/services/0/status' })]);
    const wrongWard = JSON.parse(JSON.stringify(doc)) as typeof broken;
    wrongWard[0].services[0].service_areas[0].uri = 'http://statistics.data.gov.uk/id/statistical-geography/X05000099';
    const w = await e.importOruk(t.actor('officer'), Buffer.from(JSON.stringify(wrongWard)));
    expect(w.ok).toBe(false);
    expect((await e.importOruk(t.actor('officer'), Buffer.from('{'))).ok).toBe(false);
    // Council B cannot take over A's records by importing their ids.
    const stolen = await e.importOruk(
      t.actor('adminB'),
      Buffer.from(JSON.stringify(doc.map((o) => ({ ...o, services: [] })))),
    );
    expect(stolen.ok).toBe(false);
    expect(await count(`select count(*)::int as n from directory_organisations`)).toBe(1);
  });

  it('refuses, without a server error, a service id of another organisation, control characters; reads a BOM', async () => {
    const e = t.services.directory.entries;
    const [stored] = (await e.exportOruk(t.council('a'))) as { services: { id: string }[] }[];
    const taken = stored.services[0].id;
    const newOrg = (id: string, name: string, services: unknown[] = []) => ({ id, name, description: 'x', services });
    // A new organisation claiming a service the stored organisation still has (a primary key clash before).
    const clash = await e.importOruk(
      t.actor('officer'),
      Buffer.from(
        JSON.stringify(
          newOrg('11111111-1111-4111-8111-111111111101', 'Clash', [{ id: taken, name: 'Moved', status: 'active' }]),
        ),
      ),
    );
    expect(clash.ok).toBe(false);
    if (!clash.ok) expect(clash.problems[0].message).toContain(taken);
    // NUL (which PostgreSQL cannot store) and a right-to-left override: refused with their paths.
    const control = await e.importOruk(
      t.actor('officer'),
      Buffer.from(JSON.stringify(newOrg('11111111-1111-4111-8111-111111111102', 'Nu\u0000ll', []))),
    );
    expect(control.ok).toBe(false);
    if (!control.ok) expect(control.problems.map((p) => p.path)).toEqual(['/name']);
    const bidi = await e.importOruk(
      t.actor('officer'),
      Buffer.from(
        JSON.stringify({ ...newOrg('11111111-1111-4111-8111-111111111103', 'Fine name'), description: 'a\u202eb' }),
      ),
    );
    expect(bidi.ok).toBe(false);
    expect(await count(`select count(*)::int as n from directory_organisations`)).toBe(1);
    // Moving a service between two organisations both in the file is fine, in either order.
    const moved = await e.importOruk(
      t.actor('officer'),
      Buffer.from(
        '\uFEFF' +
          JSON.stringify([
            newOrg('11111111-1111-4111-8111-111111111104', 'Takes it over', [
              { id: taken, name: 'Moved', status: 'active' },
            ]),
            { ...stored, services: stored.services.slice(1) },
          ]),
      ),
    );
    expect(moved).toMatchObject({ ok: true, organisations: 2 });
    const org = await e.serviceOrganisation(t.council('a'), taken);
    expect(org).toBe('11111111-1111-4111-8111-111111111104');
    // Put the directory back as the later tests expect it.
    await e.removeOrganisation(t.actor('officer'), '11111111-1111-4111-8111-111111111104');
    expect((await e.importOruk(t.actor('officer'), Buffer.from(JSON.stringify([stored])))).ok).toBe(true);
  });

  it('offers directory.organisation links, with backlinks from the partner organisation', async () => {
    const links = t.container.deps.links;
    expect(links.kinds()).toContain('directory.organisation');
    const viewer = t.actor('viewer');
    const [target] = await links.resolve(viewer, [{ kind: 'directory.organisation', id: orgId }]);
    expect(target).toMatchObject({
      label: 'Riverside Conversation Club',
      href: `/c/council-a/directory/organisations/${orgId}`,
    });
    const back = await links.backlinks(viewer, { kind: 'admin.organisation', id: t.seeded.organisations.a });
    expect(back.map((b) => b.id)).toEqual([orgId]);
    expect(await links.resolve(t.actor('adminB'), [{ kind: 'directory.organisation', id: orgId }])).toEqual([]);
  });

  it('pages by role: everyone reads, officers edit, viewers cannot', async () => {
    const viewer = new Client(t.app);
    await viewer.signIn('viewer@a.test');
    for (const path of ['', '/provision', `/organisations/${orgId}`]) {
      const res = await viewer.get(`/c/council-a/directory${path}`);
      expect(res.statusCode, path).toBe(200);
    }
    expect((await viewer.get('/c/council-a/directory/provision')).body).toContain('Castle');
    expect((await viewer.get('/c/council-a/directory/organisations/new')).statusCode).toBe(403);
    const json = await viewer.get('/c/council-a/directory/export.json');
    expect(json.headers['content-type']).toContain('application/json');
    const officer = new Client(t.app);
    await officer.signIn('officer@a.test');
    await officer.get('/c/council-a/directory/organisations/new');
    const blank = await officer.post('/c/council-a/directory/organisations', { name: '' });
    expect(blank.statusCode).toBe(400);
    expect(blank.body).toContain('govuk-error-summary');
    const made = await officer.post('/c/council-a/directory/organisations', {
      name: 'Castle Youth Club',
      description: '',
    });
    expect(made.statusCode).toBe(303);
    const newId = String(made.headers.location).split('/').pop() ?? '';
    await officer.get(`/c/council-a/directory/organisations/${newId}/services/new`);
    const bad = await officer.post(`/c/council-a/directory/organisations/${newId}/services`, {
      name: 'Football',
      status: 'active',
      capacity: 'lots',
      opensAt: '25:00',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Enter the number of places as a whole number');
    const ok = await officer.post(`/c/council-a/directory/organisations/${newId}/services`, {
      name: 'Football',
      status: 'active',
      capacity: '40',
      areas: 'X05000003',
      byday: 'sa',
      opensAt: '10:00',
      closesAt: '12:00',
    });
    expect(ok.statusCode).toBe(303);
    const v = await t.services.directory.provision.view(t.council('a'));
    expect(v.result.wards.find((w) => w.code === 'X05000003')).toMatchObject({ places: 40, gap: false });
  });
});
