/**
 * Demo data for the survey module (all fictional): a residents' survey with closed waves three, two and one
 * years ago (for example 2022, 2023 and 2024) of generated responses spread over the demo wards, weighted to
 * the demo census counts and published as indicator values, plus an open online wave so the public link
 * works. Three closed waves let an evaluation run a difference-in-differences as an event study.
 *
 * Deterministic: answers come from a seeded generator; the same demo council gives the same responses.
 * Response is biased (older people, women, some wards and the White group answer more), so weighting
 * visibly moves the results, and each ward has its own level of cohesion so the ward map has a pattern.
 */
import type { Council } from '../../kernel/actor.ts';
import { systemActor } from '../../kernel/actor.ts';
import { createDraws, type RandomDraws } from '../../stats/random.ts';
import { toCsv } from '../../lib/csv-write.ts';
import type { GeographyService } from '../geography/index.ts';
import { seedNetworkSurveyDemo } from './demo-network.ts';
import type { Answers, Question } from './model.ts';
import type { SurveyServices } from './services/index.ts';

/** The demo census counts of residents aged 16 and over: the survey's target population. */
const DATASET = 'demo_ethnic_group_16plus';

/** The season a date falls in (meteorological), for the open wave's name. */
function season(d: Date): string {
  return ['Winter', 'Spring', 'Summer', 'Autumn'][Math.floor(((d.getUTCMonth() + 1) % 12) / 3)];
}
const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const DAY = 86_400_000;

/** The demo's generated respondents as a fieldwork file, one column per question code. */
function fieldworkFile(questions: Question[], rows: { externalId: string; answers: Answers }[]) {
  const codes = questions.map((q) => q.code);
  const records = rows.map((r) =>
    Object.fromEntries([['id', r.externalId], ...codes.map((c) => [c, r.answers[c] ?? ''])]),
  );
  return Buffer.from(toCsv(records, ['id', ...codes]));
}

/**
 * Seeds the survey demo for a council once (skipped when the council already has a survey), through the
 * module's own services as the demo actor: the generated fieldwork is uploaded and imported like a file.
 */
export async function seedSurveyDemo(
  survey: SurveyServices,
  geography: Pick<GeographyService, 'descendants' | 'populationFor' | 'dataset'>,
  council: Council,
  now: Date = new Date(),
): Promise<void> {
  if ((await survey.waves.surveys(council)).length > 0) return;
  // Dates relative to today: autumn waves three and two years ago and last year (closed), and an online wave
  // open now. The earliest wave has its own draws, so the other two stay as they were; it is published first,
  // so the latest published wave (the overview's) is still last year's.
  const year = now.getUTCFullYear();
  const [earliest, first, second] = [year - 3, year - 2, year - 1];
  const areaCode = council.areaCode;
  const wards = areaCode ? await geography.descendants(areaCode, 'ward') : [];
  if (!areaCode || !wards.length) return;
  const actor = systemActor(council, 'demo');
  await survey.bank.ensure();

  // The council's own question, asked in 2023 with one wording and in 2024 with another (a comparability warning).
  const ownId = await survey.bank.add(actor, {
    code: 'safe_after_dark',
    kind: 'choice',
    wording: 'How safe do you feel walking alone in your area after dark?',
    hint: '',
    options: ['Very safe', 'Fairly safe', 'A bit unsafe', 'Very unsafe', "Don't know"],
    positiveCount: 2,
    excludedCount: 1,
    source: `Demoshire's own question (fictional), ${first}`,
  });
  const surveyId = await survey.waves.createSurvey(
    actor,
    "Demoshire Residents' Survey (fictional)",
    'Annual survey of residents aged 16 and over. Fictional demonstration data.',
  );
  const bank = await survey.bank.list(council);
  const builtIns = bank.filter((q) => q.council_id === null && q.kind !== 'code').map((q) => q.id);

  const wFirst = await survey.waves.createWave(actor, surveyId, {
    name: `Autumn ${first}`,
    period: String(first),
    startsOn: `${first}-09-04`,
    endsOn: `${first}-10-27`,
    targetPopulation: 'Residents aged 16 and over',
    mode: 'imported',
  });
  await survey.waves.setQuestionnaire(actor, wFirst, [...builtIns, ownId]);
  await survey.bank.revise(actor, ownId, {
    kind: 'choice',
    wording: 'How safe or unsafe do you feel when outside in your local area after dark?',
    hint: '',
    options: ['Very safe', 'Fairly safe', 'A bit unsafe', 'Very unsafe', "Don't know"],
    positiveCount: 2,
    excludedCount: 1,
    source: `Demoshire's own question (fictional), revised ${second}`,
  });
  const wSecond = await survey.waves.createWave(actor, surveyId, {
    name: `Autumn ${second}`,
    period: String(second),
    startsOn: `${second}-09-02`,
    endsOn: `${second}-10-25`,
    targetPopulation: 'Residents aged 16 and over',
    mode: 'imported',
  });
  const wEarliest = await survey.waves.createWave(actor, surveyId, {
    name: `Autumn ${earliest}`,
    period: String(earliest),
    startsOn: `${earliest}-09-06`,
    endsOn: `${earliest}-10-29`,
    targetPopulation: 'Residents aged 16 and over',
    mode: 'imported',
  });
  await survey.waves.setQuestionnaire(actor, wEarliest, builtIns);
  const wOnline = await survey.waves.createWave(actor, surveyId, {
    name: `${season(now)} ${year} online`,
    period: String(year),
    startsOn: isoDay(new Date(now.getTime() - 21 * DAY)),
    endsOn: isoDay(new Date(now.getTime() + 42 * DAY)),
    targetPopulation: 'Residents aged 16 and over',
    mode: 'online',
  });

  const rng = createDraws(20241);
  const pop = await geography.populationFor(
    DATASET,
    wards.map((w) => w.code),
  );
  const meta = await geography.dataset(council, DATASET);
  if (!meta || pop.length !== wards.length) return;
  const byWard = new Map(pop.map((p) => [p.area_code, p]));
  const wardEffect = new Map(wards.map((w) => [w.code, rng.normal() * 0.45]));

  for (const [waveId, n, shift, draws, prefix] of [
    [wEarliest, 1000, -0.05, createDraws(20239), 'C'],
    [wFirst, 1250, 0, rng, 'A'],
    [wSecond, 1500, 0.18, rng, 'B'],
  ] as const) {
    const questions = await survey.waves.questionnaire(council, waveId);
    const rows = generateResponses(
      draws,
      n,
      questions,
      wards.map((w) => w.code),
      byWard,
      meta.categories,
      wardEffect,
      shift,
      prefix,
    );
    await importFieldwork(survey, council, waveId, fieldworkFile(questions, rows), questions);
    const wave = await mustWave(survey, council, waveId);
    await survey.weighting.fromCensus(actor, wave, DATASET, 'ward');
    await survey.weighting.fromCensus(actor, wave, DATASET, 'ethnic_group:group');
    const total = pop.reduce((s, p) => s + p.counts.reduce((a, b) => a + b, 0), 0);
    await survey.weighting.fromText(actor, wave, handMargins(total));
    await survey.weighting.run(actor, await mustWave(survey, council, waveId), {
      maxIterations: 100,
      epsilon: 1e-6,
      trim: { low: 0.3, high: 4 },
    });
    const weighted = await mustWave(survey, council, waveId);
    await survey.results.setBenchmark(
      actor,
      weighted,
      'get_on_local',
      82,
      'National figure (illustrative, fictional demo)',
    );
    await survey.publication.publish(actor, weighted);
    await survey.waves.setStatus(actor, waveId, 'closed');
  }
  await survey.waves.setStatus(actor, wOnline, 'open');
  await seedNetworkSurveyDemo(survey, council, { code: wards[0].code, name: wards[0].name }, now);
}

