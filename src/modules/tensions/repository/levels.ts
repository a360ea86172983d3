/** SQL: the signals behind a ward's tension level, the stored levels, overrides and alerts. */
import type { Queryable } from '../../../db/index.ts';
import { one } from '../../../db/index.ts';
import { returned } from './rows.ts';

// ───────────── signals for the tension assessment ─────────────

export function reportSignals(q: Queryable, councilId: string, from: Date, to: Date) {
  return q.query<{ id: string; ward_code: string; at: Date; severity: number }>(
    `select id, ward_code, least(coalesce(((happened_on::timestamp + interval '12 hours') at time zone 'UTC'), received_at), received_at) as at, severity
       from tension_reports
      where council_id = $1 and ward_code is not null
        and least(coalesce(((happened_on::timestamp + interval '12 hours') at time zone 'UTC'), received_at), received_at) >= $2
        and least(coalesce(((happened_on::timestamp + interval '12 hours') at time zone 'UTC'), received_at), received_at) < $3`,
    [councilId, from, to],
  );
}

export function intelligenceSignals(q: Queryable, councilId: string, from: Date, to: Date) {
  return q.query<{
    id: string;
    ward_code: string;
    at: Date;
    severity: number;
    grading: 'evidenced' | 'experienced' | 'potential';
    confidence: 'low' | 'medium' | 'high';
  }>(
    `select id, ward_code, ((observed_on::timestamp + interval '12 hours') at time zone 'UTC') as at, severity, grading, confidence
       from tension_intelligence
      where council_id = $1 and ward_code is not null
        and ((observed_on::timestamp + interval '12 hours') at time zone 'UTC') >= $2 and ((observed_on::timestamp + interval '12 hours') at time zone 'UTC') < $3`,
    [councilId, from, to],
  );
}

// ───────────── levels and alerts ─────────────

export interface LevelRow {
  ward_code: string;
  iso_week: string;
  computed_score: number;
  computed_level: number;
  override_level: number | null;
  override_rationale: string | null;
  override_by_name: string | null;
  override_at: Date | null;
  final_level: number;
  signals: number;
  computed_at: Date;
}

/** Stores the computed level; the final level stays the officer's override when there is one. */
export async function upsertComputedLevel(
  q: Queryable,
  l: { councilId: string; wardCode: string; week: string; score: number; level: number; signals: number },
): Promise<number> {
  const row = await one<{ final_level: number }>(
    q,
    `insert into tension_levels (council_id, ward_code, iso_week, computed_score, computed_level, final_level, signals, computed_at)
     values ($1, $2, $3, $4, $5, $5, $6, now())
     on conflict (council_id, ward_code, iso_week) do update set computed_score = excluded.computed_score, computed_level = excluded.computed_level,
       signals = excluded.signals, computed_at = now(), final_level = coalesce(tension_levels.override_level, excluded.computed_level)
     returning final_level`,
    [l.councilId, l.wardCode, l.week, l.score, l.level, l.signals],
  );
  return returned(row, 'upsert into tension_levels').final_level;
}

export async function setOverride(
  q: Queryable,
  o: { councilId: string; wardCode: string; week: string; level: number | null; rationale: string; userId: string },
): Promise<number | null> {
  const row = await one<{ final_level: number }>(
    q,
    `update tension_levels set override_level = $4, override_rationale = $5, override_by = $6, override_at = now(),
        final_level = coalesce($4::int, computed_level)
      where council_id = $1 and ward_code = $2 and iso_week = $3 returning final_level`,
    [o.councilId, o.wardCode, o.week, o.level, o.rationale, o.userId],
  );
  return row?.final_level ?? null;
}

const LEVEL_SELECT = `select l.ward_code, l.iso_week, l.computed_score, l.computed_level, l.override_level, l.override_rationale,
    u.display_name as override_by_name, l.override_at, l.final_level, l.signals, l.computed_at
  from tension_levels l left join users u on u.id = l.override_by`;

export function levelsForWeek(q: Queryable, councilId: string, week: string) {
  return q.query<LevelRow>(`${LEVEL_SELECT} where l.council_id = $1 and l.iso_week = $2`, [councilId, week]);
}

export function levelsBetween(q: Queryable, councilId: string, fromWeek: string, toWeek: string, wardCode?: string) {
  return q.query<LevelRow>(
    `${LEVEL_SELECT} where l.council_id = $1 and l.iso_week >= $2 and l.iso_week <= $3 ${wardCode ? 'and l.ward_code = $4' : ''} order by l.iso_week, l.ward_code`,
    wardCode ? [councilId, fromWeek, toWeek, wardCode] : [councilId, fromWeek, toWeek],
  );
}

/** Records that a ward is above (or below) its alert threshold; returns true only when it has just crossed upwards. */
export async function markAbove(q: Queryable, councilId: string, wardCode: string, above: boolean): Promise<boolean> {
  if (!above) {
    await q.query(
      `insert into tension_alert_state (council_id, ward_code, above) values ($1, $2, false)
       on conflict (council_id, ward_code) do update set above = false, changed_at = now() where tension_alert_state.above`,
      [councilId, wardCode],
    );
    return false;
  }
  const rows = await q.query(
    `insert into tension_alert_state (council_id, ward_code, above) values ($1, $2, true)
     on conflict (council_id, ward_code) do update set above = true, changed_at = now() where not tension_alert_state.above
     returning ward_code`,
    [councilId, wardCode],
  );
  return rows.length > 0;
}

export async function insertAlert(
  q: Queryable,
  a: { councilId: string; wardCode: string; week: string; level: number; threshold: number; recipients: number },
): Promise<void> {
  await q.query(
    'insert into tension_alerts (council_id, ward_code, iso_week, level, threshold, recipients) values ($1, $2, $3, $4, $5, $6)',
    [a.councilId, a.wardCode, a.week, a.level, a.threshold, a.recipients],
  );
}

export function listAlerts(q: Queryable, councilId: string, limit = 10) {
  return q.query<{
    ward_code: string;
    ward_name: string | null;
    iso_week: string;
    level: number;
    threshold: number;
    recipients: number;
    sent_at: Date;
  }>(
    `select al.ward_code, a.name as ward_name, al.iso_week, al.level, al.threshold, al.recipients, al.sent_at
       from tension_alerts al left join areas a on a.code = al.ward_code where al.council_id = $1 order by al.sent_at desc, al.id desc limit ${Number(limit)}`,
    [councilId],
  );
}
