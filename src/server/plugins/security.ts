import fp from 'fastify-plugin';
import helmet from '@fastify/helmet';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';

/**
 * Strict security headers. Scripts run only from our origin or with this response's nonce;
 * no inline styles except SVG presentation handled by attributes; no framing; forms post only to us.
 */
export default fp(async function security(app: FastifyInstance) {
  app.decorateRequest('cspNonce', '');
  app.addHook('onRequest', async (req) => {
    req.cspNonce = randomBytes(16).toString('base64');
    // helmet computes directives from the raw Node request, so the nonce rides along on it too.
    (req.raw as typeof req.raw & { cspNonce?: string }).cspNonce = req.cspNonce;
  });
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'", (req) => `'nonce-${(req as unknown as { cspNonce: string }).cspNonce}'`],
        'style-src': ["'self'"],
        'img-src': ["'self'", 'data:'],
        'font-src': ["'self'"],
        'connect-src': ["'self'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
        'base-uri': ["'self'"],
        'object-src': ["'none'"],
      },
    },
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
    referrerPolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
  });
  app.addHook('onSend', async (req, reply) => {
    reply.header('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), interest-cohort=()');
    if (req.user || (reply.getHeader('content-type') ?? '').toString().startsWith('text/html')) {
      // Pages may hold personal data: never cache them in shared or browser caches.
      if (!reply.getHeader('cache-control')) reply.header('Cache-Control', 'no-store');
    }
  });
});