async function mustWave(survey: SurveyServices, council: Council, waveId: string) {
  const wave = await survey.waves.wave(council, waveId);
  if (!wave) throw new Error(`demo wave ${waveId} is missing`);
  return wave;
}

/** Uploads the generated file and maps every question column to its question. */
async function importFieldwork(
  survey: SurveyServices,
  council: Council,
  waveId: string,
  file: Buffer,
  questions: Question[],
) {
  const actor = systemActor(council, 'demo');
  const wave = await mustWave(survey, council, waveId);
  const upload = await survey.fieldwork.upload(actor, wave, 'demo-fieldwork.csv', file);
  if (!upload.ok) throw new Error(`the demo fieldwork file was refused: ${upload.problems[0]?.key}`);
  const mapping = Object.fromEntries(questions.map((q) => [q.code, q.code]));
  const outcome = await survey.fieldwork.apply(actor, wave, upload.id, 'id', mapping);
  if (!outcome.ok) throw new Error(`the demo fieldwork was refused: ${outcome.problems[0]?.key}`);
}

/** Sex and age margins of residents aged 16 and over typed in, as from mid-year estimates (shares invented). */
function handMargins(total: number): string {
  const female = Math.round(total * 0.508);
  const ages: [string, number][] = [
    ['16_24', 0.15],
    ['25_34', 0.19],
    ['35_49', 0.25],
    ['50_64', 0.22],
  ];
  const lines = ['variable,category,population', `sex,female,${female}`, `sex,male,${total - female}`];
  let used = 0;
  for (const [a, s] of ages) {
    const v = Math.round(total * s);
    used += v;
    lines.push(`age_band,${a},${v}`);
  }
  lines.push(`age_band,65_plus,${total - used}`);
  return lines.join('\n');
}

