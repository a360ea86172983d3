import type { Queryable } from '../../db/index.ts';
import { one, oneRow } from '../../db/index.ts';
import type { Role } from '../../kernel/access.ts';

export interface CouncilRow {
  id: string;
  slug: string;
  name: string;
  area_code: string | null;
  is_demo: boolean;
  settings: Record<string, unknown>;
}

export interface MembershipCouncilRow extends CouncilRow {
  role: Role;
  organisation_id: string | null;
}

export function findCouncilBySlug(q: Queryable, slug: string) {
  return one<CouncilRow>(q, 'select id, slug, name, area_code, is_demo, settings from councils where slug = $1', [
    slug,
  ]);
}

/** The council only if the user is a member of it: non-members get nothing, never a hint that it exists. */
export function findMembership(q: Queryable, slug: string, userId: string) {
  return one<MembershipCouncilRow>(
    q,
    `select t.id, t.slug, t.name, t.area_code, t.is_demo, t.settings, m.role, m.organisation_id
       from councils t join memberships m on m.council_id = t.id
      where t.slug = $1 and m.user_id = $2`,
    [slug, userId],
  );
}

export function listMemberships(q: Queryable, userId: string) {
  return q.query<MembershipCouncilRow>(
    `select t.id, t.slug, t.name, t.area_code, t.is_demo, t.settings, m.role, m.organisation_id
       from councils t join memberships m on m.council_id = t.id
      where m.user_id = $1 order by t.name`,
    [userId],
  );
}

export async function createCouncil(
  q: Queryable,
  t: { slug: string; name: string; areaCode: string | null; isDemo: boolean },
): Promise<string> {
  const row = await oneRow<{ id: string }>(
    q,
    'insert into councils (slug, name, area_code, is_demo) values ($1, $2, $3, $4) returning id',
    [t.slug, t.name, t.areaCode, t.isDemo],
  );
  return row.id;
}

export function listCouncils(q: Queryable) {
  return q.query<CouncilRow>('select id, slug, name, area_code, is_demo, settings from councils order by name');
}

export function findCouncilById(q: Queryable, id: string) {
  return one<CouncilRow>(q, 'select id, slug, name, area_code, is_demo, settings from councils where id = $1', [id]);
}

/** Sets one key of the council's settings, keeping the others. */
export async function setCouncilSetting(q: Queryable, councilId: string, key: string, value: string): Promise<boolean> {
  const rows = await q.query<{ id: string }>(
    `update councils set settings = coalesce(settings, '{}'::jsonb) || jsonb_build_object($2::text, $3::text)
      where id = $1 returning id`,
    [councilId, key, value],
  );
  return rows.length === 1;
}
