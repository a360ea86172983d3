import nunjucks from 'nunjucks';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { isLanguage, translator, DEFAULT_LANGUAGE } from '../../i18n/index.ts';
import { permissionsFor } from '../../kernel/access.ts';
import type { NavEntry } from '../../kernel/module.ts';

const require = createRequire(import.meta.url);
const govukDir = dirname(require.resolve('govuk-frontend/package.json'));
const srcDir = fileURLToPath(new URL('../../', import.meta.url));

/** One Nunjucks environment: our layouts, module views (`<module>/views/x.njk`) and GOV.UK Frontend macros. */
export function createViewEnv(): nunjucks.Environment {
  const env = new nunjucks.Environment(
    new nunjucks.FileSystemLoader([join(srcDir, 'views'), join(srcDir, 'modules'), join(govukDir, 'dist')], {
      noCache: process.env.NODE_ENV === 'development' && process.env.VIEW_NOCACHE === 'true',
    }),
    { autoescape: true, throwOnUndefined: false },
  );
  env.addFilter('date', (value: unknown, style: 'date' | 'datetime' = 'datetime') => {
    if (!value) return '';
    const d = value instanceof Date ? value : new Date(String(value));
    if (Number.isNaN(d.getTime())) return '';
    return d.toLocaleString(
      'en-GB',
      style === 'date'
        ? { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' }
        : {
            day: 'numeric',
            month: 'short',
            year: 'numeric',
            hour: '2-digit',
            minute: '2-digit',
            timeZone: 'Europe/London',
          },
    );
  });
  env.addFilter('number', (value: unknown, digits = 0) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) return '';
    return value.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  });
  env.addFilter('json', (value: unknown) => JSON.stringify(value));
  /** Audit details as "key: value; key: value" (they hold ids, counts and codes only). */
  env.addFilter('auditDetail', (value: unknown) => {
    if (!value || typeof value !== 'object') return '–';
    const parts = Object.entries(value as Record<string, unknown>).map(
      ([k, v]) => `${k.replace(/_/g, ' ')}: ${String(v)}`,
    );
    return parts.length ? parts.join('; ') : '–';
  });
  return env;
}

/**
 * `reply.render(template, ctx)`: renders with the request's locals (user, council, language, CSRF token,
 * CSP nonce, navigation) so templates never reach into the request.
 */
export default fp<{ nav: readonly NavEntry[] }>(async function views(app: FastifyInstance, opts) {
  const env = createViewEnv();
  app.decorateReply(
    'render',
    function render(this: FastifyReply, template: string, context: Record<string, unknown> = {}) {
      const req = this.request;
      const lang = isLanguage(req.lang) ? req.lang : DEFAULT_LANGUAGE;
      const t = translator(lang);
      const actor = req.actor;
      const locals = {
        t,
        lang,
        currentPath: req.url.split('?')[0],
        currentUrl: req.url,
        user: req.user,
        actor,
        council: actor?.council ?? null,
        can: actor?.role ? new Set(permissionsFor(actor.role)) : new Set<string>(),
        csrfToken: req.csrfToken,
        cspNonce: req.cspNonce,
        moduleNav: opts.nav,
        uploadLimitMb: app.config.uploadLimitMb,
        feedbackUrl: app.config.feedbackUrl,
        ...context,
      };
      const html = env.render(template, locals);
      return this.type('text/html; charset=utf-8').send(html);
    },
  );
});
