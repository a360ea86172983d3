import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DEFAULT_LANGUAGE, isLanguage, translator, type Translate } from '../../i18n/index.ts';
import { z } from 'zod';
import { publicAccess } from '../../kernel/access.ts';
import type { ZodTypeProvider } from '../schemas.ts';

export const LANG_COOKIE = 'co_lang';

/** Language from the `co_lang` cookie (set by the language switcher), else English. */
export default fp(async function language(app: FastifyInstance) {
  app.decorateRequest('lang', DEFAULT_LANGUAGE);
  app.addHook('onRequest', async (req) => {
    const chosen = req.cookies[LANG_COOKIE];
    req.lang = isLanguage(chosen) ? chosen : DEFAULT_LANGUAGE;
  });
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const schema = {
    params: z.object({ lang: z.string() }),
    querystring: z.object({ returnTo: z.unknown().optional() }),
  };
  typed.get('/language/:lang', { config: { access: publicAccess }, schema }, async (req, reply) => {
    const { lang } = req.params;
    const back = req.query.returnTo;
    if (isLanguage(lang)) {
      reply.setCookie(LANG_COOKIE, lang, {
        path: '/',
        sameSite: 'lax',
        httpOnly: true,
        secure: app.config.secureCookies,
        maxAge: 31_536_000,
      });
    }
    return reply.redirect(safeReturnTo(back), 303);
  });
});

/**
 * Only same-origin relative paths: never an open redirect, and never a value that cannot go in a header.
 * Browsers drop tabs and line breaks from URLs and read a backslash as a slash, so the value is normalised the
 * same way before it is judged; what is returned is re-serialised by the URL parser (percent-encoded).
 */
export function safeReturnTo(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || value.length > 2000) return fallback;
  const v = value.replace(/[\u0000-\u001F\u007F]/g, '').replace(/\\/g, '/');
  if (!v.startsWith('/') || v.startsWith('//')) return fallback;
  try {
    const base = 'http://same-origin.invalid';
    const url = new URL(v, base);
    if (url.origin !== base) return fallback;
    return url.pathname + url.search + url.hash;
  } catch {
    return fallback;
  }
}

/** The translator for the request's language; routes use it for messages they build themselves. */
export function tFor(req: FastifyRequest): Translate {
  return translator(isLanguage(req.lang) ? req.lang : DEFAULT_LANGUAGE);
}
