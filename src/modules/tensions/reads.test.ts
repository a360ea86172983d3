import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../../../test/helpers/db.ts';
import { Client, createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { publicActor } from '../../kernel/actor.ts';
import { isoWeek } from '../../stats/tension.ts';
import { upsertAreas, upsertLinks } from '../geography/repository.ts';
import { reportInput } from './model.ts';
import * as repo from './repository/index.ts';

const WARDS = [
  { code: 'X05000001', name: 'Riverside' },
  { code: 'X05000002', name: 'Hilltop' },
];

/**
 * Reads never write: the picture and the overview's tension panel, opened in a week with no stored levels,
 * show levels worked out in memory, store nothing, send nothing, and queue the recompute job, which then
 * stores the levels and sends the alert.
 */
describe.each(BACKENDS)('tension pages are reads (%s)', (backend) => {
  let t: TestApp;

  const count = async (table: string) =>
    (await t.db.query<{ n: number }>(`select count(*)::int as n from ${table}`))[0].n;

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
    const a = t.seeded.councils.a.id;
    // A low threshold and a monitoring group, so a recompute in a read would have something to send.
    await repo.saveSettings(t.db, a, {
      ...repo.DEFAULT_SETTINGS,
      alert_level: 2,
      monitoring_group: 'group@a.test',
    });
    for (let i = 0; i < 4; i++)
      await t.services.tensions.intake.submit(
        publicActor(t.council('a')),
        reportInput.parse({
          what: `Abuse outside the shops (test ${i})`,
          location: 'Riverside',
          happenedOn: new Date().toISOString().slice(0, 10),
          ongoing: 'no',
          motivations: ['race'],
          reporterRole: 'witness',
          contact: 'no',
        }),
        `reads-key-${String(i).padStart(10, '0')}`,
      );
  });
  afterAll(() => t.close());

  it('GET the picture and the overview: levels shown, nothing stored, no email, the recompute job queued', async () => {
    // The intake asked for a recompute after each report; forget that, to see what the pages ask for.
    await new Promise((resolve) => setTimeout(resolve, 50));
    await t.db.query('delete from job_queue');
    const emailsBefore = (await t.outbox.list()).length;
    const settingsBefore = await count('tension_settings');
    const officer = new Client(t.app);
    await officer.signIn('officer@a.test');

    const picture = await officer.get('/c/council-a/tensions');
    expect(picture.statusCode).toBe(200);
    // Four reports in Riverside this week: worked out now for display (level 4, high).
    const riverside = /Riverside<\/a>[\s\S]*?<\/tr>/.exec(picture.body)?.[0] ?? '';
    expect(riverside).toContain('4 High');

    const overview = await officer.get('/c/council-a');
    expect(overview.statusCode).toBe(200);
    expect(overview.body).toContain('/c/council-a/tensions/wards/X05000001');

    const viewerB = new Client(t.app);
    await viewerB.signIn('administrator@b.test');
    expect((await viewerB.get('/c/council-b/tensions')).statusCode).toBe(200);
    expect((await viewerB.get('/c/council-b')).statusCode).toBe(200);

    expect(await count('tension_levels')).toBe(0);
    expect(await count('tension_alerts')).toBe(0);
    expect(await count('tension_alert_state')).toBe(0);
    expect(await count('tension_settings')).toBe(settingsBefore);
    expect((await t.outbox.list()).length).toBe(emailsBefore);
    const queued = await t.db.query<{ key: string }>(`select key from job_queue where name = 'tensions.recompute'`);
    expect(queued.map((q) => q.key)).toContain(t.seeded.councils.a.id);

    // The job does the work the page did not: levels stored, the threshold crossed once, one email, in the
    // council's language (a Welsh council's staff get the catalogue's Welsh).
    await t.db.query(`update councils set settings = '{"contentLanguage":"cy"}'::jsonb where id = $1`, [
      t.seeded.councils.a.id,
    ]);
    const job = t.container.jobs.find((j) => j.name === 'tensions.recompute');
    await job?.run({ key: t.seeded.councils.a.id, now: new Date() });
    const levels = await repo.levelsForWeek(t.db, t.seeded.councils.a.id, isoWeek(new Date()));
    expect(levels.find((l) => l.ward_code === 'X05000001')?.final_level).toBe(4);
    expect(await count('tension_alerts')).toBe(1);
    const emails = (await t.outbox.list()).slice(emailsBefore);
    expect(emails.map((m) => m.to)).toEqual(['group@a.test']);
    expect(emails[0].subject).toMatch(/^Rhybudd tensiwn: mae Riverside ar lefel /);
    expect(emails[0].body).toContain("grŵp monitro tensiynau'r cyngor");
  });
});
