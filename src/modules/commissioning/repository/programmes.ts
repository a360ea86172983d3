/** SQL: programmes, checklist answers, stage ratings and the council's 360Giving settings. */
import { one, oneRow, type Queryable } from '../../../db/index.ts';
import type { ProgrammeInput, ProgrammeRow, Rating, Stage } from '../model.ts';

const PROGRAMME_SELECT = `select p.id, p.council_id, p.code, p.name, p.description, p.budget::float8 as budget,
    to_char(p.starts_on, 'YYYY-MM-DD') as starts_on, to_char(p.ends_on, 'YYYY-MM-DD') as ends_on, p.areas, p.status,
    p.updated_at,
    (select count(*)::int from commissioning_grants g where g.programme_id = p.id and g.status <> 'withdrawn') as grants,
    (select coalesce(sum(g.amount), 0)::float8 from commissioning_grants g
      where g.programme_id = p.id and g.status <> 'withdrawn') as awarded
  from commissioning_programmes p`;

export function listProgrammes(q: Queryable, councilId: string) {
  return q.query<ProgrammeRow>(`${PROGRAMME_SELECT} where p.council_id = $1 order by p.starts_on desc, p.name`, [
    councilId,
  ]);
}

export function findProgramme(q: Queryable, councilId: string, id: string) {
  return one<ProgrammeRow>(q, `${PROGRAMME_SELECT} where p.council_id = $1 and p.id = $2`, [councilId, id]);
}

export function findProgrammeByCode(q: Queryable, councilId: string, code: string) {
  return one<ProgrammeRow>(q, `${PROGRAMME_SELECT} where p.council_id = $1 and p.code = $2`, [councilId, code]);
}

const params = (p: ProgrammeInput) => [
  p.code,
  p.name,
  p.description,
  p.budget,
  p.startsOn,
  p.endsOn,
  p.areas,
  p.status,
];

export async function insertProgramme(q: Queryable, councilId: string, p: ProgrammeInput): Promise<string> {
  const row = await oneRow<{ id: string }>(
    q,
    `insert into commissioning_programmes (council_id, code, name, description, budget, starts_on, ends_on, areas, status)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id`,
    [councilId, ...params(p)],
  );
  return row.id;
}

export async function updateProgramme(q: Queryable, councilId: string, id: string, p: ProgrammeInput) {
  const rows = await q.query(
    `update commissioning_programmes set code = $3, name = $4, description = $5, budget = $6, starts_on = $7,
       ends_on = $8, areas = $9, status = $10, updated_at = now()
     where council_id = $1 and id = $2 returning id`,
    [councilId, id, ...params(p)],
  );
  return rows.length > 0;
}

export interface AnswerRow {
  question: string;
  answer: string;
  evidence: string;
  updated_by_name: string | null;
  updated_at: Date;
}

export function answers(q: Queryable, councilId: string, programmeId: string) {
  return q.query<AnswerRow>(
    `select a.question, a.answer, a.evidence, u.display_name as updated_by_name, a.updated_at
       from commissioning_answers a left join users u on u.id = a.updated_by
      where a.council_id = $1 and a.programme_id = $2`,
    [councilId, programmeId],
  );
}

export async function upsertAnswer(
  q: Queryable,
  councilId: string,
  programmeId: string,
  a: { question: string; answer: string; evidence: string; userId: string | null },
) {
  await q.query(
    `insert into commissioning_answers (programme_id, council_id, question, answer, evidence, updated_by)
     values ($1, $2, $3, $4, $5, $6)
     on conflict (programme_id, question) do update
       set answer = excluded.answer, evidence = excluded.evidence, updated_by = excluded.updated_by, updated_at = now()`,
    [programmeId, councilId, a.question, a.answer, a.evidence, a.userId],
  );
}

export function ratings(q: Queryable, councilId: string, programmeId: string) {
  return q.query<{ stage: Stage; rating: Rating }>(
    'select stage, rating from commissioning_ratings where council_id = $1 and programme_id = $2',
    [councilId, programmeId],
  );
}

export async function setRating(q: Queryable, councilId: string, programmeId: string, stage: Stage, rating: Rating) {
  await q.query(
    `insert into commissioning_ratings (programme_id, council_id, stage, rating) values ($1, $2, $3, $4)
     on conflict (programme_id, stage) do update set rating = excluded.rating, updated_at = now()`,
    [programmeId, councilId, stage, rating],
  );
}

/** Removes a stage's rating ("not rated yet"). */
export async function clearRating(q: Queryable, councilId: string, programmeId: string, stage: Stage) {
  await q.query('delete from commissioning_ratings where council_id = $1 and programme_id = $2 and stage = $3', [
    councilId,
    programmeId,
    stage,
  ]);
}

export interface SettingsRow {
  grant_prefix: string;
  funder_identifier: string;
}

export function settings(q: Queryable, councilId: string) {
  return one<SettingsRow>(
    q,
    'select grant_prefix, funder_identifier from commissioning_settings where council_id = $1',
    [councilId],
  );
}

export async function saveSettings(q: Queryable, councilId: string, s: SettingsRow) {
  await q.query(
    `insert into commissioning_settings (council_id, grant_prefix, funder_identifier) values ($1, $2, $3)
     on conflict (council_id) do update
       set grant_prefix = excluded.grant_prefix, funder_identifier = excluded.funder_identifier, updated_at = now()`,
    [councilId, s.grant_prefix, s.funder_identifier],
  );
}
