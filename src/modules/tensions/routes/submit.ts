/**
 * The lean endpoint POST /report/:council/submit: one complete report per request, JSON or form-encoded, with
 * a client-generated idempotency key (for scripts, kiosks and the intake benchmark). It always answers JSON,
 * errors included: 201 stored, 200 a repeated key (same reference), 400 `{ errors: { field: key } }` for a
 * report that cannot be stored (catalogue keys by field), and `{ error, status }` as the platform's JSON errors
 * for everything else (never an HTML page).
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { publicAccess } from '../../../kernel/access.ts';
import { publicActor } from '../../../kernel/actor.ts';
import { DomainError } from '../../../kernel/errors.ts';
import { HttpError } from '../../../server/errors.ts';
import { tFor } from '../../../server/plugins/language.ts';
import { councilParams, type ZodTypeProvider } from '../../../server/schemas.ts';
import { HONEYPOT_FIELD, idempotencyKey, reportInput } from '../model.ts';
import type { TensionsServices } from '../services/index.ts';
import { bodyValues } from './form-input.ts';

const params = councilParams({});

/** A failure as the platform's JSON errors have it: the message in the visitor's language, and the status. */
function fail(req: FastifyRequest, reply: FastifyReply, status: number, key: string) {
  return reply.code(status).send({ error: tFor(req)(key), status });
}

/** Any failure of this route as JSON (the platform's error pages are HTML for a client that does not ask). */
function jsonError(err: FastifyError | HttpError | Error, req: FastifyRequest, reply: FastifyReply) {
  if (err instanceof HttpError) return fail(req, reply, err.statusCode, err.key);
  const e = err as FastifyError;
  if (e.code === 'FST_ERR_VALIDATION' && e.validationContext === 'params')
    return fail(req, reply, 404, 'errors.notFound');
  const status = e.statusCode ?? 500;
  if (status === 429) return fail(req, reply, 429, 'errors.tooManyRequests');
  if (status === 413) return fail(req, reply, 413, 'errors.tooLarge');
  if (status >= 400 && status < 500) return fail(req, reply, status, 'errors.badRequest');
  req.log.error({ err: { type: err.name, message: err.message } }, 'unhandled error in the report endpoint');
  return fail(req, reply, 500, 'errors.internal');
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
        if (!council) return fail(req, reply, 404, 'errors.notFound');
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
