import type { Db } from '../../db/index.ts';
import type { CouncilContext } from '../../server/types.ts';
import * as repo from './repository.ts';
import type { MembershipCouncilRow } from './repository.ts';

function toContext(row: MembershipCouncilRow): CouncilContext {
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

export class CouncilsService {
  constructor(private readonly db: Db) {}

  async membership(slug: string, userId: string): Promise<CouncilContext | null> {
    if (!/^[a-z0-9][a-z0-9-]{1,59}$/.test(slug)) return null;
    const row = await repo.findMembership(this.db, slug, userId);
    return row ? toContext(row) : null;
  }

  async memberships(userId: string): Promise<CouncilContext[]> {
    return (await repo.listMemberships(this.db, userId)).map(toContext);
  }

  bySlug(slug: string) {
    return repo.findCouncilBySlug(this.db, slug);
  }

  all() {
    return repo.listCouncils(this.db);
  }

  create(t: { slug: string; name: string; areaCode: string | null; isDemo: boolean }) {
    return repo.createCouncil(this.db, t);
  }
}
