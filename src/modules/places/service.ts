import type { Db } from '../../db/index.ts';
import type { TenantContext } from '../../server/types.ts';
import * as repo from './repository.ts';
import type { MembershipTenantRow } from './repository.ts';

function toContext(row: MembershipTenantRow): TenantContext {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    areaCode: row.area_code,
    isDemo: row.is_demo,
    role: row.role,
    organisationId: row.organisation_id,
    settings: row.settings ?? {},
  };
}

export class PlacesService {
  constructor(private readonly db: Db) {}

  async membership(slug: string, userId: string): Promise<TenantContext | null> {
    if (!/^[a-z0-9][a-z0-9-]{1,59}$/.test(slug)) return null;
    const row = await repo.findMembership(this.db, slug, userId);
    return row ? toContext(row) : null;
  }

  async memberships(userId: string): Promise<TenantContext[]> {
    return (await repo.listMemberships(this.db, userId)).map(toContext);
  }

  bySlug(slug: string) {
    return repo.findTenantBySlug(this.db, slug);
  }

  all() {
    return repo.listTenants(this.db);
  }

  create(t: { slug: string; name: string; areaCode: string | null; isDemo: boolean }) {
    return repo.createTenant(this.db, t);
  }
}
