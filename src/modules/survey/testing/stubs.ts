/**
 * Stub survey services and fixtures for the route tests: each method is a vi.fn with a plausible answer,
 * so a test overrides only what it is about and asserts which calls a page made.
 */
import { vi } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { routeTestApp, TEST_COUNCIL } from '../../../../test/helpers/routes.ts';
import { testConfig } from '../../../../test/helpers/app.ts';
import type { Role } from '../../../kernel/access.ts';
import type { Estimate } from '../../../stats/survey/index.ts';
import type { ImportRow, Question, ResponseRow, SurveyRow, VersionRow, WaveRow } from '../model.ts';
import { surveyRoutes } from '../routes/index.ts';
import type { OpenWave } from '../services/responding.ts';
import type { QuestionResults } from '../services/results.ts';
import type { SurveyServices } from '../services/index.ts';

export const SURVEY_ID = '00000000-0000-4000-8000-000000000101';
export const WAVE_ID = '00000000-0000-4000-8000-000000000201';
export const IMPORT_ID = '00000000-0000-4000-8000-000000000301';
export const QUESTION_ID = '00000000-0000-4000-8000-000000000401';
export const OWN_QUESTION_ID = '00000000-0000-4000-8000-000000000402';
export const STAFF = `/c/${TEST_COUNCIL.slug}/surveys`;

export const survey: SurveyRow = {
  id: SURVEY_ID,
  name: 'Neighbourhood pulse',
  description: 'Twice a year',
  created_at: new Date('2025-01-01T00:00:00Z'),
  waves: 1,
};

export const wave: WaveRow = {
  id: WAVE_ID,
  council_id: TEST_COUNCIL.id,
  survey_id: SURVEY_ID,
  survey_name: 'Neighbourhood pulse',
  name: 'Spring wave',
  period: '2025',
  starts_on: '2025-01-06',
  ends_on: '2099-12-31',
  target_population: 'Residents aged 16 and over',
  mode: 'online',
  status: 'open',
  min_n: 30,
  weighting: null,
  weighted_at: null,
  margins_changed_at: null,
  published_at: null,
  created_at: new Date('2025-01-01T00:00:00Z'),
  responses: 0,
  completed: 0,
};

const base = {
  council_id: null,
  sort_order: 10,
  version: 1,
  hint: '',
  scale_min: null,
  scale_max: null,
  source: 'Community Life Survey',
  catalogue_key: null,
  version_created_at: new Date('2025-01-01T00:00:00Z'),
};

/** A choice question with a headline ("positive") answer and an excluded one. */
export const agree: Question = {
  ...base,
  id: QUESTION_ID,
  code: 'mixing_ok',
  section: 'cohesion',
  version_id: '00000000-0000-4000-8000-000000000501',
  kind: 'choice',
  wording: 'Do people here mix well?',
  options: [
    { code: 'yes', label: 'Yes, they do', positive: true },
    { code: 'no', label: 'No, they do not' },
    { code: 'dont_know', label: 'Not sure', excluded: true },
  ],
};

/** The council's own question, so it can be revised. */
export const own: Question = {
  ...agree,
  id: OWN_QUESTION_ID,
  council_id: TEST_COUNCIL.id,
  code: 'park_use',
  section: 'own',
  version_id: '00000000-0000-4000-8000-000000000502',
  wording: 'How often do you use local parks?',
  options: [
    { code: 'weekly', label: 'Weekly', positive: true },
    { code: 'rarely', label: 'Rarely' },
  ],
  source: 'own',
};

