/** Weighting margins and benchmarks of a wave. SQL only; every query is filtered by council. */
import type { Queryable } from '../../../db/index.ts';
import type { BenchmarkRow, MarginRow } from '../model.ts';

export function listMargins(q: Queryable, councilId: string, waveId: string) {
  return q.query<MarginRow>(
    'select variable, category, population, source from survey_margins where council_id = $1 and wave_id = $2 order by variable, category',
    [councilId, waveId],
  );
}

/** Replaces one variable's margin. */
export async function replaceMargin(
  q: Queryable,
  councilId: string,
  waveId: string,
  variable: string,
  rows: { category: string; population: number }[],
  source: string,
) {
  await q.query('delete from survey_margins where council_id = $1 and wave_id = $2 and variable = $3', [
    councilId,
    waveId,
    variable,
  ]);
  await q.query(
    `insert into survey_margins (wave_id, council_id, variable, category, population, source)
     select $1, $2, $3, c, p, $6 from unnest($4::text[], $5::float8[]) as t(c, p)`,
    [waveId, councilId, variable, rows.map((r) => r.category), rows.map((r) => r.population), source],
  );
}

export async function deleteMargin(q: Queryable, councilId: string, waveId: string, variable: string) {
  const rows = await q.query(
    'delete from survey_margins where council_id = $1 and wave_id = $2 and variable = $3 returning variable',
    [councilId, waveId, variable],
  );
  return rows.length > 0;
}

export function listBenchmarks(q: Queryable, councilId: string, waveId: string) {
  return q.query<BenchmarkRow>(
    'select question_code, value, label from survey_benchmarks where council_id = $1 and wave_id = $2',
    [councilId, waveId],
  );
}

export async function upsertBenchmark(
  q: Queryable,
  councilId: string,
  waveId: string,
  code: string,
  value: number,
  label: string,
) {
  await q.query(
    `insert into survey_benchmarks (wave_id, council_id, question_code, value, label) values ($1, $2, $3, $4, $5)
     on conflict (wave_id, question_code) do update set value = excluded.value, label = excluded.label`,
    [waveId, councilId, code, value, label],
  );
}
