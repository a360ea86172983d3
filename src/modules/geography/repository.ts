import type { Queryable } from '../../db/index.ts';
import { one } from '../../db/index.ts';
import type { GeoLevel } from '../../geo/gss.ts';

export interface AreaRow {
  code: string;
  name: string;
  level: GeoLevel;
}

/** Upserts areas in batches. A name equal to the code never overwrites a real name. */
export async function upsertAreas(q: Queryable, areas: AreaRow[]): Promise<void> {
  for (let i = 0; i < areas.length; i += 1000) {
    const batch = areas.slice(i, i + 1000);
    await q.query(
      `insert into areas (code, name, level)
       select * from unnest($1::text[], $2::text[], $3::text[])
       on conflict (code) do update
         set name = case when excluded.name = excluded.code then areas.name else excluded.name end,
             level = excluded.level, updated_at = now()`,
      [batch.map((a) => a.code), batch.map((a) => a.name), batch.map((a) => a.level)],
    );
  }
}

export async function upsertLinks(
  q: Queryable,
  links: { child: string; parent: string; parentLevel: GeoLevel }[],
): Promise<void> {
  for (let i = 0; i < links.length; i += 2000) {
    const batch = links.slice(i, i + 2000);
    await q.query(
      `insert into area_links (child_code, parent_code, parent_level)
       select * from unnest($1::text[], $2::text[], $3::text[])
       on conflict (child_code, parent_level) do update set parent_code = excluded.parent_code`,
      [batch.map((l) => l.child), batch.map((l) => l.parent), batch.map((l) => l.parentLevel)],
    );
  }
}

export async function upsertBoundaries(
  q: Queryable,
  rows: { code: string; geometry: unknown }[],
  source: string,
): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    const batch = rows.slice(i, i + 200);
    await q.query(
      `insert into area_boundaries (code, geometry, source)
       select c, g::jsonb, $3 from unnest($1::text[], $2::text[]) as t(c, g)
       on conflict (code) do update set geometry = excluded.geometry, source = excluded.source, imported_at = now()`,
      [batch.map((r) => r.code), batch.map((r) => JSON.stringify(r.geometry)), source],
    );
  }
}

const TREE = `with recursive tree(code) as (
    select $1::text
    union
    select l.child_code from area_links l join tree t on l.parent_code = t.code
  )`;

/** Every area inside `root` (inclusive), at one level or all. */
export function listDescendants(q: Queryable, root: string, level?: GeoLevel, limit = 100_000, offset = 0) {
  return q.query<AreaRow>(
    `${TREE} select a.code, a.name, a.level from areas a join tree t on t.code = a.code
      ${level ? 'where a.level = $2' : ''} order by a.name, a.code limit ${Number(limit)} offset ${Number(offset)}`,
    level ? [root, level] : [root],
  );
}

export async function countDescendantsByLevel(q: Queryable, root: string) {
  return q.query<{ level: GeoLevel; n: number; with_boundary: number }>(
    `${TREE} select a.level, count(*)::int as n, count(b.code)::int as with_boundary
       from areas a join tree t on t.code = a.code left join area_boundaries b on b.code = a.code
      group by a.level`,
    [root],
  );
}

export async function isWithin(q: Queryable, root: string, code: string): Promise<boolean> {
  const row = await one(q, `${TREE} select 1 as ok from tree where code = $2`, [root, code]);
  return !!row;
}

export function findArea(q: Queryable, code: string) {
  return one<AreaRow>(q, 'select code, name, level from areas where code = $1', [code]);
}

export function parentsOf(q: Queryable, code: string) {
  return q.query<AreaRow>(
    `select a.code, a.name, a.level from area_links l join areas a on a.code = l.parent_code where l.child_code = $1`,
    [code],
  );
}

export function childrenOf(q: Queryable, code: string) {
  return q.query<AreaRow>(
    `select a.code, a.name, a.level from area_links l join areas a on a.code = l.child_code
      where l.parent_code = $1 order by a.name, a.code`,
    [code],
  );
}

export function boundariesFor(q: Queryable, codes: string[]) {
  return q.query<{ code: string; geometry: unknown }>(
    'select code, geometry from area_boundaries where code = any($1::text[])',
    [codes],
  );
}

export interface PopulationRow {
  area_code: string;
  total: number;
  counts: number[];
}

