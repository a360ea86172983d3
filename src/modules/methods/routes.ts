/** The methods notes as public pages: /methods (the list) and /methods/:topic (one note). */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { publicAccess } from '../../kernel/access.ts';
import type { ZodTypeProvider } from '../../server/schemas.ts';
import { METHOD_TOPICS, type MethodsService } from './service.ts';

/** An unknown topic is a 404, never a file read. */
const topicParams = z.object({ topic: z.enum(METHOD_TOPICS) });

export function methodsRoutes(methods: MethodsService) {
  return async function routes(base: FastifyInstance) {
    const app = base.withTypeProvider<ZodTypeProvider>();
    app.get('/methods', { config: { access: publicAccess } }, async (_req, reply) =>
      reply.render('methods/views/index.njk', { notes: methods.list() }),
    );
    app.get(
      '/methods/:topic',
      { config: { access: publicAccess }, schema: { params: topicParams } },
      async (req, reply) => reply.render('methods/views/method.njk', { note: methods.note(req.params.topic) }),
    );
  };
}
