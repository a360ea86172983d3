/**
 * Networks' section of the cabinet report: headline figures of a hand-made network (worked by hand below), and
 * the section on a real database: studies recorded in the quarter only, in aggregate, small studies suppressed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../../../test/helpers/db.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { upsertAreas, upsertLinks } from '../geography/repository.ts';
import type { StoredNode } from './model.ts';
import { studyHeadline } from './report.ts';

const DAY = 86_400_000;
const code = (k: number) => `R${String(k).padStart(10, '0')}`;
// Seven people: 1, 2, 5 in group A; 3, 4, 6 in B; 7 with no group recorded. 6 is alone.
const GROUPS = ['A', 'A', 'B', 'B', 'A', 'B', ''];
const NODES: StoredNode[] = GROUPS.map((g, i) => ({
  code: code(i + 1),
  attributes: g ? { ethnic_group: g } : ({} as Record<string, string>),
}));
const TIES = [
  [1, 2],
  [2, 3],
  [3, 4],
  [4, 5],
  [1, 5],
  [5, 7],
].map(([a, b]) => ({ from: code(a), to: code(b), relationship: null }));

describe('study headline', () => {
  it('counts people, ties and separate parts, and the share of ties crossing group lines against chance', () => {
    const h = studyHeadline(NODES, TIES, 'ethnic_group');
    expect(h).toMatchObject({ people: 7, ties: 6, components: 2 });
    // 5–7 is left out (7 has no group). Of the 5 ties left, 2–3 and 4–5 cross: 40%. Tie-ends: A 6, B 4 of 10,
    // so chance gives 1 − (0.6² + 0.4²) = 48%.
    expect(h.mixing?.ties).toBe(5);
    expect(h.mixing?.observed).toBeCloseTo(0.4, 12);
    expect(h.mixing?.expected).toBeCloseTo(0.48, 12);
    expect(studyHeadline(NODES, TIES, null).mixing).toBeNull();
    expect(studyHeadline(NODES.slice(0, 2), [], 'ethnic_group')).toEqual({
      people: 2,
      ties: 0,
      components: 2,
      mixing: null,
    });
  });
});

describe.each(BACKENDS)('networks cabinet report (%s)', (backend) => {
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
    await upsertAreas(t.db, [
      { code: 'X08000001', name: 'A Borough', level: 'lad' },
      { code: 'X05000001', name: 'Riverside', level: 'ward' },
    ]);
    await upsertLinks(t.db, [{ child: 'X05000001', parent: 'X08000001', parentLevel: 'lad' }]);
    const s = t.services.networks.studies;
    const analyst = t.actor('analyst');
    const riverside = await s.create(analyst, { name: 'Riverside ties', areaCode: 'X05000001', description: '' });
    await s.storeNetwork(analyst, riverside, { nodes: NODES, ties: TIES, attributes: ['ethnic_group'] });
    const tiny = await s.create(analyst, { name: 'Tiny study', areaCode: null, description: '' });
    await s.storeNetwork(analyst, tiny, {
      nodes: NODES.slice(0, 3),
      ties: TIES.slice(0, 2),
      attributes: ['ethnic_group'],
    });
    await s.create(analyst, { name: 'Not recorded yet', areaCode: null, description: '' });
  });
  afterAll(async () => t?.close());

  const section = async (p = period(), lang = 'en', role: 'viewer' | 'adminB' = 'viewer') =>
    (await t.container.reportSections(t.actor(role), p, lang)).find((s) => s.key === 'networks.studies');

  it('shows each study recorded in the quarter in aggregate, a study of fewer than 5 people suppressed', async () => {
    const s = await section();
    expect(s?.paragraphs[0]).toBe(
      'Network studies recorded in 2026-Q4: 2. Figures are for the whole network of each study, never for a person.',
    );
    expect(s?.tables[0].rows).toEqual([
      ['Riverside ties', 'Riverside', '7', '6', '2', 'ethnic_group', '40%', '48%'],
      ['Tiny study', 'The whole council area', 'fewer than 5', '–', '–', '–', '–', '–'],
    ]);
    expect(JSON.stringify(s)).not.toContain('R0000');
  });

  it('has no section for a quarter without a study recorded, in Welsh too, nor for another council', async () => {
    const past = { label: '2026-Q1', from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-04-01T00:00:00Z') };
    expect(await section(past)).toBeUndefined();
    const cy = await section(period(), 'cy');
    expect(cy?.title).toBe('Astudiaethau rhwydweithiau cymunedol');
    expect(cy?.tables[0].rows[1][2]).toBe('llai na 5');
    expect(await section(period(), 'en', 'adminB')).toBeUndefined();
  });
});
