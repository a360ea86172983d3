import type { Queryable } from '../../db/index.ts';

export interface AuditEntry {
  councilId?: string | null;
  userId?: string | null;
  action: string;
  targetType?: string;
  targetId?: string;
  /** Ids, counts and codes only: never names, emails or free text. */
  detail?: Record<string, string | number | boolean | null>;
}

export interface AuditRow {
  id: number;
  at: Date;
  action: string;
  target_type: string | null;
  target_id: string | null;
  detail: Record<string, unknown>;
  user_name: string | null;
}

export async function insertAudit(q: Queryable, e: AuditEntry): Promise<void> {
  await q.query(
    `insert into audit_log (council_id, user_id, action, target_type, target_id, detail)
     values ($1, $2, $3, $4, $5, $6)`,
    [
      e.councilId ?? null,
      e.userId ?? null,
      e.action,
      e.targetType ?? null,
      e.targetId ?? null,
      JSON.stringify(e.detail ?? {}),
    ],
  );
}

export async function listAudit(
  q: Queryable,
  councilId: string,
  opts: { limit: number; offset: number; action?: string },
): Promise<{ rows: AuditRow[]; total: number }> {
  const params: unknown[] = [councilId];
  // The council's own events only. Account events (sign-ins, password changes) belong to no council: a member
  // may belong to several, so they are shown to the user on their account page instead (listAccountEvents).
  let where = 'a.council_id = $1';
  if (opts.action) {
    params.push(opts.action);
    where += ` and a.action = $${params.length}`;
  }
  const total = await q.query<{ n: number }>(`select count(*)::int as n from audit_log a where ${where}`, params);
  const rows = await q.query<AuditRow>(
    `select a.id, a.at, a.action, a.target_type, a.target_id, a.detail, u.display_name as user_name
       from audit_log a left join users u on u.id = a.user_id
      where ${where}
      order by a.at desc, a.id desc
      limit ${Number(opts.limit)} offset ${Number(opts.offset)}`,
    params,
  );
  return { rows, total: total[0]?.n ?? 0 };
}

export async function listAuditActions(q: Queryable, councilId: string): Promise<string[]> {
  const rows = await q.query<{ action: string }>(
    `select distinct action from audit_log
      where council_id = $1
      order by action`,
    [councilId],
  );
  return rows.map((r) => r.action);
}

/** The user's own account events (sign-ins, failures, password changes), newest first. */
export function listAccountEvents(q: Queryable, userId: string, limit: number) {
  return q.query<{ action: string; at: Date }>(
    `select action, at from audit_log
      where user_id = $1 and council_id is null
        and action in ('sign_in', 'sign_in_failed', 'sign_in_blocked', 'sign_in_client_locked', 'password_changed',
                       'password_reset', 'password_reset_requested')
      order by at desc, id desc limit ${Number(limit)}`,
    [userId],
  );
}
