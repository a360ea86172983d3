/** SQL of the plans module. Every query filters by council_id. */
import { one, oneRow, type Queryable } from '../../../db/index.ts';
import type {
  ActionRow,
  ChangeRow,
  ClusterRow,
  DomainRow,
  MeasureRow,
  MilestoneRow,
  OutcomeRow,
  PlanRow,
  UpdateRow,
} from './rows.ts';

export * from './rows.ts';

const PLAN = `id, title, period_start::text as period_start, period_end::text as period_end, status, version, published, copied_from, updated_at`;

export const listPlans = (q: Queryable, councilId: string) =>
  q.query<PlanRow>(`select ${PLAN} from plans where council_id = $1 order by period_start desc, title`, [councilId]);

export const findPlan = (q: Queryable, councilId: string, id: string) =>
  one<PlanRow>(q, `select ${PLAN} from plans where council_id = $1 and id = $2`, [councilId, id]);

export const insertPlan = (
  q: Queryable,
  councilId: string,
  p: { title: string; periodStart: string; periodEnd: string; copiedFrom?: string | null },
) =>
  oneRow<{ id: string }>(
    q,
    `insert into plans (council_id, title, period_start, period_end, copied_from, version) values ($1, $2, $3, $4, $5, 0) returning id`,
    [councilId, p.title, p.periodStart, p.periodEnd, p.copiedFrom ?? null],
  ).then((r) => r.id);

export const updatePlan = (
  q: Queryable,
  councilId: string,
  id: string,
  p: { title: string; periodStart: string; periodEnd: string; status: string; published: boolean },
) =>
  q.query(
    `update plans set title = $3, period_start = $4, period_end = $5, status = $6, published = $7, updated_at = now()
     where council_id = $1 and id = $2`,
    [councilId, id, p.title, p.periodStart, p.periodEnd, p.status, p.published],
  );

/** Moves the plan on one version; returns the new version. */
export const bumpVersion = (q: Queryable, councilId: string, planId: string) =>
  oneRow<{ version: number }>(
    q,
    `update plans set version = version + 1, updated_at = now() where council_id = $1 and id = $2 returning version`,
    [councilId, planId],
  ).then((r) => r.version);

export const insertChange = (
  q: Queryable,
  c: {
    councilId: string;
    planId: string;
    version: number;
    recordType: string;
    recordId: string;
    change: string;
    snapshot: unknown;
    userId: string | null;
  },
) =>
  q.query(
    `insert into plan_changes (council_id, plan_id, version, record_type, record_id, change, snapshot, user_id)
     values ($1, $2, $3, $4, $5, $6, $7::jsonb, $8)`,
    [c.councilId, c.planId, c.version, c.recordType, c.recordId, c.change, JSON.stringify(c.snapshot), c.userId],
  );

export const listChanges = (q: Queryable, councilId: string, planId: string, limit = 50) =>
  q.query<ChangeRow>(
    `select c.version, c.record_type, c.record_id, c.change, u.display_name as user_name, c.created_at
     from plan_changes c left join users u on u.id = c.user_id
     where c.council_id = $1 and c.plan_id = $2 order by c.version desc, c.created_at desc limit $3`,
    [councilId, planId, limit],
  );

export const listDomains = (q: Queryable, councilId: string, planId: string) =>
  q.query<DomainRow>(
    `select id, plan_id, title, description, position from plan_domains where council_id = $1 and plan_id = $2 order by position, title`,
    [councilId, planId],
  );

export const findDomain = (q: Queryable, councilId: string, id: string) =>
  one<DomainRow>(
    q,
    `select id, plan_id, title, description, position from plan_domains where council_id = $1 and id = $2`,
    [councilId, id],
  );

export const insertDomain = (
  q: Queryable,
  councilId: string,
  d: { planId: string; title: string; description: string; position: number },
) =>
  oneRow<{ id: string }>(
    q,
    `insert into plan_domains (council_id, plan_id, title, description, position) values ($1, $2, $3, $4, $5) returning id`,
    [councilId, d.planId, d.title, d.description, d.position],
  ).then((r) => r.id);

