/** Staff pages: the question bank, a council's own new question, and a question's versions and revision. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { domainErrors, emptyErrors, parseForm, type FormErrors } from '../../../../server/forms.ts';
import { notFound } from '../../../../server/errors.ts';
import { tFor } from '../../../../server/plugins/language.ts';
import { actorOf } from '../../../../server/request.ts';
import type { ZodTypeProvider } from '../../../../server/schemas.ts';
import type { Question, VersionRow } from '../../model.ts';
import { backgroundsAsked, bankSections, newQuestionValues, questionValues } from '../../present/questions.ts';
import { questionForm, revisionForm } from '../forms.ts';
import { base, manage, questionParams, valuesOf, view, type SurveyRouteDeps } from '../shared.ts';

const questionQuery = z.object({ added: z.string().optional(), revised: z.string().optional() });

export function questionPages({ survey }: SurveyRouteDeps) {
  return async function routes(root: FastifyInstance) {
    const app = root.withTypeProvider<ZodTypeProvider>();

    app.get('/questions', { config: view }, async (req, reply) => {
      const bank = await survey.bank.list(actorOf(req).council);
      return reply.render('survey/views/bank.njk', { sections: bankSections(bank) });
    });

    const renderNew = (reply: FastifyReply, values: Record<string, unknown>, errors: FormErrors, status = 200) =>
      reply.code(status).render('survey/views/question-new.njk', { values, errors });

    app.get('/questions/new', { config: manage }, async (req, reply) =>
      renderNew(reply, newQuestionValues(tFor(req)), emptyErrors()),
    );

    app.post('/questions/new', { config: manage }, async (req, reply) => {
      const t = tFor(req);
      const form = parseForm(questionForm, req.body, t);
      if (!form.ok) return renderNew(reply, form.values, form.errors, 400);
      try {
        const id = await survey.bank.add(actorOf(req), form.data);
        return reply.redirect(`${base(req)}/questions/${id}?added=1`, 303);
      } catch (err) {
        return renderNew(reply, valuesOf(req.body), domainErrors(err, t, 'options'), 400);
      }
    });

    const load = async (req: FastifyRequest, questionId: string) => {
      const found = await survey.bank.question(actorOf(req).council, questionId);
      if (!found) throw notFound();
      return found;
    };

    const render = (
      req: FastifyRequest,
      reply: FastifyReply,
      found: { question: Question; versions: VersionRow[] },
      page: { values: Record<string, unknown>; errors: FormErrors; added?: boolean; revised?: boolean },
      status = 200,
    ) =>
      reply.code(status).render('survey/views/question.njk', {
        question: found.question,
        versions: found.versions.map((v) => ({ ...v, backgrounds: backgroundsAsked(v.options) })),
        own: found.question.council_id === actorOf(req).council.id,
        ...page,
      });

    app.get(
      '/questions/:questionId',
      { config: view, schema: { params: questionParams, querystring: questionQuery } },
      async (req, reply) => {
        const found = await load(req, req.params.questionId);
        return render(req, reply, found, {
          values: questionValues(found.question),
          errors: emptyErrors(),
          added: req.query.added === '1',
          revised: req.query.revised === '1',
        });
      },
    );

    app.post('/questions/:questionId', { config: manage, schema: { params: questionParams } }, async (req, reply) => {
      const t = tFor(req);
      const found = await load(req, req.params.questionId);
      if (found.question.council_id !== actorOf(req).council.id) throw notFound();
      const values = { ...valuesOf(req.body), code: found.question.code };
      const form = parseForm(revisionForm, req.body, t);
      if (!form.ok) return render(req, reply, found, { values, errors: form.errors }, 400);
      try {
        await survey.bank.revise(actorOf(req), found.question.id, form.data);
      } catch (err) {
        return render(req, reply, found, { values, errors: domainErrors(err, t, 'options') }, 400);
      }
      return reply.redirect(`${base(req)}/questions/${found.question.id}?revised=1`, 303);
    });
  };
}
