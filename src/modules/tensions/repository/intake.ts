/** SQL: the public journey's drafts and the intake of reports (the hot path). */
import type { Queryable } from '../../../db/index.ts';
import { one } from '../../../db/index.ts';
import type { Motivation } from '../model.ts';

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
