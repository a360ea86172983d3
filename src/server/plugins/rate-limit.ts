import fp from 'fastify-plugin';
import rateLimit, { type RateLimitPluginOptions } from '@fastify/rate-limit';
import { Redis } from 'ioredis';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/index.ts';
import { databaseRateLimitStore } from '../rate-limit-store.ts';

export interface RateLimitOptions {
  config: Config;
  /** The service's database; needed when RATE_LIMIT_STORE is `database`. */
  db: Db | null;
}

/**
 * Rate limits, declared per route (`config.rateLimit`). Where the counters live is RATE_LIMIT_STORE:
 * `memory` counts in this process (one app server); `database` and a Redis URL are shared by every app server
 * (see docs/ARCHITECTURE.md, "Scale-out"). If a shared store cannot be reached, limited routes fail (closed).
 */
export default fp<RateLimitOptions>(async function rateLimits(app: FastifyInstance, opts) {
  const store = opts.config.rateLimitStore;
  const options: RateLimitPluginOptions = { global: false };
  if (store.kind === 'database') {
    if (!opts.db) throw new Error('RATE_LIMIT_STORE=database needs the database (registerPlatform was given none)');
    options.store = databaseRateLimitStore(opts.db);
  } else if (store.kind === 'redis') {
    const redis = new Redis(store.url, { connectTimeout: 2_000, commandTimeout: 2_000, maxRetriesPerRequest: 1 });
    // Connection trouble is logged; requests meanwhile fail (closed) and ioredis reconnects.
    redis.on('error', (err: Error) =>
      app.log.warn({ err: { type: err.name, message: err.message } }, 'rate-limit store (Redis) unavailable'),
    );
    app.addHook('onClose', async () => {
      await redis.quit().catch(() => redis.disconnect());
    });
    options.redis = redis;
    options.nameSpace = 'cohesion-rate-limit-';
  }
  await app.register(rateLimit, options);
});
