import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { hmac, newToken, safeEqual } from '../../lib/tokens.ts';
import { HttpError } from '../errors.ts';

export const CSRF_COOKIE = 'co_csrf';
export const CSRF_FIELD = '_csrf';
/** The token as a form field (a request may send it in the `x-csrf-token` header instead). */
const csrfForm = z.object({ [CSRF_FIELD]: z.string() });
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * CSRF protection for every unsafe request. The token is an HMAC of a binding value:
 * the session id for a signed-in user, otherwise a random per-browser cookie (so anonymous public forms
 * are protected without storing anything about the visitor). Forms carry it in `_csrf`; scripts may
 * send it in the `x-csrf-token` header.
 */
export default fp(async function csrf(app: FastifyInstance) {
  const secret = app.config.sessionSecret;
  if (!secret)
    throw new Error('CSRF protection needs a session secret (buildApp sets one when SESSION_SECRET is unset)');
  app.decorateRequest('csrfToken', '');

  app.addHook('onRequest', async (req, reply) => {
    let binding = req.user?.sessionId;
    if (!binding) {
      binding = req.cookies[CSRF_COOKIE];
      if (!binding || !/^[A-Za-z0-9_-]{20,100}$/.test(binding)) {
        binding = newToken(18);
        reply.setCookie(CSRF_COOKIE, binding, {
          path: '/',
          httpOnly: true,
          sameSite: 'lax',
          secure: app.config.secureCookies,
        });
        (req as FastifyRequest & { csrfFresh?: boolean }).csrfFresh = true;
      }
    }
    req.csrfToken = hmac(secret, `csrf:${binding}`);
  });

  // preValidation runs after body parsing (form fields are available) and before route schemas are checked.
  app.addHook('preValidation', async (req) => {
    if (!UNSAFE.has(req.method) || req.routeOptions.config?.csrf === false) return;
    const fromForm = csrfForm.safeParse(req.body);
    const sent = (fromForm.success ? fromForm.data[CSRF_FIELD] : undefined) ?? req.headers['x-csrf-token'];
    if (typeof sent !== 'string' || !safeEqual(sent, req.csrfToken)) {
      throw new HttpError(403, 'errors.csrf');
    }
  });
});