/** The ward question. */
/** A name generator: up to 3 people, with relationship, ethnic group and age band. */
export const contactsQuestion: Question = {
  ...base,
  council_id: TEST_COUNCIL.id,
  id: '00000000-0000-4000-8000-000000000403',
  code: 'turn_to',
  section: 'own',
  version_id: '00000000-0000-4000-8000-000000000503',
  kind: 'contacts',
  wording: 'Who do you turn to?',
  scale_max: 3,
  options: [
    { code: 'family', label: 'Family', group: 'relationship' },
    { code: 'neighbour', label: 'Neighbour', group: 'relationship' },
    { code: 'white', label: 'White', group: 'ethnic_group' },
    { code: 'asian', label: 'Asian or Asian British', group: 'ethnic_group' },
    { code: '16_24', label: '16 to 24', group: 'age_band' },
    { code: '65_plus', label: '65 or over', group: 'age_band' },
  ],
};

export const wardQuestion: Question = {
  ...base,
  id: '00000000-0000-4000-8000-000000000403',
  code: 'home_ward',
  section: 'demographics',
  version_id: '00000000-0000-4000-8000-000000000503',
  kind: 'area',
  wording: 'Which ward do you live in?',
  options: [],
};

export const WARDS = [
  { code: 'X05000001', name: 'Abbey' },
  { code: 'X05000002', name: 'Bridge' },
];

export const versions: VersionRow[] = [
  {
    id: own.version_id,
    version: 1,
    kind: 'choice',
    wording: own.wording,
    hint: '',
    options: own.options,
    scale_min: null,
    scale_max: null,
    source: 'own',
    created_at: new Date('2025-01-01T00:00:00Z'),
  },
];

export const upload: ImportRow = {
  id: IMPORT_ID,
  filename: 'upload.csv',
  columns: ['respondent_id', 'mixing_ok', 'Notes'],
  row_count: 40,
  completed_at: null,
};

export const openWave: OpenWave = {
  id: WAVE_ID,
  council_id: TEST_COUNCIL.id,
  survey_name: 'Neighbourhood pulse',
  name: 'Spring wave',
  status: 'open',
  mode: 'online',
  ends_on: '2099-12-31',
  council: TEST_COUNCIL,
  council_name: TEST_COUNCIL.name,
};

export const draft = (answers: Record<string, string | number> = {}, completed = false): ResponseRow => ({
  id: '00000000-0000-4000-8000-000000000601',
  answers,
  completed_at: completed ? new Date() : null,
  weight: null,
  source: 'online',
  external_id: null,
});

export const est = (estimate: number | null, n = 120): Estimate => ({
  n,
  weightedN: n,
  estimate,
  se: estimate === null ? null : 0.03,
  seUncalibrated: estimate === null ? null : 0.03,
  ciLow: estimate === null ? null : estimate - 0.06,
  ciHigh: estimate === null ? null : estimate + 0.06,
  suppressed: estimate === null,
});

export const results: QuestionResults = {
  question: agree,
  measure: 'proportion',
  overall: est(0.73),
  wards: [
    { code: 'X05000001', label: 'Abbey', estimate: est(0.81) },
    { code: 'X05000002', label: 'Bridge', estimate: est(null, 12) },
  ],
  groups: [],
  groupBy: null,
  change: null,
  benchmark: null,
};

