import type { Queryable } from '../../db/index.ts';
import { one } from '../../db/index.ts';
import type { OptionSpec, QuestionKind, Section } from './bank.ts';

// ---------- question bank ----------

export interface QuestionRow {
  id: string;
  council_id: string | null;
  code: string;
  section: Section;
  sort_order: number;
  version_id: string;
  version: number;
  kind: QuestionKind;
  wording: string;
  hint: string;
  options: (OptionSpec & { label: string })[];
  scale_min: number | null;
  scale_max: number | null;
  source: string;
  catalogue_key: string | null;
  version_created_at: Date;
}

const LATEST = `select q.id, q.council_id, q.code, q.section, q.sort_order, v.id as version_id, v.version, v.kind, v.wording, v.hint,
                       v.options, v.scale_min, v.scale_max, v.source, v.catalogue_key, v.created_at as version_created_at
                  from survey_questions q
                  join lateral (select * from survey_question_versions v where v.question_id = q.id order by v.version desc limit 1) v on true`;

export function listBank(q: Queryable, councilId: string) {
  return q.query<QuestionRow>(
    `${LATEST} where q.council_id is null or q.council_id = $1 order by q.sort_order, q.code`,
    [councilId],
  );
}

export function findQuestion(q: Queryable, councilId: string, id: string) {
  return one<QuestionRow>(q, `${LATEST} where q.id = $2 and (q.council_id is null or q.council_id = $1)`, [
    councilId,
    id,
  ]);
}

export function findQuestionByCode(q: Queryable, councilId: string | null, code: string) {
  return one<QuestionRow>(
    q,
    `${LATEST} where q.code = $2 and ${councilId ? 'q.council_id = $1' : 'q.council_id is null and $1::uuid is null'}`,
    [councilId, code],
  );
}

export interface VersionRow {
  id: string;
  version: number;
  kind: QuestionKind;
  wording: string;
  hint: string;
  options: OptionSpec[];
  scale_min: number | null;
  scale_max: number | null;
  source: string;
  created_at: Date;
}

export function questionVersions(q: Queryable, questionId: string) {
  return q.query<VersionRow>(
    `select id, version, kind, wording, hint, options, scale_min, scale_max, source, created_at
       from survey_question_versions where question_id = $1 order by version desc`,
    [questionId],
  );
}

export async function insertQuestion(
  q: Queryable,
  councilId: string | null,
  code: string,
  section: Section,
  sortOrder: number,
) {
  const row = await one<{ id: string }>(
    q,
    `insert into survey_questions (council_id, code, section, sort_order) values ($1, $2, $3, $4)
     on conflict do nothing returning id`,
    [councilId, code, section, sortOrder],
  );
  return row?.id ?? null;
}

export async function builtInQuestionId(q: Queryable, code: string) {
  return (
    (await one<{ id: string }>(q, 'select id from survey_questions where council_id is null and code = $1', [code]))
      ?.id ?? null
  );
}

export interface VersionInput {
  kind: QuestionKind;
  wording: string;
  hint: string;
  options: unknown[];
  scaleMin: number | null;
  scaleMax: number | null;
  source: string;
  catalogueKey: string | null;
}

export async function insertVersion(q: Queryable, questionId: string, v: VersionInput) {
  const row = await one<{ id: string; version: number }>(
    q,
    `insert into survey_question_versions (question_id, version, kind, wording, hint, options, scale_min, scale_max, source, catalogue_key)
     select $1, coalesce(max(version), 0) + 1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9 from survey_question_versions where question_id = $1
     returning id, version`,
    [
      questionId,
      v.kind,
      v.wording,
      v.hint,
      JSON.stringify(v.options),
      v.scaleMin,
      v.scaleMax,
      v.source,
      v.catalogueKey,
    ],
  );
  return row!;
}

// ---------- surveys and waves ----------

export interface SurveyRow {
  id: string;
  name: string;
  description: string;
  created_at: Date;
  waves: number;
}

export function listSurveys(q: Queryable, councilId: string) {
  return q.query<SurveyRow>(
    `select s.id, s.name, s.description, s.created_at, (select count(*)::int from survey_waves w where w.survey_id = s.id) as waves
       from surveys s where s.council_id = $1 order by s.created_at desc, s.name`,
    [councilId],
  );
}