export const updateDomain = (q: Queryable, councilId: string, id: string, d: { title: string; description: string }) =>
  q.query(`update plan_domains set title = $3, description = $4 where council_id = $1 and id = $2`, [
    councilId,
    id,
    d.title,
    d.description,
  ]);

const OUTCOME = `id, plan_id, domain_id, title, description, position`;

export const listOutcomes = (q: Queryable, councilId: string, planId: string) =>
  q.query<OutcomeRow>(
    `select ${OUTCOME} from plan_outcomes where council_id = $1 and plan_id = $2 order by position, title`,
    [councilId, planId],
  );

export const findOutcome = (q: Queryable, councilId: string, id: string) =>
  one<OutcomeRow>(q, `select ${OUTCOME} from plan_outcomes where council_id = $1 and id = $2`, [councilId, id]);

export const outcomesByIds = (q: Queryable, councilId: string, ids: string[]) =>
  q.query<OutcomeRow>(`select ${OUTCOME} from plan_outcomes where council_id = $1 and id = any($2::uuid[])`, [
    councilId,
    ids,
  ]);

export const insertOutcome = (
  q: Queryable,
  councilId: string,
  o: { planId: string; domainId: string; title: string; description: string; position: number },
) =>
  oneRow<{ id: string }>(
    q,
    `insert into plan_outcomes (council_id, plan_id, domain_id, title, description, position) values ($1, $2, $3, $4, $5, $6) returning id`,
    [councilId, o.planId, o.domainId, o.title, o.description, o.position],
  ).then((r) => r.id);

const MEASURE = `id, plan_id, outcome_id, indicator_code, area_codes, cluster_id, baseline_period, baseline_value, target_value,
  target_date::text as target_date, direction, override_status, override_reason, override_at`;

export const listMeasures = (q: Queryable, councilId: string, planId: string) =>
  q.query<MeasureRow>(
    `select ${MEASURE} from plan_measures where council_id = $1 and plan_id = $2 order by indicator_code`,
    [councilId, planId],
  );

export const findMeasure = (q: Queryable, councilId: string, id: string) =>
  one<MeasureRow>(q, `select ${MEASURE} from plan_measures where council_id = $1 and id = $2`, [councilId, id]);

export const measuresByIds = (q: Queryable, councilId: string, ids: string[]) =>
  q.query<MeasureRow>(`select ${MEASURE} from plan_measures where council_id = $1 and id = any($2::uuid[])`, [
    councilId,
    ids,
  ]);

export interface MeasureFields {
  indicatorCode: string;
  areaCodes: string[];
  clusterId: string | null;
  baselinePeriod: string;
  baselineValue: number;
  targetValue: number;
  targetDate: string;
  direction: string;
}

export const insertMeasure = (q: Queryable, councilId: string, planId: string, outcomeId: string, m: MeasureFields) =>
  oneRow<{ id: string }>(
    q,
    `insert into plan_measures (council_id, plan_id, outcome_id, indicator_code, area_codes, cluster_id, baseline_period,
       baseline_value, target_value, target_date, direction) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) returning id`,
    [
      councilId,
      planId,
      outcomeId,
      m.indicatorCode,
      m.areaCodes,
      m.clusterId,
      m.baselinePeriod,
      m.baselineValue,
      m.targetValue,
      m.targetDate,
      m.direction,
    ],
  ).then((r) => r.id);

export const setMeasureOverride = (
  q: Queryable,
  councilId: string,
  id: string,
  o: { status: string | null; reason: string | null; userId: string | null },
) =>
  q.query(
    `update plan_measures set override_status = $3, override_reason = $4, override_by = $5,
       override_at = case when $3::text is null then null else now() end where council_id = $1 and id = $2`,
    [councilId, id, o.status, o.reason, o.userId],
  );

