/** Staff pages: a wave's overview (status, public link, comparability) and its questionnaire. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { domainErrors, emptyErrors, parseForm, type FormErrors } from '../../../../server/forms.ts';
import { tFor } from '../../../../server/plugins/language.ts';
import { actorOf } from '../../../../server/request.ts';
import type { ZodTypeProvider } from '../../../../server/schemas.ts';
import type { WaveRow } from '../../model.ts';
import { bankSections } from '../../present/questions.ts';
import { questionnaireForm, statusForm } from '../forms.ts';
import { base, loadWave, manage, view, waveParams, type SurveyRouteDeps } from '../shared.ts';

const waveQuery = z.object({ created: z.string().optional() });

export function wavePages({ survey }: SurveyRouteDeps) {
  return async function routes(root: FastifyInstance) {
    const app = root.withTypeProvider<ZodTypeProvider>();

    const renderWave = async (
      req: FastifyRequest,
      reply: FastifyReply,
      wave: WaveRow,
      page: { errors: FormErrors; created?: boolean },
      status = 200,
    ) => {
      const council = actorOf(req).council;
      const [questions, comparability] = await Promise.all([
        survey.waves.questionnaire(council, wave.id),
        survey.waves.comparability(council, wave),
      ]);
      const link = survey.waves.publicLink(wave);
      return reply.code(status).render('survey/views/wave.njk', {
        wave,
        questions,
        comparability,
        publicLink: link.url,
        linkLive: link.live,
        created: page.created ?? false,
        errors: page.errors,
      });
    };

    app.get(
      '/waves/:waveId',
      { config: view, schema: { params: waveParams, querystring: waveQuery } },
      async (req, reply) => {
        const wave = await loadWave(survey, req, req.params.waveId);
        return renderWave(req, reply, wave, { errors: emptyErrors(), created: req.query.created === '1' });
      },
    );

    app.post('/waves/:waveId/status', { config: manage, schema: { params: waveParams } }, async (req, reply) => {
      const t = tFor(req);
      const wave = await loadWave(survey, req, req.params.waveId);
      const form = parseForm(statusForm, req.body, t);
      if (!form.ok) return renderWave(req, reply, wave, { errors: form.errors }, 400);
      try {
        await survey.waves.setStatus(actorOf(req), wave.id, form.data.status);
      } catch (err) {
        return renderWave(req, reply, wave, { errors: domainErrors(err, t, 'status') }, 400);
      }
      return reply.redirect(`${base(req)}/waves/${wave.id}`, 303);
    });

    const renderQuestionnaire = async (
      req: FastifyRequest,
      reply: FastifyReply,
      wave: WaveRow,
      chosen: string[] | null,
      errors: FormErrors,
      status = 200,
    ) => {
      const council = actorOf(req).council;
      const [bank, current] = await Promise.all([
        survey.bank.list(council),
        survey.waves.questionnaire(council, wave.id),
      ]);
      const selected = chosen ?? current.map((q) => q.id);
      return reply
        .code(status)
        .render('survey/views/questionnaire.njk', { wave, sections: bankSections(bank), selected, errors });
    };

    app.get('/waves/:waveId/questionnaire', { config: manage, schema: { params: waveParams } }, async (req, reply) =>
      renderQuestionnaire(req, reply, await loadWave(survey, req, req.params.waveId), null, emptyErrors()),
    );

    app.post('/waves/:waveId/questionnaire', { config: manage, schema: { params: waveParams } }, async (req, reply) => {
      const t = tFor(req);
      const wave = await loadWave(survey, req, req.params.waveId);
      const form = parseForm(questionnaireForm, req.body, t);
      if (!form.ok) return renderQuestionnaire(req, reply, wave, [], form.errors, 400);
      try {
        await survey.waves.setQuestionnaire(actorOf(req), wave.id, form.data.questions);
      } catch (err) {
        return renderQuestionnaire(req, reply, wave, form.data.questions, domainErrors(err, t, 'questions'), 400);
      }
      return reply.redirect(`${base(req)}/waves/${wave.id}`, 303);
    });
  };
}
