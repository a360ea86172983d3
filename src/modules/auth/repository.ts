import type { Queryable } from '../../db/index.ts';
import { one, oneRow } from '../../db/index.ts';

export interface UserRow {
  id: string;
  email: string;
  display_name: string;
  password_hash: string | null;
  failed_sign_ins: number;
  locked_until: Date | null;
  disabled: boolean;
}

const USER_COLS = 'id, email, display_name, password_hash, failed_sign_ins, locked_until, disabled';

export function findUserByEmail(q: Queryable, email: string) {
  return one<UserRow>(q, `select ${USER_COLS} from users where lower(email) = lower($1)`, [email]);
}

export function findUserById(q: Queryable, id: string) {
  return one<UserRow>(q, `select ${USER_COLS} from users where id = $1`, [id]);
}

export async function createUser(
  q: Queryable,
  u: { email: string; displayName: string; passwordHash: string | null },
): Promise<string> {
  const row = await oneRow<{ id: string }>(
    q,
    'insert into users (email, display_name, password_hash) values ($1, $2, $3) returning id',
    [u.email, u.displayName, u.passwordHash],
  );
  return row.id;
}

export async function setPassword(q: Queryable, userId: string, hash: string): Promise<void> {
  await q.query('update users set password_hash = $2, failed_sign_ins = 0, locked_until = null where id = $1', [
    userId,
    hash,
  ]);
}

export async function recordFailedSignIn(q: Queryable, userId: string, threshold: number, lockMs: number) {
  return one<{ failed_sign_ins: number; locked_until: Date | null }>(
    q,
    `update users
        set failed_sign_ins = failed_sign_ins + 1,
            locked_until = case when failed_sign_ins + 1 >= $2 then now() + ($3::int * interval '1 millisecond') else locked_until end
      where id = $1
      returning failed_sign_ins, locked_until`,
    [userId, threshold, lockMs],
  );
}

export async function recordSuccessfulSignIn(q: Queryable, userId: string): Promise<void> {
  await q.query('update users set failed_sign_ins = 0, locked_until = null, last_sign_in_at = now() where id = $1', [
    userId,
  ]);
}

export async function insertSession(q: Queryable, id: string, userId: string, ttlMs: number): Promise<void> {
  await q.query(
    `insert into sessions (id, user_id, expires_at) values ($1, $2, now() + ($3::int * interval '1 millisecond'))`,
    [id, userId, ttlMs],
  );
}

export interface SessionUserRow {
  session_id: string;
  user_id: string;
  email: string;
  display_name: string;
  last_seen_at: Date;
}

export function findLiveSession(q: Queryable, id: string) {
  return one<SessionUserRow>(
    q,
    `select s.id as session_id, u.id as user_id, u.email, u.display_name, s.last_seen_at
       from sessions s join users u on u.id = s.user_id
      where s.id = $1 and s.expires_at > now() and not u.disabled`,
    [id],
  );
}

export async function touchSession(q: Queryable, id: string, ttlMs: number): Promise<void> {
  await q.query(
    `update sessions set last_seen_at = now(), expires_at = now() + ($2::int * interval '1 millisecond') where id = $1`,
    [id, ttlMs],
  );
}

export async function deleteSession(q: Queryable, id: string): Promise<void> {
  await q.query('delete from sessions where id = $1', [id]);
}

export async function deleteSessionsForUser(q: Queryable, userId: string): Promise<void> {
  await q.query('delete from sessions where user_id = $1', [userId]);
}

export async function deleteExpiredSessions(q: Queryable): Promise<number> {
  const rows = await q.query('delete from sessions where expires_at <= now() returning id');
  return rows.length;
}

export async function deleteOtherSessions(q: Queryable, userId: string, keepSessionId: string): Promise<void> {
  await q.query('delete from sessions where user_id = $1 and id <> $2', [userId, keepSessionId]);
}

/** The lock on this account from this client, if any. */
export function findClientLock(q: Queryable, userId: string, clientKey: string) {
  return one<{ failures: number; locked_until: Date | null }>(
    q,
    'select failures, locked_until from sign_in_failures where user_id = $1 and client_key = $2',
    [userId, clientKey],
  );
}

/** Counts a failure from this client; locks this client out of this account at the threshold. */
export function recordClientFailure(
  q: Queryable,
  userId: string,
  clientKey: string,
  threshold: number,
  lockMs: number,
) {
  return one<{ failures: number; locked_until: Date | null }>(
    q,
    `insert into sign_in_failures (user_id, client_key, failures, locked_until, updated_at)
     values ($1, $2, 1, case when 1 >= $3 then now() + ($4::int * interval '1 millisecond') end, now())
     on conflict (user_id, client_key) do update
       set failures = case when sign_in_failures.locked_until is not null and sign_in_failures.locked_until <= now()
                           then 1 else sign_in_failures.failures + 1 end,
           locked_until = case
             when (case when sign_in_failures.locked_until is not null and sign_in_failures.locked_until <= now()
                        then 1 else sign_in_failures.failures + 1 end) >= $3
             then now() + ($4::int * interval '1 millisecond')
             else null end,
           updated_at = now()
     returning failures, locked_until`,
    [userId, clientKey, threshold, lockMs],
  );
}

export async function clearClientFailures(q: Queryable, userId: string, clientKey?: string): Promise<void> {
  if (clientKey)
    await q.query('delete from sign_in_failures where user_id = $1 and client_key = $2', [userId, clientKey]);
  else await q.query('delete from sign_in_failures where user_id = $1', [userId]);
}

export async function deleteStaleFailures(q: Queryable, olderThanMs: number): Promise<void> {
  await q.query(
    `delete from sign_in_failures where updated_at < now() - ($1::bigint * interval '1 millisecond')
       and (locked_until is null or locked_until < now())`,
    [olderThanMs],
  );
}

export async function insertPasswordReset(
  q: Queryable,
  userId: string,
  tokenHash: string,
  ttlMs: number,
): Promise<string> {
  const row = await one<{ id: string }>(
    q,
    `insert into password_resets (user_id, token_hash, expires_at)
     values ($1, $2, now() + ($3::int * interval '1 millisecond')) returning id`,
    [userId, tokenHash, ttlMs],
  );
  if (!row) throw new Error('password reset was not stored');
  return row.id;
}

/** A live reset (not used, not expired) by its token hash. */
export function findLiveReset(q: Queryable, tokenHash: string) {
  return one<{ id: string; user_id: string; email: string }>(
    q,
    `select r.id, r.user_id, u.email from password_resets r join users u on u.id = r.user_id
      where r.token_hash = $1 and r.used_at is null and r.expires_at > now() and not u.disabled`,
    [tokenHash],
  );
}

/** Marks the reset used; false if another request used it first. */
export async function consumeReset(q: Queryable, id: string): Promise<boolean> {
  const rows = await q.query(
    'update password_resets set used_at = now() where id = $1 and used_at is null returning id',
    [id],
  );
  return rows.length === 1;
}
