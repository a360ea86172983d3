import { gzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../../../test/helpers/db.ts';
import { Client, createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import {
  calibrationFromMargins,
  estimateIndicator,
  prepareDesign,
  weightDiagnostics,
} from '../../stats/survey/index.ts';
import type { Actor, Council } from '../../kernel/actor.ts';
import { DomainError } from '../../kernel/errors.ts';
import { importValue, normaliseResumeCode, parseVariable } from './questions.ts';
import { MAX_CELL, MAX_ROWS } from './services/fieldwork-csv.ts';
import { BUILT_IN_QUESTIONS } from './bank.ts';
import { placeName } from './present/public.ts';
import type { SurveyServices, WaveRow } from './index.ts';

const WARDS = ['X05000001', 'X05000002', 'X05000003'];
const ETHNIC = [
  'WhiteBrit',
  'Irish',
  'OtherWhite',
  'Mixed',
  'Indian',
  'Pakistani',
  'Bangladeshi',
  'Chinese',
  'OtherAsian',
  'BlkAfrican',
  'BlkCaribbean',
  'OtherBlk',
  'Arab',
  'Other',
];

/** Council A's geography: three wards in X08000001, with census-style counts (ward totals 3,000, 5,000, 2,000). */
async function seedGeography(t: TestApp) {
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
    await write.dataset(tx, {
      code: 'test_ethnic',
      name: 'Test ethnic group counts',
      source: 'test',
      period: '2011',
      categories: ETHNIC,
    });
    const counts = (total: number) => ETHNIC.map((_, i) => (i === 0 ? total - 13 * 10 : 10));
    await write.population(tx, 'test_ethnic', [
      { area_code: WARDS[0], total: 3000, counts: counts(3000) },
      { area_code: WARDS[1], total: 5000, counts: counts(5000) },
      { area_code: WARDS[2], total: 2000, counts: counts(2000) },
    ]);
  });
}

/** A CSV of n respondents: ward cycles with the given shares, sex alternates, agreement depends on ward. */
function responsesCsv(rows: { id: string; ward: string; sex: string; agree: string; life: string }[]) {
  return Buffer.from(
    [
      'respondent_id,Ward,SEX,get_on_local,life_satisfaction',
      ...rows.map((r) => `${r.id},${r.ward},${r.sex},${r.agree},${r.life}`),
    ].join('\n'),
  );
}

function makeRows(n: number, smallWard = 20) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const ward = i < smallWard ? 'Castle' : i % 2 === 0 ? 'Abbey' : WARDS[1];
    out.push({
      id: `R${i + 1}`,
      ward,
      sex: i % 3 === 0 ? 'Male' : 'female',
      agree: i % 4 === 0 ? 'Tend to disagree' : i % 5 === 0 ? "don't know" : 'definitely_agree',
      life: String(i % 11),
    });
  }
  return out;
}

