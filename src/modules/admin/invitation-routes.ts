import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { publicAccess } from '../../kernel/access.ts';
import { DomainError } from '../../kernel/errors.ts';
import { addError, emptyErrors, parseForm } from '../../server/forms.ts';
import { tFor } from '../../server/plugins/language.ts';
import type { ZodTypeProvider } from '../../server/schemas.ts';
import type { AdminRouteDeps } from './routes.ts';

const acceptForm = z
  .object({
    password: z.string().min(1, 'auth.password.required').max(256, 'auth.password.tooLong'),
    confirmPassword: z.string(),
  })
  .refine((v) => v.password === v.confirmPassword, { message: 'auth.password.mismatch', path: ['confirmPassword'] });

/** An invitation link's token: anything else is an invalid link, shown as such rather than a 404 page. */
const tokenParams = z.object({ token: z.string() });
const TOKEN = /^[A-Za-z0-9_-]{20,100}$/;

/** The invitation link emailed to a new member: set a password and join the council. */
export function invitationRoutes({ admin, config }: AdminRouteDeps) {
  return async function routes(base: FastifyInstance) {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const find = (token: string) => (TOKEN.test(token) ? admin.invitation(token) : Promise.resolve(null));

    app.get(
      '/invitations/:token',
      { config: { access: publicAccess }, schema: { params: tokenParams } },
      async (req, reply) => {
        const invitation = await find(req.params.token);
        if (!invitation) return reply.code(404).render('auth/views/invitation-invalid.njk');
        return reply.render('auth/views/accept-invitation.njk', {
          invitation,
          token: req.params.token,
          errors: emptyErrors(),
        });
      },
    );

    app.post(
      '/invitations/:token',
      {
        config: { access: publicAccess, rateLimit: { max: config.rateLimitSignIn, timeWindow: '1 minute' } },
        schema: { params: tokenParams },
      },
      async (req, reply) => {
        const { token } = req.params;
        const t = tFor(req);
        const invitation = await find(token);
        if (!invitation) return reply.code(404).render('auth/views/invitation-invalid.njk');
        const form = parseForm(acceptForm, req.body, t);
        if (!form.ok)
          return reply.code(400).render('auth/views/accept-invitation.njk', { invitation, token, errors: form.errors });
        try {
          const { councilSlug } = await admin.acceptInvitation(token, form.data.password);
          return reply.redirect(`/sign-in?returnTo=${encodeURIComponent('/c/' + councilSlug)}&accepted=1`, 303);
        } catch (err) {
          if (!(err instanceof DomainError)) throw err;
          if (!err.field) return reply.code(404).render('auth/views/invitation-invalid.njk');
          return reply.code(400).render('auth/views/accept-invitation.njk', {
            invitation,
            token,
            errors: addError(emptyErrors(), err.field, t(err.key)),
          });
        }
      },
    );
  };
}
