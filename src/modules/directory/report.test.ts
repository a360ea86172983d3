/**
 * The directory's section of the cabinet report on a small hand-made directory: groups listed by the quarter's
 * end, their active services, and wards with a provision gap against population, in English and Welsh.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../../../test/helpers/db.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { upsertAreas, upsertDataset, upsertLinks, upsertPopulation } from '../geography/repository.ts';
import type { ServiceInput } from './model.ts';

const DAY = 86_400_000;
const WARDS = [
  { code: 'X05000001', name: 'Abbey' },
  { code: 'X05000002', name: 'Brook' },
  { code: 'X05000003', name: 'Castle' },
];

const service = (over: Partial<ServiceInput>): ServiceInput => ({
  name: 'Conversation café',
  description: '',
  status: 'active',
  email: null,
  url: null,
  minimumAge: null,
  maximumAge: null,
  capacity: null,
  serves: [],
  areas: [],
  locations: [],
  terms: [],
  contacts: [],
  schedules: [],
  ...over,
});

describe.each(BACKENDS)('directory cabinet report (%s)', (backend) => {
  let t: TestApp;
  let now: Date;
  const period = (toDays = 1) => ({
    label: '2026-Q4',
    from: new Date(now.getTime() - 30 * DAY),
    to: new Date(now.getTime() + toDays * DAY),
  });

  beforeAll(async () => {
    t = await createTestApp(backend);
    now = t.container.deps.clock();
    // Each ward has 1,000 residents, in two small areas of 500.
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
      name: 'Test census',
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
    const organisation = (name: string) =>
      e.addOrganisation(officer, { name, description: '', email: null, website: null, partnerOrganisationId: null });
    const setCreated = (id: string, at: Date) =>
      t.db.query('update directory_organisations set created_at = $2 where id = $1', [id, at]);
    // Listed in the quarter: 36 places shared by Abbey and Brook (18 each).
    const riverside = await organisation('Riverside Conversation Club');
    await e.addService(officer, riverside, service({ capacity: 36, areas: ['X05000001', 'X05000002'] }));
    // Listed long before, with only an inactive service.
    const guild = await organisation('Old Guild');
    await e.addService(officer, guild, service({ name: 'Paused club', status: 'inactive', capacity: 100 }));
    await setCreated(guild, new Date(now.getTime() - 200 * DAY));
    // Listed ten days after the quarter: 20 places in Castle.
    const castle = await organisation('Castle Lunch Club');
    await e.addService(officer, castle, service({ name: 'Lunch', capacity: 20, areas: ['X05000003'] }));
    await setCreated(castle, new Date(now.getTime() + 10 * DAY));
  });
  afterAll(async () => t?.close());

  const section = async (p = period(), lang = 'en') =>
    (await t.container.reportSections(t.actor('viewer'), p, lang)).find((s) => s.key === 'directory.provision');

  it('counts the groups listed by the quarter’s end and finds the wards with a provision gap', async () => {
    const s = await section();
    expect(s?.title).toBe('Directory of community groups');
    // Riverside and the Old Guild; one active service between them.
    expect(s?.paragraphs[0]).toBe(
      'Groups listed at the end of 2026-Q4: 2 (1 added in the quarter). Active services they run: 1.',
    );
    // Places per 1,000: Abbey 18, Brook 18, Castle 0 (no service by then): median 18, Castle is the one gap.
    expect(s?.paragraphs[1]).toBe(
      'Wards with a provision gap: 1 of 3. The median ward has 18.0 places per 1,000 residents (population from ' +
        'the census, 2021).',
    );
    expect(s?.tables[0].rows).toEqual([['Castle', '1,000', '0', '0.0']]);
  });

  it('counts a group from the quarter it was listed in', async () => {
    // By 20 days after the Castle Lunch Club was listed, Castle has 20 places per 1,000: median 18, no gap.
    const s = await section(period(30));
    expect(s?.paragraphs[0]).toContain(': 3 (2 added in the quarter). Active services they run: 2.');
    expect(s?.paragraphs[1]).toContain('Wards with a provision gap: 0 of 3.');
    expect(s?.tables[0].rows).toEqual([]);
    // Before any group was listed there is no section.
    const early = { label: '2025-Q1', from: new Date('2025-01-01T00:00:00Z'), to: new Date(now.getTime() - 300 * DAY) };
    expect(await section(early)).toBeUndefined();
  });

  it('is in Welsh on a Welsh report, and absent for a council without groups', async () => {
    const s = await section(period(), 'cy');
    expect(s?.title).toBe('Cyfeiriadur grwpiau cymunedol');
    expect(s?.tables[0].head[0]).toBe('Ward');
    expect(s?.paragraphs[1]).toContain('Wardiau â bwlch yn y ddarpariaeth: 1 o 3.');
    const other = await t.container.reportSections(t.actor('adminB'), period(), 'en');
    expect(other.find((x) => x.key === 'directory.provision')).toBeUndefined();
  });
});
