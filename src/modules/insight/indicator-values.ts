import type { Queryable } from '../../db/index.ts';
import { one } from '../../db/index.ts';

/**
 * The shared write path into the indicators framework, used by imports, the segregation engine and
 * survey estimates alike. Idempotent: a value for the same indicator, area, period and group is replaced.
 */
export interface IndicatorValueInput {
  areaCode: string;
  period: string;
  /** 'all' for the whole population. */
  groupCode?: string;
  /** null only for a suppressed cell (too small a base to publish). */
  value: number | null;
  numerator?: number | null;
  denominator?: number | null;
  ciLow?: number | null;
  ciHigh?: number | null;
  suppressed?: boolean;
}

export async function findIndicatorId(q: Queryable, councilId: string, code: string): Promise<string | null> {
  const row = await one<{ id: string }>(
    q,
    `select id from indicators where code = $2 and (council_id = $1 or council_id is null)
      order by council_id nulls last limit 1`,
    [councilId, code],
  );
  return row?.id ?? null;
}

export async function upsertIndicatorValues(
  q: Queryable,
  councilId: string,
  indicatorId: string,
  values: IndicatorValueInput[],
  source: string,
): Promise<number> {
  let written = 0;
  for (let i = 0; i < values.length; i += 1000) {
    const b = values.slice(i, i + 1000);
    const rows = await q.query(
      `insert into indicator_values
         (council_id, indicator_id, area_code, period, group_code, value, numerator, denominator, ci_low, ci_high, suppressed, source)
       select $1, $2, a, p, g, v, n, d, lo, hi, s, $3
         from unnest($4::text[], $5::text[], $6::text[], $7::float8[], $8::float8[], $9::float8[], $10::float8[], $11::float8[], $12::bool[])
           as t(a, p, g, v, n, d, lo, hi, s)
       on conflict (council_id, indicator_id, area_code, period, group_code) do update
         set value = excluded.value, numerator = excluded.numerator, denominator = excluded.denominator,
             ci_low = excluded.ci_low, ci_high = excluded.ci_high, suppressed = excluded.suppressed,
             source = excluded.source, updated_at = now()
       returning id`,
      [
        councilId,
        indicatorId,
        source,
        b.map((v) => v.areaCode),
        b.map((v) => v.period),
        b.map((v) => v.groupCode ?? 'all'),
        b.map((v) => v.value),
        b.map((v) => v.numerator ?? null),
        b.map((v) => v.denominator ?? null),
        b.map((v) => v.ciLow ?? null),
        b.map((v) => v.ciHigh ?? null),
        b.map((v) => v.suppressed ?? false),
      ],
    );
    written += rows.length;
  }
  return written;
}
