/** Pages: 360Giving export and import, recipients' 360Giving details, and the council's 360Giving settings. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { parseLinkRef } from '../../../kernel/links.ts';
import { domainErrors, emptyErrors, parseForm, type FormErrors } from '../../../server/forms.ts';
import { tFor } from '../../../server/plugins/language.ts';
import { actorOf } from '../../../server/request.ts';
import type { ZodTypeProvider } from '../../../server/schemas.ts';
import { recipientForm, settingsForm, uploadForm } from './forms.ts';
import {
  base,
  edit,
  exportAccess,
  optionalQuery,
  organisationParams,
  problemErrors,
  settingsAccess,
  valuesOf,
  type CommissioningRouteDeps,
} from './shared.ts';

const exportQuery = z.object({ plan: optionalQuery(/^[A-Za-z0-9_.@~-]{1,128}$/) });
const doneQuery = z.object({
  created: optionalQuery(/^\d{1,6}$/),
  updated: optionalQuery(/^\d{1,6}$/),
  unchanged: optionalQuery(/^\d{1,6}$/),
  saved: optionalQuery(/^1$/),
});

export function givingPages({ services }: CommissioningRouteDeps) {
  return async function routes(root: FastifyInstance) {
    const app = root.withTypeProvider<ZodTypeProvider>();
    const planLink = (plan: string | undefined) => (plan ? parseLinkRef(`plan:${plan}`) : null);

    app.get('/export', { config: exportAccess, schema: { querystring: exportQuery } }, async (req, reply) => {
      const settings = await services.programmes.settings(actorOf(req).council);
      return reply.render('commissioning/views/export.njk', { settings, plan: req.query.plan ?? '' });
    });

    app.get('/export.json', { config: exportAccess, schema: { querystring: exportQuery } }, async (req, reply) => {
      const council = actorOf(req).council;
      const pkg = await services.giving.package(council, planLink(req.query.plan));
      return reply
        .type('application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="${council.slug}-grants-360giving.json"`)
        .send(JSON.stringify(pkg, null, 2));
    });

    app.get('/export.csv', { config: exportAccess, schema: { querystring: exportQuery } }, async (req, reply) => {
      const council = actorOf(req).council;
      const csv = await services.giving.csv(council, planLink(req.query.plan));
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${council.slug}-grants-360giving.csv"`)
        .send(csv);
    });

    const renderImport = (
      reply: FastifyReply,
      errors: FormErrors,
      done: z.infer<typeof doneQuery> = {},
      status = 200,
    ) => reply.code(status).render('commissioning/views/import.njk', { errors, done });

    app.get('/import', { config: edit, schema: { querystring: doneQuery } }, async (req, reply) =>
      renderImport(reply, emptyErrors(), req.query),
    );

    app.post('/import', { config: edit }, async (req, reply) => {
      const t = tFor(req);
      const form = parseForm(uploadForm, req.body, t);
      if (!form.ok) return renderImport(reply, form.errors, {}, 400);
      const text = form.data.file.toString('utf8').replace(/^\uFEFF/, '');
      const actor = actorOf(req);
      const out = text.trimStart().startsWith('{')
        ? await services.giving.importJson(actor, text)
        : await services.giving.importCsv(actor, form.data.file);
      if (!out.ok) return renderImport(reply, problemErrors(out.problems, t, 'file'), {}, 400);
      return reply.redirect(
        `${base(req)}/import?created=${out.created}&updated=${out.updated}&unchanged=${out.unchanged}`,
        303,
      );
    });

    const renderRecipients = async (
      req: FastifyRequest,
      reply: FastifyReply,
      editing: string | null,
      values: Record<string, unknown>,
      errors: FormErrors,
      saved?: string,
      status = 200,
    ) => {
      const recipients = await services.grants.recipients(actorOf(req).council);
      return reply
        .code(status)
        .render('commissioning/views/recipients.njk', { recipients, editing, values, errors, saved });
    };

    app.get('/recipients', { config: edit, schema: { querystring: doneQuery } }, async (req, reply) =>
      renderRecipients(req, reply, null, {}, emptyErrors(), req.query.saved),
    );

    app.post(
      '/recipients/:organisationId',
      { config: edit, schema: { params: organisationParams } },
      async (req, reply) => {
        const t = tFor(req);
        const id = req.params.organisationId;
        const form = parseForm(recipientForm, req.body, t);
        if (!form.ok) return renderRecipients(req, reply, id, form.values, form.errors, undefined, 400);
        try {
          await services.grants.saveRecipient(actorOf(req), id, form.data);
          return reply.redirect(`${base(req)}/recipients?saved=1`, 303);
        } catch (err) {
          const errors = domainErrors(err, t, 'orgIdentifier');
          return renderRecipients(req, reply, id, valuesOf(req.body), errors, undefined, 400);
        }
      },
    );

    const renderSettings = async (
      req: FastifyRequest,
      reply: FastifyReply,
      values: Record<string, unknown> | null,
      errors: FormErrors,
      saved?: string,
      status = 200,
    ) => {
      const settings = await services.programmes.settings(actorOf(req).council);
      const shown = values ?? { prefix: settings.prefix, funderIdentifier: settings.funderIdentifier };
      return reply.code(status).render('commissioning/views/settings.njk', { settings, values: shown, errors, saved });
    };

    app.get('/settings', { config: settingsAccess, schema: { querystring: doneQuery } }, async (req, reply) =>
      renderSettings(req, reply, null, emptyErrors(), req.query.saved),
    );

    app.post('/settings', { config: settingsAccess }, async (req, reply) => {
      const t = tFor(req);
      const form = parseForm(settingsForm, req.body, t);
      if (!form.ok) return renderSettings(req, reply, form.values, form.errors, undefined, 400);
      try {
        await services.programmes.saveSettings(actorOf(req), form.data.prefix, form.data.funderIdentifier);
        return reply.redirect(`${base(req)}/settings?saved=1`, 303);
      } catch (err) {
        return renderSettings(req, reply, valuesOf(req.body), domainErrors(err, t, 'prefix'), undefined, 400);
      }
    });
  };
}
