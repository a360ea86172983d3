/**
 * SQL of the insight module. Indicator definitions are built in (council_id null) or a council's own;
 * values and comparator groups always belong to one council and every query filters by council_id.
 * Geography and census counts are shared reference data keyed by GSS code: the queries below join them
 * (areas of a level inside the council, counts of a dataset by area) but never write them; writes go
 * through GeographyService.write inside the services' transactions.
 */
import type { Queryable } from '../../db/index.ts';
import { one } from '../../db/index.ts';
import type { GeoLevel } from '../../geo/gss.ts';
import type { ComparatorSet, IndicatorDefinition, IndicatorListRow, IndicatorRow, ValueRow } from './model.ts';

const INDICATOR_COLUMNS =
  'id, council_id, code, name, framework, domain, unit, higher_is_better, source, geography_level, breakdowns, description';
const VALUE_COLUMNS =
  'indicator_id, area_code, period, group_code, value, numerator, denominator, ci_low, ci_high, suppressed, source';

/** Definitions a council can use: the built-in ones and its own, with how many values it holds of each. */
export function listIndicators(q: Queryable, councilId: string) {
  return q.query<IndicatorListRow>(
    `select ${INDICATOR_COLUMNS.split(', ')
      .map((c) => `i.${c}`)
      .join(', ')},
            (select count(*)::int from indicator_values v where v.council_id = $1 and v.indicator_id = i.id) as value_count
       from indicators i where i.council_id = $1 or i.council_id is null
      order by i.framework, i.domain, i.name`,
    [councilId],
  );
}

export function findIndicatorByCode(q: Queryable, councilId: string, code: string) {
  return one<IndicatorRow>(
    q,
    `select ${INDICATOR_COLUMNS} from indicators where code = $2 and (council_id = $1 or council_id is null)
      order by council_id nulls last limit 1`,
    [councilId, code],
  );
}

export async function insertIndicator(
  q: Queryable,
  councilId: string,
  d: IndicatorDefinition & { framework: string },
): Promise<string> {
  const row = await one<{ id: string }>(
    q,
    `insert into indicators (council_id, code, name, framework, domain, unit, higher_is_better, source, geography_level, breakdowns, description)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11) returning id`,
    [
      councilId,
      d.code,
      d.name,
      d.framework,
      d.domain,
      d.unit,
      d.higher_is_better,
      d.source,
      d.geography_level,
      JSON.stringify(d.breakdowns),
      d.description,
    ],
  );
  if (!row) throw new Error(`indicator ${d.code} was not stored`);
  return row.id;
}

/** How many values the council holds of the built-in frameworks (the survey's own indicators do not count). */
export async function builtInValueCount(q: Queryable, councilId: string): Promise<number> {
  const row = await one<{ n: number }>(
    q,
    `select count(*)::int as n from indicator_values v join indicators i on i.id = v.indicator_id
      where v.council_id = $1 and i.framework in ('lg_inform', 'segregation', 'race_equality_scorecard', 'gla_social_integration', 'home_office_ioi')`,
    [councilId],
  );
  return row?.n ?? 0;
}

// Suppressed cells (a survey base too small to publish) have no value and are left out of every read below:
// the insight views compare, rank and chart values, and the survey pages show the suppression itself.

/** Values of one indicator, optionally only for some areas, in period order. */
export function valuesOf(q: Queryable, councilId: string, indicatorId: string, areaCodes?: string[]) {
  return q.query<ValueRow>(
    `select ${VALUE_COLUMNS} from indicator_values
      where council_id = $1 and indicator_id = $2 and value is not null ${areaCodes ? 'and area_code = any($3::text[])' : ''}
      order by period, area_code, group_code`,
    areaCodes ? [councilId, indicatorId, areaCodes] : [councilId, indicatorId],
  );
}

/** Every value held for one area (all indicators and groups). */
export function valuesForArea(q: Queryable, councilId: string, areaCode: string) {
  return q.query<ValueRow>(
    `select ${VALUE_COLUMNS} from indicator_values where council_id = $1 and area_code = $2 and value is not null order by indicator_id, period, group_code`,
    [councilId, areaCode],
  );
}

/** Whole-population values of the given indicators at one period for every area of a level (for neighbours). */
export function levelValues(q: Queryable, councilId: string, indicatorIds: string[], period: string, level: GeoLevel) {
  return q.query<{ indicator_id: string; area_code: string; value: number }>(
    `select v.indicator_id, v.area_code, v.value from indicator_values v join areas a on a.code = v.area_code
      where v.council_id = $1 and v.indicator_id = any($2::uuid[]) and v.period = $3 and v.group_code = 'all' and a.level = $4 and v.value is not null`,
    [councilId, indicatorIds, period, level],
  );
}

