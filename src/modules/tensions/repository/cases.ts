/** SQL: the case list and case records, every query filtered by council_id. */
import type { Queryable } from '../../../db/index.ts';
import { one } from '../../../db/index.ts';
import type { Motivation, Status } from '../model.ts';

export interface ReportRow {
  id: string;
  council_id: string;
  reference: string;
  channel: 'online' | 'assisted';
  recorded_by_name: string | null;
  reporting_centre: string | null;
  what_happened: string | null;
  location_text: string | null;
  ward_code: string | null;
  ward_name: string | null;
  happened_on: string | null;
  ongoing: string | null;
  motivations: Motivation[];
  motivation_other: string | null;
  cause: string | null;
  reporter_role: string | null;
  contact_name: string | null;
  contact_email: string | null;
  contact_phone: string | null;
  contact_consent: boolean;
  status: Status;
  severity: number;
  assigned_org: string | null;
  assigned_org_name: string | null;
  first_contact_at: Date | null;
  senior_contact_at: Date | null;
  redacted_at: Date | null;
  erased_at: Date | null;
  received_at: Date;
  updated_at: Date;
}

const REPORT_SELECT = `select r.id, r.council_id, r.reference, r.channel, u.display_name as recorded_by_name, r.reporting_centre, r.what_happened, r.location_text,
    r.ward_code, a.name as ward_name, to_char(r.happened_on, 'YYYY-MM-DD') as happened_on, r.ongoing, r.motivations, r.motivation_other, r.cause,
    r.reporter_role, r.contact_name, r.contact_email, r.contact_phone, r.contact_consent, r.status, r.severity, r.assigned_org, o.name as assigned_org_name,
    r.first_contact_at, r.senior_contact_at, r.redacted_at, r.erased_at, r.received_at, r.updated_at
  from tension_reports r
  left join areas a on a.code = r.ward_code
  left join organisations o on o.id = r.assigned_org and o.council_id = r.council_id
  left join users u on u.id = r.recorded_by`;

/** Partners see a report only when it is assigned or shared to their organisation. */
const VISIBLE_TO_ORG = `(r.assigned_org = $ORG or exists (select 1 from tension_report_shares s where s.report_id = r.id and s.council_id = r.council_id and s.organisation_id = $ORG))`;

export function findReport(q: Queryable, councilId: string, id: string, onlyOrg: string | null | undefined) {
  const params: unknown[] = [councilId, id];
  let where = 'r.council_id = $1 and r.id = $2';
  if (onlyOrg !== undefined) {
    params.push(onlyOrg);
    where += ` and ${VISIBLE_TO_ORG.replaceAll('$ORG', '$3')}`;
  }
  return one<ReportRow>(q, `${REPORT_SELECT} where ${where}`, params);
}

export function findReportByReference(q: Queryable, councilId: string, reference: string) {
  return one<{ id: string; reference: string }>(
    q,
    'select id, reference from tension_reports where council_id = $1 and reference = $2',
    [councilId, reference],
  );
}

export interface ReportFilter {
  status?: Status;
  overdue?: boolean;
  /** Part of a reference, any case (e.g. "7K3M" or "tr-7k3m"). */
  reference?: string;
  /** A ward code, or "none" for reports whose place matched no ward. */
  ward?: string;
  motivation?: Motivation;
  /** An organisation id, or "none" for unassigned cases. */
  assignee?: string;
  /** Received on or after this day (yyyy-mm-dd). */
  from?: string;
  /** Received on or before this day (yyyy-mm-dd). */
  to?: string;
  /** undefined: every report; a string or null: only those visible to that organisation (null sees none). */
  onlyOrg?: string | null;
  contactHours: number;
  seniorDays: number;
}

/**
 * Overdue: an open case whose reporter agreed to be contacted, with no first contact within the contact target
 * or no senior contact within the senior target. Anonymous reports have no response targets, so are never overdue.
 */
export const OVERDUE_SQL = `(r.status <> 'closed' and r.contact_consent and (
     (r.first_contact_at is null and r.received_at < now() - ($HOURS::int * interval '1 hour'))
  or (r.senior_contact_at is null and r.received_at < now() - ($DAYS::int * interval '1 day'))))`;

