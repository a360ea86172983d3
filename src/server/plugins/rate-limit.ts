import fp from 'fastify-plugin';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config.ts';

/**
 * Rate limits, declared per route (`config.rateLimit`). Counted in this process: with several app servers
 * each counts on its own (see docs/ARCHITECTURE.md, "Scale-out").
 */
export default fp<{ config: Config }>(async function rateLimits(app: FastifyInstance) {
  await app.register(rateLimit, { global: false });
});
