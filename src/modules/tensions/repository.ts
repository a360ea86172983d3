/** SQL for the tensions module. Every query is filtered by council_id. */
import type { Queryable } from '../../db/index.ts';
import { one } from '../../db/index.ts';
import type { ImpactSection, Motivation, Status } from './model.ts';

// ───────────── settings ─────────────

export interface SettingsRow {
  council_id: string;
  contact_hours: number;
  senior_contact_days: number;
  alert_level: number;
  heightened_alert_level: number;
  suppression_threshold: number;
  retention_months: number;
  monitoring_group: string;
  assisted_reporting: boolean;
  updated_at: Date;
}

const SETTINGS_COLS =
  'council_id, contact_hours, senior_contact_days, alert_level, heightened_alert_level, suppression_threshold, retention_months, monitoring_group, assisted_reporting, updated_at';

export async function getSettings(q: Queryable, councilId: string): Promise<SettingsRow> {
  const row = await one<SettingsRow>(q, `select ${SETTINGS_COLS} from tension_settings where council_id = $1`, [
    councilId,
  ]);
  if (row) return row;
  await q.query('insert into tension_settings (council_id) values ($1) on conflict (council_id) do nothing', [
    councilId,
  ]);
  return (await one<SettingsRow>(q, `select ${SETTINGS_COLS} from tension_settings where council_id = $1`, [
    councilId,
  ]))!;
}

export async function hasSettings(q: Queryable, councilId: string): Promise<boolean> {
  return !!(await one(q, 'select 1 from tension_settings where council_id = $1', [councilId]));
}

export type SettingsInput = Omit<SettingsRow, 'council_id' | 'updated_at'>;

export async function saveSettings(q: Queryable, councilId: string, s: SettingsInput): Promise<void> {
  await q.query(
    `insert into tension_settings (council_id, contact_hours, senior_contact_days, alert_level, heightened_alert_level, suppression_threshold, retention_months, monitoring_group, assisted_reporting, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, now())
     on conflict (council_id) do update set contact_hours = excluded.contact_hours, senior_contact_days = excluded.senior_contact_days,
       alert_level = excluded.alert_level, heightened_alert_level = excluded.heightened_alert_level,
       suppression_threshold = excluded.suppression_threshold, retention_months = excluded.retention_months,
       monitoring_group = excluded.monitoring_group, assisted_reporting = excluded.assisted_reporting, updated_at = now()`,
    [
      councilId,
      s.contact_hours,
      s.senior_contact_days,
      s.alert_level,
      s.heightened_alert_level,
      s.suppression_threshold,
      s.retention_months,
      s.monitoring_group,
      s.assisted_reporting,
    ],
  );
}

// ───────────── drafts (public journey) ─────────────

export interface DraftRow {
  token_hash: string;
  council_id: string;
  answers: Record<string, unknown>;
  submission_key: string;
  reference: string | null;
}

export async function insertDraft(
  q: Queryable,
  tokenHash: string,
  councilId: string,
  submissionKey: string,
  ttlMs: number,
): Promise<void> {
  await q.query(
    `insert into tension_drafts (token_hash, council_id, submission_key, expires_at) values ($1, $2, $3, now() + ($4::int * interval '1 millisecond'))`,
    [tokenHash, councilId, submissionKey, ttlMs],
  );
}

export function findDraft(q: Queryable, tokenHash: string, councilId: string) {
  return one<DraftRow>(
    q,
    'select token_hash, council_id, answers, submission_key, reference from tension_drafts where token_hash = $1 and council_id = $2 and expires_at > now()',
    [tokenHash, councilId],
  );
}

export async function mergeDraftAnswers(
  q: Queryable,
  tokenHash: string,
  councilId: string,
  answers: Record<string, unknown>,
): Promise<void> {
  await q.query(
    `update tension_drafts set answers = answers || $3::jsonb where token_hash = $1 and council_id = $2 and reference is null`,
    [tokenHash, councilId, JSON.stringify(answers)],
  );
}

