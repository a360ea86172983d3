import type { Config } from '../../config.ts';
import type { Db, Queryable } from '../../db/index.ts';
import { DomainError } from '../../kernel/errors.ts';
import { hashToken, newToken } from '../../lib/tokens.ts';
import type { AuditService } from '../audit/index.ts';
import * as repo from './repository.ts';
import { dummyHash, hashPassword, passwordProblem, verifyPassword } from './passwords.ts';

/** The signed-in user of a request. */
export interface CurrentUser {
  id: string;
  email: string;
  displayName: string;
  sessionId: string;
}

export type SignInResult = { ok: true; token: string; userId: string } | { ok: false; reason: 'invalid' | 'locked' };

export class AuthService {
  constructor(
    private readonly db: Db,
    private readonly config: Config,
    private readonly audit: AuditService,
  ) {}

  /** Checks the password, applies lockout, and opens a new session (a fresh id on every sign-in). */
  async signIn(email: string, password: string): Promise<SignInResult> {
    const user = await repo.findUserByEmail(this.db, email.trim());
    if (!user || !user.password_hash || user.disabled) {
      await verifyPassword(await dummyHash(), password);
      await this.audit.record({ action: 'sign_in_failed', detail: { reason: 'unknown_account' } });
      return { ok: false, reason: 'invalid' };
    }
    if (user.locked_until && user.locked_until.getTime() > Date.now()) {
      await this.audit.record({ userId: user.id, action: 'sign_in_blocked', detail: { reason: 'locked' } });
      return { ok: false, reason: 'locked' };
    }
    if (!(await verifyPassword(user.password_hash, password))) {
      const after = await repo.recordFailedSignIn(
        this.db,
        user.id,
        this.config.lockoutThreshold,
        this.config.lockoutMs,
      );
      const locked = !!after?.locked_until && after.locked_until.getTime() > Date.now();
      await this.audit.record({
        userId: user.id,
        action: locked ? 'account_locked' : 'sign_in_failed',
        detail: { attempts: after?.failed_sign_ins ?? 0 },
      });
      return { ok: false, reason: locked ? 'locked' : 'invalid' };
    }
    const token = newToken();
    await this.db.transaction(async (tx) => {
      await repo.recordSuccessfulSignIn(tx, user.id);
      await repo.insertSession(tx, hashToken(token), user.id, this.config.sessionTtlMs);
      await this.audit.record({ userId: user.id, action: 'sign_in' }, tx);
    });
    return { ok: true, token, userId: user.id };
  }

  /** Resolves a session cookie to the signed-in user; slides the expiry at most once a minute. */
  async userForToken(token: string): Promise<CurrentUser | null> {
    const id = hashToken(token);
    const row = await repo.findLiveSession(this.db, id);
    if (!row) return null;
    if (Date.now() - new Date(row.last_seen_at).getTime() > 60_000) {
      await repo.touchSession(this.db, id, this.config.sessionTtlMs);
    }
    return { id: row.user_id, email: row.email, displayName: row.display_name, sessionId: id };
  }

  async signOut(user: CurrentUser): Promise<void> {
    await repo.deleteSession(this.db, user.sessionId);
    await this.audit.record({ userId: user.id, action: 'sign_out' });
  }

  async changePassword(userId: string, current: string, next: string): Promise<'ok' | 'wrong' | string> {
    const user = await repo.findUserById(this.db, userId);
    if (!user?.password_hash || !(await verifyPassword(user.password_hash, current))) return 'wrong';
    const problem = passwordProblem(next);
    if (problem) return problem;
    const hash = await hashPassword(next);
    await this.db.transaction(async (tx) => {
      await repo.setPassword(tx, userId, hash);
      await this.audit.record({ userId, action: 'password_changed' }, tx);
    });
    return 'ok';
  }

  /** Checks a new password against the rules and hashes it; a broken rule is a DomainError on `password`. */
  async hashNewPassword(password: string): Promise<string> {
    const problem = passwordProblem(password);
    if (problem) throw new DomainError(problem, 'password');
    return hashPassword(password);
  }

  /**
   * The account for this email inside the caller's transaction: created if missing; an existing account gets
   * the password when it has none (an invited account) or when `replacePassword` is set (the CLI and demo).
   */
  async ensureAccount(
    tx: Queryable,
    a: { email: string; displayName: string; passwordHash: string; replacePassword: boolean },
  ): Promise<string> {
    const existing = await repo.findUserByEmail(tx, a.email);
    if (!existing) {
      return repo.createUser(tx, { email: a.email, displayName: a.displayName, passwordHash: a.passwordHash });
    }
    if (a.replacePassword || !existing.password_hash) await repo.setPassword(tx, existing.id, a.passwordHash);
    return existing.id;
  }

  purgeExpiredSessions(): Promise<number> {
    return repo.deleteExpiredSessions(this.db);
  }
}
