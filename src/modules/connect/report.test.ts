/** Connect's section of the cabinet report: waiting lists now and offers in the period, small counts suppressed. */
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
  });
  afterAll(async () => t?.close());

  it('shows each ESOL waiting list with counts under 5 suppressed and medians of 5 or more people', async () => {
    const section = await t.container.modules
      .find((m) => m.name === 'connect')
      ?.report?.(t.actor('viewer'), period(), 'en');
    expect(section?.key).toBe('connect.waitinglists');
    expect(section?.paragraphs[0]).toContain('ESOL programmes: 1. Learners waiting for a place now: 8.');
    const [nowTable, flows] = section?.tables ?? [];
    // Median days waited of the 8 still on the list (10…80): 45.
    expect(nowTable.rows).toEqual([['ESOL north', '6', 'fewer than 5', 'fewer than 5', '5', '45']]);
    // Offers sent in the period: 1 offered + 5 accepted + 1 declined = 7; median days to accept 96…136: 116.
    expect(flows.rows).toEqual([['ESOL north', '7', '5', 'fewer than 5', '116']]);
    expect(flows.caption).toBe('Offers and answers in 2026-Q4');
  });

  it('is in Welsh on a Welsh report, and absent for a council without ESOL programmes', async () => {
    const cy = await t.container.reportSections(t.actor('viewer'), period(), 'cy');
    const section = cy.find((s) => s.key === 'connect.waitinglists');
    expect(section?.title).toBe('Rhestrau aros ESOL');
    expect(section?.tables[0].rows[0][2]).toBe('llai na 5');
    const other = await t.container.reportSections(t.actor('adminB'), period(), 'en');
    expect(other.find((s) => s.key === 'connect.waitinglists')).toBeUndefined();
  });
});
