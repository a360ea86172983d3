/** The tension picture (map, levels, trend), a ward's page and an officer's override of its level. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorCan, can } from '../../../../kernel/access.ts';
import { domainErrors, emptyErrors, parseForm, type FormErrors } from '../../../../server/forms.ts';
import { HttpError, notFound } from '../../../../server/errors.ts';
import { tFor } from '../../../../server/plugins/language.ts';
import { actorOf } from '../../../../server/request.ts';
import type { ZodTypeProvider } from '../../../../server/schemas.ts';
import { isoWeek } from '../../../../stats/tension.ts';
import { picturePage, wardPage } from '../../present/picture.ts';
import { overrideForm, pictureQuery, wardParams } from '../forms.ts';
import { bodyValues } from '../form-input.ts';
import { offeredFrom, tensionsBase, type StaffRouteDeps } from './common.ts';

export function pictureRoutes({ services, clock, links }: StaffRouteDeps) {
  const { assessment, cases, places } = services;
  return async function routes(base: FastifyInstance) {
    const app = base.withTypeProvider<ZodTypeProvider>();

    // Everyone in the council reaches /tensions from the navigation: partners go on to their cases.
    app.get(
      '/',
      { config: { access: can('councils.view') }, schema: { querystring: pictureQuery } },
      async (req, reply) => {
        const actor = actorOf(req);
        if (!actorCan(actor, 'tensions.picture')) {
          if (actorCan(actor, 'tensions.cases')) return reply.redirect(`${tensionsBase(actor)}/cases`, 303);
          throw new HttpError(403, 'errors.forbidden');
        }
        const currentWeek = isoWeek(clock());
        const week = req.query.week ?? currentWeek;
        const picture = await assessment.picture(actor.council, week);
        const [boundaries, trend, overdue] = await Promise.all([
          places.boundaries(picture.wards.map((w) => w.code)),
          assessment.trend(actor.council, week, 12),
          actorCan(actor, 'tensions.cases') ? cases.overdueCount(actor.council) : null,
        ]);
        return reply.render(
          'tensions/views/picture.njk',
          picturePage({
            picture,
            boundaries,
            trend,
            week,
            currentWeek,
            overdue,
            base: tensionsBase(actor),
            t: tFor(req),
          }),
        );
      },
    );

    const loadWard = async (req: FastifyRequest, code: string) => {
      const ward = await places.ward(actorOf(req).council, code);
      if (!ward) throw notFound();
      return ward;
    };

    const renderWard = async (
      req: FastifyRequest,
      reply: FastifyReply,
      ward: { code: string; name: string },
      values: Record<string, unknown>,
      errors: FormErrors,
      status = 200,
    ) => {
      const week = isoWeek(clock());
      const trend = await assessment.trend(actorOf(req).council, week, 12, ward.code);
      return reply.code(status).render('tensions/views/ward.njk', {
        ...wardPage(ward, week, trend, tFor(req)),
        offered: offeredFrom(links, actorOf(req), { kind: 'tensions.ward', id: ward.code }),
        values,
        errors,
      });
    };

    app.get(
      '/wards/:code',
      { config: { access: can('tensions.picture') }, schema: { params: wardParams } },
      async (req, reply) => renderWard(req, reply, await loadWard(req, req.params.code), {}, emptyErrors()),
    );

    app.post(
      '/wards/:code/override',
      { config: { access: can('tensions.triage') }, schema: { params: wardParams } },
      async (req, reply) => {
        const t = tFor(req);
        const actor = actorOf(req);
        const ward = await loadWard(req, req.params.code);
        const form = parseForm(overrideForm, req.body, t);
        if (!form.ok) return renderWard(req, reply, ward, form.values, form.errors, 400);
        const { week, level, rationale } = form.data;
        try {
          await assessment.override(actor, ward.code, week, level, rationale);
        } catch (err) {
          return renderWard(req, reply, ward, bodyValues(req.body), domainErrors(err, t, 'level'), 400);
        }
        return reply.redirect(`${tensionsBase(actor)}/wards/${ward.code}`, 303);
      },
    );
  };
}
