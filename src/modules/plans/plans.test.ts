import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../../../test/helpers/db.ts';
import { Client, createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { translator } from '../../i18n/index.ts';
import { readCsvBuffer, type CsvRecord } from '../../lib/csv.ts';
import { upsertAreas, upsertLinks } from '../geography/repository.ts';
import type { PlansServices } from './index.ts';
import { ActionImportError } from './services/csv.ts';
import { quarterPeriod } from './rules.ts';
import type { ActionInput } from './services/actions.ts';
import { signalArea } from './present.ts';

const WARDS = [
  { code: 'X05000001', name: 'Riverside' },
  { code: 'X05000002', name: 'Hilltop' },
];

describe.each(BACKENDS)('plans (%s)', (backend) => {
  let t: TestApp;
  let svc: PlansServices;
  let planId: string;
  let outcomeId: string;
  let actionId: string;
  let otherActionId: string;
  let officer: Client;
  let partner: Client;
  let viewer: Client;

  const base = (o: Partial<ActionInput> = {}): ActionInput => ({
    outcomeId,
    title: 'Youth football in Riverside',
    description: '',
    ownerUserId: null,
    organisationId: null,
    leadOfficer: '',
    areaCodes: [],
    startOn: null,
    dueOn: null,
    budget: null,
    status: 'not_started',
    rag: null,
    ragReason: '',
    progress: 0,
    weight: 1,
    ...o,
  });

  beforeAll(async () => {
    t = await createTestApp(backend);
    svc = t.services.plans;
    await upsertAreas(t.db, [
      { code: 'X08000001', name: 'A Borough', level: 'lad' },
      ...WARDS.map((w) => ({ ...w, level: 'ward' as const })),
    ]);
    await upsertLinks(
      t.db,
      WARDS.map((w) => ({ child: w.code, parent: 'X08000001', parentLevel: 'lad' as const })),
    );
    // An indicator with values for Riverside: 40 at baseline (2023), 46 then 52 (interval ± 2).
    await t.db.transaction(async (tx) => {
      const id = await t.services.insight.indicators.ensure(tx, t.council().id, {
        code: 'trust_neighbours',
        name: 'Trust in neighbours',
        framework: 'survey',
        domain: 'trust',
        unit: 'proportion',
        higherIsBetter: true,
        source: 'test',
        geographyLevel: 'ward',
        breakdowns: [],
        description: '',
      });
      await t.services.insight.indicators.publish(
        tx,
        t.council().id,
        id,
        [
          { areaCode: 'X05000001', period: '2023', value: 40, ciLow: 38, ciHigh: 42 },
          { areaCode: 'X05000001', period: '2024', value: 46, ciLow: 44, ciHigh: 48 },
          { areaCode: 'X05000001', period: '2025', value: 52, ciLow: 50, ciHigh: 54 },
        ],
        'test',
      );
    });
    officer = new Client(t.app);
    partner = new Client(t.app);
    viewer = new Client(t.app);
    await officer.signIn('officer@a.test');
    await partner.signIn('partner@a.test');
    await viewer.signIn('viewer@a.test');
  });
  afterAll(() => t.close());

  it('creates a plan from Cantle’s domains, versioning and auditing every change', async () => {
    const actor = t.actor('officer');
    planId = await svc.plans.create(
      actor,
      { title: 'Integration plan 2026', periodStart: '2026-01-01', periodEnd: '2028-12-31' },
      translator('en'),
    );
    const s = await svc.plans.structure(t.council(), planId);
    expect(s?.domains.map((d) => d.title)).toEqual([
      'New arrivals',
      'Learning to live together',
      'A positive narrative',
      'Segregation in schools, workplaces, housing and communities',
      'Economic integration',
    ]);
    expect(s?.plan.version).toBe(6); // the plan and five domains
    const domainId = s?.domains[1].id ?? '';
    outcomeId = await svc.plans.addOutcome(actor, domainId, {
      title: 'People trust their neighbours',
      description: '',
    });
    await svc.plans.update(actor, planId, {
      title: 'Integration plan 2026',
      periodStart: '2026-01-01',
      periodEnd: '2028-12-31',
      status: 'active',
      published: true,
    });
    const changes = await svc.plans.changes(t.council(), planId);
    expect(changes[0]).toMatchObject({ version: 8, record_type: 'plan', change: 'updated' });
    const audit = await t.db.query<{ n: number }>(
      `select count(*)::int as n from audit_log where council_id = $1 and action like 'plans.%'`,
      [t.council().id],
    );
    expect(audit[0].n).toBe(8);
  });

  it('raises an action from a ward’s tension picture and links back to it', async () => {
    const actor = t.actor('officer');
    const signal = { kind: 'tensions.ward', id: 'X05000001' };
    actionId = await svc.actions.create(
      actor,
      base({ organisationId: t.seeded.organisations.a, areaCodes: ['X05000001'], dueOn: '2026-03-31' }),
      signal,
    );
    otherActionId = await svc.actions.create(actor, base({ title: 'Welcome packs', weight: 3 }));
    const offered = t.container.deps.links.actionsFrom(actor, signal);
    expect(offered).toEqual([
      { labelKey: 'plans.signal.addAction', href: '/c/council-a/plans/actions/new?signal=tensions.ward%3AX05000001' },
    ]);
    const back = await t.container.deps.links.backlinks(actor, signal);
    expect(back.map((b) => b.id)).toEqual([actionId]);
    // The ward resolves through the tensions module's provider.
    const [ward] = await t.container.deps.links.resolve(actor, [signal]);
    expect(ward).toMatchObject({ label: 'Riverside', href: '/c/council-a/tensions/wards/X05000001' });
    // A viewer is offered nothing; a partner sees only its organisation's action.
    expect(t.container.deps.links.actionsFrom(t.actor('viewer'), signal)).toEqual([]);
    expect((await svc.actions.list(t.actor('partner'))).map((a) => a.id)).toEqual([actionId]);
  });

  it('lets a partner update only its organisation’s actions', async () => {
    await svc.actions.recordProgress(t.actor('partner'), actionId, {
      status: 'in_progress',
      rag: 'amber',
      ragReason: 'Pitch booking delayed',
      progress: 40,
      note: 'Two sessions held',
    });
    await expect(
      svc.actions.recordProgress(t.actor('partner'), otherActionId, {
        status: 'completed',
        rag: null,
        ragReason: '',
        progress: 100,
        note: '',
      }),
    ).rejects.toThrow('errors.notFound');
    await expect(
      svc.actions.recordProgress(t.actor('officer'), actionId, {
        status: 'in_progress',
        rag: 'red',
        ragReason: ' ',
        progress: 40,
        note: '',
      }),
    ).rejects.toThrow('plans.errors.ragReason');
    const a = await svc.actions.action(t.actor('officer'), actionId);
    expect(a).toMatchObject({ status: 'in_progress', rag: 'amber', progress: 40 });
    expect((await svc.actions.updates(t.council(), actionId)).map((u) => u.note)).toContain('Two sessions held');
  });

  it('measures progress from insight values with the status rule, and an override with a reason', async () => {
    const actor = t.actor('officer');
    const id = await svc.measures.add(actor, outcomeId, {
      indicatorCode: 'trust_neighbours',
      areaCodes: ['X05000001'],
      clusterId: null,
      baselinePeriod: '2023',
      baselineValue: 40,
      targetValue: 60,
      targetDate: '2028-12-31',
      direction: 'increase',
    });
    const plan = await svc.plans.plan(t.council(), planId);
    const m = await svc.measures.measure(t.council(), id);
    if (!plan || !m) throw new Error('missing');
    const v = await svc.measures.assess(t.council(), plan, m);
    const [area] = v.areas;
    expect(area.current).toBe(52);
    expect(area.change).toBe(12);
    expect(area.distance).toBe(8);
    expect(area.achieved).toBeCloseTo(0.6);
    expect(area.changeLow).not.toBeNull();
    expect(area.changeLow ?? 0).toBeGreaterThan(0);
    expect(v.status).toBe('on_track');
    await expect(svc.measures.override(actor, id, 'at_risk', '')).rejects.toThrow('plans.errors.overrideReason');
    await svc.measures.override(actor, id, 'at_risk', 'Survey sample was small');
    const after = await svc.measures.measure(t.council(), id);
    if (!after) throw new Error('missing');
    expect((await svc.measures.assess(t.council(), plan, after)).status).toBe('at_risk');
    await expect(
      svc.measures.add(actor, outcomeId, {
        ...{ indicatorCode: 'nope' },
        areaCodes: [],
        clusterId: null,
        baselinePeriod: '2023',
        baselineValue: 1,
        targetValue: 2,
        targetDate: '2028-01-01',
        direction: 'increase',
      }),
    ).rejects.toThrow('plans.errors.indicator');
  });

  it('round-trips actions through CSV without changes, and rejects a broken CSV listing every bad row', async () => {
    const actor = t.actor('officer');
    const csv = await svc.csv.exportCsv(actor);
    const { header, rows } = await parse(csv);
    const versionBefore = (await svc.plans.plan(t.council(), planId))?.version;
    const out = await svc.csv.importRows(actor, header, rows);
    expect(out).toEqual({ created: 0, updated: 0, unchanged: 2 });
    expect((await svc.plans.plan(t.council(), planId))?.version).toBe(versionBefore);
    expect(await svc.csv.exportCsv(actor)).toBe(csv);

    const broken = rows.map((r, i) => ({
      line: r.line,
      values: r.values,
      record:
        i === 0 ? { ...r.record, progress: '140' } : { ...r.record, organisation: 'Nobody Ltd', title: 'Changed' },
    }));
    const err = await svc.csv.importRows(actor, header, broken).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ActionImportError);
    expect((err as ActionImportError).problems.map((p) => [p.line, p.key])).toEqual([
      [2, 'plans.csv.errors.field'],
      [3, 'plans.csv.errors.organisation'],
    ]);
    expect(await svc.csv.exportCsv(actor)).toBe(csv);

    const edited = rows.map((r, i) => ({ ...r, record: i === 1 ? { ...r.record, progress: '55' } : r.record }));
    expect(await svc.csv.importRows(actor, header, edited)).toEqual({ created: 0, updated: 1, unchanged: 1 });
  });

  it('builds the quarterly report with roll-up, completed and slipped actions', async () => {
    const period = quarterPeriod('2026-Q1');
    if (!period) throw new Error('bad quarter');
    const now = new Date();
    const r = await t.services.plans.report.cabinet(
      t.actor('viewer'),
      quarterPeriod(`${now.getUTCFullYear()}-Q${Math.floor(now.getUTCMonth() / 3) + 1}`) ?? period,
      'en',
    );
    expect(r.plans).toHaveLength(1);
    const outcome = r.plans[0].domains[1].outcomes[0];
    // Weighted mean: (1 × 40 + 3 × 55) / 4.
    expect(outcome.progress).toBeCloseTo((40 + 3 * 55) / 4);
    expect(outcome.rag).toBe('amber');
    expect(r.signals).toEqual([{ kind: 'tensions.ward', count: 1 }]);
  });

  it('copies a plan forward with its open actions', async () => {
    const id = await svc.plans.copyForward(t.actor('officer'), planId, {
      title: 'Integration plan 2029',
      periodStart: '2029-01-01',
      periodEnd: '2031-12-31',
    });
    const s = await svc.plans.structure(t.council(), id);
    expect(s?.domains).toHaveLength(5);
    expect(s?.measures).toHaveLength(1);
    expect(s?.actions.map((a) => a.reference).sort()).toEqual(['A-001', 'A-002']);
    expect(s?.plan.copied_from).toBe(planId);
  });

  it('serves the pages by role, pre-fills an action from a signal and shows the published page publicly', async () => {
    const p = '/c/council-a/plans';
    expect((await officer.get(`${p}/${planId}`)).statusCode).toBe(200);
    expect((await viewer.get(`${p}/outcomes/${outcomeId}`)).statusCode).toBe(200);
    expect((await viewer.get(`${p}/report`)).statusCode).toBe(200);
    expect((await partner.get(`${p}/report`)).statusCode).toBe(403);
    expect((await partner.get(`${p}/actions/${actionId}`)).statusCode).toBe(200);
    expect((await partner.get(`${p}/actions/${otherActionId}`)).statusCode).toBe(404);
    const form = await officer.get(`${p}/actions/new?signal=tensions.ward:X05000001`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('href="/c/council-a/tensions/wards/X05000001"');
    expect(form.body).toMatch(/value="X05000001"[^>]*checked/);
    const action = await officer.get(`${p}/actions/${actionId}`);
    expect(action.body).toContain('Riverside');
    const saved = await partner.post(`${p}/actions/${actionId}/progress`, {
      status: 'in_progress',
      rag: 'green',
      ragReason: '',
      progress: '70',
      note: 'Going well',
    });
    expect(saved.statusCode).toBe(303);
    const pub = await new Client(t.app).get(`/progress/council-a/${planId}`);
    expect(pub.statusCode).toBe(200);
    expect(pub.body).toContain('Youth football in Riverside');
    expect(pub.body).not.toContain('Pitch booking delayed');
    // Residents read the plan's period as dates, and a domain with nothing published yet says so.
    expect(pub.body).toContain('Progress of the plan for 1 January 2026 to 31 December 2028');
    expect(pub.body).toContain('No outcomes in this part of the plan have been published yet.');
    const pdf = await viewer.get(`${p}/report?format=pdf`);
    expect(pdf.headers['content-type']).toContain('application/pdf');
  });

  it('resolves signals of insight and the survey, and pre-fills the area from the signal', async () => {
    const links = t.container.deps.links;
    const gap = { kind: 'insight.gap', id: 'trust_neighbours~X05000001~asian' };
    const [target] = await links.resolve(t.actor('officer'), [gap]);
    expect(target).toMatchObject({ label: 'Trust in neighbours: gap for asian in Riverside' });
    expect(target.href).toBe('/c/council-a/insight/indicator?code=trust_neighbours&area=X05000001#gaps');
    expect(await links.resolve(t.actor('partner'), [gap])).toEqual([]);
    expect(await links.resolve(t.actor('officer'), [{ kind: 'survey.result', id: 'not-a-wave~q' }])).toEqual([]);
    expect(signalArea(gap)).toBe('X05000001');
    expect(signalArea({ kind: 'survey.result', id: 'w~trust~X05000002' })).toBe('X05000002');
    expect(signalArea({ kind: 'tensions.event', id: 'e' })).toBeNull();
  });

  it('keeps councils apart', async () => {
    const adminB = t.actor('adminB');
    expect(await svc.actions.action(adminB, actionId)).toBeUndefined();
    expect(await t.container.deps.links.resolve(adminB, [{ kind: 'plan.action', id: actionId }])).toEqual([]);
    expect(await svc.plans.structure(t.council('b'), planId)).toBeUndefined();
  });
});

/** Reads CSV text with the project's one reader. */
async function parse(csv: string) {
  let header: string[] = [];
  const rows: CsvRecord[] = [];
  for await (const r of readCsvBuffer(Buffer.from(csv), { onHeader: (c) => (header = [...c]) })) rows.push(r);
  return { header, rows };
}