/** Marks a draft submitted and clears its answers, so the personal data lives only in the report. */
export async function completeDraft(
  q: Queryable,
  tokenHash: string,
  councilId: string,
  reference: string,
): Promise<void> {
  await q.query(
    `update tension_drafts set reference = $3, answers = '{}'::jsonb where token_hash = $1 and council_id = $2`,
    [tokenHash, councilId, reference],
  );
}

export async function deleteExpiredDrafts(q: Queryable, now: Date): Promise<number> {
  const rows = await q.query('delete from tension_drafts where expires_at <= $1 returning token_hash', [now]);
  return rows.length;
}

// ───────────── reports ─────────────

export interface NewReport {
  councilId: string;
  reference: string;
  idempotencyKey: string;
  channel: 'online' | 'assisted';
  recordedBy: string | null;
  reportingCentre: string | null;
  what: string;
  location: string;
  wardCode: string | null;
  happenedOn: string;
  ongoing: string;
  motivations: Motivation[];
  motivationOther: string | null;
  cause: string | null;
  reporterRole: string;
  contactName: string | null;
  contactEmail: string | null;
  contactPhone: string | null;
  contactConsent: boolean;
}

/**
 * The intake hot path: one statement. A repeated idempotency key inserts nothing and returns no row;
 * the caller then reads the original reference.
 */
export async function insertReport(q: Queryable, r: NewReport): Promise<{ id: string; reference: string } | undefined> {
  return one<{ id: string; reference: string }>(
    q,
    `insert into tension_reports (council_id, reference, idempotency_key, channel, recorded_by, reporting_centre, what_happened, location_text,
        ward_code, happened_on, ongoing, motivations, motivation_other, cause, reporter_role, contact_name, contact_email, contact_phone, contact_consent)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
     on conflict (council_id, idempotency_key) do nothing returning id, reference`,
    [
      r.councilId,
      r.reference,
      r.idempotencyKey,
      r.channel,
      r.recordedBy,
      r.reportingCentre,
      r.what,
      r.location,
      r.wardCode,
      r.happenedOn,
      r.ongoing,
      r.motivations,
      r.motivationOther,
      r.cause,
      r.reporterRole,
      r.contactName,
      r.contactEmail,
      r.contactPhone,
      r.contactConsent,
    ],
  );
}

const REPORT_COLUMNS = `council_id, reference, idempotency_key, channel, recorded_by, reporting_centre, what_happened, location_text,
        ward_code, happened_on, ongoing, motivations, motivation_other, cause, reporter_role, contact_name, contact_email, contact_phone, contact_consent`;

/**
 * Several reports in one statement (the intake path under load: one commit, so one WAL flush, for the lot).
 * Rows whose idempotency key is already stored, or repeated within the batch, insert nothing and are not returned.
 */
export async function insertReports(
  q: Queryable,
  rows: readonly NewReport[],
): Promise<{ id: string; reference: string; council_id: string; idempotency_key: string }[]> {
  if (!rows.length) return [];
  const params: unknown[] = [];
  const tuples = rows.map((r) => {
    const values = [
      r.councilId,
      r.reference,
      r.idempotencyKey,
      r.channel,
      r.recordedBy,
      r.reportingCentre,
      r.what,
      r.location,
      r.wardCode,
      r.happenedOn,
      r.ongoing,
      r.motivations,
      r.motivationOther,
      r.cause,
      r.reporterRole,
      r.contactName,
      r.contactEmail,
      r.contactPhone,
      r.contactConsent,
    ];
    const first = params.length;
    params.push(...values);
    return `(${values.map((_, i) => `$${first + i + 1}${i === 0 ? '::uuid' : i === 9 ? '::date' : i === 11 ? '::text[]' : i === 18 ? '::boolean' : ''}`).join(', ')})`;
  });
  return q.query(
    `insert into tension_reports (${REPORT_COLUMNS}) values ${tuples.join(', ')}
     on conflict (council_id, idempotency_key) do nothing returning id, reference, council_id, idempotency_key`,
    params,
  );
}

export function findReportByKey(q: Queryable, councilId: string, key: string) {
  return one<{ id: string; reference: string }>(
    q,
    'select id, reference from tension_reports where council_id = $1 and idempotency_key = $2',
    [councilId, key],
  );
}

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
  /** undefined: every report; a string or null: only those visible to that organisation (null sees none). */
  onlyOrg?: string | null;
  contactHours: number;
  seniorDays: number;
}

