/** The directory pages: organisations and services, imports and exports, and provision by ward. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can } from '../../../kernel/access.ts';
import { domainErrors, emptyErrors, parseForm, type FormErrors } from '../../../server/forms.ts';
import { notFound } from '../../../server/errors.ts';
import { tFor } from '../../../server/plugins/language.ts';
import { actorOf } from '../../../server/request.ts';
import { councilParams, uuid, type ZodTypeProvider } from '../../../server/schemas.ts';
import { SERVICE_STATUSES, type DirectoryService } from '../model.ts';
import { groupLabel, provisionPage } from '../present.ts';
import type { DirectoryServices } from '../services/index.ts';
import { importForm, organisationForm, serviceForm, serviceFromForm, serviceValues } from './forms.ts';

const orgParams = councilParams({ entryId: uuid });
const serviceParams = councilParams({ serviceId: uuid });

function submitted(req: FastifyRequest): Record<string, unknown> {
  const body: unknown = req.body;
  return body && typeof body === 'object' ? Object.fromEntries(Object.entries(body)) : {};
}

export function directoryRoutes(services: DirectoryServices) {
  return async function routes(app: FastifyInstance) {
    await app.register(staffRoutes(services), { prefix: '/c/:council/directory' });
  };
}

function staffRoutes({ entries, provision }: DirectoryServices) {
  return async function routes(base: FastifyInstance) {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const view = { config: { access: can('directory.view') } };
    const edit = can('directory.edit');
    const baseOf = (req: FastifyRequest) => `/c/${actorOf(req).council.slug}/directory`;

    app.get('/', view, async (req, reply) => {
      const organisations = await entries.list(actorOf(req).council);
      return reply.render('directory/views/index.njk', { organisations, base: baseOf(req) });
    });

    app.get('/export.json', view, async (req, reply) =>
      reply
        .header('content-disposition', 'attachment; filename="directory-openreferral-uk.json"')
        .type('application/json')
        .send(JSON.stringify(await entries.exportOruk(actorOf(req).council), null, 2)),
    );

    app.get('/export.csv', view, async (req, reply) =>
      reply
        .header('content-disposition', 'attachment; filename="directory.csv"')
        .type('text/csv; charset=utf-8')
        .send(await entries.exportCsv(actorOf(req).council)),
    );

    app.get('/provision', view, async (req, reply) => {
      const v = await provision.view(actorOf(req).council);
      return reply.render('directory/views/provision.njk', provisionPage(tFor(req), baseOf(req), v));
    });

    // ---- organisations ----
    const renderOrgForm = async (
      req: FastifyRequest,
      reply: FastifyReply,
      organisation: { id: string; name: string } | null,
      values: Record<string, unknown>,
      errors: FormErrors,
      status = 200,
    ) => {
      const partners = await entries.partners(actorOf(req).council);
      return reply
        .code(status)
        .render('directory/views/organisation-form.njk', { organisation, values, errors, partners, base: baseOf(req) });
    };

    app.get('/organisations/new', { config: { access: edit } }, (req, reply) =>
      renderOrgForm(req, reply, null, {}, emptyErrors()),
    );

    app.post('/organisations', { config: { access: edit } }, async (req, reply) => {
      const t = tFor(req);
      const form = parseForm(organisationForm, req.body, t);
      if (!form.ok) return renderOrgForm(req, reply, null, form.values, form.errors, 400);
      let id: string;
      try {
        id = await entries.addOrganisation(actorOf(req), form.data);
      } catch (err) {
        return renderOrgForm(req, reply, null, form.data, domainErrors(err, t, 'name'), 400);
      }
      return reply.redirect(`${baseOf(req)}/organisations/${id}`, 303);
    });

    const loadOrg = async (req: FastifyRequest, id: string) => {
      const o = await entries.organisation(actorOf(req).council, id);
      if (!o) throw notFound();
      return o;
    };

    app.get('/organisations/:entryId', { ...view, schema: { params: orgParams } }, async (req, reply) => {
      const t = tFor(req);
      const organisation = await loadOrg(req, req.params.entryId);
      const wards = new Map((await entries.wards(actorOf(req).council)).map((w) => [w.code, w.name]));
      return reply.render('directory/views/organisation.njk', {
        organisation,
        base: baseOf(req),
        services: organisation.services.map((s) => ({
          ...s,
          servesText: s.serves.length ? s.serves.map((g) => groupLabel(t, g)).join(', ') : t('directory.everyone'),
          areasText: s.areas.length ? s.areas.map((c) => wards.get(c) ?? c).join(', ') : t('directory.wholeArea'),
        })),
      });
    });

    app.get(
      '/organisations/:entryId/edit',
      { config: { access: edit }, schema: { params: orgParams } },
      async (req, reply) => {
        const o = await loadOrg(req, req.params.entryId);
        return renderOrgForm(req, reply, o, { ...o }, emptyErrors());
      },
    );

    app.post(
      '/organisations/:entryId',
      { config: { access: edit }, schema: { params: orgParams } },
      async (req, reply) => {
        const t = tFor(req);
        const o = await loadOrg(req, req.params.entryId);
        const form = parseForm(organisationForm, req.body, t);
        if (!form.ok) return renderOrgForm(req, reply, o, form.values, form.errors, 400);
        try {
          await entries.updateOrganisation(actorOf(req), o.id, form.data);
        } catch (err) {
          return renderOrgForm(req, reply, o, form.data, domainErrors(err, t, 'name'), 400);
        }
        return reply.redirect(`${baseOf(req)}/organisations/${o.id}`, 303);
      },
    );

    app.post(
      '/organisations/:entryId/remove',
      { config: { access: edit }, schema: { params: orgParams } },
      async (req, reply) => {
        const o = await loadOrg(req, req.params.entryId);
        await entries.removeOrganisation(actorOf(req), o.id);
        return reply.redirect(baseOf(req), 303);
      },
    );

    // ---- services ----
    const renderServiceForm = async (
      req: FastifyRequest,
      reply: FastifyReply,
      organisation: { id: string; name: string },
      service: DirectoryService | null,
      values: Record<string, unknown>,
      errors: FormErrors,
      status = 200,
    ) => {
      const t = tFor(req);
      const council = actorOf(req).council;
      const [wards, groups] = await Promise.all([entries.wards(council), entries.groups(council)]);
      const chosen = (v: unknown) => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]).map(String);
      return reply.code(status).render('directory/views/service-form.njk', {
        organisation,
        service,
        values,
        errors,
        base: baseOf(req),
        statuses: SERVICE_STATUSES,
        wardItems: wards.map((w) => ({ value: w.code, text: w.name, checked: chosen(values.areas).includes(w.code) })),
        groupItems: (groups?.categories ?? []).map((g) => ({
          value: g,
          text: groupLabel(t, g),
          checked: chosen(values.serves).includes(g),
        })),
      });
    };

    app.get(
      '/organisations/:entryId/services/new',
      { config: { access: edit }, schema: { params: orgParams } },
      async (req, reply) => {
        const o = await loadOrg(req, req.params.entryId);
        return renderServiceForm(req, reply, o, null, { status: 'active' }, emptyErrors());
      },
    );

    app.post(
      '/organisations/:entryId/services',
      { config: { access: edit }, schema: { params: orgParams } },
      async (req, reply) => {
        const t = tFor(req);
        const o = await loadOrg(req, req.params.entryId);
        const form = parseForm(serviceForm, req.body, t);
        if (!form.ok) return renderServiceForm(req, reply, o, null, form.values, form.errors, 400);
        try {
          await entries.addService(actorOf(req), o.id, serviceFromForm(form.data, null));
        } catch (err) {
          return renderServiceForm(req, reply, o, null, submitted(req), domainErrors(err, t, 'name'), 400);
        }
        return reply.redirect(`${baseOf(req)}/organisations/${o.id}`, 303);
      },
    );

    const loadService = async (req: FastifyRequest, serviceId: string) => {
      const council = actorOf(req).council;
      const orgId = await entries.serviceOrganisation(council, serviceId);
      const o = orgId ? await entries.organisation(council, orgId) : null;
      const s = o?.services.find((x) => x.id === serviceId);
      if (!o || !s) throw notFound();
      return { o, s };
    };

    app.get(
      '/services/:serviceId/edit',
      { config: { access: edit }, schema: { params: serviceParams } },
      async (req, reply) => {
        const { o, s } = await loadService(req, req.params.serviceId);
        return renderServiceForm(req, reply, o, s, serviceValues(s), emptyErrors());
      },
    );

    app.post(
      '/services/:serviceId',
      { config: { access: edit }, schema: { params: serviceParams } },
      async (req, reply) => {
        const t = tFor(req);
        const { o, s } = await loadService(req, req.params.serviceId);
        const form = parseForm(serviceForm, req.body, t);
        if (!form.ok) return renderServiceForm(req, reply, o, s, form.values, form.errors, 400);
        try {
          await entries.updateService(actorOf(req), s.id, serviceFromForm(form.data, s));
        } catch (err) {
          return renderServiceForm(req, reply, o, s, submitted(req), domainErrors(err, t, 'name'), 400);
        }
        return reply.redirect(`${baseOf(req)}/organisations/${o.id}`, 303);
      },
    );

    app.post(
      '/services/:serviceId/remove',
      { config: { access: edit }, schema: { params: serviceParams } },
      async (req, reply) => {
        const { o, s } = await loadService(req, req.params.serviceId);
        await entries.removeService(actorOf(req), s.id);
        return reply.redirect(`${baseOf(req)}/organisations/${o.id}`, 303);
      },
    );

    // ---- import ----
    const importAccess = { config: { access: can('directory.import') } };
    const renderImport = (
      req: FastifyRequest,
      reply: FastifyReply,
      errors: FormErrors,
      done: { organisations: number; services: number } | null,
      status = 200,
      format = 'auto',
    ) => reply.code(status).render('directory/views/import.njk', { errors, done, format, base: baseOf(req) });

    app.get('/import', importAccess, (req, reply) => renderImport(req, reply, emptyErrors(), null));

    app.post('/import', importAccess, async (req, reply) => {
      const t = tFor(req);
      const form = parseForm(importForm, req.body, t);
      if (!form.ok) return renderImport(req, reply, form.errors, null, 400, String(form.values.format ?? 'auto'));
      const result = await entries.importFile(actorOf(req), form.data.file, form.data.format);
      if (!result.ok) {
        const problems: { text: string; href: string }[] =
          result.format === 'csv'
            ? result.problems.map((p) => ({
                text: t('directory.import.errors.line', { line: p.line, message: p.message }),
                href: '#file',
              }))
            : result.problems.map((p) => ({
                text: t('directory.import.errors.problem', { path: p.path || '/', message: p.message }),
                href: '#file',
              }));
        const list = problems.slice(0, 50);
        if (result.problems.length > list.length)
          list.push({
            text: t('directory.import.errors.more', { count: result.problems.length - list.length }),
            href: '#file',
          });
        const errors: FormErrors = {
          list,
          fields: { file: { text: t('directory.import.errors.failed', { count: result.problems.length }) } },
        };
        return renderImport(req, reply, errors, null, 400, form.data.format);
      }
      return renderImport(req, reply, emptyErrors(), result, 200, form.data.format);
    });
  };
}