/** Every survey service method the routes call, stubbed. */
export function stubServices() {
  return {
    bank: {
      list: vi.fn(async () => [agree, own, wardQuestion]),
      question: vi.fn(async (_c: unknown, id: string) =>
        id === OWN_QUESTION_ID
          ? { question: own, versions }
          : id === QUESTION_ID
            ? { question: agree, versions }
            : null,
      ),
      add: vi.fn(async () => OWN_QUESTION_ID),
      revise: vi.fn(async () => 2),
      ensure: vi.fn(async () => undefined),
    },
    waves: {
      surveys: vi.fn(async () => [survey]),
      survey: vi.fn(async (_c: unknown, id: string) => (id === SURVEY_ID ? survey : undefined)),
      createSurvey: vi.fn(async () => SURVEY_ID),
      waves: vi.fn(async () => [wave]),
      wave: vi.fn(async (_c: unknown, id: string) => (id === WAVE_ID ? wave : undefined)),
      createWave: vi.fn(async () => WAVE_ID),
      questionnaire: vi.fn(async () => [agree, wardQuestion]),
      comparability: vi.fn(async () => ({ previous: null, changed: [] })),
      setQuestionnaire: vi.fn(async () => undefined),
      setStatus: vi.fn(async () => undefined),
      setMinN: vi.fn(async () => undefined),
      publicLink: vi.fn(() => ({ url: `http://localhost:3000/s/${WAVE_ID}`, live: true })),
    },
    responding: {
      openWave: vi.fn(async (id: string) => (id === WAVE_ID ? openWave : null)),
      questionnaire: vi.fn(async () => ({ questions: [agree, wardQuestion], wards: WARDS })),
      draft: vi.fn(async (): Promise<ResponseRow | null> => draft()),
      start: vi.fn(async () => 't'.repeat(43)),
      answer: vi.fn(async (_a: unknown, _w: unknown, d: ResponseRow, q: Question, raw: unknown) => ({
        ...d.answers,
        [q.code]: String(raw),
      })),
      answerContacts: vi.fn(async (_a: unknown, _w: unknown, d: ResponseRow, q: Question, contacts: unknown) => ({
        ...d.answers,
        [q.code]: JSON.stringify(contacts),
      })),
      saveForLater: vi.fn(async () => 'ABCDEFGHJKLM'),
      resume: vi.fn(async () => ({ token: 'u'.repeat(43), draft: draft({ mixing_ok: 'yes' }) })),
      submit: vi.fn(async () => true),
    },
    fieldwork: {
      upload: vi.fn(async () => ({ ok: true as const, id: IMPORT_ID })),
      file: vi.fn(async (_c: unknown, _w: string, id: string) => (id === IMPORT_ID ? upload : undefined)),
      apply: vi.fn(async () => ({ ok: true as const, rows: 40 })),
    },
    weighting: {
      margins: vi.fn(async () => [
        { variable: 'sex', category: 'female', population: 5100, source: 'entered by hand' },
        { variable: 'sex', category: 'male', population: 4900, source: 'entered by hand' },
      ]),
      coverage: vi.fn(
        async () =>
          new Map([
            [
              'sex',
              new Map([
                ['female', { label: 'Female', respondents: 70 }],
                ['male', { label: 'Male', respondents: 50 }],
              ]),
            ],
          ]),
      ),
      censusDatasets: vi.fn(async () => [{ code: 'test_ethnic', name: 'Ethnic group counts', period: '2021' }]),
      fromCensus: vi.fn(async () => 3),
      fromText: vi.fn(async () => ({ ok: true as const, variables: 1 })),
      remove: vi.fn(async () => undefined),
      run: vi.fn(async () => undefined),
    },
    results: {
      results: vi.fn(async (): Promise<QuestionResults | null> => results),
      download: vi.fn(async (): Promise<QuestionResults | null> => results),
      wardFeatures: vi.fn(async () => []),
      benchmarks: vi.fn(async () => []),
      setBenchmark: vi.fn(async () => undefined),
    },
    publication: { publish: vi.fn(async () => 12) },
  };
}

export type Stubs = ReturnType<typeof stubServices>;

/** The survey's routes on stub services, signed in as `role` (anonymous when omitted). */
export function surveyApp(s: Stubs, role?: Role) {
  return routeTestApp({
    role,
    routes: surveyRoutes({ survey: s as unknown as SurveyServices, config: testConfig() }),
  });
}

/** Posts a multipart form with one file, as a browser uploads it. */
export async function postFile(
  app: FastifyInstance,
  cookies: Map<string, string>,
  url: string,
  fields: Record<string, string>,
  file: { name: string; content: Buffer } | null,
) {
  const boundary = '----surveytest';
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file)
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: text/csv\r\n\r\n`,
      ),
      file.content,
      Buffer.from('\r\n'),
    );
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return app.inject({
    method: 'POST',
    url,
    payload: Buffer.concat(parts),
    headers: {
      'content-type': `multipart/form-data; boundary=${boundary}`,
      cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
    },
  });
}
