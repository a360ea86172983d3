import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { publicAccess, signedIn } from '../../kernel/access.ts';
import { addError, emptyErrors, parseForm } from '../../server/forms.ts';
import { clearSessionCookie, setSessionCookie } from '../../server/plugins/session.ts';
import { safeReturnTo, tFor } from '../../server/plugins/language.ts';
import { DomainError } from '../admin/service.ts';

const signInForm = z.object({
  email: z.string().trim().min(1, 'auth.signIn.errors.emailRequired').max(320, 'auth.signIn.errors.emailRequired'),
  password: z.string().min(1, 'auth.signIn.errors.passwordRequired').max(256, 'auth.signIn.errors.passwordRequired'),
  returnTo: z.string().optional(),
});

const acceptForm = z
  .object({
    password: z.string().min(1, 'auth.password.required').max(256, 'auth.password.tooLong'),
    confirmPassword: z.string(),
  })
  .refine((v) => v.password === v.confirmPassword, { message: 'auth.password.mismatch', path: ['confirmPassword'] });

const changePasswordForm = z
  .object({
    currentPassword: z.string().min(1, 'auth.password.currentRequired'),
    password: z.string().min(1, 'auth.password.required').max(256, 'auth.password.tooLong'),
    confirmPassword: z.string(),
  })
  .refine((v) => v.password === v.confirmPassword, { message: 'auth.password.mismatch', path: ['confirmPassword'] });

export default async function authRoutes(app: FastifyInstance) {
  app.get('/sign-in', { config: { access: publicAccess } }, async (req, reply) => {
    const returnTo = safeReturnTo((req.query as { returnTo?: string }).returnTo, '/');
    if (req.user) return reply.redirect(returnTo, 303);
    return reply.render('auth/views/sign-in.njk', { values: { returnTo }, errors: emptyErrors() });
  });

  app.post(
    '/sign-in',
    { config: { access: publicAccess, rateLimit: { max: app.config.rateLimitSignIn, timeWindow: '1 minute' } } },
    async (req, reply) => {
      const t = tFor(req);
      const form = parseForm(signInForm, req.body, t);
      if (!form.ok)
        return reply.code(400).render('auth/views/sign-in.njk', { values: form.values, errors: form.errors });
      const result = await app.services.auth.signIn(form.data.email, form.data.password);
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
    await app.services.auth.signOut(req.user!);
    clearSessionCookie(app, reply);
    return reply.redirect('/sign-in?signedOut=1', 303);
  });

  app.get('/account', { config: { access: signedIn } }, async (req, reply) => {
    const memberships = await app.services.councils.memberships(req.user!.id);
    return reply.render('auth/views/account.njk', {
      memberships,
      errors: emptyErrors(),
      values: {},
      changed: (req.query as { changed?: string }).changed === '1',
    });
  });

  app.post(
    '/account/password',
    { config: { access: signedIn, rateLimit: { max: app.config.rateLimitSignIn, timeWindow: '1 minute' } } },
    async (req, reply) => {
      const t = tFor(req);
      const memberships = await app.services.councils.memberships(req.user!.id);
      const form = parseForm(changePasswordForm, req.body, t);
      if (!form.ok)
        return reply.code(400).render('auth/views/account.njk', { memberships, values: {}, errors: form.errors });
      const outcome = await app.services.auth.changePassword(
        req.user!.id,
        form.data.currentPassword,
        form.data.password,
      );
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

  app.get('/invitations/:token', { config: { access: publicAccess } }, async (req, reply) => {
    const { token } = req.params as { token: string };
    const invitation = /^[A-Za-z0-9_-]{20,100}$/.test(token) ? await app.services.admin.invitation(token) : null;
    if (!invitation) return reply.code(404).render('auth/views/invitation-invalid.njk');
    return reply.render('auth/views/accept-invitation.njk', { invitation, token, errors: emptyErrors() });
  });

  app.post(
    '/invitations/:token',
    { config: { access: publicAccess, rateLimit: { max: app.config.rateLimitSignIn, timeWindow: '1 minute' } } },
    async (req, reply) => {
      const { token } = req.params as { token: string };
      const t = tFor(req);
      const invitation = /^[A-Za-z0-9_-]{20,100}$/.test(token) ? await app.services.admin.invitation(token) : null;
      if (!invitation) return reply.code(404).render('auth/views/invitation-invalid.njk');
      const form = parseForm(acceptForm, req.body, t);
      if (!form.ok)
        return reply.code(400).render('auth/views/accept-invitation.njk', { invitation, token, errors: form.errors });
      try {
        const { councilSlug } = await app.services.admin.acceptInvitation(token, form.data.password);
        return reply.redirect(`/sign-in?returnTo=${encodeURIComponent('/c/' + councilSlug)}&accepted=1`, 303);
      } catch (err) {
        if (err instanceof DomainError) {
          if (!err.field) return reply.code(404).render('auth/views/invitation-invalid.njk');
          return reply
            .code(400)
            .render('auth/views/accept-invitation.njk', {
              invitation,
              token,
              errors: addError(emptyErrors(), err.field, t(err.key)),
            });
        }
        throw err;
      }
    },
  );
}
