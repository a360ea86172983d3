/**
 * The learner's side of an offer, from the link in the offer email (no account): see the offer and accept or
 * decline it, once. The token in the address is the only key; it is stored hashed and cleared once answered.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { publicAccess } from '../../../kernel/access.ts';
import { notFound } from '../../../server/errors.ts';
import { domainErrors, emptyErrors, parseForm, type FormErrors } from '../../../server/forms.ts';
import { tFor } from '../../../server/plugins/language.ts';
import type { ZodTypeProvider } from '../../../server/schemas.ts';
import type { ConnectServices } from '../services/index.ts';

const params = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/) });
const answerForm = z.object({ answer: z.enum(['accept', 'decline'], { message: 'connect.offer.errors.answer' }) });

export function publicOfferPages(services: ConnectServices) {
  return async function routes(root: FastifyInstance) {
    const app = root.withTypeProvider<ZodTypeProvider>();
    const rateLimit = { max: app.config.rateLimitPublicForms, timeWindow: '1 minute' };

    const render = async (reply: FastifyReply, token: string, errors: FormErrors, status = 200) => {
      const offer = await services.waitlist.offer(token);
      if (!offer) throw notFound();
      return reply.code(status).render('connect/views/offer.njk', { offer, token, errors });
    };

    app.get('/:token', { config: { access: publicAccess, rateLimit }, schema: { params } }, async (req, reply) =>
      render(reply, req.params.token, emptyErrors()),
    );

    app.post('/:token', { config: { access: publicAccess, rateLimit }, schema: { params } }, async (req, reply) => {
      const t = tFor(req);
      const form = parseForm(answerForm, req.body, t);
      if (!form.ok) return render(reply, req.params.token, form.errors, 400);
      try {
        const status = await services.waitlist.answer(req.params.token, form.data.answer === 'accept');
        return reply.render('connect/views/offer-done.njk', { status });
      } catch (err) {
        return render(reply, req.params.token, domainErrors(err, t, 'answer'), 400);
      }
    });
  };
}
