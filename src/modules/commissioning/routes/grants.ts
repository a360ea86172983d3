/** Staff and partner pages: grants, a grant with its links, measures and returns, the grant form, returns. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actorCan } from '../../../kernel/access.ts';
import { formatLinkRef, parseLinkRef, type LinkRef } from '../../../kernel/links.ts';
import { domainErrors, emptyErrors, parseForm, type FormErrors } from '../../../server/forms.ts';
import { notFound } from '../../../server/errors.ts';
import { tFor } from '../../../server/plugins/language.ts';
import { actorOf } from '../../../server/request.ts';
import type { ZodTypeProvider } from '../../../server/schemas.ts';
import type { GrantInput, GrantRow } from '../model.ts';
import { wardsOfCouncil } from '../present.ts';
import { grantForm, measureForm, returnForm } from './forms.ts';
import {
  base,
  edit,
  grantParams,
  grantsView,
  optionalQuery,
  returnsAccess,
  valuesOf,
  type CommissioningRouteDeps,
} from './shared.ts';

const LINK = /^[a-z][a-z0-9_.-]{0,63}:[A-Za-z0-9_.@~-]{1,128}$/;
const listQuery = z.object({
  // A programme id; anything that is not a UUID (36 dashes, say, which the database cannot cast) is ignored.
  programme: z.string().uuid().optional().catch(undefined),
  link: optionalQuery(LINK),
});
const newQuery = z.object({ link: optionalQuery(LINK) });
const savedQuery = z.object({ saved: optionalQuery(/^(grant|measure|return)$/) });

export function grantPages({ services, links }: CommissioningRouteDeps) {
  return async function routes(root: FastifyInstance) {
    const app = root.withTypeProvider<ZodTypeProvider>();

    app.get('/grants', { config: grantsView, schema: { querystring: listQuery } }, async (req, reply) => {
      const actor = actorOf(req);
      const link = parseLinkRef(req.query.link);
      const [grants, linked] = await Promise.all([
        services.grants.list(actor, { programmeId: req.query.programme ?? null, link }),
        link ? links.resolve(actor, [link]) : Promise.resolve([]),
      ]);
      const total = grants.filter((g) => g.status !== 'withdrawn').reduce((s, g) => s + g.amount, 0);
      return reply.render('commissioning/views/grants.njk', { grants, total, linked: linked[0] ?? null });
    });

    /** The pickers of the grant form: programmes, recipients, wards, plan outcomes and plans (via the registry). */
    const renderForm = async (
      req: FastifyRequest,
      reply: FastifyReply,
      grant: GrantRow | null,
      values: Record<string, unknown>,
      errors: FormErrors,
      status = 200,
    ) => {
      const actor = actorOf(req);
      const [programmes, recipients, wards, outcomes, plans] = await Promise.all([
        services.programmes.list(actor.council),
        services.grants.recipients(actor.council),
        wardsOfCouncil(services, actor.council),
        links.options(actor, 'plan.outcome'),
        links.options(actor, 'plan'),
      ]);
      return reply.code(status).render('commissioning/views/grant-form.njk', {
        grant,
        values,
        errors,
        programmes,
        recipients,
        wards,
        outcomes,
        plans,
      });
    };

    const inputOf = (data: z.infer<typeof grantForm>): GrantInput => ({
      programmeId: data.programmeId ?? null,
      recipientId: data.recipientId,
      title: data.title,
      description: data.description,
      amount: data.amount,
      awardDate: data.awardDate,
      plannedStart: data.plannedStart ?? null,
      plannedEnd: data.plannedEnd ?? null,
      areas: data.areas,
      status: data.status,
      links: [
        ...data.outcomes.map((id) => ({ kind: 'plan.outcome', id })),
        ...(data.plan ? [{ kind: 'plan', id: data.plan }] : []),
      ],
    });

    app.get('/grants/new', { config: edit, schema: { querystring: newQuery } }, async (req, reply) => {
      const link = parseLinkRef(req.query.link);
      const values: Record<string, unknown> = {
        awardDate: new Date().toISOString().slice(0, 10),
        areas: [],
        outcomes: link?.kind === 'plan.outcome' ? [link.id] : [],
        plan: link?.kind === 'plan' ? link.id : '',
      };
      return renderForm(req, reply, null, values, emptyErrors());
    });

    app.post('/grants/new', { config: edit }, async (req, reply) => {
      const t = tFor(req);
      const form = parseForm(grantForm, req.body, t);
      if (!form.ok) return renderForm(req, reply, null, form.values, form.errors, 400);
      try {
        const id = await services.grants.create(actorOf(req), inputOf(form.data));
        return reply.redirect(`${base(req)}/grants/${id}?saved=grant`, 303);
      } catch (err) {
        return renderForm(req, reply, null, valuesOf(req.body), domainErrors(err, t, 'title'), 400);
      }
    });

    const renderGrant = async (
      req: FastifyRequest,
      reply: FastifyReply,
      grantId: string,
      extra: { saved?: string; values?: Record<string, unknown>; errors?: FormErrors; form?: string },
      status = 200,
    ) => {
      const actor = actorOf(req);
      const detail = await services.grants.detail(actor, grantId);
      if (!detail) throw notFound();
      const self = { kind: 'commissioning.grant', id: grantId };
      const backlinks = await links.backlinks(actor, self);
      const actions = links.actionsFrom(actor, self);
      const wards = await wardsOfCouncil(services, actor.council);
      const wardNames = Object.fromEntries(wards.map((w) => [w.code, w.name]));
      return reply.code(status).render('commissioning/views/grant.njk', {
        ...detail,
        backlinks,
        actions,
        wardNames,
        saved: extra.saved,
        values: extra.values ?? {},
        errors: extra.errors ?? emptyErrors(),
        form: extra.form,
        canReturn: actorCan(actor, 'commissioning.returns'),
        formatRef: formatLinkRef,
      });
    };

    app.get(
      '/grants/:grantId',
      { config: grantsView, schema: { params: grantParams, querystring: savedQuery } },
      async (req, reply) => renderGrant(req, reply, req.params.grantId, { saved: req.query.saved }),
    );

    const loadGrant = async (req: FastifyRequest, id: string) => {
      const g = await services.grants.get(actorOf(req), id);
      if (!g) throw notFound();
      return g;
    };

    app.get('/grants/:grantId/edit', { config: edit, schema: { params: grantParams } }, async (req, reply) => {
      const g = await loadGrant(req, req.params.grantId);
      const stored = (await services.grants.linksOf(actorOf(req).council, [g.id])).get(g.id) ?? [];
      const values = {
        programmeId: g.programme_id ?? '',
        recipientId: g.recipient_id,
        title: g.title,
        description: g.description,
        amount: g.amount.toFixed(2),
        awardDate: g.award_date,
        plannedStart: g.planned_start ?? '',
        plannedEnd: g.planned_end ?? '',
        areas: g.areas,
        status: g.status,
        outcomes: stored.filter((l: LinkRef) => l.kind === 'plan.outcome').map((l) => l.id),
        plan: stored.find((l: LinkRef) => l.kind === 'plan')?.id ?? '',
      };
      return renderForm(req, reply, g, values, emptyErrors());
    });

    app.post('/grants/:grantId/edit', { config: edit, schema: { params: grantParams } }, async (req, reply) => {
      const t = tFor(req);
      const g = await loadGrant(req, req.params.grantId);
      const form = parseForm(grantForm, req.body, t);
      if (!form.ok) return renderForm(req, reply, g, form.values, form.errors, 400);
      try {
        await services.grants.update(actorOf(req), g.id, inputOf(form.data));
        return reply.redirect(`${base(req)}/grants/${g.id}?saved=grant`, 303);
      } catch (err) {
        return renderForm(req, reply, g, valuesOf(req.body), domainErrors(err, t, 'title'), 400);
      }
    });

    app.post('/grants/:grantId/measures', { config: edit, schema: { params: grantParams } }, async (req, reply) => {
      const t = tFor(req);
      const g = await loadGrant(req, req.params.grantId);
      const form = parseForm(measureForm, req.body, t);
      if (!form.ok)
        return renderGrant(req, reply, g.id, { values: form.values, errors: form.errors, form: 'measure' }, 400);
      try {
        await services.grants.addMeasure(actorOf(req), g.id, { ...form.data, target: form.data.target ?? null });
        return reply.redirect(`${base(req)}/grants/${g.id}?saved=measure#measures`, 303);
      } catch (err) {
        const errors = domainErrors(err, t, 'name');
        return renderGrant(req, reply, g.id, { values: valuesOf(req.body), errors, form: 'measure' }, 400);
      }
    });

    app.post(
      '/grants/:grantId/returns',
      { config: returnsAccess, schema: { params: grantParams } },
      async (req, reply) => {
        const t = tFor(req);
        const g = await loadGrant(req, req.params.grantId);
        const form = parseForm(returnForm, req.body, t);
        if (!form.ok)
          return renderGrant(req, reply, g.id, { values: form.values, errors: form.errors, form: 'return' }, 400);
        try {
          await services.grants.submitReturn(actorOf(req), g.id, form.data);
          return reply.redirect(`${base(req)}/grants/${g.id}?saved=return#returns`, 303);
        } catch (err) {
          const errors = domainErrors(err, t, 'value');
          return renderGrant(req, reply, g.id, { values: valuesOf(req.body), errors, form: 'return' }, 400);
        }
      },
    );
  };
}
