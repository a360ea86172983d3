/** The council's settings page (administrators): the language its staff write in. */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { can } from '../../kernel/access.ts';
import { councilLanguage, LANGUAGES } from '../../i18n/index.ts';
import { domainErrors, emptyErrors, parseForm, type FormErrors } from '../../server/forms.ts';
import { tFor } from '../../server/plugins/language.ts';
import { actorOf } from '../../server/request.ts';
import { councilParams, type ZodTypeProvider } from '../../server/schemas.ts';
import type { AdminService } from './service.ts';

export const settingsForm = z.object({
  contentLanguage: z.enum(LANGUAGES, { message: 'admin.settings.errors.contentLanguage' }),
});
const savedQuery = z.object({ saved: z.preprocess((v) => v === '1', z.boolean()) });

export function settingsRoutes(admin: AdminService) {
  return async function routes(base: FastifyInstance) {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const access = can('admin.settings');
    const render = (
      reply: FastifyReply,
      values: Record<string, unknown>,
      errors: FormErrors,
      status = 200,
      saved = false,
    ) => reply.code(status).render('admin/views/settings.njk', { values, errors, saved, languages: LANGUAGES });

    app.get(
      '/settings',
      { config: { access }, schema: { params: councilParams({}), querystring: savedQuery } },
      async (req, reply) =>
        render(reply, { contentLanguage: councilLanguage(actorOf(req).council) }, emptyErrors(), 200, req.query.saved),
    );

    app.post('/settings', { config: { access }, schema: { params: councilParams({}) } }, async (req, reply) => {
      const t = tFor(req);
      const form = parseForm(settingsForm, req.body, t);
      if (!form.ok) return render(reply, form.values, form.errors, 400);
      try {
        await admin.setContentLanguage(actorOf(req), form.data.contentLanguage);
      } catch (err) {
        return render(reply, form.data, domainErrors(err, t, 'contentLanguage'), 400);
      }
      return reply.redirect(`/c/${actorOf(req).council.slug}/admin/settings?saved=1`, 303);
    });
  };
}
