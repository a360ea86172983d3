/**
 * Grants to partner organisations: award and edit (officers and administrators), the recipients' 360Giving
 * details (org-id, charity and company numbers, kept here keyed by the platform's organisation id), links to
 * plan outcomes and plans through the link registry, agreed outcome measures and the partners' monitoring
 * returns. Partners see, and return monitoring for, only grants to their own organisation.
 */
import type { Queryable } from '../../../db/index.ts';
import type { Actor, Council } from '../../../kernel/actor.ts';
import { DomainError } from '../../../kernel/errors.ts';
import type { LinkRef, LinkTarget } from '../../../kernel/links.ts';
import { GRANT_LINK_KINDS, ORG_ID, PERIOD, type GrantInput, type GrantRow } from '../model.ts';
import * as repo from '../repository/grants.ts';
import { findProgramme } from '../repository/programmes.ts';
import { audit, checkWards, partnerScoped, type CommissioningContext } from './context.ts';
import type { ProgrammesService } from './programmes.ts';

export interface GrantDetail {
  grant: GrantRow;
  links: LinkTarget[];
  /** Stored links the registry could not resolve (the other module is absent, or the record is gone). */
  unresolved: LinkRef[];
  measures: Awaited<ReturnType<typeof repo.measures>>;
  returns: Awaited<ReturnType<typeof repo.returns>>;
}

export interface GrantListFilter {
  programmeId?: string | null;
  link?: LinkRef | null;
  from?: string;
  to?: string;
}

const pad = (n: number) => String(n).padStart(4, '0');

export class GrantsService {
  constructor(
    private readonly ctx: CommissioningContext,
    private readonly programmes: ProgrammesService,
  ) {}

  /** The grants the actor may see: every grant of the council, or a partner's own organisation's. */
  list(actor: Actor, filter: GrantListFilter = {}) {
    return repo.listGrants(this.ctx.db, actor.council.id, {
      ...filter,
      recipientId: partnerScoped(actor) ? (actor.organisationId ?? '00000000-0000-0000-0000-000000000000') : null,
    });
  }

  async get(actor: Actor, id: string): Promise<GrantRow | undefined> {
    const grant = await repo.findGrant(this.ctx.db, actor.council.id, id);
    if (!grant) return undefined;
    if (partnerScoped(actor) && grant.recipient_id !== actor.organisationId) return undefined;
    return grant;
  }

  async detail(actor: Actor, id: string): Promise<GrantDetail | undefined> {
    const grant = await this.get(actor, id);
    if (!grant) return undefined;
    const db = this.ctx.db;
    const [stored, measures, returns] = await Promise.all([
      repo.links(db, actor.council.id, [id]),
      repo.measures(db, actor.council.id, id),
      repo.returns(db, actor.council.id, id),
    ]);
    const refs = stored.map((l) => ({ kind: l.kind, id: l.ref_id }));
    const links = await this.ctx.links.resolve(actor, refs);
    const found = new Set(links.map((l) => `${l.kind}:${l.id}`));
    return { grant, links, unresolved: refs.filter((r) => !found.has(`${r.kind}:${r.id}`)), measures, returns };
  }

  /** Stored links of grants, by grant id (for exports and backlinks). */
  async linksOf(council: Council, grantIds: readonly string[]): Promise<Map<string, LinkRef[]>> {
    const out = new Map<string, LinkRef[]>();
    if (grantIds.length === 0) return out;
    for (const l of await repo.links(this.ctx.db, council.id, grantIds))
      out.set(l.grant_id, [...(out.get(l.grant_id) ?? []), { kind: l.kind, id: l.ref_id }]);
    return out;
  }

  /** Grants of the council linked to `ref`, as the actor may see them. */
  async linkedTo(actor: Actor, ref: LinkRef): Promise<GrantRow[]> {
    return this.list(actor, { link: ref });
  }

  recipients(council: Council) {
    return repo.recipients(this.ctx.db, council.id);
  }

  /**
   * Checks a grant's references: programme, recipient and wards of this council; links the actor can see.
   * Runs before the change's transaction: it reads through other modules' services, which use their own
   * connection (on PGlite, one connection: a read outside an open transaction would wait for it forever).
   */
  private async check(actor: Actor, input: GrantInput) {
    const council = actor.council;
    if (input.programmeId && !(await findProgramme(this.ctx.db, council.id, input.programmeId)))
      throw new DomainError('commissioning.grants.errors.programme', 'programmeId');
    const orgs = await this.ctx.admin.organisations(council.id);
    if (!orgs.some((o) => o.id === input.recipientId))
      throw new DomainError('commissioning.grants.errors.recipient', 'recipientId');
    await checkWards(this.ctx, council, input.areas, 'areas');
    for (const l of input.links)
      if (!(GRANT_LINK_KINDS as readonly string[]).includes(l.kind))
        throw new DomainError('commissioning.grants.errors.link', 'links');
    if (input.links.length) {
      const visible = await this.ctx.links.resolve(actor, input.links);
      if (visible.length !== input.links.length) throw new DomainError('commissioning.grants.errors.link', 'links');
    }
  }

