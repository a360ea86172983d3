/**
 * Rate-limit counters in the database (table `rate_limits`, migration 0009), so that several app servers
 * count one client's requests together. Fixed windows: the first hit of a key opens a window of `windowMs`;
 * hits inside it add one; the first hit after it opens a new one.
 */
import type { Queryable } from './db.ts';

export interface RateLimitCount {
  /** Hits in the current window, this one included. */
  hits: number;
  /** Milliseconds until the window ends. */
  ttlMs: number;
}

/** Adds one hit to `key` at `now` in one atomic statement (safe under concurrent servers). */
export async function incrementRateLimit(
  q: Queryable,
  key: string,
  windowMs: number,
  now: Date,
): Promise<RateLimitCount> {
  const rows = await q.query<{ hits: number; expires_at: Date }>(
    `insert into rate_limits as r (key, hits, expires_at)
     values ($1, 1, $2::timestamptz + $3::bigint * interval '1 millisecond')
     on conflict (key) do update
       set hits = case when r.expires_at <= $2 then 1 else r.hits + 1 end,
           expires_at = case when r.expires_at <= $2 then excluded.expires_at else r.expires_at end
     returning hits, expires_at`,
    [key, now, Math.max(1, Math.trunc(windowMs))],
  );
  const row = rows[0];
  if (!row) throw new Error('rate limit upsert returned no row');
  return { hits: Number(row.hits), ttlMs: Math.max(0, new Date(row.expires_at).getTime() - now.getTime()) };
}

/** The count of `key` at `now` without adding a hit (zero outside a window). */
export async function readRateLimit(q: Queryable, key: string, now: Date): Promise<RateLimitCount> {
  const rows = await q.query<{ hits: number; expires_at: Date }>(
    'select hits, expires_at from rate_limits where key = $1 and expires_at > $2',
    [key, now],
  );
  const row = rows[0];
  return row
    ? { hits: Number(row.hits), ttlMs: Math.max(0, new Date(row.expires_at).getTime() - now.getTime()) }
    : { hits: 0, ttlMs: 0 };
}

/** Deletes the counters whose window ended before `now`; returns how many. */
export async function purgeExpiredRateLimits(q: Queryable, now: Date): Promise<number> {
  const rows = await q.query<{ n: number }>(
    'with gone as (delete from rate_limits where expires_at <= $1 returning 1) select count(*)::int as n from gone',
    [now],
  );
  return Number(rows[0]?.n ?? 0);
}