export async function comparatorSet(q: Queryable, councilId: string): Promise<ComparatorSet | null> {
  const set = await one<Omit<ComparatorSet, 'members'>>(
    q,
    'select method, characteristics, period, updated_at from insight_comparator_sets where council_id = $1',
    [councilId],
  );
  if (!set) return null;
  const members = await q.query<ComparatorSet['members'][number]>(
    `select c.area_code, a.name, c.position, c.distance from insight_comparators c join areas a on a.code = c.area_code
      where c.council_id = $1 order by c.position`,
    [councilId],
  );
  return { ...set, members };
}

export async function replaceComparatorSet(
  q: Queryable,
  councilId: string,
  set: {
    method: 'nearest' | 'manual';
    characteristics: string[];
    period: string | null;
    members: { areaCode: string; distance: number | null }[];
  },
): Promise<void> {
  await q.query(
    `insert into insight_comparator_sets (council_id, method, characteristics, period) values ($1, $2, $3::jsonb, $4)
     on conflict (council_id) do update set method = excluded.method, characteristics = excluded.characteristics,
       period = excluded.period, updated_at = now()`,
    [councilId, set.method, JSON.stringify(set.characteristics), set.period],
  );
  await q.query('delete from insight_comparators where council_id = $1', [councilId]);
  if (set.members.length) {
    await q.query(
      `insert into insight_comparators (council_id, area_code, position, distance)
       select $1, c, p, d from unnest($2::text[], $3::int[], $4::float8[]) as t(c, p, d)`,
      [
        councilId,
        set.members.map((m) => m.areaCode),
        set.members.map((_, i) => i + 1),
        set.members.map((m) => m.distance),
      ],
    );
  }
}

/** Areas by code (only those that exist). */
export function areasByCode(q: Queryable, codes: string[]) {
  return q.query<{ code: string; name: string; level: GeoLevel }>(
    'select code, name, level from areas where code = any($1::text[])',
    [codes],
  );
}

/** Every stored area of a level (local authorities matched by name in the census 2011 files). */
export function areasAtLevel(q: Queryable, level: GeoLevel) {
  return q.query<{ code: string; name: string }>('select code, name from areas where level = $1 order by name', [
    level,
  ]);
}

/**
 * For each area, its ancestor at `level` (following area_links upwards through any levels).
 * Areas with no ancestor at that level are left out.
 */
export function ancestorsAt(q: Queryable, codes: string[], level: GeoLevel) {
  return q.query<{ code: string; ancestor: string }>(
    `with recursive up(code, ancestor) as (
       select l.child_code, l.parent_code from area_links l where l.child_code = any($1::text[])
       union
       select up.code, l.parent_code from up join area_links l on l.child_code = up.ancestor
     )
     select distinct on (up.code) up.code, up.ancestor from up join areas a on a.code = up.ancestor where a.level = $2
      order by up.code, up.ancestor`,
    [codes, level],
  );
}

/**
 * Datasets the council may see (shared, or its own) with counts for areas of `level` inside `root`, with how
 * many areas each covers.
 */
export function datasetsWithin(q: Queryable, councilId: string, root: string, level: GeoLevel) {
  return q.query<{ code: string; name: string; period: string; categories: string[]; areas: number }>(
    `with recursive tree(code) as (select $1::text union select l.child_code from area_links l join tree t on l.parent_code = t.code)
     select d.code, d.name, d.period, d.categories, count(*)::int as areas
       from tree t join areas a on a.code = t.code and a.level = $2
       join population_counts p on p.area_code = a.code join datasets d on d.code = p.dataset
      where d.owner_council_id is null or d.owner_council_id = $3
      group by d.code, d.name, d.period, d.categories order by d.period desc, d.code`,
    [root, level, councilId],
  );
}

/** Counts of a dataset for every area of `level` inside `root`. */
export function countsWithin(q: Queryable, root: string, level: GeoLevel, dataset: string) {
  return q.query<{ area_code: string; name: string; total: number; counts: number[] }>(
    `with recursive tree(code) as (select $1::text union select l.child_code from area_links l join tree t on l.parent_code = t.code)
     select a.code as area_code, a.name, p.total, p.counts
       from tree t join areas a on a.code = t.code and a.level = $2
       join population_counts p on p.area_code = a.code and p.dataset = $3
      order by a.code`,
    [root, level, dataset],
  );
}
