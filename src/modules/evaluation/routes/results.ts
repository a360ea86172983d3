/** Outcome data (CSV import), the analysis with balance and the evidence label, concluding, the board report. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Translate } from '../../../i18n/index.ts';
import type { Actor } from '../../../kernel/actor.ts';
import { domainErrors, emptyErrors, parseForm, type FormErrors } from '../../../server/forms.ts';
import { tFor } from '../../../server/plugins/language.ts';
import { actorOf } from '../../../server/request.ts';
import type { ZodTypeProvider } from '../../../server/schemas.ts';
import type { EvaluationRow, LineProblem } from '../model.ts';
import { renderBoardPdf } from '../pdf.ts';
import { boardReport } from '../present/report.ts';
import { balanceView, estimateSentence, eventStudyView, evidenceView, figures } from '../present/results.ts';
import type { EvaluationServices } from '../services/index.ts';
import { dataQuery, emptyForm, evaluationParams, reportQuery, uploadForm, type DataDone } from './forms.ts';
import { base, load, manage, view } from './pages.ts';

const MAX_LISTED = 50;

function problemErrors(problems: LineProblem[], t: Translate): FormErrors {
  const errors = emptyErrors();
  for (const p of problems.slice(0, MAX_LISTED))
    errors.list.push({
      text: t('evaluation.data.errors.line', { line: p.line, message: t(p.key, p.params) }),
      href: '#file',
    });
  if (problems.length > MAX_LISTED)
    errors.list.push({
      text: t('evaluation.data.errors.more', { count: problems.length - MAX_LISTED }),
      href: '#file',
    });
  errors.fields.file = { text: t('evaluation.data.errors.fixFile', { count: problems.length }) };
  return errors;
}

export function resultPages(services: EvaluationServices) {
  const { data, analysis, evaluations, questionnaire } = services;
  return async function routes(root: FastifyInstance) {
    const app = root.withTypeProvider<ZodTypeProvider>();

    const renderData = async (
      req: FastifyRequest,
      reply: FastifyReply,
      e: EvaluationRow,
      errors: FormErrors,
      status = 200,
      done: DataDone = {},
    ) =>
      reply.code(status).render('evaluation/views/data.njk', {
        evaluation: e,
        errors,
        summary: await data.summary(actorOf(req), e.id),
        questionnaire: await questionnaire.status(actorOf(req).council, e),
        done: done.done ? done : null,
      });

    /** After a change, the data page (303) with a banner saying what was done; a refused change re-renders (400). */
    const doneStep =
      (field: string, run: (actor: Actor, id: string) => Promise<Record<string, string | number>>) =>
      async (req: FastifyRequest, reply: FastifyReply) => {
        const t = tFor(req);
        const e = await load(services, req, evaluationParams.parse(req.params).evaluationId);
        parseForm(emptyForm, req.body, t);
        let done: Record<string, string | number>;
        try {
          done = await run(actorOf(req), e.id);
        } catch (err) {
          return renderData(req, reply, e, domainErrors(err, t, field), 400);
        }
        const query = new URLSearchParams(Object.entries(done).map(([k, v]) => [k, String(v)]));
        return reply.redirect(`${base(req)}/${e.id}/data?${query}`, 303);
      };

    // The participant questionnaire collected online (survey module): create it (again: the same one), open its
    // "after" wave, and bring its answers in, paired by participant code.
    app.post(
      '/:evaluationId/questionnaire',
      { config: manage, schema: { params: evaluationParams } },
      doneStep('questionnaire', async (actor, id) => {
        await questionnaire.create(actor, id);
        return { done: 'questionnaire' };
      }),
    );
    app.post(
      '/:evaluationId/questionnaire/after',
      { config: manage, schema: { params: evaluationParams } },
      doneStep('questionnaire', async (actor, id) => {
        await questionnaire.openAfter(actor, id);
        return { done: 'after' };
      }),
    );
    app.post(
      '/:evaluationId/questionnaire/answers',
      { config: manage, schema: { params: evaluationParams } },
      doneStep('questionnaire', async (actor, id) => {
        const r = await questionnaire.importAnswers(actor, id);
        return { done: 'answers', paired: r.paired, before: r.onlyBefore, after: r.onlyAfter, repeated: r.repeated };
      }),
    );

    app.get(
      '/:evaluationId/data',
      { config: view, schema: { params: evaluationParams, querystring: dataQuery } },
      async (req, reply) =>
        renderData(req, reply, await load(services, req, req.params.evaluationId), emptyErrors(), 200, req.query),
    );

    app.post('/:evaluationId/data', { config: manage, schema: { params: evaluationParams } }, async (req, reply) => {
      const t = tFor(req);
      const e = await load(services, req, req.params.evaluationId);
      const form = parseForm(uploadForm, req.body, t);
      if (!form.ok) return renderData(req, reply, e, form.errors, 400);
      let rows: number;
      try {
        const outcome = await data.importParticipants(actorOf(req), e.id, form.data.file);
        if (!outcome.ok) return renderData(req, reply, e, problemErrors(outcome.problems, t), 400);
        rows = outcome.rows;
      } catch (err) {
        return renderData(req, reply, e, domainErrors(err, t, 'file'), 400);
      }
      return reply.redirect(`${base(req)}/${e.id}/data?done=uploaded&rows=${rows}`, 303);
    });

    const renderResults = (
      req: FastifyRequest,
      reply: FastifyReply,
      e: EvaluationRow,
      errors: FormErrors,
      status = 200,
    ) => {
      const t = tFor(req);
      const r = e.result;
      return reply.code(status).render('evaluation/views/results.njk', {
        evaluation: e,
        errors,
        result: r,
        sentence: r ? estimateSentence(r, t) : null,
        figures: r ? figures(r, t) : [],
        balance: r ? balanceView(r, t) : null,
        eventStudy: r ? eventStudyView(r, t) : null,
        evidence: r ? evidenceView(r, t) : null,
      });
    };

    app.get('/:evaluationId/results', { config: view, schema: { params: evaluationParams } }, async (req, reply) =>
      renderResults(req, reply, await load(services, req, req.params.evaluationId), emptyErrors()),
    );

    app.post('/:evaluationId/analyse', { config: manage, schema: { params: evaluationParams } }, async (req, reply) => {
      const t = tFor(req);
      const e = await load(services, req, req.params.evaluationId);
      parseForm(emptyForm, req.body, t);
      try {
        await analysis.run(actorOf(req), e.id);
      } catch (err) {
        return renderResults(req, reply, e, domainErrors(err, t, 'analyse'), 400);
      }
      return reply.redirect(`${base(req)}/${e.id}/results`, 303);
    });

    app.post(
      '/:evaluationId/conclude',
      { config: manage, schema: { params: evaluationParams } },
      async (req, reply) => {
        const t = tFor(req);
        const e = await load(services, req, req.params.evaluationId);
        try {
          await analysis.conclude(actorOf(req), e.id);
        } catch (err) {
          return renderResults(req, reply, e, domainErrors(err, t, 'conclude'), 400);
        }
        return reply.redirect(`${base(req)}/${e.id}/results`, 303);
      },
    );

    app.get(
      '/:evaluationId/report',
      { config: view, schema: { params: evaluationParams, querystring: reportQuery } },
      async (req, reply) => {
        const t = tFor(req);
        const actor = actorOf(req);
        const e = await load(services, req, req.params.evaluationId);
        const report = boardReport(e, await evaluations.links(actor, e), t);
        if (req.query.format === 'pdf') {
          const pdf = await renderBoardPdf(
            report,
            actor.council.name,
            t,
            `${req.server.config.baseUrl}/methods/evaluation`,
          );
          return reply
            .type('application/pdf')
            .header('content-disposition', `attachment; filename="evaluation-${e.id}.pdf"`)
            .send(pdf);
        }
        return reply.render('evaluation/views/report.njk', { evaluation: e, report });
      },
    );
  };
}
