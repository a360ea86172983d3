/**
 * The `database` rate-limit store: @fastify/rate-limit's store interface over the `rate_limits` table
 * (src/db/rate-limits.ts), so every app server on one database counts a client's requests together.
 */
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Queryable } from '../db/index.ts';
import { incrementRateLimit, purgeExpiredRateLimits, readRateLimit, type RateLimitCount } from '../db/rate-limits.ts';

export interface DatabaseStoreOptions {
  clock?: () => Date;
  /** How often (at most) one server deletes expired counters, on a write. */
  purgeEveryMs?: number;
}

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/** `METHOD/url-` for a route's counters, as the Redis store names them; the client's key follows. */
function routePrefix(options: object): string {
  const info = 'routeInfo' in options ? options.routeInfo : undefined;
  if (info && typeof info === 'object' && 'method' in info && 'url' in info) {
    return `${String(info.method)}${String(info.url)}-`;
  }
  return '';
}

function answer(cb: Callback, work: Promise<RateLimitCount>): void {
  work.then(
    (c) => cb(null, { current: c.hits, ttl: c.ttlMs }),
    (err: unknown) => cb(err instanceof Error ? err : new Error(String(err))),
  );
}

/** A store class for `@fastify/rate-limit`'s `store` option, counting in `db`. */
export function databaseRateLimitStore(db: Queryable, opts: DatabaseStoreOptions = {}): FastifyRateLimitStoreCtor {
  const clock = opts.clock ?? (() => new Date());
  const purgeEveryMs = opts.purgeEveryMs ?? 60_000;
  let nextPurgeAt = 0;

  async function increment(key: string, windowMs: number): Promise<RateLimitCount> {
    const now = clock();
    const count = await incrementRateLimit(db, key, windowMs, now);
    if (now.getTime() >= nextPurgeAt) {
      nextPurgeAt = now.getTime() + purgeEveryMs;
      await purgeExpiredRateLimits(db, now);
    }
    return count;
  }

  class DatabaseRateLimitStore implements FastifyRateLimitStore {
    constructor(
      _options: unknown,
      private readonly prefix = 'rl:',
    ) {}

    incr(key: string, cb: Callback, timeWindow: number): void {
      answer(cb, increment(this.prefix + key, timeWindow));
    }

    read(key: string, cb: Callback): void {
      answer(cb, readRateLimit(db, this.prefix + key, clock()));
    }

    child(routeOptions: object): FastifyRateLimitStore {
      return new DatabaseRateLimitStore(undefined, this.prefix + routePrefix(routeOptions));
    }
  }
  return DatabaseRateLimitStore;
}