const ACTION = `a.id, a.plan_id, a.outcome_id, a.reference, a.title, a.description, a.owner_user_id, u.display_name as owner_name,
  a.organisation_id, o.name as organisation_name, a.lead_officer, a.area_codes, a.start_on::text as start_on, a.due_on::text as due_on,
  a.budget::float8 as budget, a.status, a.rag, a.rag_reason, a.progress, a.weight, a.signal_kind, a.signal_id,
  a.completed_on::text as completed_on, a.updated_at
  from plan_actions a left join users u on u.id = a.owner_user_id left join organisations o on o.id = a.organisation_id`;

/** Actions of a plan (or every plan), optionally only those of one partner organisation. */
export const listActions = (
  q: Queryable,
  councilId: string,
  f: { planId?: string; organisationId?: string | null; ownerUserId?: string },
) =>
  q.query<ActionRow>(
    `select ${ACTION} where a.council_id = $1 and ($2::uuid is null or a.plan_id = $2)
       and ($3::boolean is false or a.organisation_id is not distinct from $4::uuid)
       and ($5::uuid is null or a.owner_user_id = $5) order by a.reference`,
    [councilId, f.planId ?? null, f.organisationId !== undefined, f.organisationId ?? null, f.ownerUserId ?? null],
  );

export const findAction = (q: Queryable, councilId: string, id: string) =>
  one<ActionRow>(q, `select ${ACTION} where a.council_id = $1 and a.id = $2`, [councilId, id]);

export const actionsByIds = (q: Queryable, councilId: string, ids: string[]) =>
  q.query<ActionRow>(`select ${ACTION} where a.council_id = $1 and a.id = any($2::uuid[])`, [councilId, ids]);

export const actionsBySignal = (q: Queryable, councilId: string, kind: string, id: string) =>
  q.query<ActionRow>(`select ${ACTION} where a.council_id = $1 and a.signal_kind = $2 and a.signal_id = $3`, [
    councilId,
    kind,
    id,
  ]);

/**
 * Holds the plan's row until the transaction ends, so two actions added to one plan at once (on two servers)
 * take turns to number themselves rather than both take the same next reference.
 */
export const lockPlan = (q: Queryable, councilId: string, planId: string) =>
  q.query(`select id from plans where council_id = $1 and id = $2 for update`, [councilId, planId]);

export const nextReference = async (q: Queryable, councilId: string, planId: string) => {
  const row = await one<{ n: number }>(
    q,
    `select coalesce(max(substring(reference from '^A-([0-9]+)$')::int), 0) + 1 as n from plan_actions where council_id = $1 and plan_id = $2`,
    [councilId, planId],
  );
  return `A-${String(row?.n ?? 1).padStart(3, '0')}`;
};

export interface ActionFields {
  outcomeId: string;
  title: string;
  description: string;
  ownerUserId: string | null;
  organisationId: string | null;
  leadOfficer: string;
  areaCodes: string[];
  startOn: string | null;
  dueOn: string | null;
  budget: number | null;
  status: string;
  rag: string | null;
  ragReason: string;
  progress: number;
  weight: number;
}

export const insertAction = (
  q: Queryable,
  councilId: string,
  planId: string,
  reference: string,
  a: ActionFields & { signalKind: string | null; signalId: string | null },
) =>
  oneRow<{ id: string }>(
    q,
    `insert into plan_actions (council_id, plan_id, outcome_id, reference, title, description, owner_user_id, organisation_id,
       lead_officer, area_codes, start_on, due_on, budget, status, rag, rag_reason, progress, weight, signal_kind, signal_id,
       completed_on)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20,
       case when $14 = 'completed' then current_date else null end) returning id`,
    [
      councilId,
      planId,
      a.outcomeId,
      reference,
      a.title,
      a.description,
      a.ownerUserId,
      a.organisationId,
      a.leadOfficer,
      a.areaCodes,
      a.startOn,
      a.dueOn,
      a.budget,
      a.status,
      a.rag,
      a.ragReason,
      a.progress,
      a.weight,
      a.signalKind,
      a.signalId,
    ],
  ).then((r) => r.id);

