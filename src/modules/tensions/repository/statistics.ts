/** SQL: the facts behind the weekly and quarterly reports, and the restricted export. */
import type { Queryable } from '../../../db/index.ts';
import type { Motivation, Status } from '../model.ts';

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
