/** Partner intelligence: the list, recording an entry, and an entry's page (each view audited). */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can } from '../../../../kernel/access.ts';
import { domainErrors, emptyErrors, parseForm, type FormErrors } from '../../../../server/forms.ts';
import { notFound } from '../../../../server/errors.ts';
import { paginationParams } from '../../../../server/pagination.ts';
import { tFor } from '../../../../server/plugins/language.ts';
import { actorOf } from '../../../../server/request.ts';
import type { ZodTypeProvider } from '../../../../server/schemas.ts';
import { CATEGORIES, CONFIDENCES, GRADINGS, HANDLING, SENSITIVITIES, SEVERITIES, SOURCE_TYPES } from '../../model.ts';
import { intelligenceForm, intelligenceParams, intelligenceQuery } from '../forms.ts';
import { bodyValues } from '../form-input.ts';
import { tensionsBase, type StaffRouteDeps } from './common.ts';

const PAGE = 25;

export function intelligenceRoutes({ services, clock }: StaffRouteDeps) {
  const { intelligence, places } = services;
  return async function routes(base: FastifyInstance) {
    const app = base.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/intelligence',
      { config: { access: can('tensions.record') }, schema: { querystring: intelligenceQuery } },
      async (req, reply) => {
        const actor = actorOf(req);
        const { page, ...filter } = req.query;
        const [{ rows, total }, wards] = await Promise.all([
          intelligence.list(actor, page, PAGE, filter),
          places.wards(actor.council),
        ]);
        const extra: Record<string, string> = {};
        for (const [k, v] of Object.entries(filter)) if (typeof v === 'string') extra[k] = v;
        return reply.render('tensions/views/intelligence.njk', {
          rows,
          ...filter,
          filtered: Object.keys(extra).length > 0,
          wards,
          categories: CATEGORIES,
          pagination: paginationParams(`${tensionsBase(actor)}/intelligence`, page, PAGE, total, extra),
        });
      },
    );

    const renderForm = async (
      req: FastifyRequest,
      reply: FastifyReply,
      values: Record<string, unknown>,
      errors: FormErrors,
      status = 200,
    ) => {
      const council = actorOf(req).council;
      const [wards, organisations] = await Promise.all([places.wards(council), places.organisations(council)]);
      return reply.code(status).render('tensions/views/intelligence-new.njk', {
        values,
        errors,
        wards,
        organisations,
        sourceTypes: SOURCE_TYPES,
        gradings: GRADINGS,
        categories: CATEGORIES,
        confidences: CONFIDENCES,
        sensitivities: SENSITIVITIES,
        handling: HANDLING,
        severities: SEVERITIES,
      });
    };

    app.get('/intelligence/new', { config: { access: can('tensions.record') } }, (req, reply) =>
      renderForm(
        req,
        reply,
        {
          observedOn: clock().toISOString().slice(0, 10),
          severity: '2',
          handling: 'all_partners',
          sensitivity: 'official',
        },
        emptyErrors(),
      ),
    );

    app.post('/intelligence/new', { config: { access: can('tensions.record') } }, async (req, reply) => {
      const t = tFor(req);
      const actor = actorOf(req);
      const form = parseForm(intelligenceForm, req.body, t);
      if (!form.ok) return renderForm(req, reply, form.values, form.errors, 400);
      let id: string;
      try {
        id = await intelligence.record(actor, form.data);
      } catch (err) {
        return renderForm(req, reply, bodyValues(req.body), domainErrors(err, t, 'wardCode'), 400);
      }
      return reply.redirect(`${tensionsBase(actor)}/intelligence/${id}`, 303);
    });

    app.get(
      '/intelligence/:intelligenceId',
      { config: { access: can('tensions.record') }, schema: { params: intelligenceParams } },
      async (req, reply) => {
        const entry = await intelligence.entry(actorOf(req), req.params.intelligenceId);
        if (!entry) throw notFound();
        return reply.render('tensions/views/intelligence-entry.njk', { entry });
      },
    );
  };
}
