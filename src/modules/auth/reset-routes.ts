import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { publicAccess } from '../../kernel/access.ts';
import { DomainError } from '../../kernel/errors.ts';
import { addError, emptyErrors, parseForm } from '../../server/forms.ts';
import { tFor } from '../../server/plugins/language.ts';
import type { ZodTypeProvider } from '../../server/schemas.ts';
import { isLanguage } from '../../i18n/index.ts';
import type { AuthRouteDeps } from './routes.ts';

const forgotForm = z.object({
  email: z
    .string()
    .trim()
    .min(1, 'auth.signIn.errors.emailRequired')
    .max(320, 'auth.reset.errors.emailInvalid')
    .email('auth.reset.errors.emailInvalid'),
});
const resetForm = z
  .object({
    password: z.string().min(1, 'auth.password.required').max(256, 'auth.password.tooLong'),
    confirmPassword: z.string(),
  })
  .refine((v) => v.password === v.confirmPassword, { message: 'auth.password.mismatch', path: ['confirmPassword'] });
const tokenParams = z.object({ token: z.string() });
const TOKEN = /^[A-Za-z0-9_-]{20,100}$/;

/** "Forgot your password?": a single-use link by email, then a new password that ends every session. */
export function resetRoutes({ auth, config }: AuthRouteDeps) {
  return async function routes(base: FastifyInstance) {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const limited = { max: config.rateLimitSignIn, timeWindow: '1 minute' };

    app.get('/password/forgot', { config: { access: publicAccess } }, async (_req, reply) =>
      reply.render('auth/views/forgot.njk', { values: {}, errors: emptyErrors() }),
    );

    app.post('/password/forgot', { config: { access: publicAccess, rateLimit: limited } }, async (req, reply) => {
      const t = tFor(req);
      const form = parseForm(forgotForm, req.body, t);
      if (!form.ok)
        return reply.code(400).render('auth/views/forgot.njk', { values: form.values, errors: form.errors });
      await auth.requestPasswordReset(form.data.email, isLanguage(req.lang) ? req.lang : 'en');
      // The same page whether or not the address has an account.
      return reply.render('auth/views/forgot-sent.njk', { email: form.data.email });
    });

    const live = async (token: string) => TOKEN.test(token) && (await auth.resetIsLive(token));

    app.get(
      '/password/reset/:token',
      { config: { access: publicAccess }, schema: { params: tokenParams } },
      async (req, reply) => {
        if (!(await live(req.params.token))) return reply.code(404).render('auth/views/reset-invalid.njk');
        return reply.render('auth/views/reset.njk', { token: req.params.token, errors: emptyErrors() });
      },
    );

    app.post(
      '/password/reset/:token',
      { config: { access: publicAccess, rateLimit: limited }, schema: { params: tokenParams } },
      async (req, reply) => {
        const { token } = req.params;
        const t = tFor(req);
        if (!(await live(token))) return reply.code(404).render('auth/views/reset-invalid.njk');
        const form = parseForm(resetForm, req.body, t);
        if (!form.ok) return reply.code(400).render('auth/views/reset.njk', { token, errors: form.errors });
        try {
          await auth.resetPassword(token, form.data.password);
        } catch (err) {
          if (!(err instanceof DomainError)) throw err;
          if (!err.field) return reply.code(404).render('auth/views/reset-invalid.njk');
          return reply.code(400).render('auth/views/reset.njk', {
            token,
            errors: addError(emptyErrors(), err.field, t(err.key)),
          });
        }
        return reply.redirect('/sign-in?reset=1', 303);
      },
    );
  };
}
