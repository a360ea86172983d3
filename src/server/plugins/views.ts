import nunjucks from 'nunjucks';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyReply } from 'fastify';
import {
  councilLanguage,
  isLanguage,
  translator,
  DEFAULT_LANGUAGE,
  storedText,
  type Language,
} from '../../i18n/index.ts';
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
  /** Dates in the page's language (month names in Welsh on a Welsh page). */
  env.addFilter(
    'date',
    function (this: { ctx?: { lang?: unknown } }, value: unknown, style: 'date' | 'datetime' = 'datetime') {
      if (!value) return '';
      const d = value instanceof Date ? value : new Date(String(value));
      if (Number.isNaN(d.getTime())) return '';
      return d.toLocaleString(
        this?.ctx?.lang === 'cy' ? 'cy-GB' : 'en-GB',
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
    },
  );
  env.addFilter('number', (value: unknown, digits = 0) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) return '';
    return value.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  });
  env.addFilter('json', (value: unknown) => JSON.stringify(value));
  /**
   * Text that was stored rather than catalogued (names, descriptions and free text entered by staff or imported),
   * in the page's language when it is a catalogue text we translate, otherwise as written, in a span that
   * carries the language it was written in (WCAG 3.1.2) when that differs from the page's.
   */
  env.addFilter('stored', function (this: { ctx?: { lang?: unknown; contentLang?: unknown } }, value: unknown) {
    if (value === null || value === undefined || value === '') return '';
    const page: Language = isLanguage(this?.ctx?.lang) ? this.ctx.lang : DEFAULT_LANGUAGE;
    const written: Language = isLanguage(this?.ctx?.contentLang) ? this.ctx.contentLang : DEFAULT_LANGUAGE;
    const { text, lang } = storedText(String(value), page, written);
    const escaped = text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
    return new nunjucks.runtime.SafeString(lang ? `<span lang="${lang}">${escaped}</span>` : escaped);
  });
  /**
   * For stored text in an element that can hold no markup (a select's option, a page title): `storedPlain` is the
   * text as the `stored` filter would show it (translated when it is catalogue text), and `storedLang` the language
   * to put in that element's own lang attribute, or '' when it is the page's (so `attributes: { lang: x |
   * storedLang }` only when it is not empty).
   */
  const storedOf = (ctx: { lang?: unknown; contentLang?: unknown } | undefined, value: unknown) => {
    const page: Language = isLanguage(ctx?.lang) ? ctx.lang : DEFAULT_LANGUAGE;
    const written: Language = isLanguage(ctx?.contentLang) ? ctx.contentLang : DEFAULT_LANGUAGE;
    return storedText(String(value ?? ''), page, written);
  };
  env.addFilter('storedPlain', function (this: { ctx?: { lang?: unknown; contentLang?: unknown } }, value: unknown) {
    return value === null || value === undefined ? '' : storedOf(this?.ctx, value).text;
  });
  env.addFilter('storedLang', function (this: { ctx?: { lang?: unknown; contentLang?: unknown } }, value: unknown) {
    if (value === null || value === undefined || value === '') return '';
    return storedOf(this?.ctx, value).lang ?? '';
  });
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
      const council = (context.council as { settings?: Record<string, unknown> } | undefined) ?? actor?.council;
      // The visually hidden "Error:" before each field's error message, in the page's language.
      const errors = context.errors as { fields?: Record<string, object> } | undefined;
      if (errors?.fields)
        for (const [k, v] of Object.entries(errors.fields))
          errors.fields[k] = { visuallyHiddenText: t('common.errorHidden'), ...v };
      const locals = {
        t,
        lang,
        currentPath: req.url.split('?')[0],
        currentUrl: req.url,
        user: req.user,
        actor,
        council: actor?.council ?? null,
        /** The language staff of this council write in (council setting contentLanguage; English unless set). */
        contentLang: councilLanguage(council),
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
