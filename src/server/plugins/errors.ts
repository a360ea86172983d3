import fp from 'fastify-plugin';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from '../errors.ts';
import { translate, isLanguage } from '../../i18n/index.ts';

function wantsJson(req: FastifyRequest): boolean {
  return (
    req.url.startsWith('/api/') ||
    ((req.headers.accept ?? '').includes('application/json') && !(req.headers.accept ?? '').includes('text/html'))
  );
}

function send(
  req: FastifyRequest,
  reply: FastifyReply,
  status: number,
  key: string,
  params: Record<string, string | number> = {},
) {
  reply.code(status);
  if (wantsJson(req))
    return reply.send({ error: translate(isLanguage(req.lang) ? req.lang : 'en', key, params), status });
  return reply.render('errors/error.njk', { status, messageKey: key, messageParams: params });
}

/** Friendly error pages; nothing internal (stack traces, SQL) ever reaches the user. */
export default fp(async function errors(app: FastifyInstance) {
  app.setNotFoundHandler((req, reply) => send(req, reply, 404, 'errors.notFound'));
  app.setErrorHandler((err: FastifyError | HttpError, req, reply) => {
    if (err instanceof HttpError) return send(req, reply, err.statusCode, err.key);
    // A route's params schema rejected the URL: nothing with that address can exist.
    const e = err as FastifyError;
    if (e.code === 'FST_ERR_VALIDATION' && e.validationContext === 'params') {
      return send(req, reply, 404, 'errors.notFound');
    }
    const status = (err as FastifyError).statusCode ?? 500;
    if (status === 429) return send(req, reply, 429, 'errors.tooManyRequests');
    if (status === 413) return send(req, reply, 413, 'errors.tooLarge', { limit: app.config.uploadLimitMb });
    if (status >= 400 && status < 500) return send(req, reply, status, 'errors.badRequest');
    req.log.error({ err: { type: err.name, message: err.message, stack: err.stack } }, 'unhandled error');
    return send(req, reply, 500, 'errors.internal');
  });
});
