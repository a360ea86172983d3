import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { can, ROLES } from '../../kernel/access.ts';
import { addError, emptyErrors, parseForm, type FormErrors } from '../../server/forms.ts';
import { pageFrom, paginationParams } from '../../server/pagination.ts';
import { notFound } from '../../server/errors.ts';
import type { Translate } from '../../i18n/index.ts';
import { DomainError } from './service.ts';
import { ORGANISATION_KINDS } from './repository.ts';
import { tFor } from '../../server/plugins/language.ts';

const uuid = z.string().uuid();
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

function domainErrors(err: unknown, t: Translate, fallbackField: string): FormErrors {
  if (err instanceof DomainError) return addError(emptyErrors(), err.field ?? fallbackField, t(err.key));
  throw err;
}

/** Users, partner organisations and the audit log of one council. Administrators only. */
export default async function adminRoutes(app: FastifyInstance) {
  const admin = app.services.admin;

  // ---- users ----
  app.get('/users', { config: { access: can('users.manage') } }, async (req, reply) => {
    const council = req.council!;
    const page = pageFrom(req.query);
    const { rows, total } = await admin.members(council.id, page, PAGE_SIZE);
    const invitations = await admin.pendingInvitations(council.id);
    return reply.render('admin/views/users.njk', {
      members: rows,
      invitations,
      pagination: paginationParams(`/c/${council.slug}/admin/users`, page, PAGE_SIZE, total),
      invited: (req.query as { invited?: string }).invited === '1',
    });
  });

  const renderInvite = async (
    req: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, unknown>,
    errors: FormErrors,
    status = 200,
  ) => {
    const organisations = await admin.organisations(req.council!.id);
    return reply.code(status).render('admin/views/invite.njk', { values, errors, organisations, roles: ROLES });
  };

  app.get('/users/invite', { config: { access: can('users.manage') } }, (req, reply) =>
    renderInvite(req, reply, {}, emptyErrors()),
  );

  app.post('/users/invite', { config: { access: can('users.manage') } }, async (req, reply) => {
    const t = tFor(req);
    const council = req.council!;
    const form = parseForm(inviteForm, req.body, t);
    if (!form.ok) return renderInvite(req, reply, form.values, form.errors, 400);
    try {
      await admin.invite(
        council.id,
        req.user!.id,
        form.data,
        t('admin.users.inviteEmail.subject', { council: council.name }),
        (link) =>
          t('admin.users.inviteEmail.body', {
            name: form.data.displayName,
            council: council.name,
            link,
            hours: Math.round(app.config.inviteTtlMs / 3_600_000),
          }),
      );
    } catch (err) {
      return renderInvite(req, reply, req.body as Record<string, unknown>, domainErrors(err, t, 'email'), 400);
    }
    return reply.redirect(`/c/${council.slug}/admin/users?invited=1`, 303);
  });

  const loadMember = async (req: FastifyRequest) => {
    const { userId } = req.params as { userId: string };
    if (!uuid.safeParse(userId).success) throw notFound();
    const member = await admin.member(req.council!.id, userId);
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
    const organisations = await admin.organisations(req.council!.id);
    return reply.code(status).render('admin/views/user.njk', { member, values, errors, organisations, roles: ROLES });
  };

  app.get('/users/:userId', { config: { access: can('users.manage') } }, async (req, reply) => {
    const member = await loadMember(req);
    return renderMember(
      req,
      reply,
      member,
      { role: member.role, organisationId: member.organisation_id },
      emptyErrors(),
    );
  });

  app.post('/users/:userId', { config: { access: can('users.manage') } }, async (req, reply) => {
    const t = tFor(req);
    const member = await loadMember(req);
    const form = parseForm(roleForm, req.body, t);
    if (!form.ok) return renderMember(req, reply, member, form.values, form.errors, 400);
    try {
      await admin.changeRole(req.council!.id, req.user!.id, member.user_id, form.data.role, form.data.organisationId);
    } catch (err) {
      return renderMember(req, reply, member, form.data, domainErrors(err, t, 'role'), 400);
    }
    return reply.redirect(`/c/${req.council!.slug}/admin/users`, 303);
  });

  app.post('/users/:userId/remove', { config: { access: can('users.manage') } }, async (req, reply) => {
    const t = tFor(req);
    const member = await loadMember(req);
    try {
      await admin.removeMember(req.council!.id, req.user!.id, member.user_id);
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
    return reply.redirect(`/c/${req.council!.slug}/admin/users`, 303);
  });

  // ---- partner organisations ----
  app.get('/organisations', { config: { access: can('organisations.manage') } }, async (req, reply) => {
    const organisations = await admin.organisations(req.council!.id);
    return reply.render('admin/views/organisations.njk', {
      organisations,
      values: {},
      errors: emptyErrors(),
      kinds: ORGANISATION_KINDS,
    });
  });

  app.post('/organisations', { config: { access: can('organisations.manage') } }, async (req, reply) => {
    const t = tFor(req);
    const form = parseForm(organisationForm, req.body, t);
    const organisations = () => admin.organisations(req.council!.id);
    if (!form.ok) {
      return reply
        .code(400)
        .render('admin/views/organisations.njk', {
          organisations: await organisations(),
          values: form.values,
          errors: form.errors,
          kinds: ORGANISATION_KINDS,
        });
    }
    try {
      await admin.addOrganisation(req.council!.id, req.user!.id, form.data.name, form.data.kind);
    } catch (err) {
      return reply
        .code(400)
        .render('admin/views/organisations.njk', {
          organisations: await organisations(),
          values: form.data,
          errors: domainErrors(err, t, 'name'),
          kinds: ORGANISATION_KINDS,
        });
    }
    return reply.redirect(`/c/${req.council!.slug}/admin/organisations`, 303);
  });

  const loadOrganisation = async (req: FastifyRequest) => {
    const { organisationId } = req.params as { organisationId: string };
    if (!uuid.safeParse(organisationId).success) throw notFound();
    const org = await admin.organisation(req.council!.id, organisationId);
    if (!org) throw notFound();
    return org;
  };

  app.get('/organisations/:organisationId', { config: { access: can('organisations.manage') } }, async (req, reply) => {
    const organisation = await loadOrganisation(req);
    return reply.render('admin/views/organisation.njk', {
      organisation,
      values: organisation,
      errors: emptyErrors(),
      kinds: ORGANISATION_KINDS,
    });
  });

  app.post(
    '/organisations/:organisationId',
    { config: { access: can('organisations.manage') } },
    async (req, reply) => {
      const t = tFor(req);
      const organisation = await loadOrganisation(req);
      const form = parseForm(organisationForm, req.body, t);
      if (!form.ok)
        return reply
          .code(400)
          .render('admin/views/organisation.njk', {
            organisation,
            values: form.values,
            errors: form.errors,
            kinds: ORGANISATION_KINDS,
          });
      try {
        await admin.updateOrganisation(req.council!.id, req.user!.id, organisation.id, form.data.name, form.data.kind);
      } catch (err) {
        return reply
          .code(400)
          .render('admin/views/organisation.njk', {
            organisation,
            values: form.data,
            errors: domainErrors(err, t, 'name'),
            kinds: ORGANISATION_KINDS,
          });
      }
      return reply.redirect(`/c/${req.council!.slug}/admin/organisations`, 303);
    },
  );

  // ---- audit log ----
  app.get('/audit', { config: { access: can('audit.view') } }, async (req, reply) => {
    const council = req.council!;
    const page = pageFrom(req.query);
    const actions = await app.services.audit.actions(council.id);
    const requested = (req.query as { action?: string }).action;
    const action = requested && actions.includes(requested) ? requested : undefined;
    const { rows, total } = await app.services.audit.list(council.id, page, 50, action);
    return reply.render('admin/views/audit.njk', {
      entries: rows,
      actions,
      action,
      pagination: paginationParams(`/c/${council.slug}/admin/audit`, page, 50, total, action ? { action } : {}),
    });
  });
}
