/** SQL used only by the demo seeder: it backdates what the services stamp with the current time. */
import type { Queryable } from '../../../db/index.ts';
import type { Status } from '../model.ts';

export async function backdateHistory(q: Queryable, reportId: string, to: Status, at: Date): Promise<void> {
  await q.query('update tension_report_history set at = $2 where report_id = $1 and to_status = $3', [
    reportId,
    at,
    to,
  ]);
}

/** Sets a demo report's received time, triage state and contact times as if it had happened then. */
export async function backdateReport(
  q: Queryable,
  r: {
    id: string;
    receivedAt: Date;
    status: Status;
    assignedOrg: string | null;
    severity: number;
    contacted: boolean;
    seniorContacted: boolean;
  },
): Promise<void> {
  await q.query(
    `update tension_reports set received_at = $2, updated_at = $2, status = $3, assigned_org = $4, severity = $5,
            first_contact_at = case when $6 and contact_consent then $2::timestamptz + interval '5 hours' end,
            senior_contact_at = case when $7 then $2::timestamptz + interval '3 days' end
      where id = $1`,
    [r.id, r.receivedAt, r.status, r.assignedOrg, r.severity, r.contacted, r.seniorContacted],
  );
}

export async function completeAllActions(q: Queryable, councilId: string, eventId: string): Promise<void> {
  await q.query(`update tension_actions set status = 'done' where council_id = $1 and event_id = $2`, [
    councilId,
    eventId,
  ]);
}

export async function backdateEventClosed(q: Queryable, councilId: string, eventId: string, at: Date): Promise<void> {
  await q.query('update tension_events set closed_at = $3 where council_id = $1 and id = $2', [councilId, eventId, at]);
}