/** Overdue: no first contact within the contact target, or no senior contact within the senior target (open cases with contact details only for the first). */
export const OVERDUE_SQL = `(r.status <> 'closed' and (
     (r.first_contact_at is null and r.contact_consent and r.received_at < now() - ($HOURS::int * interval '1 hour'))
  or (r.senior_contact_at is null and r.received_at < now() - ($DAYS::int * interval '1 day'))))`;

export async function listReports(q: Queryable, councilId: string, f: ReportFilter, limit: number, offset: number) {
  const params: unknown[] = [councilId, f.contactHours, f.seniorDays];
  const where = ['r.council_id = $1'];
  if (f.status) {
    params.push(f.status);
    where.push(`r.status = $${params.length}`);
  }
  if (f.overdue) where.push(OVERDUE_SQL.replaceAll('$HOURS', '$2').replaceAll('$DAYS', '$3'));
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

export async function insertNote(
  q: Queryable,
  n: { councilId: string; reportId: string; body: string; userId: string; organisationId: string | null },
): Promise<void> {
  await q.query(
    'insert into tension_report_notes (council_id, report_id, body, user_id, organisation_id) values ($1, $2, $3, $4, $5)',
    [n.councilId, n.reportId, n.body, n.userId, n.organisationId],
  );
}

export function listNotes(q: Queryable, councilId: string, reportId: string) {
  return q.query<{ body: string; user_name: string | null; organisation_name: string | null; at: Date }>(
    `select n.body, u.display_name as user_name, o.name as organisation_name, n.at
       from tension_report_notes n left join users u on u.id = n.user_id left join organisations o on o.id = n.organisation_id
      where n.council_id = $1 and n.report_id = $2 order by n.at, n.id`,
    [councilId, reportId],
  );
}

export async function share(q: Queryable, councilId: string, reportId: string, organisationId: string): Promise<void> {
  await q.query(
    'insert into tension_report_shares (council_id, report_id, organisation_id) values ($1, $2, $3) on conflict do nothing',
    [councilId, reportId, organisationId],
  );
}

export function listShares(q: Queryable, councilId: string, reportId: string) {
  return q.query<{ organisation_id: string; name: string }>(
    `select s.organisation_id, o.name from tension_report_shares s join organisations o on o.id = s.organisation_id
      where s.council_id = $1 and s.report_id = $2 order by o.name`,
    [councilId, reportId],
  );
}

export async function link(q: Queryable, councilId: string, a: string, b: string): Promise<boolean> {
  const [x, y] = a < b ? [a, b] : [b, a];
  const rows = await q.query(
    'insert into tension_report_links (council_id, report_a, report_b) values ($1, $2, $3) on conflict do nothing returning report_a',
    [councilId, x, y],
  );
  return rows.length > 0;
}

export function listLinked(q: Queryable, councilId: string, reportId: string) {
  return q.query<{ id: string; reference: string; status: Status; received_at: Date }>(
    `select r.id, r.reference, r.status, r.received_at from tension_report_links l
       join tension_reports r on r.id = case when l.report_a = $2 then l.report_b else l.report_a end
      where l.council_id = $1 and (l.report_a = $2 or l.report_b = $2) order by r.received_at`,
    [councilId, reportId],
  );
}

export function allLinks(q: Queryable, councilId: string) {
  return q.query<{ report_a: string; report_b: string }>(
    'select report_a, report_b from tension_report_links where council_id = $1',
    [councilId],
  );
}

export const REDACTED = '[redacted]';

export async function redact(
  q: Queryable,
  councilId: string,
  id: string,
  parts: { contact: boolean; text: boolean },
): Promise<void> {
  const sets: string[] = ['redacted_at = now()', 'updated_at = now()'];
  if (parts.contact) sets.push('contact_name = null', 'contact_email = null', 'contact_phone = null');
  if (parts.text) {
    sets.push(`what_happened = case when what_happened is null then null else '${REDACTED}' end`);
    sets.push(`cause = case when cause is null then null else '${REDACTED}' end`);
    sets.push(`location_text = case when location_text is null then null else '${REDACTED}' end`);
    sets.push(`motivation_other = case when motivation_other is null then null else '${REDACTED}' end`);
  }
  await q.query(`update tension_reports set ${sets.join(', ')} where council_id = $1 and id = $2`, [councilId, id]);
}

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
  return row!.final_level;
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

// ───────────── intelligence ─────────────

export interface IntelligenceRow {
  id: string;
  source_type: string;
  grading: string;
  category: string;
  ward_code: string | null;
  ward_name: string | null;
  summary: string;
  confidence: string;
  sensitivity: string;
  handling: string;
  severity: number;
  observed_on: string;
  organisation_id: string | null;
  organisation_name: string | null;
  recorded_by_name: string | null;
  erased_at: Date | null;
  recorded_at: Date;
  shared_with: string[] | null;
}

const INTEL_SELECT = `select i.id, i.source_type, i.grading, i.category, i.ward_code, a.name as ward_name, i.summary, i.confidence, i.sensitivity, i.handling,
    i.severity, to_char(i.observed_on, 'YYYY-MM-DD') as observed_on, i.organisation_id, o.name as organisation_name, u.display_name as recorded_by_name,
    i.erased_at, i.recorded_at,
    (select array_agg(o2.name order by o2.name) from tension_intelligence_access x join organisations o2 on o2.id = x.organisation_id where x.intelligence_id = i.id) as shared_with
  from tension_intelligence i left join areas a on a.code = i.ward_code left join organisations o on o.id = i.organisation_id left join users u on u.id = i.recorded_by`;

/**
 * A partner (onlyOrg set) sees an entry their organisation recorded, or one whose handling allows it:
 * all partners, or named organisations including theirs. Council-only entries are never shown to partners.
 */
const INTEL_VISIBLE = `(i.organisation_id = $ORG or i.handling = 'all_partners'
  or (i.handling = 'named_organisations' and exists (select 1 from tension_intelligence_access x where x.intelligence_id = i.id and x.organisation_id = $ORG)))`;

export async function listIntelligence(
  q: Queryable,
  councilId: string,
  onlyOrg: string | null | undefined,
  limit: number,
  offset: number,
) {
  const params: unknown[] = [councilId];
  let where = 'i.council_id = $1';
  if (onlyOrg !== undefined) {
    params.push(onlyOrg);
    where += ` and ${INTEL_VISIBLE.replaceAll('$ORG', '$2')}`;
  }
  const rows = await q.query<IntelligenceRow>(
    `${INTEL_SELECT} where ${where} order by i.observed_on desc, i.recorded_at desc limit ${Number(limit)} offset ${Number(offset)}`,
    params,
  );
  const total = await one<{ n: number }>(
    q,
    `select count(*)::int as n from tension_intelligence i where ${where}`,
    params,
  );
  return { rows, total: total?.n ?? 0 };
}

export function findIntelligence(q: Queryable, councilId: string, id: string, onlyOrg: string | null | undefined) {
  const params: unknown[] = [councilId, id];
  let where = 'i.council_id = $1 and i.id = $2';
  if (onlyOrg !== undefined) {
    params.push(onlyOrg);
    where += ` and ${INTEL_VISIBLE.replaceAll('$ORG', '$3')}`;
  }
  return one<IntelligenceRow>(q, `${INTEL_SELECT} where ${where}`, params);
}

export interface NewIntelligence {
  councilId: string;
  sourceType: string;
  grading: string;
  category: string;
  wardCode: string | null;
  summary: string;
  confidence: string;
  sensitivity: string;
  handling: string;
  severity: number;
  observedOn: string;
  organisationId: string | null;
  recordedBy: string | null;
  sharedWith: string[];
  recordedAt?: Date;
}

export async function insertIntelligence(q: Queryable, i: NewIntelligence): Promise<string> {
  const row = await one<{ id: string }>(
    q,
    `insert into tension_intelligence (council_id, source_type, grading, category, ward_code, summary, confidence, sensitivity, handling, severity, observed_on, organisation_id, recorded_by, recorded_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, coalesce($14::timestamptz, now())) returning id`,
    [
      i.councilId,
      i.sourceType,
      i.grading,
      i.category,
      i.wardCode,
      i.summary,
      i.confidence,
      i.sensitivity,
      i.handling,
      i.severity,
      i.observedOn,
      i.organisationId,
      i.recordedBy,
      i.recordedAt ?? null,
    ],
  );
  for (const org of i.sharedWith) {
    await q.query(
      'insert into tension_intelligence_access (intelligence_id, organisation_id) values ($1, $2) on conflict do nothing',
      [row!.id, org],
    );
  }
  return row!.id;
}

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
  return row!.id;
}

