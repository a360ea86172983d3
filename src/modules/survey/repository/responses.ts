/** Responses: online drafts (found by token hashes), imported respondents, and weights. SQL only. */
import type { Queryable } from '../../../db/index.ts';
import { one } from '../../../db/index.ts';
import type { Answers, ResponseRow } from '../model.ts';

const RESPONSE = 'id, answers, completed_at, weight, source, external_id';

export async function insertDraft(q: Queryable, councilId: string, waveId: string, tokenHash: string) {
  const row = await one<{ id: string }>(
    q,
    `insert into survey_responses (council_id, wave_id, source, token_hash) values ($1, $2, 'online', $3) returning id`,
    [councilId, waveId, tokenHash],
  );
  if (!row) throw new Error('the draft was not stored');
  return row.id;
}

/** Sets a draft's resume code hash; false when the draft is unknown or already complete. */
export async function setResume(q: Queryable, councilId: string, id: string, resumeHash: string) {
  const rows = await q.query(
    `update survey_responses set resume_hash = $3, updated_at = now()
      where council_id = $1 and id = $2 and completed_at is null returning id`,
    [councilId, id, resumeHash],
  );
  return rows.length > 0;
}

export function findDraftByToken(q: Queryable, councilId: string, waveId: string, tokenHash: string) {
  return one<ResponseRow>(
    q,
    `select ${RESPONSE} from survey_responses where council_id = $1 and wave_id = $2 and token_hash = $3`,
    [councilId, waveId, tokenHash],
  );
}

export function findDraftByResume(q: Queryable, councilId: string, waveId: string, resumeHash: string) {
  return one<ResponseRow>(
    q,
    `select ${RESPONSE} from survey_responses where council_id = $1 and wave_id = $2 and resume_hash = $3`,
    [councilId, waveId, resumeHash],
  );
}

export async function setToken(q: Queryable, councilId: string, id: string, tokenHash: string) {
  await q.query('update survey_responses set token_hash = $3, updated_at = now() where council_id = $1 and id = $2', [
    councilId,
    id,
    tokenHash,
  ]);
}

export async function saveAnswer(q: Queryable, councilId: string, id: string, code: string, value: string | number) {
  await q.query(
    `update survey_responses set answers = answers || jsonb_build_object($3::text, $4::jsonb), updated_at = now()
      where council_id = $1 and id = $2 and completed_at is null`,
    [councilId, id, code, JSON.stringify(value)],
  );
}

/** Completes a draft once: true only for the request that completed it. */
export async function completeDraft(q: Queryable, councilId: string, id: string) {
  const rows = await q.query(
    `update survey_responses set completed_at = now(), updated_at = now()
      where council_id = $1 and id = $2 and completed_at is null returning id`,
    [councilId, id],
  );
  return rows.length > 0;
}

/** Inserts or updates imported respondents by (wave, respondent id); returns how many rows were written. */
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
    `select ${RESPONSE} from survey_responses
      where council_id = $1 and wave_id = $2 and completed_at is not null order by created_at, id`,
    [councilId, waveId],
  );
}

/** Clears the wave's weights, then sets the given ones. */
export async function setWeights(q: Queryable, councilId: string, waveId: string, ids: string[], weights: number[]) {
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