export function findSurvey(q: Queryable, councilId: string, id: string) {
  return one<SurveyRow>(
    q,
    `select s.id, s.name, s.description, s.created_at, 0 as waves from surveys s where s.council_id = $1 and s.id = $2`,
    [councilId, id],
  );
}

export async function insertSurvey(q: Queryable, councilId: string, name: string, description: string) {
  const row = await one<{ id: string }>(
    q,
    `insert into surveys (council_id, name, description) values ($1, $2, $3) on conflict (council_id, name) do nothing returning id`,
    [councilId, name, description],
  );
  return row?.id ?? null;
}

export interface WaveRow {
  id: string;
  council_id: string;
  survey_id: string;
  survey_name: string;
  name: string;
  period: string;
  starts_on: string;
  ends_on: string;
  target_population: string;
  mode: 'online' | 'imported';
  status: 'draft' | 'open' | 'closed';
  min_n: number;
  weighting: WeightingRecord | null;
  weighted_at: Date | null;
  margins_changed_at: Date | null;
  published_at: Date | null;
  created_at: Date;
  responses: number;
  completed: number;
}

export interface WeightingRecord {
  iterations: number;
  maxError: number;
  epsilon: number;
  maxIterations: number;
  trim: { low: number; high: number; satisfied: boolean; rounds: number } | null;
  rescaledMargins: string[];
  n: number;
  excluded: number;
  deff: number;
  ess: number;
  min: number;
  max: number;
  mean: number;
  populationTotal: number;
  margins: string[];
}

const WAVE_SELECT = `select w.id, w.council_id, w.survey_id, s.name as survey_name, w.name, w.period,
                            to_char(w.starts_on, 'YYYY-MM-DD') as starts_on, to_char(w.ends_on, 'YYYY-MM-DD') as ends_on,
                            w.target_population, w.mode, w.status, w.min_n, w.weighting, w.weighted_at, w.margins_changed_at,
                            w.published_at, w.created_at,
                            (select count(*)::int from survey_responses r where r.wave_id = w.id) as responses,
                            (select count(*)::int from survey_responses r where r.wave_id = w.id and r.completed_at is not null) as completed
                       from survey_waves w join surveys s on s.id = w.survey_id`;

export function listWaves(q: Queryable, councilId: string, surveyId: string) {
  return q.query<WaveRow>(
    `${WAVE_SELECT} where w.council_id = $1 and w.survey_id = $2 order by w.starts_on desc, w.created_at desc`,
    [councilId, surveyId],
  );
}

export function findWave(q: Queryable, councilId: string, id: string) {
  return one<WaveRow>(q, `${WAVE_SELECT} where w.council_id = $1 and w.id = $2`, [councilId, id]);
}

/** The wave of the same survey that started most recently before this one. */
export function previousWave(
  q: Queryable,
  councilId: string,
  wave: Pick<WaveRow, 'id' | 'survey_id' | 'starts_on' | 'created_at'>,
) {
  return one<WaveRow>(
    q,
    `${WAVE_SELECT} where w.council_id = $1 and w.survey_id = $2 and w.id <> $3
        and (w.starts_on < $4::date or (w.starts_on = $4::date and w.created_at < $5))
      order by w.starts_on desc, w.created_at desc limit 1`,
    [councilId, wave.survey_id, wave.id, wave.starts_on, wave.created_at],
  );
}

export interface PublicWaveRow {
  id: string;
  council_id: string;
  council_name: string;
  council_slug: string;
  area_code: string | null;
  survey_name: string;
  name: string;
  status: string;
  mode: string;
  ends_on: string;
}

/** A wave looked up by its public id alone (the anonymous survey link). */
export function findPublicWave(q: Queryable, id: string) {
  return one<PublicWaveRow>(
    q,
    `select w.id, w.council_id, t.name as council_name, t.slug as council_slug, t.area_code, s.name as survey_name, w.name, w.status, w.mode,
            to_char(w.ends_on, 'YYYY-MM-DD') as ends_on
       from survey_waves w join surveys s on s.id = w.survey_id join councils t on t.id = w.council_id where w.id = $1`,
    [id],
  );
}

