import type { Db, Queryable } from '../../db/index.ts';
import type { Language } from '../../i18n/index.ts';
import type { Role } from '../../kernel/access.ts';
import type { Council } from '../../kernel/actor.ts';
import * as repo from './repository.ts';
import type { CouncilRow } from './repository.ts';

/** A user's place in a council: the council and the role they hold in it. */
export interface Membership {
  council: Council;
  role: Role;
  organisationId: string | null;
}

function toCouncil(row: CouncilRow): Council {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    areaCode: row.area_code,
    isDemo: row.is_demo,
    settings: row.settings ?? {},
  };
}

const SLUG = /^[a-z0-9][a-z0-9-]{1,59}$/;

/** The councils (tenants) and who belongs to each. */
export class CouncilsService {
  constructor(private readonly db: Db) {}

  /** The user's membership of the council with this slug; null for a non-member, never a hint it exists. */
  async membership(slug: string, userId: string): Promise<Membership | null> {
    if (!SLUG.test(slug)) return null;
    const row = await repo.findMembership(this.db, slug, userId);
    return row ? { council: toCouncil(row), role: row.role, organisationId: row.organisation_id } : null;
  }

  async memberships(userId: string): Promise<Membership[]> {
    return (await repo.listMemberships(this.db, userId)).map((row) => ({
      council: toCouncil(row),
      role: row.role,
      organisationId: row.organisation_id,
    }));
  }

  /** A council by slug, for public pages (reporting, surveys) and the command line. */
  async bySlug(slug: string): Promise<Council | null> {
    if (!SLUG.test(slug)) return null;
    const row = await repo.findCouncilBySlug(this.db, slug);
    return row ? toCouncil(row) : null;
  }

  async byId(id: string): Promise<Council | null> {
    const row = await repo.findCouncilById(this.db, id);
    return row ? toCouncil(row) : null;
  }

  async all(): Promise<Council[]> {
    return (await repo.listCouncils(this.db)).map(toCouncil);
  }

  /**
   * Sets the language the council's staff write in (settings.contentLanguage), in the caller's transaction; the
   * caller checks the actor may and records the audit entry.
   */
  async setContentLanguage(q: Queryable, councilId: string, lang: Language): Promise<void> {
    if (!(await repo.setCouncilSetting(q, councilId, 'contentLanguage', lang))) throw new Error('no such council');
  }

  create(c: { slug: string; name: string; areaCode: string | null; isDemo: boolean }): Promise<string> {
    return repo.createCouncil(this.db, c);
  }
}