function pickWeighted<T>(rng: RandomDraws, items: readonly T[], weights: readonly number[]): T {
  const sum = weights.reduce((a, b) => a + b, 0);
  let r = rng.next() * sum;
  for (let i = 0; i < items.length; i++) {
    r -= weights[i];
    if (r < 0) return items[i];
  }
  return items[items.length - 1];
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
const logistic = (x: number) => 1 / (1 + Math.exp(-x));

function generateResponses(
  rng: RandomDraws,
  n: number,
  questions: Question[],
  wardCodes: string[],
  byWard: Map<string, { counts: number[] }>,
  groups: string[],
  wardEffect: Map<string, number>,
  shift: number,
  prefix: string,
): { externalId: string; answers: Answers }[] {
  // Some wards respond better than others.
  const wardWeights = wardCodes.map(
    (c, i) => (byWard.get(c)?.counts ?? []).reduce((a, b) => a + b, 0) * (0.6 + ((i * 7) % 5) * 0.2),
  );
  const asked = new Set(questions.map((q) => q.code));
  const ages = ['16_24', '25_34', '35_49', '50_64', '65_plus'];
  const ageWeights = [0.08, 0.14, 0.24, 0.27, 0.27];
  const out: { externalId: string; answers: Answers }[] = [];
  for (let i = 0; i < n; i++) {
    const ward = pickWeighted(rng, wardCodes, wardWeights);
    const counts = byWard.get(ward)?.counts ?? [];
    const ethnic = pickWeighted(
      rng,
      groups,
      counts.map((c, k) => c * (groups[k] === 'WhiteBrit' ? 1.3 : 0.8)),
    );
    const age = pickWeighted(rng, ages, ageWeights);
    const ageIndex = ages.indexOf(age);
    const sex = rng.next() < 0.56 ? 'female' : 'male';
    const person = rng.normal() * 0.6;
    const latent = (wardEffect.get(ward) ?? 0) + person + shift + (ageIndex - 2) * 0.15;
    const a: Answers = {};
    const agree = (base: number) => {
      if (rng.next() < 0.04) return 'dont_know';
      const p = logistic(base + latent);
      const r = rng.next();
      if (r < p * 0.45) return 'definitely_agree';
      if (r < p) return 'tend_to_agree';
      return r < p + (1 - p) * 0.65 ? 'tend_to_disagree' : 'definitely_disagree';
    };
    const scale = (mean: number, sign = 1) => clamp(Math.round(mean + sign * latent * 0.8 + rng.normal() * 1.6), 0, 10);
    const four = (codes: string[], base: number) => {
      const p = logistic(base + latent);
      const r = rng.next();
      return r < p * 0.6 ? codes[0] : r < p ? codes[1] : r < p + (1 - p) * 0.7 ? codes[2] : codes[3];
    };
    a.get_on_local = agree(1.5);
    a.get_on_place = agree(1.0);
    a.belonging = four(['very_strongly', 'fairly_strongly', 'not_very_strongly', 'not_at_all_strongly'], 0.5);
    a.trust_neighbours = four(['many', 'some', 'a_few', 'none'], -0.3);
    for (const f of ['friends_ethnicity', 'friends_income', 'friends_education']) {
      a[f] = pickWeighted(
        rng,
        ['all', 'more_than_half', 'about_half', 'less_than_half', 'none', 'dont_know'],
        [ethnic === 'WhiteBrit' ? 30 : 18, 30, 18, 12, 5, 3],
      );
    }
    a.rely_on = pickWeighted(
      rng,
      ['a_lot', 'somewhat', 'a_little', 'not_at_all', 'no_one'],
      [60 + latent * 10, 22, 9, 5, 3],
    );
    a.civic_participation = rng.next() < 0.32 + ageIndex * 0.03 ? 'yes' : rng.next() < 0.97 ? 'no' : 'dont_know';
    a.volunteering = rng.next() < 0.22 + latent * 0.04 ? 'yes' : 'no';
    a.life_satisfaction = scale(7.4);
    a.worthwhile = scale(7.7);
    a.happiness = scale(7.3);
    a.anxiety = scale(3.2, -1);
    a.age_band = rng.next() < 0.02 ? 'prefer_not' : age;
    a.sex = sex;
    a.ethnic_group = ethnic;
    a.religion = pickWeighted(
      rng,
      ['no_religion', 'christian', 'muslim', 'hindu', 'sikh', 'jewish', 'buddhist', 'other', 'prefer_not'],
      ethnic === 'Pakistani' || ethnic === 'Bangladeshi'
        ? [2, 1, 90, 0, 0, 0, 0, 1, 6]
        : ethnic === 'Indian'
          ? [8, 10, 15, 40, 22, 0, 1, 1, 3]
          : [40, 45, 1, 0, 0, 1, 1, 4, 8],
    );
    a.disability = pickWeighted(
      rng,
      ['limited_a_lot', 'limited_a_little', 'no', 'prefer_not'],
      [8 + ageIndex * 2, 10 + ageIndex * 2, 78, 3],
    );
    a.ward = ward;
    if (asked.has('safe_after_dark')) {
      a.safe_after_dark = four(['very_safe', 'fairly_safe', 'a_bit_unsafe', 'very_unsafe'], 0.6);
    }
    for (const k of Object.keys(a)) if (!asked.has(k)) delete a[k];
    out.push({ externalId: `${prefix}${String(i + 1).padStart(5, '0')}`, answers: a });
  }
  return out;
}
