/** Trigger events: the list, declaring one, an event's page with its logs, the impact assessment, closing. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { can } from '../../../../kernel/access.ts';
import type { Actor } from '../../../../kernel/actor.ts';
import { domainErrors, emptyErrors, parseForm, type FormErrors } from '../../../../server/forms.ts';
import { notFound } from '../../../../server/errors.ts';
import { tFor } from '../../../../server/plugins/language.ts';
import { actorOf } from '../../../../server/request.ts';
import type { ZodTypeProvider } from '../../../../server/schemas.ts';
import { IMPACT_SECTIONS, RUMOUR_STATUSES, SCOPES } from '../../model.ts';
import {
  actionForm,
  actionParams,
  closeForm,
  emptyForm,
  eventForm,
  eventParams,
  impactForm,
  rumourForm,
} from '../forms.ts';
import { bodyValues } from '../form-input.ts';
import { offeredFrom, tensionsBase, type StaffRouteDeps } from './common.ts';

const access = { access: can('tensions.events') };

export function eventRoutes({ services, links }: StaffRouteDeps) {
  const { events, places } = services;
  return async function routes(base: FastifyInstance) {
    const app = base.withTypeProvider<ZodTypeProvider>();

    app.get('/events', { config: access }, async (req, reply) =>
      reply.render('tensions/views/events.njk', { events: await events.list(actorOf(req).council) }),
    );

    const renderNew = async (
      req: FastifyRequest,
      reply: FastifyReply,
      values: Record<string, unknown>,
      errors: FormErrors,
      status = 200,
    ) =>
      reply.code(status).render('tensions/views/event-new.njk', {
        values,
        errors,
        scopes: SCOPES,
        wards: await places.wards(actorOf(req).council),
      });

    app.get('/events/new', { config: access }, (req, reply) => renderNew(req, reply, {}, emptyErrors()));

    app.post('/events/new', { config: access }, async (req, reply) => {
      const t = tFor(req);
      const actor = actorOf(req);
      const form = parseForm(eventForm, req.body, t);
      if (!form.ok) return renderNew(req, reply, form.values, form.errors, 400);
      let id: string;
      try {
        id = await events.declare(actor, form.data);
      } catch (err) {
        return renderNew(req, reply, bodyValues(req.body), domainErrors(err, t, 'wardCodes'), 400);
      }
      return reply.redirect(`${tensionsBase(actor)}/events/${id}`, 303);
    });

    const load = async (req: FastifyRequest, eventId: string) => {
      const found = await events.event(actorOf(req).council, eventId);
      if (!found) throw notFound();
      return found;
    };

    const renderEvent = async (
      req: FastifyRequest,
      reply: FastifyReply,
      eventId: string,
      errors: FormErrors = emptyErrors(),
      values: Record<string, unknown> = {},
      status = 200,
    ) => {
      const [found, wards] = await Promise.all([load(req, eventId), places.wards(actorOf(req).council)]);
      return reply.code(status).render('tensions/views/event.njk', {
        ...found,
        wards,
        offered: offeredFrom(links, actorOf(req), { kind: 'tensions.event', id: eventId }),
        values,
        errors,
        rumourStatuses: RUMOUR_STATUSES,
        sections: IMPACT_SECTIONS,
      });
    };

    app.get('/events/:eventId', { config: access, schema: { params: eventParams } }, (req, reply) =>
      renderEvent(req, reply, req.params.eventId),
    );

    const renderImpact = async (
      req: FastifyRequest,
      reply: FastifyReply,
      eventId: string,
      values: Record<string, unknown> | null,
      errors: FormErrors,
      status = 200,
    ) => {
      const found = await load(req, eventId);
      return reply.code(status).render('tensions/views/event-impact.njk', {
        ...found,
        values: values ?? found.event.impact,
        errors,
        sections: IMPACT_SECTIONS,
      });
    };

    app.get('/events/:eventId/impact', { config: access, schema: { params: eventParams } }, (req, reply) =>
      renderImpact(req, reply, req.params.eventId, null, emptyErrors()),
    );

    app.post('/events/:eventId/impact', { config: access, schema: { params: eventParams } }, async (req, reply) => {
      const t = tFor(req);
      const actor = actorOf(req);
      const { event } = await load(req, req.params.eventId);
      const form = parseForm(impactForm, req.body, t);
      if (!form.ok) return renderImpact(req, reply, event.id, form.values, form.errors, 400);
      await events.saveImpact(actor, event.id, form.data);
      return reply.redirect(`${tensionsBase(actor)}/events/${event.id}`, 303);
    });

    /** One handler shape for the actions on an event's page: validate, act, back to the event. */
    const eventAction = <S extends z.ZodType>(
      path: string,
      schema: S,
      act: (actor: Actor, data: z.infer<S>, params: { eventId: string; actionId?: string }) => Promise<unknown>,
      fallback: string,
    ) => {
      app.post(`/events/:eventId/${path}`, { config: access, schema: { params: actionParams } }, async (req, reply) => {
        const t = tFor(req);
        const actor = actorOf(req);
        const { event } = await load(req, req.params.eventId);
        const form = parseForm(schema, req.body, t);
        if (!form.ok) return renderEvent(req, reply, event.id, form.errors, form.values, 400);
        try {
          await act(actor, form.data, req.params);
        } catch (err) {
          return renderEvent(req, reply, event.id, domainErrors(err, t, fallback), bodyValues(req.body), 400);
        }
        return reply.redirect(`${tensionsBase(actor)}/events/${event.id}`, 303);
      });
    };
    eventAction('rumours', rumourForm, (a, d, p) => events.addRumour(a, p.eventId, d), 'rumour');
    eventAction('actions', actionForm, (a, d, p) => events.addAction(a, p.eventId, d), 'action');
    eventAction(
      'actions/:actionId/done',
      emptyForm,
      (a, _d, p) => events.completeAction(a, p.eventId, p.actionId ?? ''),
      'action',
    );
    eventAction('close', closeForm, (a, d, p) => events.close(a, p.eventId, d.reason), 'reason');
  };
}
