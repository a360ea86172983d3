/** Staff pages of plans: the list, a new plan, a plan's page and settings, domains, outcomes, measures, clusters. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorCan, can } from '../../../kernel/access.ts';
import { notFound } from '../../../server/errors.ts';
import { domainErrors, emptyErrors, parseForm, type FormErrors } from '../../../server/forms.ts';
import { tFor } from '../../../server/plugins/language.ts';
import { actorOf } from '../../../server/request.ts';
import type { ZodTypeProvider } from '../../../server/schemas.ts';
import { measureFigure, measureRows, pct, planTree, statusTag } from '../present.ts';
import { bodyValues, plansBase, prefixErrors, withDetailText, type PlansRouteDeps } from './common.ts';
import {
  clusterForm,
  copyForm,
  domainForm,
  domainParams,
  measureForm,
  measureParams,
  newPlanForm,
  outcomeParams,
  overrideForm,
  planForm,
  planParams,
} from './forms.ts';

export function staffRoutes({ services, links }: PlansRouteDeps) {
  const { plans, measures, actions } = services;
  return async function routes(base: FastifyInstance) {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const view = can('plans.view');
    const edit = can('plans.edit');

    const renderList = async (
      req: FastifyRequest,
      reply: FastifyReply,
      values: object,
      errors: FormErrors,
      status = 200,
    ) => {
      const council = actorOf(req).council;
      const [list, clusters, wards] = await Promise.all([
        plans.list(council),
        plans.clusters(council),
        plans.wards(council),
      ]);
      return reply.code(status).render('plans/views/plans.njk', { plans: list, clusters, wards, values, errors });
    };

    // Everyone in the council with a plans permission reaches /plans; partners go on to their actions.
    app.get('/', { config: { access: can('plans.actions') } }, async (req, reply) => {
      const actor = actorOf(req);
      if (!actorCan(actor, 'plans.view')) return reply.redirect(`${plansBase(actor)}/actions`, 303);
      return renderList(req, reply, {}, emptyErrors());
    });

    app.post('/clusters', { config: { access: edit } }, async (req, reply) => {
      const t = tFor(req);
      const form = parseForm(clusterForm, req.body, t);
      if (!form.ok) return renderList(req, reply, form.values, form.errors, 400);
      try {
        await plans.addCluster(actorOf(req), form.data.name, form.data.wards);
      } catch (err) {
        return renderList(req, reply, bodyValues(req), domainErrors(err, t, 'name'), 400);
      }
      return reply.redirect(plansBase(actorOf(req)), 303);
    });

    const renderNew = (reply: FastifyReply, values: object, errors: FormErrors, status = 200) =>
      reply.code(status).render('plans/views/plan-new.njk', { values, errors });

    app.get('/new', { config: { access: edit } }, async (_req, reply) =>
      renderNew(reply, { template: 'cantle' }, emptyErrors()),
    );

    app.post('/new', { config: { access: edit } }, async (req, reply) => {
      const t = tFor(req);
      const form = parseForm(newPlanForm, req.body, t);
      if (!form.ok) return renderNew(reply, form.values, form.errors, 400);
      const { template, ...p } = form.data;
      let id: string;
      try {
        id = await plans.create(actorOf(req), p, template ? t : null);
      } catch (err) {
        return renderNew(reply, bodyValues(req), domainErrors(err, t, 'title'), 400);
      }
      return reply.redirect(`${plansBase(actorOf(req))}/${id}`, 303);
    });

    const renderPlan = async (
      req: FastifyRequest,
      reply: FastifyReply,
      planId: string,
      forms: { values?: Record<string, unknown>; errors?: FormErrors; form?: string } = {},
      status = 200,
    ) => {
      const actor = actorOf(req);
      const s = await plans.structure(actor.council, planId);
      if (!s) throw notFound();
      const tree = planTree(s);
      return reply.code(status).render('plans/views/plan.njk', {
        ...s,
        tree,
        pct,
        changes: await plans.changes(actor.council, planId),
        values: forms.values ?? {},
        errors: prefixErrors(forms.errors ?? emptyErrors(), forms.form),
        form: forms.form ?? null,
      });
    };

    app.get('/:planId', { config: { access: view }, schema: { params: planParams } }, async (req, reply) =>
      renderPlan(req, reply, req.params.planId),
    );

    app.post('/:planId', { config: { access: edit }, schema: { params: planParams } }, async (req, reply) => {
      const t = tFor(req);
      const form = parseForm(planForm, req.body, t);
      if (!form.ok) return renderPlan(req, reply, req.params.planId, { ...form, form: 'settings' }, 400);
      try {
        await plans.update(actorOf(req), req.params.planId, form.data);
      } catch (err) {
        const errors = domainErrors(err, t, 'title');
        return renderPlan(req, reply, req.params.planId, { values: bodyValues(req), errors, form: 'settings' }, 400);
      }
      return reply.redirect(`${plansBase(actorOf(req))}/${req.params.planId}`, 303);
    });

    app.post('/:planId/copy', { config: { access: edit }, schema: { params: planParams } }, async (req, reply) => {
      const t = tFor(req);
      const form = parseForm(copyForm, req.body, t);
      if (!form.ok) return renderPlan(req, reply, req.params.planId, { ...form, form: 'copy' }, 400);
      let id: string;
      try {
        id = await plans.copyForward(actorOf(req), req.params.planId, form.data);
      } catch (err) {
        const errors = domainErrors(err, t, 'title');
        return renderPlan(req, reply, req.params.planId, { values: bodyValues(req), errors, form: 'copy' }, 400);
      }
      return reply.redirect(`${plansBase(actorOf(req))}/${id}`, 303);
    });

    app.post('/:planId/domains', { config: { access: edit }, schema: { params: planParams } }, async (req, reply) => {
      const t = tFor(req);
      const form = parseForm(domainForm, req.body, t);
      if (!form.ok) return renderPlan(req, reply, req.params.planId, { ...form, form: 'domain' }, 400);
      try {
        await plans.addDomain(actorOf(req), req.params.planId, form.data);
      } catch (err) {
        const errors = domainErrors(err, t, 'title');
        return renderPlan(req, reply, req.params.planId, { values: bodyValues(req), errors, form: 'domain' }, 400);
      }
      return reply.redirect(`${plansBase(actorOf(req))}/${req.params.planId}`, 303);
    });

    const loadDomain = async (req: FastifyRequest, domainId: string) => {
      const domain = await plans.domain(actorOf(req).council, domainId);
      if (!domain) throw notFound();
      return domain;
    };

    app.post(
      '/domains/:domainId',
      { config: { access: edit }, schema: { params: domainParams } },
      async (req, reply) => {
        const t = tFor(req);
        const domain = await loadDomain(req, req.params.domainId);
        const form = parseForm(domainForm, req.body, t);
        if (!form.ok) return renderPlan(req, reply, domain.plan_id, { ...form, form: `domain-${domain.id}` }, 400);
        await plans.editDomain(actorOf(req), domain.id, form.data);
        return reply.redirect(`${plansBase(actorOf(req))}/${domain.plan_id}`, 303);
      },
    );

    app.post(
      '/domains/:domainId/outcomes',
      { config: { access: edit }, schema: { params: domainParams } },
      async (req, reply) => {
        const t = tFor(req);
        const domain = await loadDomain(req, req.params.domainId);
        const form = parseForm(domainForm, req.body, t);
        if (!form.ok) return renderPlan(req, reply, domain.plan_id, { ...form, form: `outcome-${domain.id}` }, 400);
        const id = await plans.addOutcome(actorOf(req), domain.id, form.data);
        return reply.redirect(`${plansBase(actorOf(req))}/outcomes/${id}`, 303);
      },
    );

    const renderOutcome = async (
      req: FastifyRequest,
      reply: FastifyReply,
      outcomeId: string,
      forms: { values?: Record<string, unknown>; errors?: FormErrors; form?: string } = {},
      status = 200,
    ) => {
      const actor = actorOf(req);
      const t = tFor(req);
      const outcome = await plans.outcome(actor.council, outcomeId);
      if (!outcome) throw notFound();
      const s = await plans.structure(actor.council, outcome.plan_id);
      if (!s) throw notFound();
      const views = await Promise.all(
        s.measures.filter((m) => m.outcome_id === outcome.id).map((m) => measures.assess(actor.council, s.plan, m)),
      );
      const ref = { kind: 'plan.outcome', id: outcome.id };
      const [indicators, wards, clusters, backlinks] = await Promise.all([
        services.measures.indicators(actor.council),
        plans.wards(actor.council),
        plans.clusters(actor.council),
        links.backlinks(actor, ref),
      ]);
      return reply.code(status).render('plans/views/outcome.njk', {
        plan: s.plan,
        outcome,
        domain: s.domains.find((d) => d.id === outcome.domain_id),
        actions: (await actions.list(actor, s.plan.id)).filter((a) => a.outcome_id === outcome.id),
        measures: views.map((v) => ({
          view: v,
          tag: statusTag(v.status, t),
          automaticTag: statusTag(v.automatic, t),
          rows: measureRows(v, t),
          figures: v.areas.map((a) => measureFigure(v, a, t)).filter((f) => f !== null),
        })),
        indicators,
        wards,
        clusters,
        backlinks: withDetailText(backlinks, t),
        offered: links.actionsFrom(actor, ref),
        values: forms.values ?? {},
        errors: prefixErrors(forms.errors ?? emptyErrors(), forms.form),
        form: forms.form ?? null,
      });
    };

    app.get(
      '/outcomes/:outcomeId',
      { config: { access: view }, schema: { params: outcomeParams } },
      async (req, reply) => renderOutcome(req, reply, req.params.outcomeId),
    );

    app.post(
      '/outcomes/:outcomeId/measures',
      { config: { access: edit }, schema: { params: outcomeParams } },
      async (req, reply) => {
        const t = tFor(req);
        const form = parseForm(measureForm, req.body, t);
        if (!form.ok) return renderOutcome(req, reply, req.params.outcomeId, { ...form, form: 'measure' }, 400);
        try {
          await measures.add(actorOf(req), req.params.outcomeId, form.data);
        } catch (err) {
          const errors = domainErrors(err, t, 'indicatorCode');
          return renderOutcome(
            req,
            reply,
            req.params.outcomeId,
            { values: bodyValues(req), errors, form: 'measure' },
            400,
          );
        }
        return reply.redirect(`${plansBase(actorOf(req))}/outcomes/${req.params.outcomeId}`, 303);
      },
    );

    app.post(
      '/measures/:measureId/override',
      { config: { access: edit }, schema: { params: measureParams } },
      async (req, reply) => {
        const t = tFor(req);
        const m = await measures.measure(actorOf(req).council, req.params.measureId);
        if (!m) throw notFound();
        const form = parseForm(overrideForm, req.body, t);
        if (!form.ok) return renderOutcome(req, reply, m.outcome_id, { ...form, form: `override-${m.id}` }, 400);
        try {
          await measures.override(actorOf(req), m.id, form.data.status, form.data.reason);
        } catch (err) {
          const errors = domainErrors(err, t, 'reason');
          return renderOutcome(
            req,
            reply,
            m.outcome_id,
            { values: bodyValues(req), errors, form: `override-${m.id}` },
            400,
          );
        }
        return reply.redirect(`${plansBase(actorOf(req))}/outcomes/${m.outcome_id}#measure-${m.id}`, 303);
      },
    );
  };
}
