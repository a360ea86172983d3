/**
 * Fieldwork uploads waiting for their column mapping. The file itself is never stored: only its header
 * (`survey_imports.columns`) and its parsed data rows (`survey_import_rows`, one row per respondent with
 * its line in the file), which are deleted once the mapping is applied or after a day. SQL only.
 */
import type { Queryable } from '../../../db/index.ts';
import { one } from '../../../db/index.ts';
import type { ImportDataRow, ImportRow } from '../model.ts';

export async function insertImport(
  q: Queryable,
  councilId: string,
  waveId: string,
  userId: string | null,
  filename: string,
  columns: string[],
  rowCount: number,
) {
  const row = await one<{ id: string }>(
    q,
    `insert into survey_imports (council_id, wave_id, filename, columns, row_count, created_by)
     values ($1, $2, $3, $4::jsonb, $5, $6) returning id`,
    [councilId, waveId, filename, JSON.stringify(columns), rowCount, userId],
  );
  if (!row) throw new Error('the upload was not stored');
  return row.id;
}

/** Records an upload's header and row count once the whole file has been read. */
export async function setImportHeader(q: Queryable, councilId: string, id: string, columns: string[], rows: number) {
  await q.query('update survey_imports set columns = $3::jsonb, row_count = $4 where council_id = $1 and id = $2', [
    councilId,
    id,
    JSON.stringify(columns),
    rows,
  ]);
}

/** Stores parsed data rows of an upload, in batches. */
export async function insertImportRows(q: Queryable, councilId: string, importId: string, rows: ImportDataRow[]) {
  for (let i = 0; i < rows.length; i += 1000) {
    const b = rows.slice(i, i + 1000);
    await q.query(
      `insert into survey_import_rows (import_id, council_id, line, cells)
       select $1, $2, l, c::jsonb from unnest($3::int[], $4::text[]) as t(l, c)`,
      [importId, councilId, b.map((r) => r.line), b.map((r) => JSON.stringify(r.cells))],
    );
  }
}

/** The next batch of an upload's data rows after `afterLine`, in file order. */
export function importRowsAfter(q: Queryable, councilId: string, importId: string, afterLine: number, limit: number) {
  return q.query<ImportDataRow>(
    `select line, cells from survey_import_rows where council_id = $1 and import_id = $2 and line > $3
      order by line limit $4`,
    [councilId, importId, afterLine, limit],
  );
}

/** An upload of the wave (once imported, its rows are gone and completed_at is set). */
export function findImport(q: Queryable, councilId: string, waveId: string, id: string) {
  return one<ImportRow>(
    q,
    `select id, filename, columns, row_count, completed_at from survey_imports
      where council_id = $1 and wave_id = $2 and id = $3`,
    [councilId, waveId, id],
  );
}

/**
 * Marks an upload imported and drops its rows: only the mapped answers are kept (unmapped columns may hold
 * personal data). False when another request completed it first.
 */
export async function completeImport(q: Queryable, councilId: string, id: string) {
  const rows = await q.query(
    `update survey_imports set completed_at = now() where council_id = $1 and id = $2 and completed_at is null returning id`,
    [councilId, id],
  );
  await q.query('delete from survey_import_rows where council_id = $1 and import_id = $2', [councilId, id]);
  return rows.length > 0;
}

/** Deletes uploads that were never imported, after a day (their rows go with them). */
export async function deleteStaleImports(q: Queryable, councilId: string) {
  await q.query(
    `delete from survey_imports where council_id = $1 and completed_at is null and created_at < now() - interval '1 day'`,
    [councilId],
  );
}

export async function countImportRows(q: Queryable, councilId: string, importIds: string[]) {
  const row = await one<{ n: number }>(
    q,
    'select count(*)::int as n from survey_import_rows where council_id = $1 and import_id = any($2::uuid[])',
    [councilId, importIds],
  );
  return row?.n ?? 0;
}
