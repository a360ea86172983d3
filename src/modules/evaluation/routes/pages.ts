/** The evaluation list, starting one (from a linked record or not), its overview, design, theory and plan. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { storedMarked } from '../../../i18n/index.ts';
import { can } from '../../../kernel/access.ts';
import { formatLinkRef, parseLinkRef, type LinkRef } from '../../../kernel/links.ts';
import { domainErrors, emptyErrors, parseForm, type FormErrors } from '../../../server/forms.ts';
import { notFound } from '../../../server/errors.ts';
import { tFor } from '../../../server/plugins/language.ts';
import { actorOf } from '../../../server/request.ts';
import type { ZodTypeProvider } from '../../../server/schemas.ts';
import { DESIGNS, OUTCOME_ITEMS, THEORY_STAGES, evaluationReference, type EvaluationRow } from '../model.ts';
import { theorySvg } from '../present/charts.ts';
import { powerSentence } from '../present/results.ts';
import type { EvaluationServices } from '../services/index.ts';
import { designForm, evaluationParams, newQuery, planForm, savedQuery, theoryForm } from './forms.ts';

export const view = { access: can('evaluation.view') };
export const manage = { access: can('evaluation.manage') };
export const base = (req: FastifyRequest) => `/c/${actorOf(req).council.slug}/evaluations`;

export async function load(services: EvaluationServices, req: FastifyRequest, id: string): Promise<EvaluationRow> {
  const e = await services.evaluations.get(actorOf(req).council, id);
  if (!e) throw notFound();
  return e;
}

const valuesOf = (body: unknown): Record<string, unknown> => (body && typeof body === 'object' ? { ...body } : {});

export function evaluationPages(services: EvaluationServices) {
  const { evaluations } = services;
  return async function routes(root: FastifyInstance) {
    const app = root.withTypeProvider<ZodTypeProvider>();

    app.get('', { config: view }, async (req, reply) =>
      reply.render('evaluation/views/list.njk', { evaluations: await evaluations.list(actorOf(req).council) }),
    );

    const renderDesign = async (
      req: FastifyRequest,
      reply: FastifyReply,
      e: EvaluationRow | null,
      values: Record<string, unknown>,
      errors: FormErrors,
      status = 200,
    ) => {
      const actor = actorOf(req);
      const linkRef = parseLinkRef(typeof values.link === 'string' ? values.link : null);
      const [linked] = linkRef ? await evaluations.links(actor, { links: [linkRef] }) : [];
      return reply.code(status).render('evaluation/views/design.njk', {
        evaluation: e,
        values,
        errors,
        designs: DESIGNS,
        outcomes: OUTCOME_ITEMS,
        linked: linked ?? null,
        linkRef: linkRef ? formatLinkRef(linkRef) : '',
        linkOptions: await evaluations.linkOptions(actor),
      });
    };

    app.get('/new', { config: manage, schema: { querystring: newQuery } }, (req, reply) =>
      renderDesign(req, reply, null, { link: req.query.link ?? '', design: 'matched-did' }, emptyErrors()),
    );

    app.post('/new', { config: manage }, async (req, reply) => {
      const t = tFor(req);
      const form = parseForm(designForm, req.body, t);
      if (!form.ok) return renderDesign(req, reply, null, form.values, form.errors, 400);
      try {
        const links: LinkRef[] = form.data.link ? [form.data.link] : [];
        const id = await evaluations.create(actorOf(req), { ...form.data, links });
        return reply.redirect(`${base(req)}/${id}/theory`, 303);
      } catch (err) {
        return renderDesign(req, reply, null, valuesOf(req.body), domainErrors(err, t, 'title'), 400);
      }
    });

    app.get('/:evaluationId', { config: view, schema: { params: evaluationParams } }, async (req, reply) => {
      const e = await load(services, req, req.params.evaluationId);
      const actor = actorOf(req);
      return reply.render('evaluation/views/evaluation.njk', {
        evaluation: e,
        reference: evaluationReference(e.id),
        links: await evaluations.links(actor, e),
        power: powerSentence(e, tFor(req)),
      });
    });

    app.get('/:evaluationId/design', { config: manage, schema: { params: evaluationParams } }, async (req, reply) => {
      const e = await load(services, req, req.params.evaluationId);
      return renderDesign(
        req,
        reply,
        e,
        {
          title: e.title,
          summary: e.summary,
          design: e.design,
          outcomeCode: e.outcome_code,
          link: e.links[0] ? formatLinkRef(e.links[0]) : '',
        },
        emptyErrors(),
      );
    });

    app.post('/:evaluationId/design', { config: manage, schema: { params: evaluationParams } }, async (req, reply) => {
      const t = tFor(req);
      const e = await load(services, req, req.params.evaluationId);
      const form = parseForm(designForm, req.body, t);
      if (!form.ok) return renderDesign(req, reply, e, form.values, form.errors, 400);
      try {
        await evaluations.updateDesign(actorOf(req), e.id, {
          ...form.data,
          links: form.data.link ? [form.data.link] : [],
        });
      } catch (err) {
        return renderDesign(req, reply, e, valuesOf(req.body), domainErrors(err, t, 'title'), 400);
      }
      return reply.redirect(`${base(req)}/${e.id}`, 303);
    });

    /** The language the council's staff write in (its contentLanguage setting; English unless set). */
    const writtenIn = (req: FastifyRequest) => (actorOf(req).council.settings?.contentLanguage === 'cy' ? 'cy' : 'en');
    const renderTheory = (
      req: FastifyRequest,
      reply: FastifyReply,
      e: EvaluationRow,
      values: Record<string, unknown>,
      errors: FormErrors,
      status = 200,
      saved = false,
    ) => {
      const t = tFor(req);
      const labels = Object.fromEntries(
        [...THEORY_STAGES, 'assumptions'].map((s) => [s, t(`evaluation.theory.stages.${s}`)]),
      );
      const filled = THEORY_STAGES.some((s) => (e.theory[s] ?? []).length > 0);
      return reply.code(status).render('evaluation/views/theory.njk', {
        evaluation: e,
        saved,
        values,
        errors,
        stages: [...THEORY_STAGES, 'assumptions'],
        svg: filled
          ? theorySvg(
              e.theory,
              labels,
              t('evaluation.theory.diagramTitle', { title: storedMarked(e.title, t) }),
              t('evaluation.theory.diagramDesc'),
              writtenIn(req) === req.lang ? undefined : writtenIn(req),
            )
          : null,
      });
    };
    const theoryValues = (e: EvaluationRow) =>
      Object.fromEntries([...THEORY_STAGES, 'assumptions' as const].map((s) => [s, (e.theory[s] ?? []).join('\n')]));

    app.get(
      '/:evaluationId/theory',
      { config: view, schema: { params: evaluationParams, querystring: savedQuery } },
      async (req, reply) => {
        const e = await load(services, req, req.params.evaluationId);
        return renderTheory(req, reply, e, theoryValues(e), emptyErrors(), 200, req.query.saved === '1');
      },
    );

    app.post('/:evaluationId/theory', { config: manage, schema: { params: evaluationParams } }, async (req, reply) => {
      const t = tFor(req);
      const e = await load(services, req, req.params.evaluationId);
      const form = parseForm(theoryForm, req.body, t);
      if (!form.ok) return renderTheory(req, reply, e, form.values, form.errors, 400);
      try {
        await evaluations.setTheory(actorOf(req), e.id, form.data);
      } catch (err) {
        return renderTheory(req, reply, e, valuesOf(req.body), domainErrors(err, t, 'inputs'), 400);
      }
      return reply.redirect(`${base(req)}/${e.id}/theory?saved=1`, 303);
    });

    const renderPlan = async (
      req: FastifyRequest,
      reply: FastifyReply,
      e: EvaluationRow,
      values: Record<string, unknown>,
      errors: FormErrors,
      status = 200,
      saved = false,
    ) => {
      const council = actorOf(req).council;
      const surveys = await evaluations.surveyWaves(council);
      return reply.code(status).render('evaluation/views/plan.njk', {
        evaluation: e,
        saved,
        values,
        errors,
        waves: surveys,
        wards: await evaluations.wards(council),
        power: powerSentence(e, tFor(req)),
      });
    };
    const planValues = (e: EvaluationRow) => ({
      ...e.plan,
      questions: (e.plan.questions ?? []).join('\n'),
      dataSources: (e.plan.dataSources ?? []).join('\n'),
      independentReplication: e.plan.independentReplication ? 'yes' : '',
    });

    app.get(
      '/:evaluationId/plan',
      { config: view, schema: { params: evaluationParams, querystring: savedQuery } },
      async (req, reply) => {
        const e = await load(services, req, req.params.evaluationId);
        return renderPlan(req, reply, e, planValues(e), emptyErrors(), 200, req.query.saved === '1');
      },
    );

    app.post('/:evaluationId/plan', { config: manage, schema: { params: evaluationParams } }, async (req, reply) => {
      const t = tFor(req);
      const e = await load(services, req, req.params.evaluationId);
      const form = parseForm(planForm, req.body, t);
      if (!form.ok) return renderPlan(req, reply, e, form.values, form.errors, 400);
      const d = form.data;
      try {
        await evaluations.setPlan(actorOf(req), e.id, {
          questions: d.questions,
          dataSources: d.dataSources,
          nTreated: d.nTreated,
          nControl: d.nControl,
          sd: d.sd,
          baseline: d.baseline,
          icc: d.icc,
          clusterSize: d.clusterSize,
          correlation: d.correlation,
          wardCodes: d.wardCodes,
          preWaveId: d.preWaveId || undefined,
          postWaveId: d.postWaveId || undefined,
          extraWaveIds: d.extraWaveIds,
          independentReplication: d.independentReplication === 'yes',
        });
      } catch (err) {
        return renderPlan(req, reply, e, valuesOf(req.body), domainErrors(err, t, 'questions'), 400);
      }
      return reply.redirect(`${base(req)}/${e.id}/plan?saved=1`, 303);
    });
  };
}
