import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Config } from '../../config.ts';
import { can, ROLES } from '../../kernel/access.ts';
import type { LinkRegistry } from '../../kernel/links.ts';
import { domainErrors, emptyErrors, parseForm, type FormErrors } from '../../server/forms.ts';
import { paginationParams } from '../../server/pagination.ts';
import { notFound } from '../../server/errors.ts';
import { actorOf } from '../../server/request.ts';
import { councilParams, pageQuery, uuid, type ZodTypeProvider } from '../../server/schemas.ts';
import { tFor } from '../../server/plugins/language.ts';
import { councilLanguage, translator } from '../../i18n/index.ts';
import type { AuditService } from '../audit/index.ts';
import type { AdminService } from './service.ts';
import { ORGANISATION_KINDS } from './model.ts';
import { invitationRoutes } from './invitation-routes.ts';
import { settingsRoutes } from './settings-routes.ts';
const optionalOrg = z
  .string()
  .optional()
  .transform((v) => (v ? v : null))
  .pipe(z.string().uuid('admin.users.errors.unknownOrganisation').nullable());

const inviteForm = z.object({
  displayName: z.string().trim().min(1, 'admin.users.errors.nameRequired').max(200, 'admin.users.errors.nameTooLong'),
  email: z
    .string()
    .trim()
    .toLowerCase()
    .email('admin.users.errors.emailInvalid')
    .max(320, 'admin.users.errors.emailInvalid'),
  role: z.enum(ROLES, { message: 'admin.users.errors.roleRequired' }),
  organisationId: optionalOrg,
});

const roleForm = z.object({
  role: z.enum(ROLES, { message: 'admin.users.errors.roleRequired' }),
  organisationId: optionalOrg,
});

const organisationForm = z.object({
  name: z
    .string()
    .trim()
    .min(2, 'admin.organisations.errors.nameRequired')
    .max(200, 'admin.organisations.errors.nameTooLong'),
  kind: z.enum(ORGANISATION_KINDS, { message: 'admin.organisations.errors.kindRequired' }),
});

const PAGE_SIZE = 25;
const AUDIT_PAGE_SIZE = 50;

const memberParams = councilParams({ userId: uuid });
const organisationParams = councilParams({ organisationId: uuid });
const usersQuery = z.object({ page: pageQuery, invited: z.string().optional() });
const auditQuery = z.object({ page: pageQuery, action: z.string().max(100).optional() });

export interface AdminRouteDeps {
  admin: AdminService;
  audit: AuditService;
  config: Config;
  /** The link registry: directory entries that link to a partner organisation (its backlinks). */
  links?: Pick<LinkRegistry, 'backlinks'>;
}

/** Users, partner organisations and the audit log of one council (administrators only), and invitation links. */
export function adminRoutes(deps: AdminRouteDeps) {
  return async function routes(app: FastifyInstance) {
    await app.register(staffRoutes(deps), { prefix: '/c/:council/admin' });
    await app.register(settingsRoutes(deps.admin), { prefix: '/c/:council/admin' });
    await app.register(invitationRoutes(deps));
  };
}

