/**
 * The demo's network survey (fictional): a short online survey in one demo ward that asks the respondent's
 * ethnic group, age band and ward, and a name generator ("people you turn to or meet", up to five, with how
 * they know them and their ethnic group and age as the respondent sees it). Sixty generated residents answer
 * it through the public survey's own services, mostly naming people of their own broad group (as in the RSA's
 * Cranford mapping); then the wave is closed. The networks demo builds a study from these answers.
 * Deterministic (seeded).
 */
import { systemActor, type Council } from '../../kernel/actor.ts';
import { createDraws } from '../../stats/random.ts';
import { CONTACT_BACKGROUNDS, type ContactAnswer } from './contacts.ts';
import type { Ward } from './model.ts';
import type { SurveyServices } from './services/index.ts';

/** The code of the demo's name-generator question (the networks demo looks for it). */
export const DEMO_NAME_GENERATOR = 'people_turn_to';
export const DEMO_NETWORK_SURVEY = 'Neighbourhood ties survey (fictional)';

const RESPONDENTS = 60;
const RELATIONSHIPS = ['Family', 'Friend', 'Neighbour', 'Colleague', 'Other'];
/** Respondents' ethnic groups (codes of the built-in question) and their shares in the fictional ward. */
const ETHNIC = [
  ['WhiteBrit', 0.46],
  ['OtherWhite', 0.1],
  ['Pakistani', 0.18],
  ['Bangladeshi', 0.06],
  ['BlkCaribbean', 0.08],
  ['Mixed', 0.06],
  ['Indian', 0.06],
] as const;
const BROAD: Record<string, string> = {
  WhiteBrit: 'white',
  OtherWhite: 'white',
  Pakistani: 'asian',
  Bangladeshi: 'asian',
  Indian: 'asian',
  BlkCaribbean: 'black',
  Mixed: 'mixed',
};
const AGES = ['16_24', '25_34', '35_49', '50_64', '65_plus'];
const iso = (d: Date) => d.toISOString().slice(0, 10);

export async function seedNetworkSurveyDemo(survey: SurveyServices, council: Council, ward: Ward, now: Date) {
  const actor = systemActor(council, 'demo');
  const own = await survey.bank.add(actor, {
    code: DEMO_NAME_GENERATOR,
    kind: 'contacts',
    wording: 'Think of up to five people you turn to for help or advice, or meet regularly. How do you know each one?',
    hint: 'They can live anywhere. Do not give their names.',
    options: [],
    positiveCount: 0,
    excludedCount: 0,
    maxContacts: 5,
    relationships: RELATIONSHIPS,
    backgrounds: ['ethnic_group', 'age_band'],
    source: 'Name generator after the RSA Connected Communities surveys (fictional demo wording)',
  });
  const surveyId = await survey.waves.createSurvey(
    actor,
    DEMO_NETWORK_SURVEY,
    `Who residents of ${ward.name} turn to or meet. Fictional demonstration data.`,
  );
  const bank = await survey.bank.list(council);
  const ids = ['ethnic_group', 'age_band', 'ward'].flatMap((c) => bank.filter((q) => q.code === c).map((q) => q.id));
  const waveId = await survey.waves.createWave(actor, surveyId, {
    name: `${ward.name} ${now.getUTCFullYear()}`,
    period: String(now.getUTCFullYear()),
    // Fieldwork over (six weeks ago to a fortnight ago), like the demo's other closed waves.
    startsOn: iso(new Date(now.getTime() - 44 * 86_400_000)),
    endsOn: iso(new Date(now.getTime() - 14 * 86_400_000)),
    targetPopulation: `Residents of ${ward.name} aged 16 and over`,
    mode: 'online',
  });
  await survey.waves.setQuestionnaire(actor, waveId, [...ids, own]);
  await survey.waves.setStatus(actor, waveId, 'open');
  // The generated residents answer as if during the fieldwork.
  const wave = await survey.responding.openWave(waveId, iso(new Date(now.getTime() - 21 * 86_400_000)));
  if (!wave) return;
  const { questions, wards } = await survey.responding.questionnaire(wave);
  const byCode = new Map(questions.map((q) => [q.code, q]));
  const rng = createDraws(2611);
  const ethnicCum = ETHNIC.reduce<number[]>((acc, [, p]) => [...acc, (acc.at(-1) ?? 0) + p], []);
  const drawEthnic = () =>
    ETHNIC[
      Math.min(
        ETHNIC.length - 1,
        ethnicCum.findIndex((c) => rng.next() < c),
      )
    ][0];
  for (let i = 0; i < RESPONDENTS; i++) {
    const token = await survey.responding.start(actor, wave);
    const draft = await survey.responding.draft(wave, token);
    if (!draft) continue;
    const ethnic = drawEthnic();
    const age = rng.pick(AGES);
    for (const [code, value] of [
      ['ethnic_group', ethnic],
      ['age_band', age],
      ['ward', ward.code],
    ] as const) {
      const q = byCode.get(code);
      if (q) await survey.responding.answer(actor, wave, draft, q, value, wards);
    }
    // A few name nobody; the rest name one to five people, about seven in ten of their own broad group.
    const named = rng.next() < 0.12 ? 0 : rng.int(1, 5);
    const contacts: ContactAnswer[] = Array.from({ length: named }, () => ({
      relationship: rng.pick(['family', 'friend', 'neighbour', 'colleague', 'other']),
      background: {
        ...(rng.next() < 0.9
          ? { ethnic_group: rng.next() < 0.7 ? BROAD[ethnic] : rng.pick(CONTACT_BACKGROUNDS.ethnic_group) }
          : {}),
        ...(rng.next() < 0.8 ? { age_band: rng.next() < 0.6 ? age : rng.pick(CONTACT_BACKGROUNDS.age_band) } : {}),
      },
    }));
    const q = byCode.get(DEMO_NAME_GENERATOR);
    if (q) await survey.responding.answerContacts(actor, wave, draft, q, contacts);
    await survey.responding.submit(actor, wave, draft);
  }
  await survey.waves.setStatus(actor, waveId, 'closed');
}
