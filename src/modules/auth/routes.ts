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
import type { AuditService } from '../audit/index.ts';
import type { AuthService } from './service.ts';
import { resetRoutes } from './reset-routes.ts';

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

const signInQuery = z.object({ returnTo: z.string().optional(), reset: z.string().optional() });
const accountQuery = z.object({ changed: z.string().optional() });

export interface AuthRouteDeps {
  auth: AuthService;
  councils: CouncilsService;
  audit: AuditService;
  config: Config;
}

/** Sign in and out, the signed-in user's account page, and password reset by email. */
export function authRoutes(deps: AuthRouteDeps) {
  const { auth, councils, audit, config } = deps;
  return async function routes(base: FastifyInstance) {
    await base.register(resetRoutes(deps));
    const app = base.withTypeProvider<ZodTypeProvider>();
    app.get(
      '/sign-in',
      { config: { access: publicAccess }, schema: { querystring: signInQuery } },
      async (req, reply) => {
        const returnTo = safeReturnTo(req.query.returnTo, '/');
        if (req.user) return reply.redirect(returnTo, 303);
        return reply.render('auth/views/sign-in.njk', {
          values: { returnTo },
          errors: emptyErrors(),
          resetDone: req.query.reset === '1',
        });
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
        const result = await auth.signIn(form.data.email, form.data.password, req.ip);
        if (!result.ok) {
          // One answer for an unknown account, a wrong password and a locked-out client.
          const errors = addError(emptyErrors(), 'email', t('auth.signIn.errors.invalid'));
          return reply.code(401).render('auth/views/sign-in.njk', {
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

    /** What the account page shows besides the form: the user's councils and recent account activity. */
    const accountPage = async (userId: string) => {
      const [memberships, events] = await Promise.all([councils.memberships(userId), audit.accountEvents(userId)]);
      return { memberships, events };
    };

    app.get('/account', { config: { access: signedIn }, schema: { querystring: accountQuery } }, async (req, reply) => {
      return reply.render('auth/views/account.njk', {
        ...(await accountPage(userOf(req).id)),
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
        const page = await accountPage(userOf(req).id);
        const form = parseForm(changePasswordForm, req.body, t);
        if (!form.ok)
          return reply.code(400).render('auth/views/account.njk', { ...page, values: {}, errors: form.errors });
        const outcome = await auth.changePassword(userOf(req), form.data.currentPassword, form.data.password);
        if (outcome !== 'ok') {
          const errors =
            outcome === 'wrong'
              ? addError(emptyErrors(), 'currentPassword', t('auth.password.wrongCurrent'))
              : addError(emptyErrors(), 'password', t(outcome));
          return reply.code(400).render('auth/views/account.njk', { ...page, values: {}, errors });
        }
        return reply.redirect('/account?changed=1', 303);
      },
    );
  };
}
