import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DEFAULT_LANGUAGE, isLanguage, translator, type Translate } from '../../i18n/index.ts';
import { publicAccess } from '../../kernel/access.ts';

export const LANG_COOKIE = 'co_lang';

/** Language from the `co_lang` cookie (set by the language switcher), else English. */
export default fp(async function language(app: FastifyInstance) {
  app.decorateRequest('lang', DEFAULT_LANGUAGE);
  app.addHook('onRequest', async (req) => {
    const chosen = req.cookies[LANG_COOKIE];
    req.lang = isLanguage(chosen) ? chosen : DEFAULT_LANGUAGE;
  });
  app.get('/language/:lang', { config: { access: publicAccess } }, async (req, reply) => {
    const { lang } = req.params as { lang: string };
    const back = (req.query as { returnTo?: string }).returnTo;
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

/** Only same-site relative paths: never an open redirect. */
export function safeReturnTo(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.includes('\\'))
    return fallback;
  return value;
}

/** The translator for the request's language; routes use it for messages they build themselves. */
export function tFor(req: FastifyRequest): Translate {
  return translator(isLanguage(req.lang) ? req.lang : DEFAULT_LANGUAGE);
}
