/**
 * The lean endpoint POST /report/:council/submit: one complete report per request, JSON or form-encoded, with
 * a client-generated idempotency key (for scripts, kiosks and the intake benchmark). It always answers JSON,
 * errors included: 201 stored, 200 a repeated key (same reference), 400 `{ errors: { field: key } }` for a
 * report that cannot be stored, and `{ error, status }` for everything else (never an HTML page).
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { publicAccess } from '../../../kernel/access.ts';
import { publicActor } from '../../../kernel/actor.ts';
import { DomainError } from '../../../kernel/errors.ts';
import { HttpError } from '../../../server/errors.ts';
import { councilParams, type ZodTypeProvider } from '../../../server/schemas.ts';
import { HONEYPOT_FIELD, idempotencyKey, reportInput } from '../model.ts';
import type { TensionsServices } from '../services/index.ts';
import { bodyValues } from './form-input.ts';

const params = councilParams({});

/** Any failure of this route as JSON: its status and a message-catalogue key. */
function jsonError(err: FastifyError | HttpError | Error, req: FastifyRequest, reply: FastifyReply) {
  if (err instanceof HttpError) return reply.code(err.statusCode).send({ error: err.key, status: err.statusCode });
  const e = err as FastifyError;
  if (e.code === 'FST_ERR_VALIDATION' && e.validationContext === 'params')
    return reply.code(404).send({ error: 'errors.notFound', status: 404 });
  const status = e.statusCode ?? 500;
  if (status === 429) return reply.code(429).send({ error: 'errors.tooManyRequests', status });
  if (status === 413) return reply.code(413).send({ error: 'errors.tooLarge', status });
  if (status >= 400 && status < 500) return reply.code(status).send({ error: 'errors.badRequest', status });
  req.log.error({ err: { type: err.name, message: err.message } }, 'unhandled error in the report endpoint');
  return reply.code(500).send({ error: 'errors.internal', status: 500 });
}

export function submitRoutes({ intake }: Pick<TensionsServices, 'intake'>) {
  return async function routes(base: FastifyInstance) {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const rateLimit = { max: app.config.rateLimitPublicForms, timeWindow: '1 minute' };

    app.post(
      '/submit',
      { config: { access: publicAccess, rateLimit }, schema: { params }, errorHandler: jsonError },
      async (req, reply) => {
        const council = await intake.publicCouncil(req.params.council);
        if (!council) return reply.code(404).send({ error: 'errors.notFound', status: 404 });
        const body = bodyValues(req.body);
        const trap = body[HONEYPOT_FIELD];
        if (typeof trap === 'string' && trap.length > 0) return reply.code(400).send({ error: 'rejected' });
        const key = idempotencyKey.safeParse(body.idempotencyKey);
        if (!key.success) return reply.code(400).send({ errors: { idempotencyKey: 'invalid' } });
        const parsed = reportInput.safeParse(body);
        if (!parsed.success) {
          const errors: Record<string, string> = {};
          for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? 'form')] ??= issue.message;
          return reply.code(400).send({ errors });
        }
        try {
          const result = await intake.submit(publicActor(council), parsed.data, key.data);
          return await reply
            .code(result.duplicate ? 200 : 201)
            .send({ reference: result.reference, duplicate: result.duplicate });
        } catch (err) {
          if (!(err instanceof DomainError)) throw err;
          return reply.code(400).send({ errors: { [err.field ?? 'form']: err.key } });
        }
      },
    );
  };
}
