/** Staff pages: the council's surveys, a new survey, a survey's waves and a new wave. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { domainErrors, emptyErrors, parseForm, type FormErrors } from '../../../../server/forms.ts';
import { notFound } from '../../../../server/errors.ts';
import { tFor } from '../../../../server/plugins/language.ts';
import { actorOf } from '../../../../server/request.ts';
import type { ZodTypeProvider } from '../../../../server/schemas.ts';
import type { SurveyRow } from '../../model.ts';
import { surveyForm, waveForm } from '../forms.ts';
import { base, manage, surveyParams, valuesOf, view, type SurveyRouteDeps } from '../shared.ts';

export function surveyPages({ survey }: SurveyRouteDeps) {
  return async function routes(root: FastifyInstance) {
    const app = root.withTypeProvider<ZodTypeProvider>();

    app.get('', { config: view }, async (req, reply) => {
      const surveys = await survey.waves.surveys(actorOf(req).council);
      return reply.render('survey/views/index.njk', { surveys });
    });

    const renderNew = (reply: FastifyReply, values: Record<string, unknown>, errors: FormErrors, status = 200) =>
      reply.code(status).render('survey/views/survey-new.njk', { values, errors });

    app.get('/new', { config: manage }, async (_req, reply) => renderNew(reply, {}, emptyErrors()));

    app.post('/new', { config: manage }, async (req, reply) => {
      const t = tFor(req);
      const form = parseForm(surveyForm, req.body, t);
      if (!form.ok) return renderNew(reply, form.values, form.errors, 400);
      try {
        const id = await survey.waves.createSurvey(actorOf(req), form.data.name, form.data.description);
        return reply.redirect(`${base(req)}/${id}`, 303);
      } catch (err) {
        return renderNew(reply, form.data, domainErrors(err, t, 'name'), 400);
      }
    });

    const loadSurvey = async (req: FastifyRequest, surveyId: string) => {
      const found = await survey.waves.survey(actorOf(req).council, surveyId);
      if (!found) throw notFound();
      return found;
    };

    app.get('/:surveyId', { config: view, schema: { params: surveyParams } }, async (req, reply) => {
      const found = await loadSurvey(req, req.params.surveyId);
      const waves = await survey.waves.waves(actorOf(req).council, found.id);
      return reply.render('survey/views/survey.njk', { survey: found, waves });
    });

    const renderNewWave = (
      reply: FastifyReply,
      found: SurveyRow,
      values: Record<string, unknown>,
      errors: FormErrors,
      status = 200,
    ) => reply.code(status).render('survey/views/wave-new.njk', { survey: found, values, errors });

    app.get('/:surveyId/waves/new', { config: manage, schema: { params: surveyParams } }, async (req, reply) => {
      const found = await loadSurvey(req, req.params.surveyId);
      const values = { mode: 'online', targetPopulation: tFor(req)('survey.waves.defaultTarget') };
      return renderNewWave(reply, found, values, emptyErrors());
    });

    app.post('/:surveyId/waves/new', { config: manage, schema: { params: surveyParams } }, async (req, reply) => {
      const t = tFor(req);
      const found = await loadSurvey(req, req.params.surveyId);
      const form = parseForm(waveForm, req.body, t);
      if (!form.ok) return renderNewWave(reply, found, form.values, form.errors, 400);
      try {
        const id = await survey.waves.createWave(actorOf(req), found.id, form.data);
        return reply.redirect(`${base(req)}/waves/${id}?created=1`, 303);
      } catch (err) {
        return renderNewWave(reply, found, valuesOf(req.body), domainErrors(err, t, 'name'), 400);
      }
    });
  };
}