describe.each(BACKENDS)('survey service (%s)', (backend) => {
  let t: TestApp;
  let svc: SurveyServices;
  let councilId: string;
  let council: Council;
  let actor: Actor;

  beforeAll(async () => {
    t = await createTestApp(backend);
    await seedGeography(t);
    svc = t.services.survey;
    councilId = t.seeded.councils.a.id;
    council = t.council('a');
    actor = t.actor('analyst');
  });
  afterAll(() => t.close());

  const getWave = async (id: string): Promise<WaveRow> => {
    const found = await svc.waves.wave(council, id);
    if (!found) throw new Error(`wave ${id} is missing`);
    return found;
  };

  /** Uploads a fieldwork file to the wave and returns the upload's id. */
  async function upload(waveId: string, name: string, content: Buffer) {
    const outcome = await svc.fieldwork.upload(actor, await getWave(waveId), name, content);
    if (!outcome.ok) throw new Error(`upload refused: ${JSON.stringify(outcome.problems)}`);
    return outcome.id;
  }

  /** The scheduled job that keeps the built-in bank in line with the catalogue. */
  const runBankJob = async () => {
    const job = t.container.jobs.find((j) => j.name === 'survey.bank');
    if (!job) throw new Error('the survey.bank job is not declared');
    await job.run({ key: null, now: new Date() });
  };

  async function newWave(
    name: string,
    codes: string[],
    mode: 'online' | 'imported' = 'imported',
    surveyName = `Survey ${name}`,
  ) {
    const surveyId = await svc.waves.createSurvey(actor, surveyName, '');
    const waveId = await svc.waves.createWave(actor, surveyId, {
      name,
      period: '2024',
      startsOn: '2024-01-01',
      endsOn: '2099-12-31',
      targetPopulation: 'Adults',
      mode,
    });
    const bank = await svc.bank.list(council);
    await svc.waves.setQuestionnaire(
      actor,
      waveId,
      bank.filter((q) => codes.includes(q.code)).map((q) => q.id),
    );
    return { surveyId, waveId };
  }

  it('seeds every built-in question once (the survey.bank job), with its wording, answers and source', async () => {
    await runBankJob();
    const bank = await svc.bank.list(council);
    expect(
      bank
        .filter((q) => q.council_id === null)
        .map((q) => q.code)
        .sort(),
    ).toEqual(BUILT_IN_QUESTIONS.map((q) => q.code).sort());
    const local = bank.find((q) => q.code === 'get_on_local')!;
    expect(local.wording).toBe(
      'To what extent do you agree or disagree that your local area is a place where people from different backgrounds get on well together?',
    );
    expect(local.options.map((o) => o.label)).toEqual([
      'Definitely agree',
      'Tend to agree',
      'Tend to disagree',
      'Definitely disagree',
      "Don't know",
    ]);
    expect(local.source).toContain('Community Life Survey');
    expect(bank.find((q) => q.code === 'life_satisfaction')).toMatchObject({
      kind: 'scale',
      scale_min: 0,
      scale_max: 10,
    });
    // Running again (the next period, or another app server) adds no versions.
    await runBankJob();
    await svc.bank.ensure();
    const versions = await t.db.query<{ n: number }>(
      'select count(*)::int as n from survey_question_versions v join survey_questions q on q.id = v.question_id where q.council_id is null',
    );
    expect(versions[0].n).toBe(BUILT_IN_QUESTIONS.length);
  });

  it('imports a name generator from its wide columns, all or nothing, with every bad row by line', async () => {
    await svc.bank.add(actor, {
      code: 'lean_on',
      kind: 'contacts',
      wording: 'Who do you lean on?',
      hint: '',
      options: [],
      positiveCount: 0,
      excludedCount: 0,
      maxContacts: 2,
      relationships: ['Family', 'Friend'],
      backgrounds: ['tenure'],
      source: 'own',
    });
    const { waveId } = await newWave('Contacts import', ['tenure', 'lean_on']);
    const wave = await getWave(waveId);
    const csv = (rows: string[]) =>
      Buffer.from(
        ['id,tenure,lean_on_contact1_relationship,lean_on_contact1_tenure,lean_on_contact2_relationship', ...rows].join(
          '\n',
        ),
      );
    const mapping = { tenure: 'tenure' };
    // Line 3: person 1 has a tenure but no relationship; line 4: "cousin" is not one of the answers.
    const badId = await upload(
      waveId,
      'bad.csv',
      csv(['A1,owns_outright,family,social rent,', 'A2,,,private_rent,', 'A3,,cousin,,friend']),
    );
    const failed = await svc.fieldwork.apply(actor, wave, badId, 'id', mapping);
    expect(failed.ok).toBe(false);
    if (!failed.ok)
      expect(failed.problems.map((p) => [p.line, p.key, p.params.column])).toEqual([
        [3, 'survey.import.errors.contactRelationship', 'lean_on_contact1_relationship'],
        [4, 'survey.import.errors.badValue', 'lean_on_contact1_relationship'],
      ]);
    expect((await svc.nameGenerator.answers(council, waveId, 'lean_on'))?.respondents).toEqual([]);
    // A name generator cannot be matched to one column.
    const oneColumn = await upload(waveId, 'one.csv', csv(['A1,owns_outright,family,,']));
    await expect(
      svc.fieldwork.apply(actor, wave, oneColumn, 'id', { lean_on_contact1_relationship: 'lean_on' }),
    ).rejects.toMatchObject({ key: 'survey.import.errors.contactsMapped' });

    const okId = await upload(
      waveId,
      'ok.csv',
      csv(['A1,owns_outright,Family,social rent,friend', 'A2,social_rent_council,none,,', 'A3,,,,']),
    );
    expect(await svc.fieldwork.apply(actor, wave, okId, 'id', mapping)).toEqual({ ok: true, rows: 3 });
    const found = await svc.nameGenerator.answers(council, waveId, 'lean_on');
    expect(found?.attributes).toEqual(['tenure']);
    // A3 gave nothing for the question: not an answer, so not in the network. A2 named nobody.
    const answered = [...(found?.respondents ?? [])].sort((a, b) => b.contacts.length - a.contacts.length);
    expect(answered.map((r) => [r.attributes, r.contacts])).toEqual([
      [
        { tenure: 'owner_occupier' },
        [
          { relationship: 'Family', attributes: { tenure: 'social_rent' } },
          { relationship: 'Friend', attributes: {} },
        ],
      ],
      [{ tenure: 'social_rent' }, []],
    ]);
  });

  it('imports fieldwork with line-numbered errors, all or nothing, and idempotently on re-import', async () => {
    const { waveId } = await newWave('Import wave', ['get_on_local', 'life_satisfaction', 'sex', 'ward']);
    const wave = await getWave(waveId);
    const bad = responsesCsv([
      { id: 'A1', ward: 'Abbey', sex: 'female', agree: 'Definitely agree', life: '7' },
      { id: 'A2', ward: 'Nowhere', sex: 'female', agree: 'Definitely agree', life: '11' },
      { id: 'A1', ward: 'Abbey', sex: 'male', agree: 'maybe', life: '5' },
    ]);
    const importId = await upload(waveId, 'x.csv', bad);
    const mapping = { Ward: 'ward', SEX: 'sex', get_on_local: 'get_on_local', life_satisfaction: 'life_satisfaction' };
    const failed = await svc.fieldwork.apply(actor, wave, importId, 'respondent_id', mapping);
    expect(failed.ok).toBe(false);
    if (failed.ok) return;
    expect(failed.problems.map((p) => [p.line, p.key])).toEqual([
      [3, 'survey.import.errors.badValue'],
      [3, 'survey.import.errors.badValue'],
      [4, 'survey.import.errors.duplicateId'],
      [4, 'survey.import.errors.badValue'],
    ]);
    expect(failed.problems[0].params).toMatchObject({ column: 'Ward', value: 'Nowhere' });
    expect((await getWave(waveId)).responses).toBe(0);

    const good = responsesCsv(makeRows(200));
    const id2 = await upload(waveId, 'y.csv', good);
    expect(await svc.fieldwork.apply(actor, wave, id2, 'respondent_id', mapping)).toEqual({
      ok: true,
      rows: 200,
    });
    const id3 = await upload(waveId, 'y.csv', good);
    expect(await svc.fieldwork.apply(actor, wave, id3, 'respondent_id', mapping)).toEqual({
      ok: true,
      rows: 200,
    });
    expect((await getWave(waveId)).responses).toBe(200);
    // The uploaded file is never stored, its parsed rows are not kept after import, and its mapping page is gone.
    const fileColumns = await t.db.query<{ n: number }>(
      `select count(*)::int as n from information_schema.columns where table_schema = current_schema() and table_name = 'survey_imports' and column_name = 'content'`,
    );
    expect(fileColumns[0].n).toBe(0);
    const kept = await t.db.query<{ n: number }>(
      'select count(*)::int as n from survey_import_rows where import_id = any($1::uuid[])',
      [[id2, id3]],
    );
    expect(kept[0].n).toBe(0);
    expect((await svc.fieldwork.file(council, waveId, id2))?.completed_at).not.toBeNull();
    // Submitting the same mapping again (a double click) changes nothing.
    expect(await svc.fieldwork.apply(actor, wave, id3, 'respondent_id', mapping)).toEqual({
      ok: true,
      rows: 200,
    });
    expect((await getWave(waveId)).responses).toBe(200);
    const stored = await t.db.query<{ answers: Record<string, unknown> }>(
      `select answers from survey_responses where wave_id = $1 and external_id = 'R2'`,
      [waveId],
    );
    expect(stored[0].answers).toEqual({
      ward: WARDS[2],
      sex: 'female',
      get_on_local: 'definitely_agree',
      life_satisfaction: 1,
    });
  });

  it('rakes to census and hand-entered margins, meets each within epsilon, and estimates with calibrated SEs', async () => {
    const { waveId } = await newWave('Weighted wave', ['get_on_local', 'life_satisfaction', 'sex', 'ward']);
    let wave = await getWave(waveId);
    const rows = makeRows(300, 20);
    const importId = await upload(waveId, 'z.csv', responsesCsv(rows));
    await svc.fieldwork.apply(actor, wave, importId, 'respondent_id', {
      Ward: 'ward',
      SEX: 'sex',
      get_on_local: 'get_on_local',
      life_satisfaction: 'life_satisfaction',
    });

    // Margins that do not match: a category that is not an answer, and a bad number, reported by line.
    const badMargins = await svc.weighting.fromText(
      actor,
      wave,
      'variable,category,population\nsex,female,5100\nsex,other,4900\nsex,male,lots',
    );
    expect(badMargins.ok).toBe(false);
    if (!badMargins.ok) expect(badMargins.problems.map((p) => p.line)).toEqual([3, 4]);

    await svc.weighting.fromCensus(actor, wave, 'test_ethnic', 'ward');
    // Totals that disagree by far more than 0.5% are refused when raking.
    await svc.weighting.fromText(actor, wave, 'sex,female,6000\nsex,male,6000');
    wave = await getWave(waveId);
    await expect(
      svc.weighting.run(actor, wave, { maxIterations: 100, epsilon: 1e-6, trim: null }),
    ).rejects.toMatchObject({ key: 'survey.weighting.errors.raking' });
    await svc.weighting.fromText(actor, wave, 'sex,female,5100\nsex,male,4900');
    wave = await getWave(waveId);
    const record = await svc.weighting.run(actor, wave, { maxIterations: 100, epsilon: 1e-8, trim: null });
    expect(record.n).toBe(300);
    expect(record.maxError).toBeLessThanOrEqual(1e-8);

    const stored = await t.db.query<{ answers: Record<string, string>; weight: number }>(
      'select answers, weight from survey_responses where wave_id = $1',
      [waveId],
    );
    const sumBy = (f: (a: Record<string, string>) => boolean) =>
      stored.filter((r) => f(r.answers)).reduce((s, r) => s + r.weight, 0);
    for (const [ward, target] of [
      [WARDS[0], 3000],
      [WARDS[1], 5000],
      [WARDS[2], 2000],
    ] as const)
      expect(Math.abs(sumBy((a) => a.ward === ward) - target) / target).toBeLessThan(1e-8);
    expect(Math.abs(sumBy((a) => a.sex === 'female') - 5100) / 5100).toBeLessThan(1e-8);
    const diag = weightDiagnostics(stored.map((r) => r.weight));
    expect(record.deff).toBeCloseTo(diag.deff, 10);
    expect(record.ess).toBeCloseTo(diag.ess, 8);

    // The service's estimate equals the library's on the same weights and margins (R survey's rake() SEs).
    wave = await getWave(waveId);
    const results = (await svc.results.results(council, wave, 'get_on_local', 'sex'))!;
    const ordered = await t.db.query<{ answers: Record<string, string>; weight: number }>(
      'select answers, weight from survey_responses where wave_id = $1 order by created_at, id',
      [waveId],
    );
    const y = ordered.map((r) =>
      r.answers.get_on_local === 'dont_know'
        ? NaN
        : ['definitely_agree', 'tend_to_agree'].includes(r.answers.get_on_local)
          ? 1
          : 0,
    );
    const wardCodes = Int32Array.from(ordered, (r) => WARDS.indexOf(r.answers.ward));
    const sexCodes = Int32Array.from(ordered, (r) => (r.answers.sex === 'female' ? 0 : 1));
    const design = prepareDesign({
      weights: ordered.map((r) => r.weight),
      calibration: calibrationFromMargins([
        { name: 'sex', codes: sexCodes, targets: [5100, 4900] },
        { name: 'ward', codes: wardCodes, targets: [3000, 5000, 2000] },
      ]),
    });
    const [expected] = estimateIndicator(design, y);
    expect(results.overall.estimate!).toBeCloseTo(expected.estimate!, 12);
    expect(results.overall.se!).toBeCloseTo(expected.se!, 12);
    // Hand check of the point estimate: weighted share agreeing among those who gave an answer.
    const valid = ordered.filter((r) => r.answers.get_on_local !== 'dont_know');
    const hand =
      valid.filter((r) => r.answers.get_on_local === 'definitely_agree').reduce((s, r) => s + r.weight, 0) /
      valid.reduce((s, r) => s + r.weight, 0);
    expect(results.overall.estimate!).toBeCloseTo(hand, 12);
    expect(results.overall.ciLow!).toBeCloseTo(expected.estimate! - 1.959963984540054 * expected.se!, 9);

    // Castle has 20 respondents (< 30): suppressed in the ward results; Abbey and Bridge are shown.
    const castle = results.wards.find((w) => w.code === WARDS[2])!;
    expect(castle.estimate).toMatchObject({
      suppressed: true,
      estimate: null,
      se: null,
      ciLow: null,
      n: expect.any(Number),
    });
    expect(results.wards.find((w) => w.code === WARDS[0])!.estimate.suppressed).toBe(false);
    expect(results.groups.map((g) => g.code)).toEqual(['female', 'male']);

    // Published as indicator values of a council 'survey' indicator; suppressed cells carry no value.
    const written = await svc.publication.publish(actor, wave);
    expect(written).toBeGreaterThan(0);
    const ind = await t.db.query<{ framework: string; council_id: string; unit: string }>(
      `select framework, council_id, unit from indicators where code = 'survey.get_on_local' and council_id = $1`,
      [councilId],
    );
    expect(ind).toEqual([{ framework: 'survey', council_id: councilId, unit: 'proportion' }]);
    const values = await t.db.query<{
      area_code: string;
      group_code: string;
      value: number;
      suppressed: boolean;
      ci_low: number | null;
    }>(
      `select v.area_code, v.group_code, v.value, v.suppressed, v.ci_low from indicator_values v join indicators i on i.id = v.indicator_id where i.code = 'survey.get_on_local' and v.council_id = $1`,
      [councilId],
    );
    const castleValue = values.find((v) => v.area_code === WARDS[2] && v.group_code === 'all')!;
    expect(castleValue.suppressed).toBe(true);
    expect(castleValue.value).toBeNull();
    expect(castleValue.ci_low).toBeNull();
    expect(values.find((v) => v.area_code === 'X08000001' && v.group_code === 'all')!.value).toBeCloseTo(
      expected.estimate!,
      12,
    );
    expect(values.some((v) => v.group_code === 'sex:female')).toBe(true);
    // Publishing again replaces values instead of adding rows.
    await svc.publication.publish(actor, wave);
    const again = await t.db.query<{ n: number }>(
      `select count(*)::int as n from indicator_values v join indicators i on i.id = v.indicator_id where i.code = 'survey.get_on_local'`,
    );
    expect(again[0].n).toBe(values.length);
  });

  it('gives the textbook SE for an unweighted proportion: sqrt(p(1-p)/(n-1))', async () => {
    const { waveId } = await newWave('Unweighted wave', ['get_on_local', 'ward']);
    const wave = await getWave(waveId);
    const rows = Array.from(
      { length: 40 },
      (_, i) => `U${i},Abbey,${i < 30 ? 'definitely_agree' : 'definitely_disagree'}`,
    );
    const id = await upload(waveId, 'u.csv', Buffer.from(['id,ward,get_on_local', ...rows].join('\n')));
    await svc.fieldwork.apply(actor, wave, id, 'id', { ward: 'ward', get_on_local: 'get_on_local' });
    const r = (await svc.results.results(council, await getWave(waveId), 'get_on_local', null))!;
    expect(r.overall.estimate).toBe(0.75);
    expect(r.overall.se!).toBeCloseTo(Math.sqrt((0.75 * 0.25) / 39), 12);
  });

  it('warns when a question is worded differently from the previous wave, and shows no change for it', async () => {
    const ownId = await svc.bank.add(actor, {
      code: 'park_use',
      kind: 'choice',
      wording: 'How often do you use local parks?',
      hint: '',
      options: ['Weekly', 'Monthly', 'Rarely', "Don't know"],
      positiveCount: 1,
      excludedCount: 1,
      source: 'own',
    });
    const surveyId = await svc.waves.createSurvey(actor, 'Comparability survey', '');
    const w1 = await svc.waves.createWave(actor, surveyId, {
      name: 'One',
      period: '2023',
      startsOn: '2023-01-01',
      endsOn: '2023-02-01',
      targetPopulation: 'Adults',
      mode: 'imported',
    });
    const bank = await svc.bank.list(council);
    await svc.waves.setQuestionnaire(
      actor,
      w1,
      bank
        .filter((q) => ['get_on_local', 'ward'].includes(q.code))
        .map((q) => q.id)
        .concat(ownId),
    );
    await svc.bank.revise(actor, ownId, {
      kind: 'choice',
      wording: 'How often do you visit local parks?',
      hint: '',
      options: ['Weekly', 'Monthly', 'Rarely', "Don't know"],
      positiveCount: 1,
      excludedCount: 1,
      source: 'own v2',
    });
    const w2 = await svc.waves.createWave(actor, surveyId, {
      name: 'Two',
      period: '2024',
      startsOn: '2024-01-01',
      endsOn: '2024-02-01',
      targetPopulation: 'Adults',
      mode: 'imported',
    });
    const c = await svc.waves.comparability(council, await getWave(w2));
    expect(c.previous?.id).toBe(w1);
    expect(c.changed).toEqual([
      { code: 'park_use', before: 'How often do you use local parks?', after: 'How often do you visit local parks?' },
    ]);
    // Wave-on-wave change: computed for the unchanged question, withheld for the changed one.
    for (const [w, agree] of [
      [w1, 24],
      [w2, 36],
    ] as const) {
      const lines = Array.from(
        { length: 60 },
        (_, i) => `C${i},Bridge,${i < agree ? 'definitely_agree' : 'tend_to_disagree'},Weekly`,
      );
      const id = await upload(w, 'c.csv', Buffer.from(['id,ward,get_on_local,park_use', ...lines].join('\n')));
      expect(
        (
          await svc.fieldwork.apply(actor, await getWave(w), id, 'id', {
            ward: 'ward',
            get_on_local: 'get_on_local',
            park_use: 'park_use',
          })
        ).ok,
      ).toBe(true);
    }
    const wave2 = await getWave(w2);
    const same = (await svc.results.results(council, wave2, 'get_on_local', null))!;
    expect(same.change?.comparable).toBe(true);
    expect(same.change?.overall?.difference).toBeCloseTo(0.2, 12);
    expect(same.change?.overall?.significant).toBe(true);
    const changed = (await svc.results.results(council, wave2, 'park_use', null))!;
    expect(changed.change).toMatchObject({ comparable: false, overall: null });
    // In the indicators, each wording is its own indicator, so trends never join them.
    await svc.publication.publish(actor, await getWave(w1));
    await svc.publication.publish(actor, wave2);
    const codes = await t.db.query<{ code: string; period: string }>(
      `select distinct i.code, v.period from indicator_values v join indicators i on i.id = v.indicator_id
        where i.code like 'survey.park_use%' and v.council_id = $1 order by 1, 2`,
      [councilId],
    );
    expect(codes).toEqual([
      { code: 'survey.park_use', period: '2023' },
      { code: 'survey.park_use.v2', period: '2024' },
    ]);
  });

  it('refuses an upload whose header repeats a column name, naming the column and storing nothing', async () => {
    const { waveId } = await newWave('Duplicate header wave', ['get_on_local', 'ward']);
    const count = async () =>
      (
        await t.db.query<{ imports: number; rows: number; audit: number }>(
          `select (select count(*)::int from survey_imports where wave_id = $1) as imports,
                  (select count(*)::int from survey_import_rows where council_id = $2) as rows,
                  (select count(*)::int from audit_log where action = 'survey.import_uploaded' and target_id = $1::text) as audit`,
          [waveId, councilId],
        )
      )[0];
    const before = await count();
    const file = Buffer.from('id,get_on_local,ward,get_on_local\nR1,definitely_agree,Abbey,tend_to_agree\n');
    const refused = svc.fieldwork.upload(actor, await getWave(waveId), 'dup.csv', file);
    await expect(refused).rejects.toBeInstanceOf(DomainError);
    await expect(svc.fieldwork.upload(actor, await getWave(waveId), 'dup.csv', file)).rejects.toMatchObject({
      key: 'survey.import.errors.duplicateColumn',
      field: 'file',
      params: { column: 'get_on_local' },
    });
    await expect(
      svc.fieldwork.upload(actor, await getWave(waveId), 'blank.csv', Buffer.from('id,,ward\nR1,x,Abbey\n')),
    ).rejects.toMatchObject({ key: 'survey.import.errors.blankColumn', params: { number: 2 } });
    expect(await count()).toEqual(before);
    // Over HTTP the same file shows the GOV.UK error summary naming the column.
    const c = new Client(t.app);
    await c.signIn('analyst@a.test');
    await c.get(`/c/council-a/surveys/waves/${waveId}/import`);
    const boundary = '----dup';
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${c.csrf}\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="dup.csv"\r\n\r\n`),
      file,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await t.app.inject({
      method: 'POST',
      url: `/c/council-a/surveys/waves/${waveId}/import`,
      payload: body,
      headers: {
        'content-type': `multipart/form-data; boundary=${boundary}`,
        cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      },
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('govuk-error-summary');
    expect(res.body).toContain('The column name “get_on_local” is used more than once');
    expect(await count()).toEqual(before);
  });

  it('keeps the parsed rows of an upload (never the file), bounded, and drops them once imported', async () => {
    const { waveId } = await newWave('Stored rows wave', ['get_on_local', 'ward']);
    const long = 'x'.repeat(5000);
    const csv = [
      'id,ward,get_on_local,Notes',
      'S1,Abbey,definitely_agree,"a, quoted note"',
      `S2,Bridge,tend_to_agree,${long}`,
    ];
    const id = await upload(waveId, 's.csv.gz', gzipSync(Buffer.from(csv.join('\r\n'))));
    expect(await svc.fieldwork.file(council, waveId, id)).toMatchObject({
      columns: ['id', 'ward', 'get_on_local', 'Notes'],
      row_count: 2,
      completed_at: null,
    });
    const stored = await t.db.query<{ line: number; cells: string[] }>(
      'select line, cells from survey_import_rows where import_id = $1 order by line',
      [id],
    );
    expect(stored.map((r) => r.line)).toEqual([2, 3]);
    expect(stored[0].cells).toEqual(['S1', 'Abbey', 'definitely_agree', 'a, quoted note']);
    // A cell longer than any answer or id is cut to MAX_CELL characters: the stored form is bounded.
    expect(stored[1].cells[3]).toHaveLength(MAX_CELL);
    const outcome = await svc.fieldwork.apply(actor, await getWave(waveId), id, 'id', {
      ward: 'ward',
      get_on_local: 'get_on_local',
    });
    expect(outcome).toEqual({ ok: true, rows: 2 });
    const left = await t.db.query<{ n: number }>(
      'select count(*)::int as n from survey_import_rows where import_id = $1',
      [id],
    );
    expect(left[0].n).toBe(0);
  });

  it('lists cells with control characters by line and column, storing nothing', async () => {
    const { waveId } = await newWave('Control character wave', ['get_on_local', 'ward']);
    const file = Buffer.from(
      'id,ward,get_on_local\nC1,Abbey,definitely_agree\nC2,Ab\u0000bey,tend_to_agree\nC3,Bridge,\u0007\n',
    );
    const outcome = await svc.fieldwork.upload(actor, await getWave(waveId), 'ctl.csv', file);
    expect(outcome).toEqual({
      ok: false,
      problemCount: 2,
      problems: [
        { line: 3, key: 'survey.import.errors.controlCharacter', params: { column: 'ward' } },
        { line: 4, key: 'survey.import.errors.controlCharacter', params: { column: 'get_on_local' } },
      ],
    });
    // A spreadsheet saved as .xlsx (a zip) is not CSV at all.
    const xlsx = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]), Buffer.alloc(64)]);
    await expect(svc.fieldwork.upload(actor, await getWave(waveId), 'x.xlsx', xlsx)).rejects.toMatchObject({
      key: 'survey.import.errors.unreadable',
    });
    const stored = await t.db.query<{ n: number }>('select count(*)::int as n from survey_imports where wave_id = $1', [
      waveId,
    ]);
    expect(stored[0].n).toBe(0);
  });

  it('reads files typed by hand: ragged rows, padded and multi-line quoted cells, each row on the line it starts', async () => {
    const { waveId } = await newWave('Hand-typed file wave', ['get_on_local', 'ward']);
    const csv = [
      '', // a blank line before the header is skipped
      'id, ward ,get_on_local,Notes',
      'H1,Abbey', // a short row: the missing cells are empty
      'H2 , "Bridge" ,\tdefinitely_agree ," a note, over\ntwo lines ",extra,cells', // lines 4–5
      'H3,Castle,tend_to_agree,"""quoted"""', // doubled quotes inside quotes
      '',
      'H4,Nowhere,tend_to_agree',
    ].join('\n');
    const stored = async (id: string) =>
      t.db.query<{ line: number; cells: string[] }>(
        'select line, cells from survey_import_rows where import_id = $1 order by line',
        [id],
      );
    const plainId = await upload(waveId, 'h.csv', Buffer.from(csv));
    const gzipId = await upload(waveId, 'h.csv.gz', gzipSync(Buffer.from(csv)));
    expect(await svc.fieldwork.file(council, waveId, plainId)).toMatchObject({
      columns: ['id', 'ward', 'get_on_local', 'Notes'],
      row_count: 4,
    });
    const rows = await stored(plainId);
    expect(rows).toEqual([
      { line: 3, cells: ['H1', 'Abbey', '', ''] },
      { line: 4, cells: ['H2', 'Bridge', 'definitely_agree', ' a note, over\ntwo lines '] },
      { line: 6, cells: ['H3', 'Castle', 'tend_to_agree', '"quoted"'] },
      { line: 8, cells: ['H4', 'Nowhere', 'tend_to_agree', ''] },
    ]);
    expect(await stored(gzipId)).toEqual(rows);
    // A bad row after the multi-line cell is reported on its own line.
    const outcome = await svc.fieldwork.apply(actor, await getWave(waveId), plainId, 'id', {
      ward: 'ward',
      get_on_local: 'get_on_local',
    });
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.problems.map((p) => [p.line, p.params.value])).toEqual([[8, 'Nowhere']]);
  });

  it('reports a control character on the line its row starts, and refuses broken quoting or gzip', async () => {
    const { waveId } = await newWave('Hand-typed problems wave', ['get_on_local', 'ward']);
    const wave = await getWave(waveId);
    const ctl = Buffer.from('id,ward,Notes\nP1,Abbey,"one\ntwo"\nP2,"Bri\u0001\ndge",x\nP3,Castle,\u0002\n');
    expect(await svc.fieldwork.upload(actor, wave, 'c.csv', ctl)).toEqual({
      ok: false,
      problemCount: 2,
      problems: [
        { line: 4, key: 'survey.import.errors.controlCharacter', params: { column: 'ward' } },
        { line: 6, key: 'survey.import.errors.controlCharacter', params: { column: 'Notes' } },
      ],
    });
    for (const bad of [
      Buffer.from('id,ward\nQ1,Abbey\nQ2,"Bridge\n'),
      Buffer.from('id,ward\nQ1,"Abbey" x\n'),
      gzipSync(Buffer.from('id,ward\nQ1,Abbey\n')).subarray(0, 15),
    ]) {
      await expect(svc.fieldwork.upload(actor, wave, 'q.csv', bad)).rejects.toMatchObject({
        key: 'survey.import.errors.unreadable',
        field: 'file',
      });
    }
    await expect(svc.fieldwork.upload(actor, wave, 'e.csv', Buffer.from('id,ward\n\n'))).rejects.toMatchObject({
      key: 'survey.import.errors.empty',
    });
    for (const empty of [Buffer.alloc(0), Buffer.from('\n \r\n')]) {
      await expect(svc.fieldwork.upload(actor, wave, 'e.csv', empty)).rejects.toMatchObject({
        key: 'survey.import.errors.empty',
      });
    }
    // Too many rows is found while reading, before any row is stored.
    const long = Buffer.from('id,ward\n' + 'L,Abbey\n'.repeat(MAX_ROWS + 1));
    await expect(svc.fieldwork.upload(actor, wave, 'l.csv', long)).rejects.toMatchObject({
      key: 'survey.import.errors.tooManyRows',
      params: { max: MAX_ROWS },
    });
  });

  it('parses margin variables and import values as documented', () => {
    expect(parseVariable('age_band*sex')).toEqual([
      { code: 'age_band', grouped: false },
      { code: 'sex', grouped: false },
    ]);
    expect(parseVariable('ethnic_group:group')).toEqual([{ code: 'ethnic_group', grouped: true }]);
    expect(parseVariable('Bad-Name')).toBeNull();
    expect(normaliseResumeCode('abcd-efgh jklm')).toBe('ABCDEFGHJKLM');
    expect(placeName('Demoshire Borough Council (fictional)')).toBe('Demoshire');
    expect(placeName('London Borough of Hounslow')).toBe('London Borough of Hounslow');
    const scale = { kind: 'scale', scale_min: 0, scale_max: 10, options: [] } as never;
    expect(importValue(scale, '7', [])).toBe(7);
    expect(importValue(scale, '11', [])).toBeNull();
  });

  it('rejects a built-in question revision and a duplicate own code', async () => {
    const bank = await svc.bank.list(council);
    await expect(
      svc.bank.revise(actor, bank.find((q) => q.code === 'belonging')!.id, {
        kind: 'choice',
        wording: 'x',
        hint: '',
        options: ['a', 'b'],
        positiveCount: 1,
        excludedCount: 0,
        source: 's',
      }),
    ).rejects.toBeInstanceOf(DomainError);
    await expect(
      svc.bank.add(actor, {
        code: 'belonging',
        kind: 'scale',
        wording: 'x',
        hint: '',
        options: [],
        positiveCount: 0,
        excludedCount: 0,
        source: 's',
      }),
    ).rejects.toMatchObject({ key: 'survey.questions.errors.codeTaken' });
  });

  describe('online survey over HTTP', () => {
    let waveId: string;
    let base: string;

    beforeAll(async () => {
      ({ waveId } = await newWave('Online wave', ['get_on_local', 'life_satisfaction', 'ward'], 'online'));
      await svc.waves.setStatus(actor, waveId, 'open');
      base = `/s/${waveId}`;
    });

    const questionLinks = async (c: Client) => {
      const res = await c.get(base);
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('How we use your answers');
      const start = await c.post(`${base}/start`);
      expect(start.statusCode).toBe(303);
      return start.headers.location as string;
    };

    it('answers one question per page, saves and resumes with a code, and completes once', async () => {
      const c = new Client(t.app);
      const first = await questionLinks(c);
      expect(c.cookies.get('co_survey')).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const page = await c.get(first);
      expect(page.body).toContain('To what extent do you agree or disagree that your local area');
      // No answer: the GOV.UK error summary, and nothing saved.
      const empty = await c.post(first, { action: 'next' });
      expect(empty.statusCode).toBe(400);
      expect(empty.body).toContain('govuk-error-summary');
      expect(empty.body).toContain('Select an answer');
      const next = await c.post(first, { answer: 'tend_to_agree', action: 'next' });
      expect(next.statusCode).toBe(303);
      // Save and come back later: a code is shown; a new browser resumes with it.
      const saved = await c.post(next.headers.location as string, { answer: '8', action: 'save' });
      expect(saved.statusCode).toBe(200);
      const code = /id="resume-code">([A-Z0-9-]+)</.exec(saved.body)![1];
      const other = new Client(t.app);
      await other.get(`${base}/resume`);
      const wrong = await other.post(`${base}/resume`, { code: 'AAAA-BBBB-CCCC' });
      expect(wrong.statusCode).toBe(400);
      const resumed = await other.post(`${base}/resume`, { code: code.toLowerCase() });
      expect(resumed.statusCode).toBe(303);
      const wardPage = resumed.headers.location as string;
      expect((await other.get(wardPage)).body).toContain('Which ward do you live in?');
      const unknownWard = await other.post(wardPage, { answer: 'X05999999', action: 'next' });
      expect(unknownWard.statusCode).toBe(400);
      const done = await other.post(wardPage, { answer: WARDS[1], action: 'next' });
      expect(done.headers.location).toBe(`${base}/check`);
      const check = await other.get(`${base}/check`);
      expect(check.body).toContain('Bridge');
      expect(check.body).toContain('Tend to agree');
      // Submitting twice completes one response.
      expect((await other.post(`${base}/submit`)).headers.location).toBe(`${base}/done`);
      expect((await other.post(`${base}/submit`)).headers.location).toBe(`${base}/done`);
      const rows = await t.db.query<{ answers: Record<string, unknown>; completed_at: Date | null }>(
        'select answers, completed_at from survey_responses where wave_id = $1',
        [waveId],
      );
      expect(rows).toHaveLength(1);
      expect(rows[0].answers).toEqual({ get_on_local: 'tend_to_agree', life_satisfaction: 8, ward: WARDS[1] });
      expect(rows[0].completed_at).not.toBeNull();
      // The first browser's token no longer works after the resume; the completed browser cannot answer again.
      expect((await c.get(first)).headers.location).toBe(base);
      expect((await other.post(`${base}/start`)).headers.location).toBe(`${base}/done`);
      expect((await other.get(base)).body).toContain('You have already completed this survey');
    });

    it('is 404 for an unknown or closed wave and for a question of another wave', async () => {
      const c = new Client(t.app);
      expect((await c.get('/s/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
      expect((await c.get('/s/not-a-uuid')).statusCode).toBe(404);
      const first = await questionLinks(c);
      expect(
        (await c.get(first.replace(/questions\/.*/, 'questions/00000000-0000-4000-8000-000000000000'))).statusCode,
      ).toBe(404);
      // After its last day the link stops working even if nobody closed the wave.
      expect(await svc.responding.openWave(waveId)).not.toBeNull();
      expect(await svc.responding.openWave(waveId, '2100-01-01')).toBeNull();
      await svc.waves.setStatus(actor, waveId, 'closed');
      expect((await c.get(base)).statusCode).toBe(404);
      expect((await c.get(first)).statusCode).toBe(404);
      await svc.waves.setStatus(actor, waveId, 'open');
    });
  });

  describe('staff pages', () => {
    it('show the GOV.UK error summary, not a 500, for a NUL byte in any survey text field', async () => {
      const { surveyId, waveId } = await newWave('Control text wave', ['get_on_local', 'ward']);
      const c = new Client(t.app);
      await c.signIn('analyst@a.test');
      const posts: [string, Record<string, string>][] = [
        ['/c/council-a/surveys/new', { name: 'Bad\u0000name', description: '' }],
        [
          `/c/council-a/surveys/${surveyId}/waves/new`,
          {
            name: 'W',
            period: '2025',
            startsOn: '2025-01-01',
            endsOn: '2025-02-01',
            targetPopulation: 'A\u0000',
            mode: 'online',
          },
        ],
        [
          '/c/council-a/surveys/questions/new',
          {
            code: 'nul_q',
            kind: 'scale',
            wording: 'x\u0000',
            hint: '',
            options: '',
            positiveCount: '0',
            excludedCount: '0',
            source: 's',
          },
        ],
        [`/c/council-a/surveys/waves/${waveId}/weighting/margins`, { margins: 'ward,X05000001\u0000,10' }],
        [`/c/council-a/surveys/waves/${waveId}/weighting/remove`, { variable: 'ward\u0000' }],
        [`/c/council-a/surveys/waves/${waveId}/weighting/census`, { dataset: 'test_ethnic', variable: 'ward\u0000' }],
        [
          `/c/council-a/surveys/waves/${waveId}/benchmarks`,
          { benchmarkQuestion: 'get_on_local', benchmarkValue: '80', benchmarkLabel: 'N\u0000' },
        ],
      ];
      for (const [url, form] of posts) {
        await c.get(url.endsWith('/new') ? url : `/c/council-a/surveys/waves/${waveId}/weighting`);
        const res = await c.post(url, form);
        expect(res.statusCode, url).toBe(400);
        expect(res.body, url).toContain('govuk-error-summary');
        expect(res.body, url).toContain('control characters');
      }
      expect((await svc.waves.surveys(council)).some((x) => x.name.includes('\u0000'))).toBe(false);
    });

    it('answer 200 on every survey GET route with real records, for each role allowed to see it', async () => {
      const { surveyId, waveId } = await newWave('Routes wave', ['get_on_local', 'sex', 'ward']);
      const importId = await upload(waveId, 'r.csv', responsesCsv(makeRows(40, 0)));
      const questionId = (await svc.bank.list(council)).find((q) => q.code === 'belonging')!.id;
      const fill = (url: string) =>
        url
          .replace(':council', 'council-a')
          .replace(':surveyId', surveyId)
          .replace(':waveId', waveId)
          .replace(':importId', importId)
          .replace(':questionId', questionId);
      const routes = t.app.routeAccess.filter((r) => r.method === 'GET' && r.url.startsWith('/c/:council/surveys'));
      expect(routes.length).toBeGreaterThanOrEqual(12);
      const clients = new Map<string, Client>();
      for (const route of routes) {
        if (route.access.kind !== 'council') throw new Error(`${route.url} is not a council route`);
        const role = route.access.permission === 'survey.manage' ? 'analyst' : 'viewer';
        if (!clients.has(role)) {
          const c = new Client(t.app);
          await c.signIn(`${role}@a.test`);
          clients.set(role, c);
        }
        const url = fill(route.url);
        expect(url).not.toContain(':');
        const res = await clients.get(role)!.get(url);
        expect(res.statusCode, `${role} GET ${url}`).toBe(200);
      }
    });

    it('keep suppressed cells suppressed in downloads, and hide one council’s waves from another', async () => {
      const { waveId } = await newWave('Download wave', ['get_on_local', 'life_satisfaction', 'sex', 'ward']);
      const wave = await getWave(waveId);
      const id = await upload(waveId, 'd.csv', responsesCsv(makeRows(120, 10)));
      await svc.fieldwork.apply(actor, wave, id, 'respondent_id', {
        Ward: 'ward',
        SEX: 'sex',
        get_on_local: 'get_on_local',
        life_satisfaction: 'life_satisfaction',
      });
      const viewer = new Client(t.app);
      await viewer.signIn('viewer@a.test');
      const page = await viewer.get(`/c/council-a/surveys/waves/${waveId}/results?question=get_on_local&by=sex`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Too few responses');
      const csv = await viewer.get(
        `/c/council-a/surveys/waves/${waveId}/results?question=get_on_local&by=sex&format=csv`,
      );
      expect(csv.headers['content-type']).toContain('text/csv');
      const [header, ...lines] = parse(csv.body) as string[][];
      const castle = lines.find((l) => l.includes(WARDS[2]))!;
      expect(castle[header.indexOf('Too few responses to show')]).toBe('Yes');
      expect(castle[header.indexOf('Estimate (%)')]).toBe('');
      expect(castle[header.indexOf('95% confidence interval, lower limit (%)')]).toBe('');
      const json = await viewer.get(
        `/c/council-a/surveys/waves/${waveId}/results?question=life_satisfaction&format=json`,
      );
      const body = JSON.parse(json.body) as {
        unit: string;
        results: { code: string; estimate: number | null; suppressed: boolean }[];
      };
      expect(body.unit).toBe('score');
      expect(body.results.find((r) => r.code === WARDS[2])).toMatchObject({ estimate: null, suppressed: true });
      expect(body.results.find((r) => r.code === 'X08000001')!.estimate).toBeGreaterThan(0);

      const adminB = new Client(t.app);
      await adminB.signIn('administrator@b.test');
      expect((await adminB.get(`/c/council-b/surveys/waves/${waveId}`)).statusCode).toBe(404);
      expect((await adminB.get(`/c/council-b/surveys/waves/${waveId}/results?format=csv`)).statusCode).toBe(404);
      expect((await adminB.post(`/c/council-b/surveys/waves/${waveId}/status`, { status: 'closed' })).statusCode).toBe(
        404,
      );
    });
  });
});