function staffRoutes({ admin, audit, config, links }: AdminRouteDeps) {
  return async function routes(base: FastifyInstance) {
    const app = base.withTypeProvider<ZodTypeProvider>();

    // ---- users ----
    app.get(
      '/users',
      { config: { access: can('admin.users') }, schema: { querystring: usersQuery } },
      async (req, reply) => {
        const council = actorOf(req).council;
        const page = req.query.page;
        const { rows, total } = await admin.members(council.id, page, PAGE_SIZE);
        const invitations = await admin.pendingInvitations(council.id);
        return reply.render('admin/views/users.njk', {
          members: rows,
          invitations,
          pagination: paginationParams(`/c/${council.slug}/admin/users`, page, PAGE_SIZE, total),
          invited: req.query.invited === '1',
        });
      },
    );

    const renderInvite = async (
      req: FastifyRequest,
      reply: FastifyReply,
      values: Record<string, unknown>,
      errors: FormErrors,
      status = 200,
    ) => {
      const organisations = await admin.organisations(actorOf(req).council.id);
      return reply.code(status).render('admin/views/invite.njk', { values, errors, organisations, roles: ROLES });
    };

    app.get('/users/invite', { config: { access: can('admin.users') } }, (req, reply) =>
      renderInvite(req, reply, {}, emptyErrors()),
    );

    app.post('/users/invite', { config: { access: can('admin.users') } }, async (req, reply) => {
      const t = tFor(req);
      const actor = actorOf(req);
      const council = actor.council;
      const form = parseForm(inviteForm, req.body, t);
      if (!form.ok) return renderInvite(req, reply, form.values, form.errors, 400);
      // The invitee's language is not known yet: the invitation is in the council's.
      const mail = translator(councilLanguage(council));
      try {
        await admin.invite(
          actor,
          form.data,
          mail('admin.users.inviteEmail.subject', { council: council.name }),
          (link) =>
            mail('admin.users.inviteEmail.body', {
              name: form.data.displayName,
              council: council.name,
              link,
              hours: Math.round(config.inviteTtlMs / 3_600_000),
            }),
        );
      } catch (err) {
        return renderInvite(req, reply, form.data, domainErrors(err, t, 'email'), 400);
      }
      return reply.redirect(`/c/${council.slug}/admin/users?invited=1`, 303);
    });

    const loadMember = async (councilId: string, userId: string) => {
      const member = await admin.member(councilId, userId);
      if (!member) throw notFound();
      return member;
    };

    const renderMember = async (
      req: FastifyRequest,
      reply: FastifyReply,
      member: unknown,
      values: Record<string, unknown>,
      errors: FormErrors,
      status = 200,
    ) => {
      const organisations = await admin.organisations(actorOf(req).council.id);
      return reply.code(status).render('admin/views/user.njk', { member, values, errors, organisations, roles: ROLES });
    };

    app.get(
      '/users/:userId',
      { config: { access: can('admin.users') }, schema: { params: memberParams } },
      async (req, reply) => {
        const member = await loadMember(actorOf(req).council.id, req.params.userId);
        return renderMember(
          req,
          reply,
          member,
          { role: member.role, organisationId: member.organisation_id },
          emptyErrors(),
        );
      },
    );

    app.post(
      '/users/:userId',
      { config: { access: can('admin.users') }, schema: { params: memberParams } },
      async (req, reply) => {
        const t = tFor(req);
        const member = await loadMember(actorOf(req).council.id, req.params.userId);
        const form = parseForm(roleForm, req.body, t);
        if (!form.ok) return renderMember(req, reply, member, form.values, form.errors, 400);
        try {
          await admin.changeRole(actorOf(req), member.user_id, form.data.role, form.data.organisationId);
        } catch (err) {
          return renderMember(req, reply, member, form.data, domainErrors(err, t, 'role'), 400);
        }
        return reply.redirect(`/c/${actorOf(req).council.slug}/admin/users`, 303);
      },
    );

    app.post(
      '/users/:userId/remove',
      { config: { access: can('admin.users') }, schema: { params: memberParams } },
      async (req, reply) => {
        const t = tFor(req);
        const member = await loadMember(actorOf(req).council.id, req.params.userId);
        try {
          await admin.removeMember(actorOf(req), member.user_id);
        } catch (err) {
          return renderMember(
            req,
            reply,
            member,
            { role: member.role, organisationId: member.organisation_id },
            domainErrors(err, t, 'role'),
            400,
          );
        }
        return reply.redirect(`/c/${actorOf(req).council.slug}/admin/users`, 303);
      },
    );

    // ---- partner organisations ----
    app.get('/organisations', { config: { access: can('admin.organisations') } }, async (req, reply) => {
      const organisations = await admin.organisations(actorOf(req).council.id);
      return reply.render('admin/views/organisations.njk', {
        organisations,
        values: {},
        errors: emptyErrors(),
        kinds: ORGANISATION_KINDS,
      });
    });

    app.post('/organisations', { config: { access: can('admin.organisations') } }, async (req, reply) => {
      const t = tFor(req);
      const form = parseForm(organisationForm, req.body, t);
      const organisations = () => admin.organisations(actorOf(req).council.id);
      if (!form.ok) {
        return reply.code(400).render('admin/views/organisations.njk', {
          organisations: await organisations(),
          values: form.values,
          errors: form.errors,
          kinds: ORGANISATION_KINDS,
        });
      }
      try {
        await admin.addOrganisation(actorOf(req), form.data.name, form.data.kind);
      } catch (err) {
        return reply.code(400).render('admin/views/organisations.njk', {
          organisations: await organisations(),
          values: form.data,
          errors: domainErrors(err, t, 'name'),
          kinds: ORGANISATION_KINDS,
        });
      }
      return reply.redirect(`/c/${actorOf(req).council.slug}/admin/organisations`, 303);
    });

    const loadOrganisation = async (councilId: string, organisationId: string) => {
      const org = await admin.organisation(councilId, organisationId);
      if (!org) throw notFound();
      return org;
    };
    /** Directory entries linked to the organisation (kind `directory.organisation`), as the actor may see them. */
    const linkedEntries = async (req: FastifyRequest, organisationId: string) =>
      links
        ? (await links.backlinks(actorOf(req), { kind: 'admin.organisation', id: organisationId })).filter(
            (l) => l.kind === 'directory.organisation',
          )
        : [];

    app.get(
      '/organisations/:organisationId',
      { config: { access: can('admin.organisations') }, schema: { params: organisationParams } },
      async (req, reply) => {
        const organisation = await loadOrganisation(actorOf(req).council.id, req.params.organisationId);
        return reply.render('admin/views/organisation.njk', {
          organisation,
          linked: await linkedEntries(req, organisation.id),
          values: organisation,
          errors: emptyErrors(),
          kinds: ORGANISATION_KINDS,
        });
      },
    );

    app.post(
      '/organisations/:organisationId',
      { config: { access: can('admin.organisations') }, schema: { params: organisationParams } },
      async (req, reply) => {
        const t = tFor(req);
        const organisation = await loadOrganisation(actorOf(req).council.id, req.params.organisationId);
        const form = parseForm(organisationForm, req.body, t);
        if (!form.ok)
          return reply.code(400).render('admin/views/organisation.njk', {
            organisation,
            linked: await linkedEntries(req, organisation.id),
            values: form.values,
            errors: form.errors,
            kinds: ORGANISATION_KINDS,
          });
        try {
          await admin.updateOrganisation(actorOf(req), organisation.id, form.data.name, form.data.kind);
        } catch (err) {
          return reply.code(400).render('admin/views/organisation.njk', {
            organisation,
            linked: await linkedEntries(req, organisation.id),
            values: form.data,
            errors: domainErrors(err, t, 'name'),
            kinds: ORGANISATION_KINDS,
          });
        }
        return reply.redirect(`/c/${actorOf(req).council.slug}/admin/organisations`, 303);
      },
    );

    // ---- audit log ----
    app.get(
      '/audit',
      { config: { access: can('audit.view') }, schema: { querystring: auditQuery } },
      async (req, reply) => {
        const council = actorOf(req).council;
        const page = req.query.page;
        const actions = await audit.actions(council.id);
        const requested = req.query.action;
        const action = requested && actions.includes(requested) ? requested : undefined;
        const { rows, total } = await audit.list(council.id, page, AUDIT_PAGE_SIZE, action);
        return reply.render('admin/views/audit.njk', {
          entries: rows,
          actions,
          action,
          pagination: paginationParams(
            `/c/${council.slug}/admin/audit`,
            page,
            AUDIT_PAGE_SIZE,
            total,
            action ? { action } : {},
          ),
        });
      },
    );
  };
}
