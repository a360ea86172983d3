/** Staff pages: the council's programmes, a new programme, a programme's page, runs, offers and class imports. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actorCan } from '../../../kernel/access.ts';
import { daysBetween, type ProgrammeRow } from '../model.ts';
import { classView, personView, volunteerView } from '../present.ts';
import type { ConnectServices } from '../services/index.ts';
import { domainErrors, emptyErrors, parseForm, type FormErrors } from '../../../server/forms.ts';
import { tFor } from '../../../server/plugins/language.ts';
import { actorOf } from '../../../server/request.ts';
import type { ZodTypeProvider } from '../../../server/schemas.ts';
import {
  base,
  loadProgramme,
  manage,
  problemErrors,
  programmeForm,
  programmeParams,
  uploadForm,
  view,
} from './shared.ts';

const doneQuery = z.object({
  done: z
    .enum(['created', 'run', 'offers', 'classes', 'people', 'added', 'recorded', 'volunteers'])
    .optional()
    .catch(undefined),
  n: z.coerce.number().int().min(0).max(10_000_000).optional().catch(undefined),
  m: z.coerce.number().int().min(0).max(10_000_000).optional().catch(undefined),
});

export function programmePages(services: ConnectServices, clock: () => Date) {
  return async function routes(root: FastifyInstance) {
    const app = root.withTypeProvider<ZodTypeProvider>();

    app.get('', { config: view }, async (req, reply) => {
      const programmes = await services.programmes.list(actorOf(req).council);
      return reply.render('connect/views/index.njk', { programmes });
    });

    const renderNew = (reply: FastifyReply, values: Record<string, unknown>, errors: FormErrors, status = 200) =>
      reply.code(status).render('connect/views/programme-new.njk', { values, errors });

    app.get('/new', { config: manage }, async (_req, reply) =>
      renderNew(reply, { kind: 'esol', maxKm: 5 }, emptyErrors()),
    );

    app.post('/new', { config: manage }, async (req, reply) => {
      const t = tFor(req);
      const form = parseForm(programmeForm, req.body, t);
      if (!form.ok) return renderNew(reply, form.values, form.errors, 400);
      try {
        const id = await services.programmes.create(actorOf(req), form.data);
        return reply.redirect(`${base(req)}/p/${id}?done=created`, 303);
      } catch (err) {
        return renderNew(reply, form.data, domainErrors(err, t, 'name'), 400);
      }
    });

    const renderProgramme = async (
      req: FastifyRequest,
      reply: FastifyReply,
      programme: ProgrammeRow,
      extra: Record<string, unknown> = {},
      status = 200,
    ) => {
      const actor = actorOf(req);
      const t = tFor(req);
      const classes = await services.programmes.classes(actor.council, programme.id);
      const byId = new Map(classes.map((c) => [c.id, c]));
      const mayManage = actorCan(actor, 'connect.manage');
      const counts = programme.kind === 'esol' ? await services.waitlist.counts(actor, programme) : null;
      let people = null;
      const filled = new Map<string, number>();
      if (programme.kind === 'esol' && mayManage) {
        const today = clock().toISOString().slice(0, 10);
        const rows = await services.waitlist.people(actor, programme);
        for (const p of rows)
          if (p.class_id && ['placed', 'offered', 'accepted'].includes(p.status))
            filled.set(p.class_id, (filled.get(p.class_id) ?? 0) + 1);
        people = rows.map((p) => personView(t, p, byId, daysBetween(p.joined_on, today)));
      }
      let volunteers = null;
      if (programme.kind === 'friendship' && mayManage) {
        const rows = await services.volunteers.list(actor, programme);
        const byVolunteer = new Map(rows.map((v) => [v.id, v]));
        volunteers = rows.map((v) => volunteerView(t, v, byVolunteer));
      }
      return reply.code(status).render('connect/views/programme.njk', {
        volunteers,
        programme,
        counts,
        people,
        classes: classes.map((c) => classView(t, c, byId, filled.get(c.id) ?? 0)),
        placedWaiting: counts?.placed ?? 0,
        errors: emptyErrors(),
        ...extra,
      });
    };

    app.get(
      '/p/:programmeId',
      { config: view, schema: { params: programmeParams, querystring: doneQuery } },
      async (req, reply) => {
        const programme = await loadProgramme(services, req, req.params.programmeId);
        return renderProgramme(req, reply, programme, { done: req.query.done, n: req.query.n, m: req.query.m });
      },
    );

    app.post('/p/:programmeId/run', { config: manage, schema: { params: programmeParams } }, async (req, reply) => {
      const programme = await loadProgramme(services, req, req.params.programmeId);
      try {
        const r = await services.placement.run(actorOf(req), programme);
        return reply.redirect(`${base(req)}/p/${programme.id}?done=run&n=${r.placed}&m=${r.unplaced}`, 303);
      } catch (err) {
        return renderProgramme(req, reply, programme, { errors: domainErrors(err, tFor(req), 'run') }, 400);
      }
    });

    app.post('/p/:programmeId/offers', { config: manage, schema: { params: programmeParams } }, async (req, reply) => {
      const programme = await loadProgramme(services, req, req.params.programmeId);
      try {
        const r = await services.waitlist.sendOffers(actorOf(req), programme);
        return reply.redirect(`${base(req)}/p/${programme.id}?done=offers&n=${r.offered}&m=${r.emailed}`, 303);
      } catch (err) {
        return renderProgramme(req, reply, programme, { errors: domainErrors(err, tFor(req), 'offers') }, 400);
      }
    });

    const renderImport = (
      reply: FastifyReply,
      programme: ProgrammeRow,
      what: 'classes' | 'people' | 'volunteers',
      errors: FormErrors,
      status = 200,
    ) => reply.code(status).render('connect/views/import.njk', { programme, what, errors });

    app.get(
      '/p/:programmeId/classes/import',
      { config: manage, schema: { params: programmeParams } },
      async (req, reply) =>
        renderImport(reply, await loadProgramme(services, req, req.params.programmeId), 'classes', emptyErrors()),
    );

    app.post(
      '/p/:programmeId/classes/import',
      { config: manage, schema: { params: programmeParams } },
      async (req, reply) => {
        const t = tFor(req);
        const programme = await loadProgramme(services, req, req.params.programmeId);
        const form = parseForm(uploadForm, req.body, t);
        if (!form.ok) return renderImport(reply, programme, 'classes', form.errors, 400);
        try {
          const r = await services.programmes.importClasses(actorOf(req), programme, form.data.file);
          if (!r.ok)
            return renderImport(reply, programme, 'classes', problemErrors(r.problems, r.problemCount, t), 400);
          return reply.redirect(`${base(req)}/p/${programme.id}?done=classes&n=${r.rows}`, 303);
        } catch (err) {
          return renderImport(reply, programme, 'classes', domainErrors(err, t, 'file'), 400);
        }
      },
    );

    app.get(
      '/p/:programmeId/volunteers/import',
      { config: manage, schema: { params: programmeParams } },
      async (req, reply) =>
        renderImport(reply, await loadProgramme(services, req, req.params.programmeId), 'volunteers', emptyErrors()),
    );

    app.post(
      '/p/:programmeId/volunteers/import',
      { config: manage, schema: { params: programmeParams } },
      async (req, reply) => {
        const t = tFor(req);
        const programme = await loadProgramme(services, req, req.params.programmeId);
        const form = parseForm(uploadForm, req.body, t);
        if (!form.ok) return renderImport(reply, programme, 'volunteers', form.errors, 400);
        try {
          const r = await services.volunteers.importVolunteers(actorOf(req), programme, form.data.file);
          if (!r.ok)
            return renderImport(reply, programme, 'volunteers', problemErrors(r.problems, r.problemCount, t), 400);
          return reply.redirect(`${base(req)}/p/${programme.id}?done=volunteers&n=${r.rows}`, 303);
        } catch (err) {
          return renderImport(reply, programme, 'volunteers', domainErrors(err, t, 'file'), 400);
        }
      },
    );
  };
}
