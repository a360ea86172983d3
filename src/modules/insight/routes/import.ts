/** Uploading census tables and indicator values (all or nothing: a bad file lists every bad row). */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { can } from '../../../kernel/access.ts';
import { domainErrors, emptyErrors, parseForm, type FormErrors } from '../../../server/forms.ts';
import { tFor } from '../../../server/plugins/language.ts';
import { actorOf } from '../../../server/request.ts';
import { importProblems } from '../present/import.ts';
import type { ImportOutcome } from '../services/imports/outcome.ts';
import { IMPORT_KINDS } from '../services/imports/service.ts';
import { submitted, type InsightRouteServices } from './context.ts';
import { importForm } from './schemas.ts';

export function importRoutes({ imports }: InsightRouteServices) {
  return async function routes(app: FastifyInstance) {
    const manage = can('insight.manage');

    const renderImport = (
      reply: FastifyReply,
      values: Record<string, unknown>,
      errors: FormErrors,
      outcome: ImportOutcome | null = null,
      status = 200,
    ) => reply.code(status).render('insight/views/import.njk', { values, errors, outcome, kinds: IMPORT_KINDS });

    app.get('/import', { config: { access: manage } }, async (_req, reply) => renderImport(reply, {}, emptyErrors()));

    // The outcome (rows, values and areas stored) is shown on the page itself rather than after a redirect.
    app.post('/import', { config: { access: manage } }, async (req, reply) => {
      const t = tFor(req);
      const body = submitted(req);
      const values = { kind: body.kind, dataset: body.dataset };
      const form = parseForm(importForm, body, t);
      if (!form.ok) return renderImport(reply, values, form.errors, null, 400);
      let outcome: ImportOutcome;
      try {
        outcome = await imports.upload(actorOf(req), form.data);
      } catch (err) {
        return renderImport(reply, values, domainErrors(err, t, 'file'), null, 400);
      }
      if (!outcome.ok) return renderImport(reply, values, importProblems(t, outcome), null, 400);
      return renderImport(reply, {}, emptyErrors(), outcome);
    });
  };
}