export interface WaveInput {
  name: string;
  period: string;
  startsOn: string;
  endsOn: string;
  targetPopulation: string;
  mode: 'online' | 'imported';
}

export async function insertWave(q: Queryable, councilId: string, surveyId: string, w: WaveInput) {
  const row = await one<{ id: string }>(
    q,
    `insert into survey_waves (council_id, survey_id, name, period, starts_on, ends_on, target_population, mode)
     values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict (survey_id, name) do nothing returning id`,
    [councilId, surveyId, w.name, w.period, w.startsOn, w.endsOn, w.targetPopulation, w.mode],
  );
  return row?.id ?? null;
}

export async function setWaveStatus(q: Queryable, councilId: string, id: string, status: WaveRow['status']) {
  const rows = await q.query('update survey_waves set status = $3 where council_id = $1 and id = $2 returning id', [
    councilId,
    id,
    status,
  ]);
  return rows.length > 0;
}

export async function setMinN(q: Queryable, councilId: string, id: string, minN: number) {
  await q.query('update survey_waves set min_n = $3 where council_id = $1 and id = $2', [councilId, id, minN]);
}

export async function setWeighting(q: Queryable, councilId: string, id: string, record: WeightingRecord | null) {
  await q.query(
    `update survey_waves set weighting = $3::jsonb, weighted_at = case when $3::jsonb is null then null else now() end where council_id = $1 and id = $2`,
    [councilId, id, record ? JSON.stringify(record) : null],
  );
}

export async function markMarginsChanged(q: Queryable, councilId: string, id: string) {
  await q.query('update survey_waves set margins_changed_at = now() where council_id = $1 and id = $2', [
    councilId,
    id,
  ]);
}

export async function markPublished(q: Queryable, councilId: string, id: string) {
  await q.query('update survey_waves set published_at = now() where council_id = $1 and id = $2', [councilId, id]);
}

export interface WaveQuestionRow extends QuestionRow {
  position: number;
}

/** The questionnaire of a wave: the exact versions asked, in order. Council-checked through the wave. */
export function waveQuestions(q: Queryable, councilId: string, waveId: string) {
  return q.query<WaveQuestionRow>(
    `select q.id, q.council_id, q.code, q.section, q.sort_order, v.id as version_id, v.version, v.kind, v.wording, v.hint,
            v.options, v.scale_min, v.scale_max, v.source, v.catalogue_key, v.created_at as version_created_at, wq.position
       from survey_wave_questions wq
       join survey_waves w on w.id = wq.wave_id and w.council_id = $1
       join survey_question_versions v on v.id = wq.version_id
       join survey_questions q on q.id = v.question_id
      where wq.wave_id = $2 order by wq.position`,
    [councilId, waveId],
  );
}

export async function setWaveQuestions(q: Queryable, waveId: string, versionIds: string[]) {
  await q.query('delete from survey_wave_questions where wave_id = $1', [waveId]);
  if (!versionIds.length) return;
  await q.query(
    `insert into survey_wave_questions (wave_id, version_id, position)
     select $1, v, p::int from unnest($2::uuid[]) with ordinality as t(v, p)`,
    [waveId, versionIds],
  );
}

// ---------- responses ----------

export type Answers = Record<string, string | number>;

export interface ResponseRow {
  id: string;
  answers: Answers;
  completed_at: Date | null;
  weight: number | null;
  source: string;
  external_id: string | null;
}

export async function insertDraft(q: Queryable, councilId: string, waveId: string, tokenHash: string) {
  const row = await one<{ id: string }>(
    q,
    `insert into survey_responses (council_id, wave_id, source, token_hash) values ($1, $2, 'online', $3) returning id`,
    [councilId, waveId, tokenHash],
  );
  return row!.id;
}

export async function setResume(q: Queryable, id: string, resumeHash: string) {
  await q.query(
    'update survey_responses set resume_hash = $2, updated_at = now() where id = $1 and completed_at is null',
    [id, resumeHash],
  );
}

export function findDraftByToken(q: Queryable, waveId: string, tokenHash: string) {
  return one<ResponseRow>(
    q,
    `select id, answers, completed_at, weight, source, external_id from survey_responses where wave_id = $1 and token_hash = $2`,
    [waveId, tokenHash],
  );
}

