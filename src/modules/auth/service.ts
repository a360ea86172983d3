import type { Config } from '../../config.ts';
import type { Db, Queryable } from '../../db/index.ts';
import type { EmailSender } from '../../clients/email.ts';
import { DomainError } from '../../kernel/errors.ts';
import { hashToken, hmac, newToken } from '../../lib/tokens.ts';
import { translate, type Language } from '../../i18n/index.ts';
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

/**
 * Every failure is the same `invalid` to the caller, whatever the reason (no such account, wrong password,
 * or this client locked out of the account), so the answer never tells whether an account exists.
 */
export type SignInResult = { ok: true; token: string; userId: string } | { ok: false; reason: 'invalid' };

/** How long a password-reset link works. */
export const RESET_TTL_MS = 60 * 60_000;

export class AuthService {
  constructor(
    private readonly db: Db,
    private readonly config: Config,
    private readonly audit: AuditService,
    private readonly email: EmailSender,
  ) {}

  /** A keyed hash of the client's address: lockouts are per client without storing the address. */
  private clientKey(client: string): string {
    return hmac(this.config.sessionSecret ?? 'no-secret', `client:${client}`).slice(0, 32);
  }

  /**
   * Checks the password and opens a new session (a fresh id on every sign-in). Failed attempts are counted per
   * account and per client: after LOCKOUT_THRESHOLD failures this client may not sign in to this account for
   * LOCKOUT_MINUTES, while the owner, from anywhere else, still can — and can always reset by email. Each path
   * verifies one argon2 hash, so they take about the same time.
   */
  async signIn(email: string, password: string, client = 'unknown'): Promise<SignInResult> {
    const user = await repo.findUserByEmail(this.db, email.trim());
    if (!user || !user.password_hash || user.disabled) {
      await verifyPassword(await dummyHash(), password);
      await this.audit.record({ action: 'sign_in_failed', detail: { reason: 'unknown_account' } });
      return { ok: false, reason: 'invalid' };
    }
    const key = this.clientKey(client);
    const lock = await repo.findClientLock(this.db, user.id, key);
    const correct = await verifyPassword(user.password_hash, password);
    if (lock?.locked_until && lock.locked_until.getTime() > Date.now()) {
      await this.audit.record({ userId: user.id, action: 'sign_in_blocked', detail: { reason: 'client_locked' } });
      return { ok: false, reason: 'invalid' };
    }
    if (!correct) {
      const after = await repo.recordClientFailure(
        this.db,
        user.id,
        key,
        this.config.lockoutThreshold,
        this.config.lockoutMs,
      );
      const locked = !!after?.locked_until && after.locked_until.getTime() > Date.now();
      await this.audit.record({
        userId: user.id,
        action: locked ? 'sign_in_client_locked' : 'sign_in_failed',
        detail: { attempts: after?.failures ?? 0 },
      });
      return { ok: false, reason: 'invalid' };
    }
    const token = newToken();
    await this.db.transaction(async (tx) => {
      await repo.recordSuccessfulSignIn(tx, user.id);
      await repo.clearClientFailures(tx, user.id, key);
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

  /** Changes the password and ends every other session of the user (this one stays signed in). */
  async changePassword(user: CurrentUser, current: string, next: string): Promise<'ok' | 'wrong' | string> {
    const row = await repo.findUserById(this.db, user.id);
    if (!row?.password_hash || !(await verifyPassword(row.password_hash, current))) return 'wrong';
    const problem = passwordProblem(next);
    if (problem) return problem;
    const hash = await hashPassword(next);
    await this.db.transaction(async (tx) => {
      await repo.setPassword(tx, user.id, hash);
      await repo.deleteOtherSessions(tx, user.id, user.sessionId);
      await repo.clearClientFailures(tx, user.id);
      await this.audit.record({ userId: user.id, action: 'password_changed' }, tx);
    });
    return 'ok';
  }

  /**
   * Emails a single-use reset link if the address belongs to an active account, and does nothing otherwise;
   * the caller shows the same page either way. Works for an account whose sign-in is locked.
   */
  async requestPasswordReset(email: string, lang: Language): Promise<void> {
    const user = await repo.findUserByEmail(this.db, email.trim());
    if (!user || user.disabled) {
      await this.audit.record({ action: 'password_reset_requested', detail: { known: false } });
      return;
    }
    const token = newToken();
    const id = await this.db.transaction(async (tx) => {
      const resetId = await repo.insertPasswordReset(tx, user.id, hashToken(token), RESET_TTL_MS);
      await this.audit.record({ userId: user.id, action: 'password_reset_requested', detail: { known: true } }, tx);
      return resetId;
    });
    const link = `${this.config.baseUrl}/password/reset/${token}`;
    await this.email.send({
      to: user.email,
      subject: translate(lang, 'auth.reset.email.subject'),
      body: translate(lang, 'auth.reset.email.body', { name: user.display_name, link, minutes: RESET_TTL_MS / 60_000 }),
      reference: `password-reset:${id}`,
    });
  }

  /** Whether a reset link still works (for showing the form or the "expired" page). */
  async resetIsLive(token: string): Promise<boolean> {
    return !!(await repo.findLiveReset(this.db, hashToken(token)));
  }

  /** Sets the new password from a reset link, ends every session of the user and lifts every lock. */
  async resetPassword(token: string, password: string): Promise<void> {
    const hash = await this.hashNewPassword(password);
    await this.db.transaction(async (tx) => {
      const reset = await repo.findLiveReset(tx, hashToken(token));
      if (!reset || !(await repo.consumeReset(tx, reset.id))) throw new DomainError('auth.reset.invalid');
      await repo.setPassword(tx, reset.user_id, hash);
      await repo.deleteSessionsForUser(tx, reset.user_id);
      await repo.clearClientFailures(tx, reset.user_id);
      await this.audit.record({ userId: reset.user_id, action: 'password_reset' }, tx);
    });
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
    if (a.replacePassword || !existing.password_hash) {
      await repo.setPassword(tx, existing.id, a.passwordHash);
      await repo.deleteSessionsForUser(tx, existing.id);
    }
    return existing.id;
  }

  /** Housekeeping: expired sessions, and failure counts that no longer matter. */
  async purgeExpired(): Promise<number> {
    await repo.deleteStaleFailures(this.db, this.config.lockoutMs * 4);
    return repo.deleteExpiredSessions(this.db);
  }
}