  /** A new identifier under the council's prefix: `<prefix>-<n>`, the first free number. */
  private async nextIdentifier(tx: Queryable, council: Council, prefix: string): Promise<string> {
    for (let n = (await repo.grantCount(tx, council.id)) + 1; ; n++) {
      const id = `${prefix}-${pad(n)}`;
      if (!(await repo.findGrantByIdentifier(tx, council.id, id))) return id;
    }
  }

  async create(actor: Actor, input: GrantInput): Promise<string> {
    await this.check(actor, input);
    const { prefix } = await this.programmes.settings(actor.council);
    return this.ctx.db.transaction(async (tx) => {
      await repo.lockGrantNumbering(tx, actor.council.id);
      const identifier = await this.nextIdentifier(tx, actor.council, prefix);
      const id = await repo.insertGrant(tx, actor.council.id, identifier, input);
      await repo.replaceLinks(tx, actor.council.id, id, input.links);
      await audit(this.ctx, tx, actor, 'commissioning.grant.awarded', { type: 'grant', id }, { amount: input.amount });
      return id;
    });
  }

  async update(actor: Actor, id: string, input: GrantInput): Promise<void> {
    await this.check(actor, input);
    await this.ctx.db.transaction(async (tx) => {
      if (!(await repo.updateGrant(tx, actor.council.id, id, input))) throw new DomainError('errors.notFound');
      await repo.replaceLinks(tx, actor.council.id, id, input.links);
      await audit(this.ctx, tx, actor, 'commissioning.grant.updated', { type: 'grant', id });
    });
  }

  async saveRecipient(
    actor: Actor,
    organisationId: string,
    details: { orgIdentifier: string; charityNumber: string; companyNumber: string },
  ) {
    if (!ORG_ID.test(details.orgIdentifier))
      throw new DomainError('commissioning.recipients.errors.orgIdentifier', 'orgIdentifier');
    const orgs = await this.ctx.admin.organisations(actor.council.id);
    if (!orgs.some((o) => o.id === organisationId)) throw new DomainError('errors.notFound');
    try {
      await this.ctx.db.transaction(async (tx) => {
        await repo.saveRecipient(tx, actor.council.id, { organisationId, ...details });
        await audit(this.ctx, tx, actor, 'commissioning.recipient.saved', { type: 'organisation', id: organisationId });
      });
    } catch (err) {
      if ((err as { code?: string }).code === '23505')
        throw new DomainError('commissioning.recipients.errors.duplicate', 'orgIdentifier');
      throw err;
    }
  }

  async addMeasure(actor: Actor, grantId: string, m: { name: string; unit: string; target: number | null }) {
    if (m.target !== null && !(Math.abs(m.target) < 1e12))
      throw new DomainError('commissioning.measures.errors.target', 'target');
    await this.ctx.db.transaction(async (tx) => {
      if (!(await repo.findGrant(tx, actor.council.id, grantId))) throw new DomainError('errors.notFound');
      const id = await repo.insertMeasure(tx, actor.council.id, grantId, m);
      if (!id) throw new DomainError('commissioning.measures.errors.duplicate', 'name');
      await audit(this.ctx, tx, actor, 'commissioning.measure.added', { type: 'grant', id: grantId });
    });
  }

  /** A monitoring return for one measure and quarter (replacing an earlier one for the same quarter). */
  async submitReturn(
    actor: Actor,
    grantId: string,
    r: { measureId: string; period: string; value: number; narrative: string },
  ): Promise<string> {
    if (!PERIOD.test(r.period)) throw new DomainError('commissioning.returns.errors.period', 'period');
    const grant = await this.get(actor, grantId);
    if (!grant) throw new DomainError('errors.notFound');
    return this.ctx.db.transaction(async (tx) => {
      const measures = await repo.measures(tx, actor.council.id, grantId);
      if (!measures.some((m) => m.id === r.measureId))
        throw new DomainError('commissioning.returns.errors.measure', 'measureId');
      const id = await repo.upsertReturn(tx, actor.council.id, { grantId, ...r, userId: actor.userId });
      await audit(
        this.ctx,
        tx,
        actor,
        'commissioning.return.submitted',
        { type: 'grant', id: grantId },
        {
          period: r.period,
        },
      );
      return id;
    });
  }
}
