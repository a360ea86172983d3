/**
 * Commissioning on a real database: programmes and the checklist, grants with links through the registry (a
 * fake plans provider stands in for the plans module), partner scoping, council isolation, the cabinet report
 * section, 360Giving export validated against the standard's schemas, and CSV and JSON round trips.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../../../test/helpers/db.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import type { Actor } from '../../kernel/actor.ts';
import { DomainError } from '../../kernel/errors.ts';
import type { CommissioningServices } from './index.ts';
import { HAVE_360_SCHEMAS, packageValidator } from './testing/giving-schema.ts';
import { captureIo } from '../../../test/helpers/cli.ts';
import { CliError, type CliContext } from '../../cli/types.ts';
import { exportGrantsCommand, importGrantsCommand } from './cli.ts';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const WARDS = ['X05000001', 'X05000002', 'X05000003'];
/** A plan and an outcome made through the plans module; the hidden outcome exists for nobody. */
let PLAN = '';
let OUTCOME = '';
const HIDDEN_OUTCOME = '00000000-0000-4000-8000-000000000000';

function expectDomainError(key: string) {
  return (err: unknown) => {
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).key).toBe(key);
    return true;
  };
}

describe.each(BACKENDS)('commissioning (%s)', (backend) => {
  let t: TestApp;
  let svc: CommissioningServices;
  let officer: Actor;
  let voluntary: string;
  let programmeId: string;
  const grantIds: string[] = [];

  beforeAll(async () => {
    t = await createTestApp(backend);
    svc = t.services.commissioning;
    const write = t.services.geography.write;
    await t.db.transaction(async (tx) => {
      await write.areas(tx, [
        { code: 'X08000001', name: 'Testborough', level: 'lad' },
        { code: WARDS[0], name: 'Abbey', level: 'ward' },
        { code: WARDS[1], name: 'Bridge', level: 'ward' },
        { code: WARDS[2], name: 'Castle', level: 'ward' },
      ]);
      await write.links(
        tx,
        WARDS.map((w) => ({ child: w, parent: 'X08000001', parentLevel: 'lad' as const })),
      );
    });
    officer = t.actor('officer');
    voluntary = await t.services.admin.addOrganisation(officer, 'A Community Trust', 'voluntary');
    const plans = t.services.plans;
    PLAN = await plans.plans.create(
      officer,
      { title: 'Integration plan 2026', periodStart: '2026-01-01', periodEnd: '2028-12-31' },
      null,
    );
    const domain = await plans.plans.addDomain(officer, PLAN, { title: 'Mixing', description: '' });
    OUTCOME = await plans.plans.addOutcome(officer, domain, {
      title: 'People mix across backgrounds',
      description: '',
    });
  });
  afterAll(() => t.close());

  const grantInput = (over: Record<string, unknown> = {}) => ({
    programmeId,
    recipientId: voluntary,
    title: 'Shared meals in Abbey',
    description: 'Monthly shared meals bringing neighbours together.',
    amount: 5000,
    awardDate: '2026-07-15',
    plannedStart: '2026-08-01',
    plannedEnd: '2027-07-31',
    areas: [WARDS[0]],
    status: 'active' as const,
    links: [] as { kind: string; id: string }[],
    ...over,
  });

  it('creates a programme and keeps its checklist answers and stage ratings', async () => {
    programmeId = await svc.programmes.create(officer, {
      code: 'WCCF',
      name: 'Ward cluster cohesion fund',
      description: 'Small grants',
      budget: 50000,
      startsOn: '2026-04-01',
      endsOn: '2028-03-31',
      areas: [WARDS[0], WARDS[1]],
      status: 'open',
    });
    await svc.programmes.saveStage(
      officer,
      programmeId,
      'analyse',
      { 'analyse.vision': { answer: 'Mixing in shared spaces', evidence: 'Strategy 2026' } },
      'achieving',
    );
    const checklist = await svc.programmes.checklist(t.council(), programmeId);
    expect(checklist.map((s) => s.stage)).toEqual(['analyse', 'plan', 'do', 'review']);
    expect(checklist.map((s) => s.questions.length)).toEqual([4, 2, 3, 3]);
    const analyse = checklist[0];
    expect(analyse.rating).toBe('achieving');
    expect(analyse.answered).toBe(1);
    expect(analyse.questions.find((q) => q.key === 'analyse.vision')).toMatchObject({
      answer: 'Mixing in shared spaces',
      evidence: 'Strategy 2026',
    });
    expect(checklist[1].rating).toBeNull();
  });

  it('refuses a duplicate programme and wards outside the council', async () => {
    const base = {
      code: 'OTHER',
      name: 'Ward cluster cohesion fund',
      description: '',
      budget: 1,
      startsOn: '2026-04-01',
      endsOn: '2026-05-01',
      areas: [],
      status: 'draft' as const,
    };
    await expect(svc.programmes.create(officer, base)).rejects.toSatisfy(
      expectDomainError('commissioning.programmes.errors.duplicate'),
    );
    await expect(svc.programmes.create(officer, { ...base, name: 'New', areas: ['X05999999'] })).rejects.toSatisfy(
      expectDomainError('commissioning.errors.unknownWard'),
    );
  });

  it('awards grants with identifiers under the default prefix and links them to plan outcomes', async () => {
    grantIds.push(await svc.grants.create(officer, grantInput({ links: [{ kind: 'plan.outcome', id: OUTCOME }] })));
    grantIds.push(
      await svc.grants.create(
        officer,
        grantInput({
          recipientId: t.seeded.organisations.a,
          title: '-Youth football league',
          amount: 1234.5,
          awardDate: '2026-08-02',
          plannedStart: null,
          plannedEnd: null,
          areas: [WARDS[1], WARDS[2]],
          links: [
            { kind: 'plan', id: PLAN },
            { kind: 'plan.outcome', id: OUTCOME },
          ],
        }),
      ),
    );
    grantIds.push(
      await svc.grants.create(officer, grantInput({ programmeId: null, areas: [], awardDate: '2026-10-01' })),
    );
    const detail = await svc.grants.detail(officer, grantIds[0]);
    expect(detail?.grant.identifier).toBe('360G-council-a-0001');
    expect(detail?.links.map((l) => l.id)).toEqual([OUTCOME]);
    expect((await svc.grants.get(officer, grantIds[2]))?.identifier).toBe('360G-council-a-0003');

    const backlinks = await t.container.deps.links.backlinks(officer, { kind: 'plan.outcome', id: OUTCOME });
    expect(backlinks.map((b) => b.id).sort()).toEqual([grantIds[0], grantIds[1]].sort());
    const ours = (actions: { labelKey: string }[]) => actions.filter((a) => a.labelKey.startsWith('commissioning.'));
    expect(ours(t.container.deps.links.actionsFrom(officer, { kind: 'plan.outcome', id: OUTCOME }))).toEqual([
      {
        labelKey: 'commissioning.grants.awardFromOutcome',
        href: `/c/council-a/commissioning/grants/new?link=plan.outcome%3A${OUTCOME}`,
      },
    ]);
    expect(ours(t.container.deps.links.actionsFrom(t.actor('viewer'), { kind: 'plan.outcome', id: OUTCOME }))).toEqual(
      [],
    );
  });

  it('refuses links the registry cannot show, recipients of another council and wards outside the council', async () => {
    await expect(
      svc.grants.create(officer, grantInput({ links: [{ kind: 'plan.outcome', id: HIDDEN_OUTCOME }] })),
    ).rejects.toSatisfy(expectDomainError('commissioning.grants.errors.link'));
    await expect(
      svc.grants.create(officer, grantInput({ links: [{ kind: 'evaluation', id: 'e1' }] })),
    ).rejects.toSatisfy(expectDomainError('commissioning.grants.errors.link'));
    await expect(svc.grants.create(officer, grantInput({ recipientId: t.seeded.organisations.b }))).rejects.toSatisfy(
      expectDomainError('commissioning.grants.errors.recipient'),
    );
    await expect(svc.grants.create(officer, grantInput({ areas: ['X05999999'] }))).rejects.toSatisfy(
      expectDomainError('commissioning.errors.unknownWard'),
    );
  });

  it('lets partners see and return monitoring only for grants to their own organisation', async () => {
    const partner = t.actor('partner');
    expect((await svc.grants.list(partner)).map((g) => g.id)).toEqual([grantIds[1]]);
    expect(await svc.grants.get(partner, grantIds[0])).toBeUndefined();
    await svc.grants.addMeasure(officer, grantIds[1], {
      name: 'Young people in mixed teams',
      unit: 'people',
      target: 80,
    });
    await svc.grants.addMeasure(officer, grantIds[0], { name: 'Meals served', unit: 'meals', target: 400 });
    const [mine] = (await svc.grants.detail(officer, grantIds[1]))?.measures ?? [];
    const [theirs] = (await svc.grants.detail(officer, grantIds[0]))?.measures ?? [];
    await svc.grants.submitReturn(partner, grantIds[1], {
      measureId: mine.id,
      period: '2026-Q3',
      value: 30,
      narrative: 'Good start',
    });
    await svc.grants.submitReturn(partner, grantIds[1], {
      measureId: mine.id,
      period: '2026-Q3',
      value: 32,
      narrative: 'Corrected',
    });
    await svc.grants.submitReturn(partner, grantIds[1], {
      measureId: mine.id,
      period: '2026-Q4',
      value: 58,
      narrative: '',
    });
    const returns = (await svc.grants.detail(partner, grantIds[1]))?.returns ?? [];
    expect(returns.map((r) => [r.period, r.value, r.narrative])).toEqual([
      ['2026-Q4', 58, ''],
      ['2026-Q3', 32, 'Corrected'],
    ]);
    await expect(
      svc.grants.submitReturn(partner, grantIds[0], {
        measureId: theirs.id,
        period: '2026-Q3',
        value: 1,
        narrative: '',
      }),
    ).rejects.toSatisfy(expectDomainError('errors.notFound'));
    await expect(
      svc.grants.submitReturn(partner, grantIds[1], {
        measureId: theirs.id,
        period: '2026-Q3',
        value: 1,
        narrative: '',
      }),
    ).rejects.toSatisfy(expectDomainError('commissioning.returns.errors.measure'));
  });

  it('keeps councils apart', async () => {
    const adminB = t.actor('adminB');
    expect(await svc.grants.list(adminB)).toEqual([]);
    expect(await svc.grants.get(adminB, grantIds[0])).toBeUndefined();
    expect(await svc.programmes.get(t.council('b'), programmeId)).toBeUndefined();
    expect((await svc.giving.package(t.council('b'))).grants).toEqual([]);
  });

  it('contributes grants awarded in the quarter by ward and by programme to the cabinet report', async () => {
    const period = { label: '2026-Q3', from: new Date('2026-07-01T00:00:00Z'), to: new Date('2026-10-01T00:00:00Z') };
    const sections = await t.container.reportSections(t.actor('viewer'), period, 'en');
    const section = sections.find((s) => s.key === 'commissioning.grants');
    expect(section?.key).toBe('commissioning.grants');
    expect(section?.paragraphs[0]).toBe('2 grants worth £6,234.50 were awarded in 2026-Q3.');
    const [byWard, byProgramme] = section?.tables ?? [];
    // The second grant (£1,234.50) is shared equally between Bridge and Castle.
    expect(byWard.rows).toEqual([
      ['Abbey', '1', '£5,000.00'],
      ['Bridge', '1', '£617.25'],
      ['Castle', '1', '£617.25'],
    ]);
    expect(byProgramme.rows).toEqual([['Ward cluster cohesion fund', '2', '£6,234.50']]);
    const cy = await t.container.reportSections(t.actor('viewer'), period, 'cy');
    expect(cy.find((s) => s.key === 'commissioning.grants')?.title).toBe('Grantiau a ddyfarnwyd');
  });

  describe.skipIf(!HAVE_360_SCHEMAS)('360Giving (schemas from ../shared/standards)', () => {
    it('exports a package that validates against the 360Giving package schema with zero errors', async () => {
      await svc.grants.saveRecipient(officer, voluntary, {
        orgIdentifier: 'GB-CHC-1234567',
        charityNumber: '1234567',
        companyNumber: '',
      });
      const pkg = await svc.giving.package(t.council());
      expect(pkg.grants).toHaveLength(3);
      expect(packageValidator()(pkg)).toEqual([]);
      const first = pkg.grants.find((g) => g.id === '360G-council-a-0001');
      expect(first).toMatchObject({
        currency: 'GBP',
        amountAwarded: 5000,
        awardDate: '2026-07-15',
        recipientOrganization: [{ id: 'GB-CHC-1234567', name: 'A Community Trust', charityNumber: '1234567' }],
        fundingOrganization: [{ id: '360G-council-a-council', name: 'Council A' }],
        grantProgramme: [{ code: 'WCCF', title: 'Ward cluster cohesion fund' }],
        beneficiaryLocation: [{ name: 'Abbey', geoCode: WARDS[0], geoCodeType: 'WD', countryCode: 'GB' }],
        plannedDates: [{ startDate: '2026-08-01', endDate: '2027-07-31' }],
      });
      const planOnly = await svc.giving.package(t.council(), { kind: 'plan', id: PLAN });
      expect(planOnly.grants.map((g) => g.id)).toEqual(['360G-council-a-0002']);
    });

    it('reports a deliberately broken grant', async () => {
      const pkg = structuredClone(await svc.giving.package(t.council()));
      const broken = pkg.grants[1] as unknown as Record<string, unknown>;
      delete broken.amountAwarded;
      broken.awardDate = '15/07/2026';
      const errors = packageValidator()(pkg);
      expect(errors.length).toBeGreaterThan(0);
      expect(errors.every((e) => e.instancePath.startsWith('/grants/1'))).toBe(true);
      expect(
        errors.some((e) => e.params && (e.params as { missingProperty?: string }).missingProperty === 'amountAwarded'),
      ).toBe(true);
      expect(errors.some((e) => e.instancePath === '/grants/1/awardDate')).toBe(true);
    });

    it('a CSV round trip and a JSON round trip change nothing', async () => {
      const before = await svc.giving.package(t.council());
      const csv = await svc.giving.csv(t.council());
      expect(csv.split('\r\n')[0]).toContain('Identifier,Title,Description,Currency,Amount Awarded,Award Date');
      expect(csv).toContain('Beneficiary Location:1:Geographic Code');
      expect(csv).toContain("'-Youth football league");
      expect(await svc.giving.importCsv(officer, Buffer.from(csv))).toEqual({
        ok: true,
        created: 0,
        updated: 0,
        unchanged: 3,
      });
      expect(await svc.giving.package(t.council())).toEqual(before);
      expect(await svc.giving.importJson(officer, JSON.stringify(before))).toEqual({
        ok: true,
        created: 0,
        updated: 0,
        unchanged: 3,
      });
      expect(await svc.giving.package(t.council())).toEqual(before);
      // Links are not part of 360Giving and survive the import.
      expect((await svc.grants.detail(officer, grantIds[0]))?.links.map((l) => l.id)).toEqual([OUTCOME]);
    });

    it('a broken CSV changes nothing and lists every bad row with its line', async () => {
      const before = await svc.giving.package(t.council());
      const lines = (await svc.giving.csv(t.council())).split('\r\n');
      // Line 2: an amount that is not a number; line 3: a ward outside the council; line 4: another funder.
      lines[1] = lines[1].replace(',5000,', ',five thousand,');
      lines[2] = lines[2].replace(WARDS[1], 'X05999999');
      lines[3] = lines[3].replace('360G-council-a-council', 'GB-CHC-0000001');
      // A new grant at line 5 would be valid on its own, but nothing is written.
      lines.splice(
        4,
        0,
        lines[1].replace('360G-council-a-0001', '360G-council-a-0099').replace(',five thousand,', ',10,'),
      );
      const out = await svc.giving.importCsv(officer, Buffer.from(lines.join('\r\n')));
      expect(out.ok).toBe(false);
      if (out.ok) return;
      expect(out.problems.map((p) => [p.line, p.key])).toEqual([
        [2, 'commissioning.import.errors.amount'],
        [3, 'commissioning.import.errors.ward'],
        [4, 'commissioning.import.errors.funder'],
      ]);
      expect(await svc.giving.package(t.council())).toEqual(before);
    });

    it('prints the package on the command line, and refuses a broken import with one line per problem', async () => {
      const ctx: CliContext = {
        withServices: (_io, fn) => fn({ config: t.config, db: t.db, services: t.services, container: t.container }),
      };
      const out = captureIo();
      expect(await exportGrantsCommand.run(['--council', 'council-a'], out.io, ctx)).toBe(0);
      const pkg = JSON.parse(out.stdout) as { grants: { id: string }[] };
      expect(pkg.grants.map((g) => g.id)).toEqual([
        '360G-council-a-0001',
        '360G-council-a-0002',
        '360G-council-a-0003',
      ]);
      expect(packageValidator()(pkg)).toEqual([]);
      const planOnly = captureIo();
      await exportGrantsCommand.run(['--council', 'council-a', '--plan', PLAN], planOnly.io, ctx);
      expect((JSON.parse(planOnly.stdout) as { grants: unknown[] }).grants).toHaveLength(1);
      await expect(exportGrantsCommand.run(['--council', 'nowhere'], captureIo().io, ctx)).rejects.toThrow(CliError);

      const dir = mkdtempSync(join(tmpdir(), 'grants-'));
      const file = join(dir, 'grants.csv');
      writeFileSync(file, (await svc.giving.csv(t.council())).replace(',5000,', ',-5,'));
      const bad = captureIo();
      await expect(importGrantsCommand.run([file, '--council', 'council-a'], bad.io, ctx)).rejects.toThrow(
        'nothing imported: 1 problem(s)',
      );
      expect(bad.stderr).toBe(
        'Line 2: The amount awarded must be a number of pounds above 0 with at most 2 decimal places\n',
      );
      const good = join(dir, 'grants.json');
      writeFileSync(good, out.stdout);
      const ok = captureIo();
      expect(await importGrantsCommand.run([good, '--council', 'council-a'], ok.io, ctx)).toBe(0);
      expect(ok.stdout).toBe('imported: 0 added, 0 updated, 3 unchanged\n');
    });

    it('imports a changed and a new grant, matched by identifier', async () => {
      const pkg = structuredClone(await svc.giving.package(t.council()));
      pkg.grants[0].amountAwarded = 5500;
      pkg.grants.push({ ...structuredClone(pkg.grants[0]), id: '360G-council-a-0100', title: 'Imported grant' });
      expect(await svc.giving.importJson(officer, JSON.stringify(pkg))).toEqual({
        ok: true,
        created: 1,
        updated: 1,
        unchanged: 2,
      });
      const after = await svc.giving.package(t.council());
      expect(after.grants.find((g) => g.id === '360G-council-a-0001')?.amountAwarded).toBe(5500);
      expect(after.grants.find((g) => g.id === '360G-council-a-0100')?.title).toBe('Imported grant');
      expect(packageValidator()(after)).toEqual([]);
      const wrongPrefix = { grants: [{ ...pkg.grants[0], id: 'XYZ-1' }] };
      const refused = await svc.giving.importJson(officer, JSON.stringify(wrongPrefix));
      expect(refused).toEqual({
        ok: false,
        problems: [{ line: 1, key: 'commissioning.import.errors.prefix', params: { prefix: '360G-council-a' } }],
      });
    });
  });
});
