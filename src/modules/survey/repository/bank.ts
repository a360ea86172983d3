/** The question bank: questions (built in, or a council's own) and their versions. SQL only. */
import type { Queryable } from '../../../db/index.ts';
import { one } from '../../../db/index.ts';
import type { Question, Section, VersionInput, VersionRow } from '../model.ts';

const LATEST = `select q.id, q.council_id, q.code, q.section, q.sort_order, v.id as version_id, v.version, v.kind, v.wording, v.hint,
                       v.options, v.scale_min, v.scale_max, v.source, v.catalogue_key, v.created_at as version_created_at
                  from survey_questions q
                  join lateral (select * from survey_question_versions v where v.question_id = q.id order by v.version desc limit 1) v on true`;

/** The built-in questions and the council's own, each at its latest version. */
export function listBank(q: Queryable, councilId: string) {
  return q.query<Question>(`${LATEST} where q.council_id is null or q.council_id = $1 order by q.sort_order, q.code`, [
    councilId,
  ]);
}

export function findQuestion(q: Queryable, councilId: string, id: string) {
  return one<Question>(q, `${LATEST} where q.id = $2 and (q.council_id is null or q.council_id = $1)`, [councilId, id]);
}

/** A built-in question (councilId null) or a council's own, by code, at its latest version. */
export function findQuestionByCode(q: Queryable, councilId: string | null, code: string) {
  return one<Question>(
    q,
    `${LATEST} where q.code = $2 and ${councilId ? 'q.council_id = $1' : 'q.council_id is null and $1::uuid is null'}`,
    [councilId, code],
  );
}

/** Versions of a question the council can see (built in or its own), newest first. */
export function questionVersions(q: Queryable, councilId: string, questionId: string) {
  return q.query<VersionRow>(
    `select v.id, v.version, v.kind, v.wording, v.hint, v.options, v.scale_min, v.scale_max, v.source, v.created_at
       from survey_question_versions v join survey_questions q on q.id = v.question_id
      where v.question_id = $2 and (q.council_id is null or q.council_id = $1) order by v.version desc`,
    [councilId, questionId],
  );
}

/** Adds a question; null when the council (or the built-in bank, for null) already has that code. */
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
  const row = await one<{ id: string }>(q, 'select id from survey_questions where council_id is null and code = $1', [
    code,
  ]);
  return row?.id ?? null;
}

/** Adds the next version of a question. */
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
  if (!row) throw new Error(`no version was added to question ${questionId}`);
  return row;
}
