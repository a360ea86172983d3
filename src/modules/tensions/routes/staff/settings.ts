/** The council's tension monitoring settings (administrators). */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can } from '../../../../kernel/access.ts';
import { domainErrors, emptyErrors, parseForm, type FormErrors } from '../../../../server/forms.ts';
import { tFor } from '../../../../server/plugins/language.ts';
import { actorOf } from '../../../../server/request.ts';
import type { ZodTypeProvider } from '../../../../server/schemas.ts';
import { savedQuery, settingsForm } from '../forms.ts';
import { bodyValues } from '../form-input.ts';
import { tensionsBase, type StaffRouteDeps } from './common.ts';

export function settingsRoutes({ services }: StaffRouteDeps) {
  const { settings } = services;
  return async function routes(base: FastifyInstance) {
    const app = base.withTypeProvider<ZodTypeProvider>();

    const render = async (
      req: FastifyRequest,
      reply: FastifyReply,
      values: Record<string, unknown> | null,
      errors: FormErrors,
      status = 200,
      saved = false,
    ) => {
      const s = await settings.get(actorOf(req).council);
      return reply.code(status).render('tensions/views/settings.njk', {
        values: values ?? { ...s, assisted_reporting: s.assisted_reporting ? 'yes' : 'no' },
        errors,
        saved,
      });
    };

    app.get(
      '/settings',
      { config: { access: can('tensions.settings') }, schema: { querystring: savedQuery } },
      (req, reply) => render(req, reply, null, emptyErrors(), 200, req.query.saved),
    );

    app.post('/settings', { config: { access: can('tensions.settings') } }, async (req, reply) => {
      const t = tFor(req);
      const actor = actorOf(req);
      const form = parseForm(settingsForm, req.body, t);
      if (!form.ok) return render(req, reply, form.values, form.errors, 400);
      try {
        await settings.save(actor, form.data);
      } catch (err) {
        return render(req, reply, bodyValues(req.body), domainErrors(err, t, 'contact_hours'), 400);
      }
      return reply.redirect(`${tensionsBase(actor)}/settings?saved=1`, 303);
    });
  };
}