/** The filter's conditions on `r` beyond council, status and overdue, appended to `where` with their params. */
function filterConditions(f: ReportFilter, where: string[], params: unknown[]) {
  const add = (sql: (n: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (f.reference) {
    const part = f.reference.toUpperCase().replace(/[^A-Z0-9-]/g, '');
    if (part) add((n) => `strpos(r.reference, ${n}) > 0`, part);
  }
  if (f.ward === 'none') where.push('r.ward_code is null');
  else if (f.ward) add((n) => `r.ward_code = ${n}`, f.ward);
  if (f.motivation) add((n) => `${n} = any(r.motivations)`, f.motivation);
  if (f.assignee === 'none') where.push('r.assigned_org is null');
  else if (f.assignee) add((n) => `r.assigned_org = ${n}::uuid`, f.assignee);
  if (f.from) add((n) => `r.received_at >= ${n}::date`, f.from);
  if (f.to) add((n) => `r.received_at < ${n}::date + 1`, f.to);
}

export async function listReports(q: Queryable, councilId: string, f: ReportFilter, limit: number, offset: number) {
  const params: unknown[] = [councilId, f.contactHours, f.seniorDays];
  const where = ['r.council_id = $1'];
  if (f.status) {
    params.push(f.status);
    where.push(`r.status = $${params.length}`);
  }
  if (f.overdue) where.push(OVERDUE_SQL.replaceAll('$HOURS', '$2').replaceAll('$DAYS', '$3'));
  filterConditions(f, where, params);
  if (f.onlyOrg !== undefined) {
    params.push(f.onlyOrg);
    where.push(VISIBLE_TO_ORG.replaceAll('$ORG', `$${params.length}`));
  }
  const overdueExpr = OVERDUE_SQL.replaceAll('$HOURS', '$2').replaceAll('$DAYS', '$3');
  const rows = await q.query<ReportRow & { overdue: boolean }>(
    `${REPORT_SELECT.replace('select r.id,', `select ${overdueExpr} as overdue, r.id,`)} where ${where.join(' and ')}
      order by r.received_at desc, r.id limit ${Number(limit)} offset ${Number(offset)}`,
    params,
  );
  const total = await one<{ n: number }>(
    q,
    `select count(*)::int as n from tension_reports r where ${where.join(' and ')} and $2::int is not null and $3::int is not null`,
    params,
  );
  return { rows, total: total?.n ?? 0 };
}

export async function countOverdue(
  q: Queryable,
  councilId: string,
  contactHours: number,
  seniorDays: number,
): Promise<number> {
  const row = await one<{ n: number }>(
    q,
    `select count(*)::int as n from tension_reports r where r.council_id = $1 and ${OVERDUE_SQL.replaceAll('$HOURS', '$2').replaceAll('$DAYS', '$3')}`,
    [councilId, contactHours, seniorDays],
  );
  return row?.n ?? 0;
}

export async function setStatus(
  q: Queryable,
  councilId: string,
  id: string,
  status: Status,
  assignedOrg?: string | null,
): Promise<void> {
  if (assignedOrg === undefined) {
    await q.query('update tension_reports set status = $3, updated_at = now() where council_id = $1 and id = $2', [
      councilId,
      id,
      status,
    ]);
  } else {
    await q.query(
      'update tension_reports set status = $3, assigned_org = $4, updated_at = now() where council_id = $1 and id = $2',
      [councilId, id, status, assignedOrg],
    );
  }
}

export async function insertHistory(
  q: Queryable,
  h: {
    councilId: string;
    reportId: string;
    from: Status | null;
    to: Status;
    reason: string;
    assignedOrg: string | null;
    userId: string | null;
  },
): Promise<void> {
  await q.query(
    `insert into tension_report_history (council_id, report_id, from_status, to_status, reason, assigned_org, user_id) values ($1, $2, $3, $4, $5, $6, $7)`,
    [h.councilId, h.reportId, h.from, h.to, h.reason, h.assignedOrg, h.userId],
  );
}

export function listHistory(q: Queryable, councilId: string, reportId: string) {
  return q.query<{
    from_status: Status | null;
    to_status: Status;
    reason: string;
    organisation_name: string | null;
    user_name: string | null;
    at: Date;
  }>(
    `select h.from_status, h.to_status, h.reason, o.name as organisation_name, u.display_name as user_name, h.at
       from tension_report_history h left join organisations o on o.id = h.assigned_org left join users u on u.id = h.user_id
      where h.council_id = $1 and h.report_id = $2 order by h.at, h.id`,
    [councilId, reportId],
  );
}

export async function classify(
  q: Queryable,
  councilId: string,
  id: string,
  wardCode: string | null,
  severity: number,
): Promise<void> {
  await q.query(
    'update tension_reports set ward_code = $3, severity = $4, updated_at = now() where council_id = $1 and id = $2',
    [councilId, id, wardCode, severity],
  );
}

export async function recordContact(
  q: Queryable,
  councilId: string,
  id: string,
  kind: 'first' | 'senior',
): Promise<boolean> {
  const col = kind === 'first' ? 'first_contact_at' : 'senior_contact_at';
  const rows = await q.query(
    `update tension_reports set ${col} = now(), updated_at = now() where council_id = $1 and id = $2 and ${col} is null returning id`,
    [councilId, id],
  );
  return rows.length > 0;
}
