import type { Config } from '../../config.ts';
import type { Db } from '../../db/index.ts';
import type { EmailSender } from '../../clients/email.ts';
import { hashToken, newToken } from '../../lib/tokens.ts';
import type { Role } from '../../server/access.ts';
import type { AuditService } from '../audit/service.ts';
import * as authRepo from '../auth/repository.ts';
import { hashPassword, passwordProblem } from '../auth/passwords.ts';
import * as repo from './repository.ts';
import type { OrganisationKind } from './repository.ts';

import { DomainError } from '../../lib/domain-error.ts';

export { DomainError };

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
    private readonly email: EmailSender,
  ) {}

  organisations(tenantId: string) {
    return repo.listOrganisations(this.db, tenantId);
  }

  organisation(tenantId: string, id: string) {
    return repo.findOrganisation(this.db, tenantId, id);
  }

  async addOrganisation(
    tenantId: string,
    actorId: string | null,
    name: string,
    kind: OrganisationKind,
  ): Promise<string> {
    return this.db.transaction(async (tx) => {
      const id = await repo.insertOrganisation(tx, tenantId, name, kind);
      if (!id) throw new DomainError('admin.organisations.errors.duplicate', 'name');
      await this.audit.record(
        { tenantId, userId: actorId, action: 'organisation.created', targetType: 'organisation', targetId: id },
        tx,
      );
      return id;
    });
  }

  async updateOrganisation(tenantId: string, actorId: string, id: string, name: string, kind: OrganisationKind) {
    return this.db.transaction(async (tx) => {
      let ok: boolean;
      try {
        ok = await repo.updateOrganisation(tx, tenantId, id, name, kind);
      } catch (err) {
        if ((err as { code?: string }).code === '23505')
          throw new DomainError('admin.organisations.errors.duplicate', 'name');
        throw err;
      }
      if (ok)
        await this.audit.record(
          { tenantId, userId: actorId, action: 'organisation.updated', targetType: 'organisation', targetId: id },
          tx,
        );
      return ok;
    });
  }

  members(tenantId: string, page: number, pageSize: number) {
    return repo.listMembers(this.db, tenantId, pageSize, (page - 1) * pageSize);
  }

  member(tenantId: string, userId: string) {
    return repo.findMember(this.db, tenantId, userId);
  }

  pendingInvitations(tenantId: string) {
    return repo.listPendingInvitations(this.db, tenantId);
  }

  private async checkOrganisation(tenantId: string, role: Role, organisationId: string | null) {
    if (role === 'partner' && !organisationId)
      throw new DomainError('admin.users.errors.partnerNeedsOrganisation', 'organisationId');
    if (organisationId && !(await repo.findOrganisation(this.db, tenantId, organisationId))) {
      throw new DomainError('admin.users.errors.unknownOrganisation', 'organisationId');
    }
  }

  /**
   * Creates a single-use invitation and emails its link. Returns the link too, for the CLI and the demo.
   * Only the token's hash is stored.
   */
  async invite(
    tenantId: string,
    actorId: string | null,
    input: InviteInput,
    subject: string,
    bodyFor: (link: string) => string,
  ) {
    await this.checkOrganisation(tenantId, input.role, input.organisationId);
    const token = newToken();
    const link = `${this.config.baseUrl}/invitations/${token}`;
    const id = await this.db.transaction(async (tx) => {
      const inviteId = await repo.insertInvitation(tx, {
        tenantId,
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
          tenantId,
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
  async acceptInvitation(token: string, password: string): Promise<{ tenantSlug: string; userId: string }> {
    const problem = passwordProblem(password);
    if (problem) throw new DomainError(problem, 'password');
    const hash = await hashPassword(password);
    return this.db.transaction(async (tx) => {
      const inv = await repo.findInvitationByTokenHash(tx, hashToken(token));
      if (!inv || !(await repo.consumeInvitation(tx, inv.id))) throw new DomainError('auth.invitation.invalid');
      const existing = await authRepo.findUserByEmail(tx, inv.email);
      let userId: string;
      if (existing) {
        userId = existing.id;
        if (!existing.password_hash) await authRepo.setPassword(tx, userId, hash);
      } else {
        userId = await authRepo.createUser(tx, { email: inv.email, displayName: inv.display_name, passwordHash: hash });
      }
      await repo.upsertMembership(tx, {
        userId,
        tenantId: inv.tenant_id,
        role: inv.role,
        organisationId: inv.organisation_id,
      });
      await this.audit.record(
        { tenantId: inv.tenant_id, userId, action: 'invitation.accepted', targetType: 'invitation', targetId: inv.id },
        tx,
      );
      return { tenantSlug: inv.tenant_slug, userId };
    });
  }

  async changeRole(tenantId: string, actorId: string, userId: string, role: Role, organisationId: string | null) {
    await this.checkOrganisation(tenantId, role, organisationId);
    await this.db.transaction(async (tx) => {
      const member = await repo.findMember(tx, tenantId, userId);
      if (!member) throw new DomainError('errors.notFound');
      if (
        member.role === 'administrator' &&
        role !== 'administrator' &&
        (await repo.countAdministrators(tx, tenantId)) <= 1
      ) {
        throw new DomainError('admin.users.errors.lastAdministrator', 'role');
      }
      await repo.upsertMembership(tx, { userId, tenantId, role, organisationId });
      await this.audit.record(
        {
          tenantId,
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

  async removeMember(tenantId: string, actorId: string, userId: string) {
    await this.db.transaction(async (tx) => {
      const member = await repo.findMember(tx, tenantId, userId);
      if (!member) throw new DomainError('errors.notFound');
      if (member.role === 'administrator' && (await repo.countAdministrators(tx, tenantId)) <= 1) {
        throw new DomainError('admin.users.errors.lastAdministrator');
      }
      await repo.deleteMembership(tx, tenantId, userId);
      await this.audit.record(
        { tenantId, userId: actorId, action: 'user.removed', targetType: 'user', targetId: userId },
        tx,
      );
    });
  }

  /** Used by the CLI and the demo: creates a user with a password and a membership directly. */
  async createUser(tenantId: string, input: InviteInput & { password: string }, via: 'cli' | 'demo' | 'test' = 'cli') {
    const problem = passwordProblem(input.password);
    if (problem) throw new DomainError(problem, 'password');
    await this.checkOrganisation(tenantId, input.role, input.organisationId);
    const hash = await hashPassword(input.password);
    return this.db.transaction(async (tx) => {
      const existing = await authRepo.findUserByEmail(tx, input.email);
      const userId =
        existing?.id ??
        (await authRepo.createUser(tx, { email: input.email, displayName: input.displayName, passwordHash: hash }));
      if (existing) await authRepo.setPassword(tx, userId, hash);
      await repo.upsertMembership(tx, { userId, tenantId, role: input.role, organisationId: input.organisationId });
      await this.audit.record(
        { tenantId, action: 'user.created', targetType: 'user', targetId: userId, detail: { role: input.role, via } },
        tx,
      );
      return userId;
    });
  }
}
