import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Config } from '../../config.ts';
import { publicAccess, signedIn } from '../../kernel/access.ts';
import { addError, emptyErrors, parseForm } from '../../server/forms.ts';
import { clearSessionCookie, setSessionCookie } from '../../server/plugins/session.ts';
import { safeReturnTo, tFor } from '../../server/plugins/language.ts';
import { userOf } from '../../server/request.ts';
import type { ZodTypeProvider } from '../../server/schemas.ts';
import type { CouncilsService } from '../councils/index.ts';
import type { AuthService } from './service.ts';

const signInForm = z.object({
  email: z.string().trim().min(1, 'auth.signIn.errors.emailRequired').max(320, 'auth.signIn.errors.emailRequired'),
  password: z.string().min(1, 'auth.signIn.errors.passwordRequired').max(256, 'auth.signIn.errors.passwordRequired'),
  returnTo: z.string().optional(),
});

const changePasswordForm = z
  .object({
    currentPassword: z.string().min(1, 'auth.password.currentRequired'),
    password: z.string().min(1, 'auth.password.required').max(256, 'auth.password.tooLong'),
    confirmPassword: z.string(),
  })
  .refine((v) => v.password === v.confirmPassword, { message: 'auth.password.mismatch', path: ['confirmPassword'] });

const signInQuery = z.object({ returnTo: z.string().optional() });
const accountQuery = z.object({ changed: z.string().optional() });

export interface AuthRouteDeps {
  auth: AuthService;
  councils: CouncilsService;
  config: Config;
}

/** Sign in and out, and the signed-in user's account page. */
export function authRoutes({ auth, councils, config }: AuthRouteDeps) {
  return async function routes(base: FastifyInstance) {
    const app = base.withTypeProvider<ZodTypeProvider>();
    app.get(
      '/sign-in',
      { config: { access: publicAccess }, schema: { querystring: signInQuery } },
      async (req, reply) => {
        const returnTo = safeReturnTo(req.query.returnTo, '/');
        if (req.user) return reply.redirect(returnTo, 303);
        return reply.render('auth/views/sign-in.njk', { values: { returnTo }, errors: emptyErrors() });
      },
    );

    app.post(
      '/sign-in',
      { config: { access: publicAccess, rateLimit: { max: config.rateLimitSignIn, timeWindow: '1 minute' } } },
      async (req, reply) => {
        const t = tFor(req);
        const form = parseForm(signInForm, req.body, t);
        if (!form.ok)
          return reply.code(400).render('auth/views/sign-in.njk', { values: form.values, errors: form.errors });
        const result = await auth.signIn(form.data.email, form.data.password);
        if (!result.ok) {
          const errors = addError(
            emptyErrors(),
            'email',
            t(result.reason === 'locked' ? 'auth.signIn.errors.locked' : 'auth.signIn.errors.invalid'),
          );
          return reply.code(result.reason === 'locked' ? 423 : 401).render('auth/views/sign-in.njk', {
            values: { email: form.data.email, returnTo: form.data.returnTo },
            errors,
          });
        }
        setSessionCookie(app, reply, result.token);
        return reply.redirect(safeReturnTo(form.data.returnTo, '/'), 303);
      },
    );

    app.post('/sign-out', { config: { access: signedIn } }, async (req, reply) => {
      await auth.signOut(userOf(req));
      clearSessionCookie(app, reply);
      return reply.redirect('/sign-in?signedOut=1', 303);
    });

    app.get('/account', { config: { access: signedIn }, schema: { querystring: accountQuery } }, async (req, reply) => {
      const memberships = await councils.memberships(userOf(req).id);
      return reply.render('auth/views/account.njk', {
        memberships,
        errors: emptyErrors(),
        values: {},
        changed: req.query.changed === '1',
      });
    });

    app.post(
      '/account/password',
      { config: { access: signedIn, rateLimit: { max: config.rateLimitSignIn, timeWindow: '1 minute' } } },
      async (req, reply) => {
        const t = tFor(req);
        const memberships = await councils.memberships(userOf(req).id);
        const form = parseForm(changePasswordForm, req.body, t);
        if (!form.ok)
          return reply.code(400).render('auth/views/account.njk', { memberships, values: {}, errors: form.errors });
        const outcome = await auth.changePassword(userOf(req).id, form.data.currentPassword, form.data.password);
        if (outcome !== 'ok') {
          const errors =
            outcome === 'wrong'
              ? addError(emptyErrors(), 'currentPassword', t('auth.password.wrongCurrent'))
              : addError(emptyErrors(), 'password', t(outcome));
          return reply.code(400).render('auth/views/account.njk', { memberships, values: {}, errors });
        }
        return reply.redirect('/account?changed=1', 303);
      },
    );
  };
}
