import type { FastifyInstance } from 'fastify';
import { publicAccess } from '../../kernel/access.ts';

/** Liveness (the process answers) and readiness (the database answers). */
export default async function healthRoutes(app: FastifyInstance) {
  app.get('/health', { config: { access: publicAccess } }, async (_req, reply) => {
    return reply.header('cache-control', 'no-store').send({ status: 'ok' });
  });
  app.get('/ready', { config: { access: publicAccess } }, async (_req, reply) => {
    try {
      await app.db.ping();
      return reply.header('cache-control', 'no-store').send({ status: 'ready', database: app.db.kind });
    } catch {
      return reply.code(503).header('cache-control', 'no-store').send({ status: 'unavailable', database: app.db.kind });
    }
  });
}
