/** The case list, the case page and every triage action on a case (each back to the case page). */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { can, type Permission } from '../../../../kernel/access.ts';
import type { Actor } from '../../../../kernel/actor.ts';
import { domainErrors, emptyErrors, parseForm, type FormErrors } from '../../../../server/forms.ts';
import { notFound } from '../../../../server/errors.ts';
import { paginationParams } from '../../../../server/pagination.ts';
import { tFor } from '../../../../server/plugins/language.ts';
import { actorOf } from '../../../../server/request.ts';
import type { ZodTypeProvider } from '../../../../server/schemas.ts';
import { MOTIVATIONS, SEVERITIES, STATUSES } from '../../model.ts';
import { NEXT_STATUSES } from '../../rules.ts';
import {
  type CASE_ACTIONS,
  assignForm,
  caseParams,
  caseQuery,
  casesQuery,
  classifyForm,
  contactForm,
  linkForm,
  noteForm,
  redactForm,
  shareForm,
  statusForm,
} from '../forms.ts';
import { bodyValues } from '../form-input.ts';
import { tensionsBase, type StaffRouteDeps } from './common.ts';

const CASE_PAGE = 25;

export function caseRoutes({ services }: StaffRouteDeps) {
  const { cases, triage, places } = services;
  return async function routes(base: FastifyInstance) {
    const app = base.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/cases',
      { config: { access: can('tensions.cases') }, schema: { querystring: casesQuery } },
      async (req, reply) => {
        const actor = actorOf(req);
        const { page, overdue, q, ...rest } = req.query;
        const filter = { ...rest, overdue, reference: q };
        const [{ rows, total }, wards, organisations] = await Promise.all([
          cases.list(actor, filter, page, CASE_PAGE),
          places.wards(actor.council),
          places.organisations(actor.council),
        ]);
        const extra: Record<string, string> = {};
        for (const [k, v] of Object.entries({ ...rest, q })) if (typeof v === 'string') extra[k] = v;
        if (overdue) extra.overdue = '1';
        return reply.render('tensions/views/cases.njk', {
          rows,
          ...rest,
          q,
          overdue,
          filtered: Object.keys(extra).length > 0,
          wards,
          organisations,
          motivations: MOTIVATIONS,
          statuses: STATUSES,
          pagination: paginationParams(`${tensionsBase(actor)}/cases`, page, CASE_PAGE, total, extra),
        });
      },
    );

    const renderCase = async (
      req: FastifyRequest,
      reply: FastifyReply,
      caseId: string,
      errors: FormErrors = emptyErrors(),
      values: Record<string, unknown> = {},
      status = 200,
      done?: string,
    ) => {
      const actor = actorOf(req);
      const view = await cases.view(actor, caseId);
      if (!view) throw notFound();
      const [organisations, wards] = await Promise.all([
        places.organisations(actor.council),
        places.wards(actor.council),
      ]);
      return reply.code(status).render('tensions/views/case.njk', {
        ...view,
        organisations,
        wards,
        values,
        errors,
        done,
        nextStatuses: NEXT_STATUSES[view.report.status],
        motivationsList: MOTIVATIONS,
        severities: SEVERITIES,
      });
    };

    app.get(
      '/cases/:caseId',
      { config: { access: can('tensions.cases') }, schema: { params: caseParams, querystring: caseQuery } },
      (req, reply) => renderCase(req, reply, req.params.caseId, emptyErrors(), {}, 200, req.query.done),
    );

    /** One handler shape for every case action: check the case is visible, validate, act, back to the case page. */
    const caseAction = <S extends z.ZodType>(
      path: (typeof CASE_ACTIONS)[number],
      permission: Permission,
      schema: S,
      act: (actor: Actor, id: string, data: z.infer<S>) => Promise<unknown>,
      fallback: string,
    ) => {
      app.post(
        `/cases/:caseId/${path}`,
        { config: { access: can(permission) }, schema: { params: caseParams } },
        async (req, reply) => {
          const t = tFor(req);
          const actor = actorOf(req);
          const { caseId } = req.params;
          if (!(await cases.find(actor, caseId))) throw notFound();
          const form = parseForm(schema, req.body, t);
          if (!form.ok) return renderCase(req, reply, caseId, form.errors, form.values, 400);
          try {
            await act(actor, caseId, form.data);
          } catch (err) {
            return renderCase(req, reply, caseId, domainErrors(err, t, fallback), bodyValues(req.body), 400);
          }
          // Back to the case with a confirmation banner naming what was done.
          return reply.redirect(`${tensionsBase(actor)}/cases/${caseId}?done=${path}`, 303);
        },
      );
    };
    caseAction(
      'status',
      'tensions.triage',
      statusForm,
      (a, id, d) => triage.changeStatus(a, id, d.status, d.statusReason),
      'status',
    );
    caseAction(
      'assign',
      'tensions.triage',
      assignForm,
      (a, id, d) => triage.assign(a, id, d.organisationId, d.assignReason),
      'organisationId',
    );
    caseAction(
      'share',
      'tensions.triage',
      shareForm,
      (a, id, d) => triage.share(a, id, d.shareOrganisationId),
      'shareOrganisationId',
    );
    caseAction(
      'classify',
      'tensions.triage',
      classifyForm,
      (a, id, d) => triage.classify(a, id, d.wardCode, d.severity),
      'wardCode',
    );
    caseAction('contact', 'tensions.cases', contactForm, (a, id, d) => triage.recordContact(a, id, d.kind), 'kind');
    caseAction('notes', 'tensions.cases', noteForm, (a, id, d) => triage.addNote(a, id, d.note), 'note');
    caseAction('link', 'tensions.triage', linkForm, (a, id, d) => triage.link(a, id, d.reference), 'reference');
    caseAction(
      'redact',
      'tensions.triage',
      redactForm,
      (a, id, d) =>
        triage.redact(a, id, { contact: d.parts.includes('contact'), text: d.parts.includes('text') }, d.redactReason),
      'parts',
    );
  };
}
