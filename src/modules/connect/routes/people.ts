/** Staff pages: import a waiting list, add a person, a person's page (audited) and recording their status. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { notFound } from '../../../server/errors.ts';
import { addError, domainErrors, emptyErrors, parseForm, type FormErrors } from '../../../server/forms.ts';
import { tFor } from '../../../server/plugins/language.ts';
import { actorOf } from '../../../server/request.ts';
import type { ZodTypeProvider } from '../../../server/schemas.ts';
import { daysBetween, personFromForm, RECORDABLE, type ProgrammeRow, type Status } from '../model.ts';
import { personView } from '../present.ts';
import type { ConnectServices } from '../services/index.ts';
import {
  anyForm,
  base,
  loadProgramme,
  manage,
  personParams,
  problemErrors,
  programmeParams,
  statusForm,
  uploadForm,
} from './shared.ts';

export function peoplePages(services: ConnectServices, clock: () => Date) {
  return async function routes(root: FastifyInstance) {
    const app = root.withTypeProvider<ZodTypeProvider>();

    const esol = async (req: FastifyRequest, id: string) => {
      const programme = await loadProgramme(services, req, id);
      if (programme.kind !== 'esol') throw notFound();
      return programme;
    };

    const renderImport = (reply: FastifyReply, programme: ProgrammeRow, errors: FormErrors, status = 200) =>
      reply.code(status).render('connect/views/import.njk', { programme, what: 'people', errors });

    app.get('/p/:programmeId/import', { config: manage, schema: { params: programmeParams } }, async (req, reply) =>
      renderImport(reply, await esol(req, req.params.programmeId), emptyErrors()),
    );

    app.post('/p/:programmeId/import', { config: manage, schema: { params: programmeParams } }, async (req, reply) => {
      const t = tFor(req);
      const programme = await esol(req, req.params.programmeId);
      const form = parseForm(uploadForm, req.body, t);
      if (!form.ok) return renderImport(reply, programme, form.errors, 400);
      try {
        const r = await services.waitlist.importPeople(actorOf(req), programme, form.data.file);
        if (!r.ok) return renderImport(reply, programme, problemErrors(r.problems, r.problemCount, t), 400);
        return reply.redirect(`${base(req)}/p/${programme.id}?done=people&n=${r.rows}`, 303);
      } catch (err) {
        return renderImport(reply, programme, domainErrors(err, t, 'file'), 400);
      }
    });

    const renderNew = (
      reply: FastifyReply,
      programme: ProgrammeRow,
      values: Record<string, unknown>,
      errors: FormErrors,
      status = 200,
    ) => reply.code(status).render('connect/views/person-new.njk', { programme, values, errors });

    app.get('/p/:programmeId/people/new', { config: manage, schema: { params: programmeParams } }, async (req, reply) =>
      renderNew(reply, await esol(req, req.params.programmeId), { waited_days: '0' }, emptyErrors()),
    );

    app.post(
      '/p/:programmeId/people/new',
      { config: manage, schema: { params: programmeParams } },
      async (req, reply) => {
        const t = tFor(req);
        const programme = await esol(req, req.params.programmeId);
        const form = parseForm(anyForm, req.body, t);
        if (!form.ok) return renderNew(reply, programme, form.values, form.errors, 400);
        // Ward codes are checked against the council's wards by the service.
        const person = personFromForm(form.data, null);
        if (!person.ok) {
          const field = person.field === 'y' ? 'x' : person.field;
          return renderNew(
            reply,
            programme,
            form.data,
            addError(emptyErrors(), field, t(person.key, person.params)),
            400,
          );
        }
        try {
          await services.waitlist.add(actorOf(req), programme, person.value);
          return reply.redirect(`${base(req)}/p/${programme.id}?done=added`, 303);
        } catch (err) {
          const errors = domainErrors(err, t, 'reference');
          if (errors.fields.wardCode)
            return renderNew(
              reply,
              programme,
              form.data,
              addError(emptyErrors(), 'ward', errors.fields.wardCode.text),
              400,
            );
          return renderNew(reply, programme, form.data, errors, 400);
        }
      },
    );

    const renderPerson = async (
      req: FastifyRequest,
      reply: FastifyReply,
      programme: ProgrammeRow,
      personId: string,
      errors: FormErrors,
      status = 200,
    ) => {
      const actor = actorOf(req);
      const person = await services.waitlist.person(actor, programme, personId);
      if (!person) throw notFound();
      const classes = await services.programmes.classes(actor.council, programme.id);
      const view = personView(
        tFor(req),
        person,
        new Map(classes.map((c) => [c.id, c])),
        daysBetween(person.joined_on, clock().toISOString().slice(0, 10)),
      );
      return reply
        .code(status)
        .render('connect/views/person.njk', { programme, person: view, statuses: RECORDABLE, errors });
    };

    app.get(
      '/p/:programmeId/people/:personId',
      { config: manage, schema: { params: personParams } },
      async (req, reply) =>
        renderPerson(req, reply, await esol(req, req.params.programmeId), req.params.personId, emptyErrors()),
    );

    app.post(
      '/p/:programmeId/people/:personId',
      { config: manage, schema: { params: personParams } },
      async (req, reply) => {
        const t = tFor(req);
        const programme = await esol(req, req.params.programmeId);
        const form = parseForm(statusForm, req.body, t);
        if (!form.ok) return renderPerson(req, reply, programme, req.params.personId, form.errors, 400);
        try {
          await services.waitlist.record(actorOf(req), programme, req.params.personId, form.data.status as Status);
          return reply.redirect(`${base(req)}/p/${programme.id}?done=recorded`, 303);
        } catch (err) {
          return renderPerson(req, reply, programme, req.params.personId, domainErrors(err, t, 'status'), 400);
        }
      },
    );
  };
}
