/** SQL: trigger events with their rumour, impact and action logs. */
import type { Queryable } from '../../../db/index.ts';
import { one } from '../../../db/index.ts';
import { returned } from './rows.ts';
import type { ImpactSection } from '../model.ts';

// ───────────── trigger events ─────────────

export interface EventRow {
  id: string;
  title: string;
  scope: string;
  description: string;
  ward_codes: string[];
  impact: Partial<Record<ImpactSection, string>>;
  declared_by_name: string | null;
  declared_at: Date;
  closed_at: Date | null;
  closed_reason: string | null;
  rumours: number;
  open_actions: number;
}

const EVENT_SELECT = `select e.id, e.title, e.scope, e.description, e.ward_codes, e.impact, u.display_name as declared_by_name, e.declared_at, e.closed_at, e.closed_reason,
    (select count(*)::int from tension_rumours r where r.event_id = e.id) as rumours,
    (select count(*)::int from tension_actions x where x.event_id = e.id and x.status = 'open') as open_actions
  from tension_events e left join users u on u.id = e.declared_by`;

export function listEvents(q: Queryable, councilId: string, openOnly = false) {
  return q.query<EventRow>(
    `${EVENT_SELECT} where e.council_id = $1 ${openOnly ? 'and e.closed_at is null' : ''} order by e.closed_at is not null, e.declared_at desc`,
    [councilId],
  );
}

export function findEvent(q: Queryable, councilId: string, id: string) {
  return one<EventRow>(q, `${EVENT_SELECT} where e.council_id = $1 and e.id = $2`, [councilId, id]);
}

export async function insertEvent(
  q: Queryable,
  e: {
    councilId: string;
    title: string;
    scope: string;
    description: string;
    wardCodes: string[];
    userId: string | null;
    declaredAt?: Date;
  },
): Promise<string> {
  const row = await one<{ id: string }>(
    q,
    `insert into tension_events (council_id, title, scope, description, ward_codes, declared_by, declared_at) values ($1, $2, $3, $4, $5, $6, coalesce($7::timestamptz, now())) returning id`,
    [e.councilId, e.title, e.scope, e.description, e.wardCodes, e.userId, e.declaredAt ?? null],
  );
  return returned(row, 'insert into tension_events').id;
}

export async function saveImpact(
  q: Queryable,
  councilId: string,
  id: string,
  impact: Partial<Record<ImpactSection, string>>,
): Promise<void> {
  await q.query('update tension_events set impact = $3::jsonb where council_id = $1 and id = $2', [
    councilId,
    id,
    JSON.stringify(impact),
  ]);
}

export async function closeEvent(q: Queryable, councilId: string, id: string, reason: string): Promise<boolean> {
  const rows = await q.query(
    'update tension_events set closed_at = now(), closed_reason = $3 where council_id = $1 and id = $2 and closed_at is null returning id',
    [councilId, id, reason],
  );
  return rows.length > 0;
}

export async function insertRumour(
  q: Queryable,
  r: {
    councilId: string;
    eventId: string;
    rumour: string;
    heardOn: string;
    counterMessage: string;
    counterChannel: string;
    status: string;
    userId: string | null;
  },
): Promise<void> {
  await q.query(
    `insert into tension_rumours (council_id, event_id, rumour, heard_on, counter_message, counter_channel, status, recorded_by) values ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [r.councilId, r.eventId, r.rumour, r.heardOn, r.counterMessage, r.counterChannel, r.status, r.userId],
  );
}

export function listRumours(q: Queryable, councilId: string, eventId: string) {
  return q.query<{
    id: string;
    rumour: string;
    heard_on: string;
    counter_message: string;
    counter_channel: string;
    status: string;
    recorded_at: Date;
  }>(
    `select id, rumour, heard_on, counter_message, counter_channel, status, recorded_at from tension_rumours where council_id = $1 and event_id = $2 order by recorded_at desc`,
    [councilId, eventId],
  );
}

export async function insertAction(
  q: Queryable,
  a: { councilId: string; eventId: string; action: string; owner: string; dueOn: string | null; userId: string | null },
): Promise<void> {
  await q.query(
    'insert into tension_actions (council_id, event_id, action, owner, due_on, recorded_by) values ($1, $2, $3, $4, $5, $6)',
    [a.councilId, a.eventId, a.action, a.owner, a.dueOn, a.userId],
  );
}

export async function completeAction(
  q: Queryable,
  councilId: string,
  eventId: string,
  actionId: string,
): Promise<boolean> {
  const rows = await q.query(
    `update tension_actions set status = 'done' where council_id = $1 and event_id = $2 and id = $3 and status = 'open' returning id`,
    [councilId, eventId, actionId],
  );
  return rows.length > 0;
}

export function listActions(q: Queryable, councilId: string, eventId: string) {
  return q.query<{
    id: string;
    action: string;
    owner: string;
    due_on: string | null;
    status: string;
    recorded_at: Date;
  }>(
    `select id, action, owner, to_char(due_on, 'YYYY-MM-DD') as due_on, status, recorded_at from tension_actions where council_id = $1 and event_id = $2 order by status, due_on nulls last, recorded_at`,
    [councilId, eventId],
  );
}