/** Who is reading a dataset: a council sees shared datasets and its own; the operator sees every one. */
export type DatasetViewer = { councilId: string } | 'operator';

const visible = (viewer: DatasetViewer, param: number) =>
  viewer === 'operator' ? 'true' : `(d.owner_council_id is null or d.owner_council_id = $${param})`;
const viewerParams = (viewer: DatasetViewer) => (viewer === 'operator' ? [] : [viewer.councilId]);

export function findDataset(q: Queryable, code: string, viewer: DatasetViewer) {
  return one<{ code: string; name: string; source: string; period: string; categories: string[] }>(
    q,
    `select code, name, source, period, categories from datasets d where code = $1 and ${visible(viewer, 2)}`,
    [code, ...viewerParams(viewer)],
  );
}

/** The datasets with counts for an area that the viewer may see, newest first. */
export function datasetsForArea(q: Queryable, code: string, viewer: DatasetViewer) {
  return q.query<{ code: string; name: string; period: string }>(
    `select d.code, d.name, d.period from datasets d join population_counts p on p.dataset = d.code
      where p.area_code = $1 and ${visible(viewer, 2)} order by d.period desc, d.name`,
    [code, ...viewerParams(viewer)],
  );
}

/** A dataset's owner: null when shared, undefined when there is no such dataset. */
export async function datasetOwner(q: Queryable, code: string): Promise<string | null | undefined> {
  const row = await one<{ owner: string | null }>(q, 'select owner_council_id as owner from datasets where code = $1', [
    code,
  ]);
  return row ? row.owner : undefined;
}

/** Inserts only the areas not stored yet; never renames one. */
export async function insertMissingAreas(q: Queryable, areas: AreaRow[]): Promise<void> {
  for (let i = 0; i < areas.length; i += 1000) {
    const batch = areas.slice(i, i + 1000);
    await q.query(
      `insert into areas (code, name, level) select * from unnest($1::text[], $2::text[], $3::text[])
       on conflict (code) do nothing`,
      [batch.map((a) => a.code), batch.map((a) => a.name), batch.map((a) => a.level)],
    );
  }
}

export function populationFor(q: Queryable, dataset: string, codes: string[]) {
  return q.query<PopulationRow>(
    'select area_code, total, counts from population_counts where dataset = $1 and area_code = any($2::text[])',
    [dataset, codes],
  );
}

export async function upsertDataset(
  q: Queryable,
  d: { code: string; name: string; source: string; period: string; categories: string[] },
  owner: string | null = null,
): Promise<void> {
  await q.query(
    `insert into datasets (code, name, source, period, categories, owner_council_id) values ($1, $2, $3, $4, $5::jsonb, $6)
     on conflict (code) do update set name = excluded.name, source = excluded.source, period = excluded.period,
       categories = excluded.categories, imported_at = now()`,
    [d.code, d.name, d.source, d.period, JSON.stringify(d.categories), owner],
  );
}

export async function upsertPopulation(q: Queryable, dataset: string, rows: PopulationRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    const batch = rows.slice(i, i + 1000);
    await q.query(
      `insert into population_counts (dataset, area_code, total, counts)
       select $1, c, t, string_to_array(v, ',')::double precision[]
         from unnest($2::text[], $3::double precision[], $4::text[]) as x(c, t, v)
       on conflict (dataset, area_code) do update set total = excluded.total, counts = excluded.counts`,
      [dataset, batch.map((r) => r.area_code), batch.map((r) => r.total), batch.map((r) => r.counts.join(','))],
    );
  }
}

/** The codes of every area inside `root`, including `root`. */
export async function descendantCodes(q: Queryable, root: string): Promise<Set<string>> {
  const rows = await q.query<{ code: string }>(`${TREE} select code from tree`, [root]);
  return new Set(rows.map((r) => r.code));
}

/** Which of these codes are stored areas. */
export async function existingCodes(q: Queryable, codes: string[]): Promise<Set<string>> {
  const rows = await q.query<{ code: string }>('select code from areas where code = any($1::text[])', [codes]);
  return new Set(rows.map((r) => r.code));
}

/** The stored parents of these areas. */
export function linksOf(q: Queryable, children: string[]) {
  return q.query<{ child_code: string; parent_code: string }>(
    'select child_code, parent_code from area_links where child_code = any($1::text[])',
    [children],
  );
}
