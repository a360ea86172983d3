/** SQL: erasure of personal data past the retention period, and expiry of drafts. */
import type { Queryable } from '../../../db/index.ts';

// ───────────── retention ─────────────

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

export async function deleteExpiredDrafts(q: Queryable, now: Date): Promise<number> {
  const rows = await q.query('delete from tension_drafts where expires_at <= $1 returning token_hash', [now]);
  return rows.length;
}
