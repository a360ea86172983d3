/** Evaluations and their participants. SQL only; every query filtered by council. */
import type { Queryable } from '../../../db/index.ts';
import { one, oneRow } from '../../../db/index.ts';
import type { LinkRef } from '../../../kernel/links.ts';
import type { AnalysisResult, Design, EvaluationRow, ParticipantInput, Plan, Status, Theory } from '../model.ts';

const COLUMNS = `e.id, e.council_id, e.title, e.summary, e.design, e.outcome_code, e.status, e.links, e.theory, e.plan,
  e.result, e.analysed_at, e.concluded_at, e.created_at`;

export function list(q: Queryable, councilId: string) {
  return q.query<EvaluationRow>(
    `select ${COLUMNS}, (select count(*)::int from evaluation_participants p where p.evaluation_id = e.id) as participants
       from evaluations e where e.council_id = $1 order by e.created_at desc, e.id`,
    [councilId],
  );
}

export function byId(q: Queryable, councilId: string, id: string) {
  return one<EvaluationRow>(
    q,
    `select ${COLUMNS}, (select count(*)::int from evaluation_participants p where p.evaluation_id = e.id) as participants
       from evaluations e where e.council_id = $1 and e.id = $2`,
    [councilId, id],
  );
}

/** The evaluation, its row locked until the transaction ends (so two requests cannot both act on it). */
export function lockById(q: Queryable, councilId: string, id: string) {
  return one<EvaluationRow>(
    q,
    `select ${COLUMNS} from evaluations e where e.council_id = $1 and e.id = $2 for update`,
    [councilId, id],
  );
}

export function byIds(q: Queryable, councilId: string, ids: readonly string[]) {
  return q.query<EvaluationRow>(
    `select ${COLUMNS} from evaluations e where e.council_id = $1 and e.id = any($2::uuid[])`,
    [councilId, ids],
  );
}

/** Evaluations whose links include `ref`. */
export function linkedTo(q: Queryable, councilId: string, ref: LinkRef) {
  return q.query<EvaluationRow>(
    `select ${COLUMNS} from evaluations e where e.council_id = $1 and e.links @> $2::jsonb order by e.created_at desc`,
    [councilId, JSON.stringify([{ kind: ref.kind, id: ref.id }])],
  );
}

export function concludedBetween(q: Queryable, councilId: string, from: Date, to: Date) {
  return q.query<EvaluationRow>(
    `select ${COLUMNS} from evaluations e
      where e.council_id = $1 and e.status = 'concluded' and e.concluded_at >= $2 and e.concluded_at < $3
      order by e.concluded_at, e.id`,
    [councilId, from, to],
  );
}

export interface NewEvaluation {
  title: string;
  summary: string;
  design: Design;
  outcomeCode: string;
  links: LinkRef[];
  createdBy: string | null;
}

export async function insert(q: Queryable, councilId: string, e: NewEvaluation): Promise<string> {
  const row = await oneRow<{ id: string }>(
    q,
    `insert into evaluations (council_id, title, summary, design, outcome_code, links, created_by)
     values ($1, $2, $3, $4, $5, $6::jsonb, $7) returning id`,
    [councilId, e.title, e.summary, e.design, e.outcomeCode, JSON.stringify(e.links), e.createdBy],
  );
  return row.id;
}

export async function updateDesign(
  q: Queryable,
  councilId: string,
  id: string,
  e: Pick<NewEvaluation, 'title' | 'summary' | 'design' | 'outcomeCode' | 'links'>,
) {
  await q.query(
    `update evaluations set title = $3, summary = $4, design = $5, outcome_code = $6, links = $7::jsonb,
            result = null, analysed_at = null, status = case when status = 'concluded' then status else 'planning' end,
            updated_at = now()
      where council_id = $1 and id = $2`,
    [councilId, id, e.title, e.summary, e.design, e.outcomeCode, JSON.stringify(e.links)],
  );
}

export async function setTheory(q: Queryable, councilId: string, id: string, theory: Theory) {
  await q.query('update evaluations set theory = $3::jsonb, updated_at = now() where council_id = $1 and id = $2', [
    councilId,
    id,
    JSON.stringify(theory),
  ]);
}

/** Replaces the plan; its participant questionnaire (set only by `setParticipantWaves`) is kept. */
export async function setPlan(q: Queryable, councilId: string, id: string, plan: Plan) {
  const { participantWaves: _, ...rest } = plan;
  await q.query(
    `update evaluations
        set plan = case when plan ? 'participantWaves'
                        then $3::jsonb || jsonb_build_object('participantWaves', plan -> 'participantWaves')
                        else $3::jsonb end,
            updated_at = now()
      where council_id = $1 and id = $2`,
    [councilId, id, JSON.stringify(rest)],
  );
}

/** Records the participant questionnaire's survey and waves in the plan, leaving the rest of the plan as it is. */
export async function setParticipantWaves(
  q: Queryable,
  councilId: string,
  id: string,
  waves: NonNullable<Plan['participantWaves']>,
) {
  await q.query(
    `update evaluations set plan = plan || jsonb_build_object('participantWaves', $3::jsonb), updated_at = now()
      where council_id = $1 and id = $2`,
    [councilId, id, JSON.stringify(waves)],
  );
}

export async function setResult(q: Queryable, councilId: string, id: string, result: AnalysisResult | null) {
  await q.query(
    `update evaluations set result = $3::jsonb, analysed_at = case when $3::jsonb is null then null else now() end,
            status = case when status = 'concluded' then status when $3::jsonb is null then 'planning' else 'analysed' end,
            updated_at = now()
      where council_id = $1 and id = $2`,
    [councilId, id, result === null ? null : JSON.stringify(result)],
  );
}

export async function setStatus(q: Queryable, councilId: string, id: string, status: Status, at: Date | null) {
  await q.query(
    'update evaluations set status = $3, concluded_at = $4, updated_at = now() where council_id = $1 and id = $2',
    [councilId, id, status, at],
  );
}

/** Replaces the evaluation's participants. */
export async function replaceParticipants(
  q: Queryable,
  councilId: string,
  evaluationId: string,
  rows: readonly ParticipantInput[],
) {
  await q.query('delete from evaluation_participants where council_id = $1 and evaluation_id = $2', [
    councilId,
    evaluationId,
  ]);
  for (let i = 0; i < rows.length; i += 2000) {
    const b = rows.slice(i, i + 2000);
    await q.query(
      `insert into evaluation_participants (evaluation_id, council_id, external_id, line, treated, ward_code, pre, post, covariates)
       select $1, $2, e, l, t, w, pr, po, c::jsonb
         from unnest($3::text[], $4::int[], $5::boolean[], $6::text[], $7::float8[], $8::float8[], $9::text[])
           as x(e, l, t, w, pr, po, c)`,
      [
        evaluationId,
        councilId,
        b.map((r) => r.externalId),
        b.map((r) => r.line),
        b.map((r) => r.treated),
        b.map((r) => r.wardCode),
        b.map((r) => r.pre),
        b.map((r) => r.post),
        b.map((r) => JSON.stringify(r.covariates)),
      ],
    );
  }
}

export interface ParticipantRow {
  external_id: string;
  treated: boolean;
  ward_code: string | null;
  pre: number | null;
  post: number | null;
  covariates: Record<string, number>;
}

export function participants(q: Queryable, councilId: string, evaluationId: string) {
  return q.query<ParticipantRow>(
    `select external_id, treated, ward_code, pre, post, covariates from evaluation_participants
      where council_id = $1 and evaluation_id = $2 order by line`,
    [councilId, evaluationId],
  );
}
