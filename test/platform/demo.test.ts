/**
 * The demo council's invariants: every figure agrees with its parts, so an analyst can trust what the demo
 * shows. Built once on a fresh PGlite database with a fixed clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OutboxEmailSender } from '../../src/clients/email.ts';
import { randomUUID } from 'node:crypto';
import { createContainer, type Container } from '../../src/app/container.ts';
import type { Actor, Council } from '../../src/kernel/actor.ts';
import { DEMO_DATASET, DEMO_DATASET_ADULTS, seedDemo } from '../../src/app/demo.ts';
import type { Db } from '../../src/db/index.ts';
import { testDb } from '../helpers/db.ts';
import { testConfig } from '../helpers/app.ts';
import { DEMO_NETWORK_SURVEY } from '../../src/modules/survey/demo-network.ts';

const NOW = new Date('2026-12-02T10:00:00Z');
let db: Db;
let tenant = '';
let lad = '';
let container: Container;

const rows = async <T>(sql: string, params: unknown[] = []) => db.query<T>(sql, params);

beforeAll(async () => {
  db = await testDb('pglite');
  const config = testConfig();
  container = createContainer({
    db,
    config,
    email: new OutboxEmailSender(mkdtempSync(join(tmpdir(), 'demo-outbox-'))),
    clock: () => NOW,
  });
  await seedDemo(container);
  const [c] = await rows<{ id: string; area_code: string }>(`select id, area_code from councils where slug = 'demo'`);
  tenant = c.id;
  lad = c.area_code;
}, 300_000);

afterAll(async () => {
  await db.close();
});

describe('the demo council', () => {
  it('counts exactly the sum of its wards in every census table, and fewer people aged 16 and over', async () => {
    for (const dataset of [DEMO_DATASET, DEMO_DATASET_ADULTS]) {
      const [council] = await rows<{ total: number }>(
        `select total from population_counts where dataset = $1 and area_code = $2`,
        [dataset, lad],
      );
      const [wards] = await rows<{ total: number }>(
        `select sum(p.total)::float8 as total from population_counts p
           join area_links l on l.child_code = p.area_code and l.parent_code = $2
           join areas a on a.code = p.area_code and a.level = 'ward'
          where p.dataset = $1`,
        [dataset, lad],
      );
      expect(Number(council.total)).toBe(Number(wards.total));
    }
    const totals = await rows<{ dataset: string; total: number }>(
      `select dataset, total from population_counts where area_code = $1`,
      [lad],
    );
    const all = Number(totals.find((t) => t.dataset === DEMO_DATASET)?.total);
    const adults = Number(totals.find((t) => t.dataset === DEMO_DATASET_ADULTS)?.total);
    expect(adults).toBeGreaterThan(0.6 * all);
    expect(adults).toBeLessThan(0.9 * all);
  });

  it("gives each census indicator the council value of its wards' pooled counts, on each census's own population", async () => {
    const values = await rows<{
      code: string;
      area_code: string;
      level: string;
      period: string;
      value: number;
      numerator: number;
      denominator: number;
    }>(
      `select i.code, v.area_code, a.level, v.period, v.value, v.numerator, v.denominator
         from indicator_values v join indicators i on i.id = v.indicator_id join areas a on a.code = v.area_code
        where v.council_id = $1 and i.code in ('lg_inform.english_proficiency', 'lg_inform.economic_inactivity',
              'lg_inform.migration') and v.group_code = 'all' and (a.level = 'ward' or v.area_code = $2)`,
      [tenant, lad],
    );
    let checked = 0;
    for (const code of ['lg_inform.english_proficiency', 'lg_inform.economic_inactivity', 'lg_inform.migration']) {
      const denominators: number[] = [];
      for (const period of ['2011', '2021']) {
        const wards = values.filter((v) => v.code === code && v.period === period && v.level === 'ward');
        const council = values.find((v) => v.code === code && v.period === period && v.area_code === lad);
        expect(wards.length).toBe(15);
        if (!council) throw new Error(`no council value for ${code} ${period}`);
        const num = wards.reduce((s, w) => s + Number(w.numerator), 0);
        const den = wards.reduce((s, w) => s + Number(w.denominator), 0);
        expect(Number(council.numerator)).toBe(num);
        expect(Number(council.denominator)).toBe(den);
        expect(Number(council.value)).toBeCloseTo((100 * num) / den, 9);
        const wardValues = wards.map((w) => Number(w.value));
        expect(Number(council.value)).toBeGreaterThanOrEqual(Math.min(...wardValues));
        expect(Number(council.value)).toBeLessThanOrEqual(Math.max(...wardValues));
        denominators.push(den);
        checked++;
      }
      expect(denominators[1]).toBeGreaterThan(denominators[0]); // the 2021 census counts more people
    }
    expect(checked).toBe(6);
  });

  it('puts every whole-population scorecard value within the range of its groups', async () => {
    const values = await rows<{ code: string; period: string; group_code: string; value: number }>(
      `select i.code, v.period, v.group_code, v.value from indicator_values v join indicators i on i.id = v.indicator_id
        where v.council_id = $1 and v.area_code = $2 and i.code like 'scorecard.%'`,
      [tenant, lad],
    );
    const keys = new Set(values.filter((v) => v.group_code !== 'all').map((v) => `${v.code}|${v.period}`));
    expect(keys.size).toBeGreaterThan(5);
    for (const key of keys) {
      const [code, period] = key.split('|');
      const groups = values.filter((v) => v.code === code && v.period === period && v.group_code !== 'all');
      const all = values.find((v) => v.code === code && v.period === period && v.group_code === 'all');
      if (!all) throw new Error(`no whole-population value for ${key}`);
      expect(Number(all.value)).toBeGreaterThanOrEqual(Math.min(...groups.map((g) => Number(g.value))));
      expect(Number(all.value)).toBeLessThanOrEqual(Math.max(...groups.map((g) => Number(g.value))));
    }
  });

  it('weights the survey of residents aged 16 and over to the population aged 16 and over', async () => {
    const [adults] = await rows<{ total: number }>(
      `select total from population_counts where dataset = $1 and area_code = $2`,
      [DEMO_DATASET_ADULTS, lad],
    );
    const waves = await rows<{ id: string; name: string; weighted: number; margin: number }>(
      `select w.id, w.name,
              (select sum(weight) from survey_responses r where r.wave_id = w.id and r.completed_at is not null) as weighted,
              (select sum(population) from survey_margins m where m.wave_id = w.id and m.variable = 'ward') as margin
         from survey_waves w where w.council_id = $1 and w.weighted_at is not null`,
      [tenant],
    );
    expect(waves.length).toBe(3);
    for (const w of waves) {
      expect(Number(w.margin)).toBe(Number(adults.total));
      expect(Math.abs(Number(w.weighted) - Number(adults.total)) / Number(adults.total)).toBeLessThan(0.001);
    }
    const margins = await rows<{ variable: string; total: number }>(
      `select variable, sum(population)::float8 as total from survey_margins m
         join survey_waves w on w.id = m.wave_id where w.council_id = $1 group by m.wave_id, variable`,
      [tenant],
    );
    for (const m of margins) expect(Number(m.total)).toBe(Number(adults.total));
  });

  it('shows the latest survey headline and four key indicators on the overview', async () => {
    const [council] = await rows<Council>(
      `select id, slug, name, area_code as "areaCode", is_demo as "isDemo", settings from councils where slug = 'demo'`,
    );
    const actor: Actor = { council, userId: randomUUID(), role: 'analyst', organisationId: null, via: 'web' };
    const panels = await container.panels(actor);
    const survey = panels.find((p) => p.template.startsWith('survey/'));
    const insight = panels.find((p) => p.template.startsWith('insight/'));
    expect((survey?.data.wave as { name: string }).name).toBe('Autumn 2025');
    expect((survey?.data.estimate as { estimate: number }).estimate).toBeGreaterThan(0.5);
    expect((insight?.data.rows as unknown[]).length).toBe(4);
    expect(panels.some((p) => p.template.startsWith('tensions/'))).toBe(true);
  });

  it('dates the survey waves relative to today: closed waves ended, the open wave is open now and ends soon', async () => {
    const waves = await rows<{ survey: string; name: string; status: string; starts_on: string; ends_on: string }>(
      `select s.name as survey, w.name, w.status, w.starts_on::text, w.ends_on::text
         from survey_waves w join surveys s on s.id = w.survey_id where w.council_id = $1 order by w.starts_on`,
      [tenant],
    );
    const today = NOW.toISOString().slice(0, 10);
    const inAYear = new Date(NOW.getTime() + 365 * 86_400_000).toISOString().slice(0, 10);
    // The residents' survey, and the network survey of one ward (closed, its fieldwork a few weeks ago).
    expect(waves.filter((w) => w.survey !== DEMO_NETWORK_SURVEY).map((w) => w.name)).toEqual([
      'Autumn 2023',
      'Autumn 2024',
      'Autumn 2025',
      'Winter 2026 online',
    ]);
    expect(waves.filter((w) => w.survey === DEMO_NETWORK_SURVEY).map((w) => w.status)).toEqual(['closed']);
    for (const w of waves) {
      if (w.status === 'closed') expect(w.ends_on < today).toBe(true);
      else {
        expect(w.status).toBe('open');
        expect(w.starts_on <= today && today <= w.ends_on).toBe(true);
      }
      expect(w.ends_on < inAYear).toBe(true);
    }
  });
});