export function findDraftByResume(q: Queryable, waveId: string, resumeHash: string) {
  return one<ResponseRow & { token_hash: string }>(
    q,
    `select id, answers, completed_at, weight, source, external_id, token_hash from survey_responses where wave_id = $1 and resume_hash = $2`,
    [waveId, resumeHash],
  );
}

export async function setToken(q: Queryable, id: string, tokenHash: string) {
  await q.query('update survey_responses set token_hash = $2, updated_at = now() where id = $1', [id, tokenHash]);
}

export async function saveAnswer(q: Queryable, id: string, code: string, value: string | number | null) {
  if (value === null) {
    await q.query(
      `update survey_responses set answers = answers - $2::text, updated_at = now() where id = $1 and completed_at is null`,
      [id, code],
    );
  } else {
    await q.query(
      `update survey_responses set answers = answers || jsonb_build_object($2::text, $3::jsonb), updated_at = now() where id = $1 and completed_at is null`,
      [id, code, JSON.stringify(value)],
    );
  }
}

/** Completes a draft once: true only for the request that completed it. */
export async function completeDraft(q: Queryable, id: string) {
  const rows = await q.query(
    'update survey_responses set completed_at = now(), updated_at = now() where id = $1 and completed_at is null returning id',
    [id],
  );
  return rows.length > 0;
}

export async function upsertImported(
  q: Queryable,
  councilId: string,
  waveId: string,
  rows: { externalId: string; answers: Answers }[],
) {
  let written = 0;
  for (let i = 0; i < rows.length; i += 1000) {
    const b = rows.slice(i, i + 1000);
    const out = await q.query(
      `insert into survey_responses (council_id, wave_id, source, external_id, answers, completed_at)
       select $1, $2, 'import', e, a::jsonb, now() from unnest($3::text[], $4::text[]) as t(e, a)
       on conflict (wave_id, external_id) do update set answers = excluded.answers, updated_at = now(), weight = null
       returning (xmax = 0) as inserted`,
      [councilId, waveId, b.map((r) => r.externalId), b.map((r) => JSON.stringify(r.answers))],
    );
    written += out.length;
  }
  return written;
}

export function completedResponses(q: Queryable, councilId: string, waveId: string) {
  return q.query<ResponseRow>(
    `select id, answers, completed_at, weight, source, external_id from survey_responses
      where council_id = $1 and wave_id = $2 and completed_at is not null order by created_at, id`,
    [councilId, waveId],
  );
}

export async function setWeights(
  q: Queryable,
  councilId: string,
  waveId: string,
  ids: string[],
  weights: (number | null)[],
) {
  await q.query('update survey_responses set weight = null where council_id = $1 and wave_id = $2', [
    councilId,
    waveId,
  ]);
  for (let i = 0; i < ids.length; i += 5000) {
    await q.query(
      `update survey_responses r set weight = t.w from unnest($3::uuid[], $4::float8[]) as t(id, w)
        where r.id = t.id and r.council_id = $1 and r.wave_id = $2`,
      [councilId, waveId, ids.slice(i, i + 5000), weights.slice(i, i + 5000)],
    );
  }
}

// ---------- imports ----------

export interface ImportRow {
  id: string;
  filename: string;
  content: Uint8Array;
  columns: string[];
  row_count: number;
  completed_at: Date | null;
}

export async function insertImport(
  q: Queryable,
  councilId: string,
  waveId: string,
  userId: string,
  filename: string,
  content: Uint8Array,
  columns: string[],
  rowCount: number,
) {
  const row = await one<{ id: string }>(
    q,
    `insert into survey_imports (council_id, wave_id, filename, content, columns, row_count, created_by)
     values ($1, $2, $3, $4, $5::jsonb, $6, $7) returning id`,
    [councilId, waveId, filename, content, JSON.stringify(columns), rowCount, userId],
  );
  return row!.id;
}

/** An upload (once imported, its file is gone and completed_at is set). */
export function findImport(q: Queryable, councilId: string, waveId: string, id: string) {
  return one<ImportRow>(
    q,
    'select id, filename, content, columns, row_count, completed_at from survey_imports where council_id = $1 and wave_id = $2 and id = $3',
    [councilId, waveId, id],
  );
}

