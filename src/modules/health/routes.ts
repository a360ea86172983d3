import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/index.ts';
import { publicAccess } from '../../kernel/access.ts';

/** Liveness (the process answers) and readiness (the database answers). */
export function healthRoutes(db: Db) {
  return async function routes(app: FastifyInstance) {
    app.get('/health', { config: { access: publicAccess } }, async (_req, reply) => {
      return reply.header('cache-control', 'no-store').send({ status: 'ok' });
    });
    app.get('/ready', { config: { access: publicAccess } }, async (_req, reply) => {
      try {
        await db.ping();
        return reply.header('cache-control', 'no-store').send({ status: 'ready', database: db.kind });
      } catch {
        return reply.code(503).header('cache-control', 'no-store').send({ status: 'unavailable', database: db.kind });
      }
    });
  };
}