export async function saveImpact(
  q: Queryable,
  councilId: string,
  id: string,
  impact: Record<string, string>,
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

// ───────────── statistics for reports ─────────────

export function reportFacts(q: Queryable, councilId: string, from: Date, to: Date) {
  return q.query<{
    ward_code: string | null;
    motivations: Motivation[];
    received_at: Date;
    status: Status;
    first_contact_at: Date | null;
    senior_contact_at: Date | null;
    contact_consent: boolean;
  }>(
    `select ward_code, motivations, received_at, status, first_contact_at, senior_contact_at, contact_consent
       from tension_reports where council_id = $1 and received_at >= $2 and received_at < $3`,
    [councilId, from, to],
  );
}

export function intelligenceFacts(q: Queryable, councilId: string, from: Date, to: Date) {
  return q.query<{ category: string; grading: string }>(
    `select category, grading from tension_intelligence where council_id = $1 and recorded_at >= $2 and recorded_at < $3`,
    [councilId, from, to],
  );
}

export function exportRows(q: Queryable, councilId: string, from: Date, to: Date) {
  return q.query<Record<string, unknown>>(
    `select r.reference, r.received_at, to_char(r.happened_on, 'YYYY-MM-DD') as happened_on, r.channel, r.ward_code, a.name as ward_name,
            array_to_string(r.motivations, ';') as motivations, r.reporter_role, r.status, r.severity, o.name as assigned_to,
            r.first_contact_at, r.senior_contact_at
       from tension_reports r left join areas a on a.code = r.ward_code left join organisations o on o.id = r.assigned_org
      where r.council_id = $1 and r.received_at >= $2 and r.received_at < $3 order by r.received_at`,
    [councilId, from, to],
  );
}

// ───────────── retention ─────────────

/** Every council's retention period: its own setting, or the default for councils that never changed it. */
export function retentionPolicies(q: Queryable, defaultMonths: number) {
  return q.query<{ council_id: string; retention_months: number }>(
    'select t.id as council_id, coalesce(s.retention_months, $1::int) as retention_months from councils t left join tension_settings s on s.council_id = t.id',
    [defaultMonths],
  );
}

export const ERASED = '[erased under the retention policy]';

/** Erases the personal data of reports received before `cutoff`; keeps the statistics (dates, ward, motivations, status). */
export async function eraseReports(q: Queryable, councilId: string, cutoff: Date): Promise<string[]> {
  const rows = await q.query<{ id: string }>(
    `update tension_reports set what_happened = null, location_text = null, motivation_other = null, cause = null, reporter_role = null,
        contact_name = null, contact_email = null, contact_phone = null, reporting_centre = null, erased_at = now()
      where council_id = $1 and received_at < $2 and erased_at is null returning id`,
    [councilId, cutoff],
  );
  const ids = rows.map((r) => r.id);
  if (ids.length) {
    await q.query(`update tension_report_notes set body = $3 where council_id = $1 and report_id = any($2::uuid[])`, [
      councilId,
      ids,
      ERASED,
    ]);
    await q.query(
      `update tension_report_history set reason = $3 where council_id = $1 and report_id = any($2::uuid[])`,
      [councilId, ids, ERASED],
    );
  }
  return ids;
}

export async function eraseIntelligence(q: Queryable, councilId: string, cutoff: Date): Promise<number> {
  const rows = await q.query(
    `update tension_intelligence set summary = $3, erased_at = now() where council_id = $1 and recorded_at < $2 and erased_at is null returning id`,
    [councilId, cutoff, ERASED],
  );
  return rows.length;
}