/** Marks an upload imported and drops the file: only mapped answers are kept (unmapped columns may hold personal data). */
export async function completeImport(q: Queryable, councilId: string, id: string) {
  await q.query(
    `update survey_imports set completed_at = now(), content = ''::bytea where council_id = $1 and id = $2`,
    [councilId, id],
  );
}

/** Deletes uploads that were never imported, after a day. */
export async function deleteStaleImports(q: Queryable, councilId: string) {
  await q.query(
    `delete from survey_imports where council_id = $1 and completed_at is null and created_at < now() - interval '1 day'`,
    [councilId],
  );
}

// ---------- margins and benchmarks ----------

export interface MarginRow {
  variable: string;
  category: string;
  population: number;
  source: string;
}

export function listMargins(q: Queryable, councilId: string, waveId: string) {
  return q.query<MarginRow>(
    'select variable, category, population, source from survey_margins where council_id = $1 and wave_id = $2 order by variable, category',
    [councilId, waveId],
  );
}

export async function replaceMargin(
  q: Queryable,
  councilId: string,
  waveId: string,
  variable: string,
  rows: { category: string; population: number }[],
  source: string,
) {
  await q.query('delete from survey_margins where council_id = $1 and wave_id = $2 and variable = $3', [
    councilId,
    waveId,
    variable,
  ]);
  await q.query(
    `insert into survey_margins (wave_id, council_id, variable, category, population, source)
     select $1, $2, $3, c, p, $6 from unnest($4::text[], $5::float8[]) as t(c, p)`,
    [waveId, councilId, variable, rows.map((r) => r.category), rows.map((r) => r.population), source],
  );
}

export async function deleteMargin(q: Queryable, councilId: string, waveId: string, variable: string) {
  const rows = await q.query(
    'delete from survey_margins where council_id = $1 and wave_id = $2 and variable = $3 returning variable',
    [councilId, waveId, variable],
  );
  return rows.length > 0;
}

export interface BenchmarkRow {
  question_code: string;
  value: number;
  label: string;
}

export function listBenchmarks(q: Queryable, councilId: string, waveId: string) {
  return q.query<BenchmarkRow>(
    'select question_code, value, label from survey_benchmarks where council_id = $1 and wave_id = $2',
    [councilId, waveId],
  );
}

export async function upsertBenchmark(
  q: Queryable,
  councilId: string,
  waveId: string,
  code: string,
  value: number,
  label: string,
) {
  await q.query(
    `insert into survey_benchmarks (wave_id, council_id, question_code, value, label) values ($1, $2, $3, $4, $5)
     on conflict (wave_id, question_code) do update set value = excluded.value, label = excluded.label`,
    [waveId, councilId, code, value, label],
  );
}

// ---------- geography and census counts (shared reference data) ----------

export function wardsOf(q: Queryable, areaCode: string) {
  return q.query<{ code: string; name: string }>(
    `with recursive d(code) as (
       select child_code from area_links where parent_code = $1
       union select l.child_code from area_links l join d on l.parent_code = d.code)
     select a.code, a.name from areas a where a.level = 'ward' and a.code in (select code from d) order by a.name`,
    [areaCode],
  );
}

export function datasetsForAreas(q: Queryable, codes: string[]) {
  return q.query<{ code: string; name: string; period: string; categories: string[]; areas: number }>(
    `select d.code, d.name, d.period, d.categories, count(*)::int as areas
       from datasets d join population_counts p on p.dataset = d.code
      where p.area_code = any($1::text[]) group by d.code, d.name, d.period, d.categories order by d.period desc, d.name`,
    [codes],
  );
}

export function populationCounts(q: Queryable, dataset: string, codes: string[]) {
  return q.query<{ area_code: string; total: number; counts: number[] }>(
    'select area_code, total, counts from population_counts where dataset = $1 and area_code = any($2::text[])',
    [dataset, codes],
  );
}

export function findDataset(q: Queryable, code: string) {
  return one<{ code: string; name: string; period: string; categories: string[]; source: string }>(
    q,
    'select code, name, period, categories, source from datasets where code = $1',
    [code],
  );
}