export const updateAction = (
  q: Queryable,
  councilId: string,
  id: string,
  a: ActionFields,
  completedOn: string | null,
) =>
  q.query(
    `update plan_actions set outcome_id = $3, title = $4, description = $5, owner_user_id = $6, organisation_id = $7,
       lead_officer = $8, area_codes = $9, start_on = $10, due_on = $11, budget = $12, status = $13, rag = $14,
       rag_reason = $15, progress = $16, weight = $17, completed_on = $18, updated_at = now()
     where council_id = $1 and id = $2`,
    [
      councilId,
      id,
      a.outcomeId,
      a.title,
      a.description,
      a.ownerUserId,
      a.organisationId,
      a.leadOfficer,
      a.areaCodes,
      a.startOn,
      a.dueOn,
      a.budget,
      a.status,
      a.rag,
      a.ragReason,
      a.progress,
      a.weight,
      completedOn,
    ],
  );

export const listMilestones = (q: Queryable, councilId: string, actionId: string) =>
  q.query<MilestoneRow>(
    `select id, action_id, title, due_on::text as due_on, done_on::text as done_on from plan_milestones
     where council_id = $1 and action_id = $2 order by due_on nulls last, title`,
    [councilId, actionId],
  );

export const insertMilestone = (
  q: Queryable,
  councilId: string,
  actionId: string,
  m: { title: string; dueOn: string | null; doneOn: string | null },
) =>
  oneRow<{ id: string }>(
    q,
    `insert into plan_milestones (council_id, action_id, title, due_on, done_on) values ($1, $2, $3, $4, $5) returning id`,
    [councilId, actionId, m.title, m.dueOn, m.doneOn],
  ).then((r) => r.id);

export const listUpdates = (q: Queryable, councilId: string, actionId: string) =>
  q.query<UpdateRow>(
    `select p.id, p.action_id, u.display_name as user_name, p.note, p.status, p.rag, p.progress, p.created_at
     from plan_action_updates p left join users u on u.id = p.user_id
     where p.council_id = $1 and p.action_id = $2 order by p.created_at desc`,
    [councilId, actionId],
  );

export const insertUpdate = (
  q: Queryable,
  councilId: string,
  u: {
    actionId: string;
    userId: string | null;
    note: string;
    status: string;
    rag: string | null;
    progress: number;
    at?: Date;
  },
) =>
  q.query(
    `insert into plan_action_updates (council_id, action_id, user_id, note, status, rag, progress, created_at)
     values ($1, $2, $3, $4, $5, $6, $7, coalesce($8::timestamptz, now()))`,
    [councilId, u.actionId, u.userId, u.note, u.status, u.rag, u.progress, u.at ?? null],
  );

/** Each action's last update before `before` (its progress as it stood then). */
export const progressAt = (q: Queryable, councilId: string, planId: string, before: Date) =>
  q.query<{ action_id: string; status: string; progress: number }>(
    `select distinct on (p.action_id) p.action_id, p.status, p.progress from plan_action_updates p
     join plan_actions a on a.id = p.action_id
     where p.council_id = $1 and a.plan_id = $2 and p.created_at < $3 order by p.action_id, p.created_at desc`,
    [councilId, planId, before],
  );

export const listClusters = (q: Queryable, councilId: string) =>
  q.query<ClusterRow>(`select id, name, ward_codes from plan_ward_clusters where council_id = $1 order by name`, [
    councilId,
  ]);

export const insertCluster = (q: Queryable, councilId: string, name: string, wardCodes: string[]) =>
  oneRow<{ id: string }>(
    q,
    `insert into plan_ward_clusters (council_id, name, ward_codes) values ($1, $2, $3) returning id`,
    [councilId, name, wardCodes],
  ).then((r) => r.id);

/** Members of the council (to pick an action's owner). */
export const listMembers = (q: Queryable, councilId: string) =>
  q.query<{ id: string; email: string; display_name: string; role: string; organisation_id: string | null }>(
    `select u.id, u.email, u.display_name, m.role, m.organisation_id from memberships m join users u on u.id = m.user_id
     where m.council_id = $1 order by u.display_name`,
    [councilId],
  );
