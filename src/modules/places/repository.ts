import type { Queryable } from '../../db/index.ts';
import { one } from '../../db/index.ts';
import type { Role } from '../../server/access.ts';

export interface TenantRow {
  id: string;
  slug: string;
  name: string;
  area_code: string | null;
  is_demo: boolean;
  settings: Record<string, unknown>;
}

export interface MembershipTenantRow extends TenantRow {
  role: Role;
  organisation_id: string | null;
}

export function findTenantBySlug(q: Queryable, slug: string) {
  return one<TenantRow>(q, 'select id, slug, name, area_code, is_demo, settings from tenants where slug = $1', [slug]);
}

/** The tenant only if the user is a member of it: non-members get nothing, never a hint that it exists. */
export function findMembership(q: Queryable, slug: string, userId: string) {
  return one<MembershipTenantRow>(
    q,
    `select t.id, t.slug, t.name, t.area_code, t.is_demo, t.settings, m.role, m.organisation_id
       from tenants t join memberships m on m.tenant_id = t.id
      where t.slug = $1 and m.user_id = $2`,
    [slug, userId],
  );
}

export function listMemberships(q: Queryable, userId: string) {
  return q.query<MembershipTenantRow>(
    `select t.id, t.slug, t.name, t.area_code, t.is_demo, t.settings, m.role, m.organisation_id
       from tenants t join memberships m on m.tenant_id = t.id
      where m.user_id = $1 order by t.name`,
    [userId],
  );
}

export async function createTenant(
  q: Queryable,
  t: { slug: string; name: string; areaCode: string | null; isDemo: boolean },
): Promise<string> {
  const row = await one<{ id: string }>(
    q,
    'insert into tenants (slug, name, area_code, is_demo) values ($1, $2, $3, $4) returning id',
    [t.slug, t.name, t.areaCode, t.isDemo],
  );
  return row!.id;
}

export function listTenants(q: Queryable) {
  return q.query<TenantRow>('select id, slug, name, area_code, is_demo, settings from tenants order by name');
}
