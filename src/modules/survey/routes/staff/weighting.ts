/** Staff pages: a wave's margins (from census counts or typed in) and the raking run. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { domainErrors, emptyErrors, parseForm, type FormErrors } from '../../../../server/forms.ts';
import { tFor } from '../../../../server/plugins/language.ts';
import { actorOf } from '../../../../server/request.ts';
import { optionalEnum, type ZodTypeProvider } from '../../../../server/schemas.ts';
import type { WaveRow } from '../../model.ts';
import { censusVariables, marginTables } from '../../present/weighting.ts';
import { censusForm, marginsForm, removeMarginForm, RUN_DEFAULTS, runForm } from '../forms.ts';
import {
  base,
  langOf,
  loadWave,
  manage,
  problemErrors,
  valuesOf,
  waveParams,
  type SurveyRouteDeps,
} from '../shared.ts';

const doneQuery = z.object({ done: optionalEnum(['margins', 'weighted']) });

export function weightingPages({ survey }: SurveyRouteDeps) {
  return async function routes(root: FastifyInstance) {
    const app = root.withTypeProvider<ZodTypeProvider>();
    const page = (req: FastifyRequest, waveId: string) => `${base(req)}/waves/${waveId}/weighting`;

    const render = async (
      req: FastifyRequest,
      reply: FastifyReply,
      wave: WaveRow,
      form: { values: Record<string, unknown>; errors: FormErrors; done?: string },
      status = 200,
    ) => {
      const council = actorOf(req).council;
      const [margins, datasets, questions, coverage] = await Promise.all([
        survey.weighting.margins(council, wave.id),
        survey.weighting.censusDatasets(council),
        survey.waves.questionnaire(council, wave.id),
        survey.weighting.coverage(council, wave, langOf(req)),
      ]);
      return reply.code(status).render('survey/views/weighting.njk', {
        wave,
        variables: marginTables(margins, coverage, questions, tFor(req)),
        datasets,
        censusVariables: censusVariables(questions, tFor(req)),
        values: { ...RUN_DEFAULTS, ...form.values },
        errors: form.errors,
        done: form.done,
      });
    };

    app.get(
      '/waves/:waveId/weighting',
      { config: manage, schema: { params: waveParams, querystring: doneQuery } },
      async (req, reply) => {
        const wave = await loadWave(survey, req, req.params.waveId);
        return render(req, reply, wave, { values: {}, errors: emptyErrors(), done: req.query.done });
      },
    );

    app.post(
      '/waves/:waveId/weighting/census',
      { config: manage, schema: { params: waveParams } },
      async (req, reply) => {
        const t = tFor(req);
        const wave = await loadWave(survey, req, req.params.waveId);
        const form = parseForm(censusForm, req.body, t);
        if (!form.ok) return render(req, reply, wave, form, 400);
        try {
          await survey.weighting.fromCensus(actorOf(req), wave, form.data.dataset, form.data.variable);
        } catch (err) {
          return render(req, reply, wave, { values: form.data, errors: domainErrors(err, t, 'variable') }, 400);
        }
        return reply.redirect(`${page(req, wave.id)}?done=margins`, 303);
      },
    );

    app.post(
      '/waves/:waveId/weighting/margins',
      { config: manage, schema: { params: waveParams } },
      async (req, reply) => {
        const t = tFor(req);
        const wave = await loadWave(survey, req, req.params.waveId);
        const form = parseForm(marginsForm, req.body, t);
        if (!form.ok) return render(req, reply, wave, { values: { margins: '' }, errors: form.errors }, 400);
        const outcome = await survey.weighting.fromText(actorOf(req), wave, form.data.margins);
        if (!outcome.ok) {
          const errors = problemErrors(outcome.problems, outcome.problems.length, t, 'margins');
          return render(req, reply, wave, { values: form.data, errors }, 400);
        }
        return reply.redirect(`${page(req, wave.id)}?done=margins`, 303);
      },
    );

    app.post(
      '/waves/:waveId/weighting/remove',
      { config: manage, schema: { params: waveParams } },
      async (req, reply) => {
        const wave = await loadWave(survey, req, req.params.waveId);
        const form = parseForm(removeMarginForm, req.body, tFor(req));
        if (!form.ok) return render(req, reply, wave, { values: {}, errors: form.errors }, 400);
        await survey.weighting.remove(actorOf(req), wave, form.data.variable);
        return reply.redirect(page(req, wave.id), 303);
      },
    );

    app.post('/waves/:waveId/weighting/run', { config: manage, schema: { params: waveParams } }, async (req, reply) => {
      const t = tFor(req);
      const wave = await loadWave(survey, req, req.params.waveId);
      const form = parseForm(runForm, req.body, t);
      if (!form.ok) return render(req, reply, wave, form, 400);
      try {
        await survey.weighting.run(actorOf(req), wave, form.data);
      } catch (err) {
        const errors = domainErrors(err, t, 'run');
        return render(req, reply, await loadWave(survey, req, wave.id), { values: valuesOf(req.body), errors }, 400);
      }
      return reply.redirect(`${page(req, wave.id)}?done=weighted`, 303);
    });
  };
}
