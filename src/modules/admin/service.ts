import type { Config } from '../../config.ts';
import type { Db } from '../../db/index.ts';
import type { EmailSender } from '../../clients/email.ts';
import { hashToken, newToken } from '../../lib/tokens.ts';
import type { Role } from '../../kernel/access.ts';
import type { Actor } from '../../kernel/actor.ts';
import { DomainError } from '../../kernel/errors.ts';
import type { AuditService } from '../audit/index.ts';
import type { AuthService } from '../auth/index.ts';
import type { CouncilsService } from '../councils/index.ts';
import { actorCan } from '../../kernel/access.ts';
import type { Language } from '../../i18n/index.ts';
import * as repo from './repository.ts';
import type { OrganisationKind } from './repository.ts';

export interface InviteInput {
  email: string;
  displayName: string;
  role: Role;
  organisationId: string | null;
}

export class AdminService {
  constructor(
    private readonly db: Db,
    private readonly config: Config,
    private readonly audit: AuditService,
    private readonly auth: AuthService,
    private readonly email: EmailSender,
    private readonly councils: Pick<CouncilsService, 'setContentLanguage'>,
  ) {}

  /** Sets the language the council's staff write in, with an audit entry in the same transaction (administrators). */
  async setContentLanguage(actor: Actor, lang: Language): Promise<void> {
    if (!actorCan(actor, 'admin.settings')) throw new DomainError('errors.forbidden');
    const from = actor.council.settings.contentLanguage;
    await this.db.transaction(async (tx) => {
      await this.councils.setContentLanguage(tx, actor.council.id, lang);
      await this.audit.record(
        {
          councilId: actor.council.id,
          userId: actor.userId,
          action: 'council.settings_changed',
          targetType: 'council',
          targetId: actor.council.id,
          detail: { contentLanguage: lang, previous: typeof from === 'string' ? from : null },
        },
        tx,
      );
    });
  }

  organisations(councilId: string) {
    return repo.listOrganisations(this.db, councilId);
  }

  organisation(councilId: string, id: string) {
    return repo.findOrganisation(this.db, councilId, id);
  }

  async addOrganisation(actor: Actor, name: string, kind: OrganisationKind): Promise<string> {
    const councilId = actor.council.id;
    const actorId = actor.userId;
    return this.db.transaction(async (tx) => {
      const id = await repo.insertOrganisation(tx, councilId, name, kind);
      if (!id) throw new DomainError('admin.organisations.errors.duplicate', 'name');
      await this.audit.record(
        { councilId, userId: actorId, action: 'organisation.created', targetType: 'organisation', targetId: id },
        tx,
      );
      return id;
    });
  }

  async updateOrganisation(actor: Actor, id: string, name: string, kind: OrganisationKind) {
    const councilId = actor.council.id;
    const actorId = actor.userId;
    return this.db.transaction(async (tx) => {
      let ok: boolean;
      try {
        ok = await repo.updateOrganisation(tx, councilId, id, name, kind);
      } catch (err) {
        if ((err as { code?: string }).code === '23505')
          throw new DomainError('admin.organisations.errors.duplicate', 'name');
        throw err;
      }
      if (ok)
        await this.audit.record(
          { councilId, userId: actorId, action: 'organisation.updated', targetType: 'organisation', targetId: id },
          tx,
        );
      return ok;
    });
  }

  members(councilId: string, page: number, pageSize: number) {
    return repo.listMembers(this.db, councilId, pageSize, (page - 1) * pageSize);
  }

  member(councilId: string, userId: string) {
    return repo.findMember(this.db, councilId, userId);
  }

  pendingInvitations(councilId: string) {
    return repo.listPendingInvitations(this.db, councilId);
  }

  private async checkOrganisation(councilId: string, role: Role, organisationId: string | null) {
    if (role === 'partner' && !organisationId)
      throw new DomainError('admin.users.errors.partnerNeedsOrganisation', 'organisationId');
    if (organisationId && !(await repo.findOrganisation(this.db, councilId, organisationId))) {
      throw new DomainError('admin.users.errors.unknownOrganisation', 'organisationId');
    }
  }

