/** SQL: notes, shares, links and redaction of a case. */
import type { Queryable } from '../../../db/index.ts';
import type { Status } from '../model.ts';

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
