/**
 * The cabinet report's page and PDF show the connect, directory and networks sections (each contributed through
 * its module's `report`), in English and Welsh, with the figures of a small council worked out by hand.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../../../test/helpers/db.ts';
import { Client, createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { upsertAreas, upsertDataset, upsertLinks, upsertPopulation } from '../geography/repository.ts';
import { quarterOf } from './rules.ts';

const DAY = 86_400_000;
const code = (k: number) => `R${String(k).padStart(10, '0')}`;

describe.each(BACKENDS)('cabinet report: connect, directory and networks sections (%s)', (backend) => {
  let t: TestApp;
  let viewer: Client;
  let url: string;

  beforeAll(async () => {
    t = await createTestApp(backend);
    const now = t.container.deps.clock();
    url = `/c/council-a/plans/report?quarter=${quarterOf(now)}`;
    const council = t.council().id;
    const officer = t.actor('officer');
    const analyst = t.actor('analyst');
    // Two wards of 1,000 residents each (two small areas of 500).
    await upsertAreas(t.db, [
      { code: 'X08000001', name: 'A Borough', level: 'lad' },
      { code: 'X05000001', name: 'Abbey', level: 'ward' },
      { code: 'X05000002', name: 'Brook', level: 'ward' },
      ...[0, 1, 2, 3].map((k) => ({ code: `X0100000${k}`, name: `S${k}`, level: 'lsoa' as const })),
    ]);
    await upsertLinks(t.db, [
      { child: 'X05000001', parent: 'X08000001', parentLevel: 'lad' },
      { child: 'X05000002', parent: 'X08000001', parentLevel: 'lad' },
      ...[0, 1, 2, 3].map((k) => ({
        child: `X0100000${k}`,
        parent: k < 2 ? 'X05000001' : 'X05000002',
        parentLevel: 'ward' as const,
      })),
    ]);
    await upsertDataset(t.db, {
      code: 'test_eth',
      name: 'Test census',
      source: 'test',
      period: '2021',
      categories: ['A'],
    });
    await upsertPopulation(
      t.db,
      'test_eth',
      [0, 1, 2, 3].map((k) => ({ area_code: `X0100000${k}`, total: 500, counts: [500] })),
    );

    // ESOL: six learners waiting 10 to 60 days.
    const esol = await t.services.connect.programmes.create(officer, { kind: 'esol', name: 'ESOL east', maxKm: 5 });
    for (const d of [10, 20, 30, 40, 50, 60])
      await t.db.query(
        `insert into connect_people (council_id, programme_id, reference, level, slots, x, y, joined_on)
         values ($1, $2, $3, 'E1', '{Mon-AM}', 400000, 300000, $4)`,
        [council, esol, `L${d}`, new Date(now.getTime() - d * DAY).toISOString().slice(0, 10)],
      );
    // School linking: two classes 80 points apart, linked yesterday.
    const linking = await t.services.connect.programmes.create(officer, {
      kind: 'linking',
      name: 'Year 5 links',
      maxKm: 10,
    });
    const ids: string[] = [];
    for (const [c, school, share] of [
      ['A5', 'Alder', 0.9],
      ['B5', 'Birch', 0.1],
    ] as const)
      ids.push(
        (
          await t.db.query<{ id: string }>(
            `insert into connect_classes (council_id, programme_id, code, school, share, x, y)
             values ($1, $2, $3, $4, $5, 400000, 300000) returning id`,
            [council, linking, c, school, share],
          )
        )[0].id,
      );
    await t.db.query('update connect_classes set partner_id = $2 where id = $1', [ids[0], ids[1]]);
    await t.db.query('update connect_classes set partner_id = $2 where id = $1', [ids[1], ids[0]]);
    // Friendships: five pairs and one volunteer waiting, paired yesterday.
    const friends = await t.services.connect.programmes.create(officer, {
      kind: 'friendship',
      name: 'Tea and talk',
      maxKm: 3,
    });
    const volunteer = async (reference: string, side: string) =>
      (
        await t.db.query<{ id: string }>(
          `insert into connect_volunteers (council_id, programme_id, reference, side, slots, x, y)
           values ($1, $2, $3, $4, '{Mon-PM}', 400000, 300000) returning id`,
          [council, friends, reference, side],
        )
      )[0].id;
    for (let k = 1; k <= 5; k++) {
      const [o, y] = [await volunteer(`O${k}`, 'older'), await volunteer(`Y${k}`, 'younger')];
      await t.db.query('update connect_volunteers set partner_id = $2 where id = $1', [o, y]);
      await t.db.query('update connect_volunteers set partner_id = $2 where id = $1', [y, o]);
    }
    await volunteer('Y6', 'younger');
    await t.db.query('update connect_programmes set last_run_at = $2 where id = any($1::uuid[])', [
      [linking, friends],
      new Date(now.getTime() - DAY),
    ]);

    // The directory: one group whose 30 places all go to Abbey; Brook is a gap.
    const e = t.services.directory.entries;
    const org = await e.addOrganisation(officer, {
      name: 'Abbey Friends',
      description: '',
      email: null,
      website: null,
      partnerOrganisationId: null,
    });
    await e.addService(officer, org, {
      name: 'Coffee morning',
      description: '',
      status: 'active',
      email: null,
      url: null,
      minimumAge: null,
      maximumAge: null,
      capacity: 30,
      serves: [],
      areas: ['X05000001'],
      locations: [],
      terms: [],
      contacts: [],
      schedules: [],
    });

    // A network study: a ring of six, alternating groups, so every tie crosses (100%, against 60% by chance).
    const study = await t.services.networks.studies.create(analyst, {
      name: 'Abbey ties',
      areaCode: 'X05000001',
      description: '',
    });
    await t.services.networks.studies.storeNetwork(analyst, study, {
      nodes: [1, 2, 3, 4, 5, 6].map((k) => ({ code: code(k), attributes: { ethnic_group: k % 2 ? 'A' : 'B' } })),
      ties: [1, 2, 3, 4, 5, 6].map((k) => {
        const [a, b] = [k, (k % 6) + 1].sort((x, y) => x - y);
        return { from: code(a), to: code(b), relationship: null };
      }),
      attributes: ['ethnic_group'],
    });

    viewer = new Client(t.app);
    await viewer.signIn('viewer@a.test');
  });
  afterAll(async () => t?.close());

  /** The text of the page's tables, one line per row and cells joined by "|". */
  const rows = (html: string) =>
    [...html.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((m) =>
      [...m[1].matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => c[1].replace(/<[^>]+>/g, '').trim()).join('|'),
    );

  it('shows every section with its figures on the page', async () => {
    const res = await viewer.get(url);
    expect(res.statusCode).toBe(200);
    for (const heading of [
      'ESOL waiting lists',
      'School linking',
      'Intergenerational friendships',
      'Directory of community groups',
      'Community network studies',
    ])
      expect(res.body).toContain(`<h2 class="govuk-heading-m">${heading}</h2>`);
    const table = rows(res.body);
    // ESOL: 6 waiting, median of 10…60 days is 35.
    expect(table).toContain('ESOL east|6|0|0|0|35');
    // Linking: both classes, two schools, |0.9 − 0.1| = 80 points.
    expect(table.some((r) => r.startsWith('Year 5 links|2|2|2|80|'))).toBe(true);
    // Friendships: 5 pairs; 1 waiting is suppressed.
    expect(table.some((r) => r.startsWith('Tea and talk|5|fewer than 5|'))).toBe(true);
    // Directory: Abbey 30 places per 1,000, Brook none: median 15, Brook the gap.
    expect(table).toContain('Brook|1,000|0|0.0');
    expect(res.body).toContain('Wards with a provision gap: 1 of 2.');
    // Networks: 6 people, 6 ties, one part; every tie crosses, against 1 − (0.5² + 0.5²) = 50% by chance.
    expect(table).toContain('Abbey ties|Abbey|6|6|1|ethnic_group|100%|50%');
  });

  it('shows them in Welsh, and the PDF renders in both languages', async () => {
    const pdf = await viewer.get(`${url}&format=pdf`);
    expect(pdf.headers['content-type']).toContain('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    await viewer.get('/language/cy');
    const res = await viewer.get(url);
    expect(res.statusCode).toBe(200);
    for (const heading of ['Cysylltu ysgolion', 'Cyfeillgarwch rhwng cenedlaethau', 'Cyfeiriadur grwpiau cymunedol'])
      expect(res.body).toContain(heading);
    const table = rows(res.body);
    expect(table.some((r) => r.includes('Tea and talk') && r.includes('llai na 5'))).toBe(true);
    // Stored programme names are marked as English on the Welsh page.
    expect(res.body).toMatch(/<span lang="en">Year 5 links<\/span>/);
    const cyPdf = await viewer.get(`${url}&format=pdf`);
    expect(cyPdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    await viewer.get('/language/en');
  });
});
