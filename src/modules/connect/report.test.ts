/**
 * Connect's sections of the cabinet report on a real database: ESOL waiting lists and offers in the period, school
 * linking and friendships as their last run left them, small counts of people suppressed (and totals that would
 * give one away withheld), in English and Welsh.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../../../test/helpers/db.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';

const DAY = 86_400_000;

describe.each(BACKENDS)('connect cabinet report (%s)', (backend) => {
  let t: TestApp;
  let now: Date;
  const period = () => ({
    label: '2026-Q4',
    from: new Date(now.getTime() - 30 * DAY),
    to: new Date(now.getTime() + DAY),
  });

  beforeAll(async () => {
    t = await createTestApp(backend);
    now = t.container.deps.clock();
    const officer = t.actor('officer');
    const id = await t.services.connect.programmes.create(officer, { kind: 'esol', name: 'ESOL north', maxKm: 5 });
    const iso = (daysAgo: number) => new Date(now.getTime() - daysAgo * DAY).toISOString().slice(0, 10);
    const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * DAY);
    // Six waiting (10–60 days), two placed (70, 80), one offered, five accepted in the period, one declined.
    const rows: [string, string, Date | null, Date | null][] = [
      ...[10, 20, 30, 40, 50, 60].map((d): [string, string, Date | null, Date | null] => [
        'waiting',
        iso(d),
        null,
        null,
      ]),
      ['placed', iso(70), null, null],
      ['placed', iso(80), null, null],
      ['offered', iso(90), at(2), null],
      ...[100, 110, 120, 130, 140].map((d): [string, string, Date | null, Date | null] => [
        'accepted',
        iso(d),
        at(5),
        at(4),
      ]),
      ['declined', iso(150), at(6), at(3)],
    ];
    let i = 0;
    for (const [status, joined, offered, responded] of rows)
      await t.db.query(
        `insert into connect_people (council_id, programme_id, reference, level, slots, x, y, joined_on, status, offered_at, responded_at)
         values ($1, $2, $3, 'E1', '{Mon-AM}', 400000, 300000, $4, $5, $6, $7)`,
        [t.council().id, id, `L${++i}`, joined, status, offered, responded],
      );

    // School linking, run two days ago: North 5A (10%) – South 5A (70%), North 5B (25%) – East 5A (65%), and West
    // 5A (50%) left unlinked.
    const linking = await t.services.connect.programmes.create(officer, {
      kind: 'linking',
      name: 'School links',
      maxKm: 10,
    });
    const classId = async (code: string, school: string, share: number) =>
      (
        await t.db.query<{ id: string }>(
          `insert into connect_classes (council_id, programme_id, code, school, share, x, y)
           values ($1, $2, $3, $4, $5, 400000, 300000) returning id`,
          [t.council().id, linking, code, school, share],
        )
      )[0].id;
    const [n5a, s5a, n5b, e5a] = [
      await classId('N5A', 'North', 0.1),
      await classId('S5A', 'South', 0.7),
      await classId('N5B', 'North', 0.25),
      await classId('E5A', 'East', 0.65),
      await classId('W5A', 'West', 0.5),
    ];
    for (const [a, b] of [
      [n5a, s5a],
      [n5b, e5a],
    ])
      await t.db.query(
        `update connect_classes set partner_id = case id when $2::uuid then $3::uuid else $2::uuid end
          where council_id = $1 and id in ($2, $3)`,
        [t.council().id, a, b],
      );
    await t.db.query('update connect_programmes set last_run_at = $2 where id = $1', [linking, at(2)]);

    // Friendships, run two days ago: six older–younger pairs and three volunteers without a partner.
    const friends = await t.services.connect.programmes.create(officer, {
      kind: 'friendship',
      name: 'Good neighbours',
      maxKm: 3,
    });
    const volunteer = async (reference: string, side: string) =>
      (
        await t.db.query<{ id: string }>(
          `insert into connect_volunteers (council_id, programme_id, reference, side, slots, x, y)
           values ($1, $2, $3, $4, '{Mon-PM}', 400000, 300000) returning id`,
          [t.council().id, friends, reference, side],
        )
      )[0].id;
    for (let k = 1; k <= 6; k++) {
      const older = await volunteer(`O${k}`, 'older');
      const younger = await volunteer(`Y${k}`, 'younger');
      await t.db.query('update connect_volunteers set partner_id = $2 where id = $1', [older, younger]);
      await t.db.query('update connect_volunteers set partner_id = $2 where id = $1', [younger, older]);
    }
    for (const [reference, side] of [
      ['O7', 'older'],
      ['Y7', 'younger'],
      ['Y8', 'younger'],
    ])
      await volunteer(reference, side);
    await t.db.query('update connect_programmes set last_run_at = $2 where id = $1', [friends, at(2)]);
  });
  afterAll(async () => t?.close());

  const sections = async (lang = 'en', role: 'viewer' | 'adminB' = 'viewer') =>
    t.container.reportSections(t.actor(role), period(), lang);

  it('shows each ESOL waiting list with counts under 5 suppressed and medians of 5 or more people', async () => {
    const section = (await sections()).find((s) => s.key === 'connect.waitinglists');
    const today = now.toISOString().slice(0, 10);
    // 6 waiting and 2 placed: the total of 8 would give the suppressed 2 away, so it is not shown.
    expect(section?.paragraphs[0]).toBe(
      `ESOL programmes: 1. Learners waiting for a place on ${today}: not shown. Offers and answers are for 2026-Q4.`,
    );
    const [nowTable, flows] = section?.tables ?? [];
    expect(nowTable.caption).toBe(`Waiting lists on ${today}`);
    // Median days waited of the 8 still on the list (10…80): 45.
    expect(nowTable.rows).toEqual([['ESOL north', '6', 'fewer than 5', 'fewer than 5', '5', '45']]);
    // Offers sent in the period: 1 offered + 5 accepted + 1 declined = 7; median days to accept 96…136: 116.
    expect(flows.rows).toEqual([['ESOL north', '7', '5', 'fewer than 5', '116']]);
    expect(flows.caption).toBe('Offers and answers in 2026-Q4');
    expect(nowTable.stored?.[0]).toBe(true);
  });

  it('shows school linking: classes linked, schools involved and the mean contrast of linked pairs', async () => {
    const section = (await sections()).find((s) => s.key === 'connect.linking');
    const ran = new Date(now.getTime() - 2 * DAY).toISOString().slice(0, 10);
    // Contrasts |0.1 − 0.7| = 60 and |0.25 − 0.65| = 40 points: mean 50; 4 classes of North, South and East.
    expect(section?.tables[0].rows).toEqual([['School links', '5', '4', '3', '50', ran]]);
    expect(section?.paragraphs[0]).toBe(
      'School linking programmes: 1. Classes linked with a class of another school: 4; mean contrast of linked ' +
        "pairs: 50 percentage points. Links stand as each programme's last run by the end of 2026-Q4 made them.",
    );
  });

  it('shows friendship pairs made and volunteers waiting, suppressing fewer than 5', async () => {
    const section = (await sections()).find((s) => s.key === 'connect.friendships');
    const ran = new Date(now.getTime() - 2 * DAY).toISOString().slice(0, 10);
    expect(section?.tables[0].rows).toEqual([['Good neighbours', '6', 'fewer than 5', ran]]);
    // The one programme's 3 waiting would be its total: not shown.
    expect(section?.paragraphs[0]).toContain('Pairs made: 6. Volunteers waiting for a partner: not shown.');
  });

  it('leaves out programmes created after the quarter', async () => {
    const past = { label: '2026-Q1', from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-04-01T00:00:00Z') };
    const old = await t.container.reportSections(t.actor('viewer'), past, 'en');
    // Every programme here was created after 2026-Q1 (the test's clock is today's date, later than that).
    expect(old.filter((s) => s.key.startsWith('connect.'))).toEqual([]);
  });

  it('is in Welsh on a Welsh report, and absent for a council without programmes', async () => {
    const cy = await sections('cy');
    expect(cy.map((s) => s.key).filter((k) => k.startsWith('connect.'))).toEqual([
      'connect.waitinglists',
      'connect.linking',
      'connect.friendships',
    ]);
    const esol = cy.find((s) => s.key === 'connect.waitinglists');
    expect(esol?.title).toBe('Rhestrau aros ESOL');
    expect(esol?.tables[0].rows[0][2]).toBe('llai na 5');
    expect(cy.find((s) => s.key === 'connect.linking')?.title).toBe('Cysylltu ysgolion');
    expect(cy.find((s) => s.key === 'connect.friendships')?.tables[0].rows[0][2]).toBe('llai na 5');
    const other = await sections('en', 'adminB');
    expect(other.filter((s) => s.key.startsWith('connect.'))).toEqual([]);
  });
});