  /**
   * Creates a single-use invitation and emails its link. Returns the link too, for the CLI and the demo.
   * Only the token's hash is stored.
   */
  async invite(actor: Actor, input: InviteInput, subject: string, bodyFor: (link: string) => string) {
    const councilId = actor.council.id;
    const actorId = actor.userId;
    await this.checkOrganisation(councilId, input.role, input.organisationId);
    const token = newToken();
    const link = `${this.config.baseUrl}/invitations/${token}`;
    const id = await this.db.transaction(async (tx) => {
      const inviteId = await repo.insertInvitation(tx, {
        councilId,
        email: input.email,
        displayName: input.displayName,
        role: input.role,
        organisationId: input.organisationId,
        tokenHash: hashToken(token),
        ttlMs: this.config.inviteTtlMs,
        invitedBy: actorId,
      });
      await this.audit.record(
        {
          councilId,
          userId: actorId,
          action: 'user.invited',
          targetType: 'invitation',
          targetId: inviteId,
          detail: { role: input.role },
        },
        tx,
      );
      return inviteId;
    });
    await this.email.send({ to: input.email, subject, body: bodyFor(link), reference: `invitation:${id}` });
    return { id, link };
  }

  async invitation(token: string) {
    const inv = await repo.findInvitationByTokenHash(this.db, hashToken(token));
    if (!inv || inv.used_at || new Date(inv.expires_at).getTime() <= Date.now()) return null;
    return inv;
  }

  /**
   * Accepts an invitation: sets the password of a new (or password-less) account, or links an existing one,
   * adds the membership and consumes the link, all in one transaction.
   */
  async acceptInvitation(token: string, password: string): Promise<{ councilSlug: string; userId: string }> {
    const hash = await this.auth.hashNewPassword(password);
    return this.db.transaction(async (tx) => {
      const inv = await repo.findInvitationByTokenHash(tx, hashToken(token));
      if (!inv || !(await repo.consumeInvitation(tx, inv.id))) throw new DomainError('auth.invitation.invalid');
      const userId = await this.auth.ensureAccount(tx, {
        email: inv.email,
        displayName: inv.display_name,
        passwordHash: hash,
        replacePassword: false,
      });
      await repo.upsertMembership(tx, {
        userId,
        councilId: inv.council_id,
        role: inv.role,
        organisationId: inv.organisation_id,
      });
      await this.audit.record(
        {
          councilId: inv.council_id,
          userId,
          action: 'invitation.accepted',
          targetType: 'invitation',
          targetId: inv.id,
        },
        tx,
      );
      return { councilSlug: inv.council_slug, userId };
    });
  }

  async changeRole(actor: Actor, userId: string, role: Role, organisationId: string | null) {
    const councilId = actor.council.id;
    const actorId = actor.userId;
    await this.checkOrganisation(councilId, role, organisationId);
    await this.db.transaction(async (tx) => {
      const member = await repo.findMember(tx, councilId, userId);
      if (!member) throw new DomainError('errors.notFound');
      if (
        member.role === 'administrator' &&
        role !== 'administrator' &&
        (await repo.countAdministrators(tx, councilId)) <= 1
      ) {
        throw new DomainError('admin.users.errors.lastAdministrator', 'role');
      }
      await repo.upsertMembership(tx, { userId, councilId, role, organisationId });
      await this.audit.record(
        {
          councilId,
          userId: actorId,
          action: 'user.role_changed',
          targetType: 'user',
          targetId: userId,
          detail: { from: member.role, to: role },
        },
        tx,
      );
    });
  }

  async removeMember(actor: Actor, userId: string) {
    const councilId = actor.council.id;
    const actorId = actor.userId;
    await this.db.transaction(async (tx) => {
      const member = await repo.findMember(tx, councilId, userId);
      if (!member) throw new DomainError('errors.notFound');
      if (member.role === 'administrator' && (await repo.countAdministrators(tx, councilId)) <= 1) {
        throw new DomainError('admin.users.errors.lastAdministrator');
      }
      await repo.deleteMembership(tx, councilId, userId);
      await this.audit.record(
        { councilId, userId: actorId, action: 'user.removed', targetType: 'user', targetId: userId },
        tx,
      );
    });
  }

  /** Used by the CLI and the demo: creates a user with a password and a membership directly. */
  async createUser(actor: Actor, input: InviteInput & { password: string }) {
    const councilId = actor.council.id;
    await this.checkOrganisation(councilId, input.role, input.organisationId);
    const hash = await this.auth.hashNewPassword(input.password);
    return this.db.transaction(async (tx) => {
      const userId = await this.auth.ensureAccount(tx, {
        email: input.email,
        displayName: input.displayName,
        passwordHash: hash,
        replacePassword: true,
      });
      await repo.upsertMembership(tx, { userId, councilId, role: input.role, organisationId: input.organisationId });
      await this.audit.record(
        {
          councilId,
          userId: actor.userId,
          action: 'user.created',
          targetType: 'user',
          targetId: userId,
          detail: { role: input.role, via: actor.via },
        },
        tx,
      );
      return userId;
    });
  }
}
