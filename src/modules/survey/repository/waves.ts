/** Surveys, their waves and each wave's questionnaire. SQL only; every query is filtered by council. */
import type { Queryable } from '../../../db/index.ts';
import { one } from '../../../db/index.ts';
import type { PublicWaveRow, Question, SurveyRow, WaveInput, WaveRow, WaveStatus, WeightingRecord } from '../model.ts';

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

export async function countSurveys(q: Queryable, councilId: string) {
  const row = await one<{ n: number }>(q, 'select count(*)::int as n from surveys where council_id = $1', [councilId]);
  return row?.n ?? 0;
}

/** Adds a survey; null when the council already has one with that name. */
export async function insertSurvey(q: Queryable, councilId: string, name: string, description: string) {
  const row = await one<{ id: string }>(
    q,
    `insert into surveys (council_id, name, description) values ($1, $2, $3) on conflict (council_id, name) do nothing returning id`,
    [councilId, name, description],
  );
  return row?.id ?? null;
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

/** A wave looked up by its public id alone (the anonymous survey link); the council comes with it. */
export function findPublicWave(q: Queryable, id: string) {
  return one<PublicWaveRow>(
    q,
    `select w.id, w.council_id, s.name as survey_name, w.name, w.status, w.mode, to_char(w.ends_on, 'YYYY-MM-DD') as ends_on
       from survey_waves w join surveys s on s.id = w.survey_id where w.id = $1`,
    [id],
  );
}

/** Adds a wave; null when the survey already has one with that name. */
export async function insertWave(q: Queryable, councilId: string, surveyId: string, w: WaveInput) {
  const row = await one<{ id: string }>(
    q,
    `insert into survey_waves (council_id, survey_id, name, period, starts_on, ends_on, target_population, mode)
     values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict (survey_id, name) do nothing returning id`,
    [councilId, surveyId, w.name, w.period, w.startsOn, w.endsOn, w.targetPopulation, w.mode],
  );
  return row?.id ?? null;
}

export async function setWaveStatus(q: Queryable, councilId: string, id: string, status: WaveStatus) {
  const rows = await q.query('update survey_waves set status = $3 where council_id = $1 and id = $2 returning id', [
    councilId,
    id,
    status,
  ]);
  return rows.length > 0;
}

export async function setMinN(q: Queryable, councilId: string, id: string, minN: number) {
  const rows = await q.query('update survey_waves set min_n = $3 where council_id = $1 and id = $2 returning id', [
    councilId,
    id,
    minN,
  ]);
  return rows.length > 0;
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

/** The questionnaire of a wave: the exact versions asked, in order. Council-checked through the wave. */
export function waveQuestions(q: Queryable, councilId: string, waveId: string) {
  return q.query<Question & { position: number }>(
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

/** Replaces a wave's questionnaire (the wave must be the council's). */
export async function setWaveQuestions(q: Queryable, councilId: string, waveId: string, versionIds: string[]) {
  await q.query(
    `delete from survey_wave_questions wq using survey_waves w
      where wq.wave_id = $2 and w.id = wq.wave_id and w.council_id = $1`,
    [councilId, waveId],
  );
  if (!versionIds.length) return;
  await q.query(
    `insert into survey_wave_questions (wave_id, version_id, position)
     select w.id, v, p::int from unnest($3::uuid[]) with ordinality as t(v, p)
       join survey_waves w on w.id = $2 and w.council_id = $1`,
    [councilId, waveId, versionIds],
  );
}

/** A wave that asked a name-generator question, with its completed responses. */
export interface NameGeneratorWaveRow {
  wave_id: string;
  wave_name: string;
  survey_name: string;
  code: string;
  wording: string;
  completed: number;
}

/** The council's waves that asked a name-generator ('contacts') question, newest first. */
export function nameGeneratorWaves(q: Queryable, councilId: string) {
  return q.query<NameGeneratorWaveRow>(
    `select w.id as wave_id, w.name as wave_name, s.name as survey_name, qu.code, v.wording,
            (select count(*)::int from survey_responses r
              where r.council_id = $1 and r.wave_id = w.id and r.completed_at is not null) as completed
       from survey_wave_questions wq
       join survey_waves w on w.id = wq.wave_id and w.council_id = $1
       join surveys s on s.id = w.survey_id and s.council_id = $1
       join survey_question_versions v on v.id = wq.version_id and v.kind = 'contacts'
       join survey_questions qu on qu.id = v.question_id
      order by w.created_at desc, wq.position`,
    [councilId],
  );
}
