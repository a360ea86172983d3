/** Staff pages: a wave's results (with CSV and JSON downloads), the minimum base, benchmarks and publication. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { csvFromRows } from '../../../../lib/csv-write.ts';
import { domainErrors, emptyErrors, parseForm, type FormErrors } from '../../../../server/forms.ts';
import { notFound } from '../../../../server/errors.ts';
import { tFor } from '../../../../server/plugins/language.ts';
import { actorOf } from '../../../../server/request.ts';
import { optionalEnum, type ZodTypeProvider } from '../../../../server/schemas.ts';
import type { WaveRow } from '../../model.ts';
import { csvCells, downloadHeaders, downloadRows } from '../../present/download.ts';
import { resultChoices, resultFigures } from '../../present/results.ts';
import { benchmarkForm, minNForm } from '../forms.ts';
import { resultId } from '../../links.ts';
import { base, langOf, loadWave, manage, valuesOf, view, waveParams, type SurveyRouteDeps } from '../shared.ts';

const choice = z.string().max(80).optional().catch(undefined);
const resultsQuery = z.object({
  question: choice,
  by: choice,
  format: optionalEnum(['csv', 'json']),
  published: z
    .string()
    .regex(/^\d{1,7}$/)
    .optional()
    .catch(undefined),
});
type ResultsQuery = z.infer<typeof resultsQuery>;

export function resultPages({ survey, links }: SurveyRouteDeps) {
  return async function routes(root: FastifyInstance) {
    const app = root.withTypeProvider<ZodTypeProvider>();

    const render = async (
      req: FastifyRequest,
      reply: FastifyReply,
      wave: WaveRow,
      query: ResultsQuery,
      form: { values: Record<string, unknown>; errors: FormErrors },
      status = 200,
    ) => {
      const council = actorOf(req).council;
      const t = tFor(req);
      const questions = await survey.waves.questionnaire(council, wave.id);
      const { code, by, headline, breakdowns } = resultChoices(questions, query, t);
      const results = code ? await survey.results.results(council, wave, code, by, langOf(req)) : null;
      const features = results ? await survey.results.wardFeatures(results) : [];
      const figures = results ? resultFigures(results, wave, features, t) : { map: null, bars: null, format: null };
      return reply.code(status).render('survey/views/results.njk', {
        wave,
        headline,
        breakdowns,
        code,
        by,
        results,
        ...figures,
        benchmarks: await survey.results.benchmarks(council, wave.id),
        ...form,
        published: query.published,
        offered:
          results && links
            ? links.actionsFrom(actorOf(req), { kind: 'survey.result', id: resultId(wave.id, results.question.code) })
            : [],
      });
    };

    /** A download of one question's results (every suppressed cell stays suppressed); recorded in the audit log. */
    const download = async (
      req: FastifyRequest,
      reply: FastifyReply,
      wave: WaveRow,
      query: ResultsQuery,
      format: 'csv' | 'json',
    ) => {
      const actor = actorOf(req);
      const t = tFor(req);
      const questions = await survey.waves.questionnaire(actor.council, wave.id);
      const { code, by, breakdowns } = resultChoices(questions, query, t);
      const results = code ? await survey.results.download(actor, wave, code, by, format, langOf(req)) : null;
      if (!code || !results) throw notFound();
      const byLabel = breakdowns.find((b) => b.value === results.groupBy)?.text ?? null;
      const rows = downloadRows(actor.council, wave, results, byLabel, t);
      const name = `survey-${wave.period}-${code}`;
      reply.header('content-disposition', `attachment; filename="${name}.${format}"`);
      if (format === 'json') {
        const unit = results.measure === 'proportion' ? 'percent' : 'score';
        const columns = downloadHeaders(results.measure, t);
        return reply.type('application/json').send({ unit, columns, results: rows });
      }
      return reply.type('text/csv; charset=utf-8').send(csvFromRows(csvCells(rows, results.measure, t)));
    };

    app.get(
      '/waves/:waveId/results',
      { config: view, schema: { params: waveParams, querystring: resultsQuery } },
      async (req, reply) => {
        const wave = await loadWave(survey, req, req.params.waveId);
        if (req.query.format) return download(req, reply, wave, req.query, req.query.format);
        return render(req, reply, wave, req.query, { values: {}, errors: emptyErrors() });
      },
    );

    app.post(
      '/waves/:waveId/results/settings',
      { config: manage, schema: { params: waveParams } },
      async (req, reply) => {
        const wave = await loadWave(survey, req, req.params.waveId);
        const form = parseForm(minNForm, req.body, tFor(req));
        if (!form.ok) return render(req, reply, wave, {}, form, 400);
        await survey.waves.setMinN(actorOf(req), wave.id, form.data.minN);
        return reply.redirect(`${base(req)}/waves/${wave.id}/results`, 303);
      },
    );

    app.post('/waves/:waveId/benchmarks', { config: manage, schema: { params: waveParams } }, async (req, reply) => {
      const t = tFor(req);
      const wave = await loadWave(survey, req, req.params.waveId);
      const form = parseForm(benchmarkForm, req.body, t);
      if (!form.ok) return render(req, reply, wave, {}, form, 400);
      const { benchmarkQuestion: code, benchmarkValue, benchmarkLabel } = form.data;
      try {
        await survey.results.setBenchmark(actorOf(req), wave, code, benchmarkValue, benchmarkLabel);
      } catch (err) {
        const errors = domainErrors(err, t, 'benchmarkValue');
        return render(req, reply, wave, { question: code }, { values: valuesOf(req.body), errors }, 400);
      }
      return reply.redirect(`${base(req)}/waves/${wave.id}/results?question=${encodeURIComponent(code)}`, 303);
    });

    app.post('/waves/:waveId/publish', { config: manage, schema: { params: waveParams } }, async (req, reply) => {
      const t = tFor(req);
      const wave = await loadWave(survey, req, req.params.waveId);
      try {
        const n = await survey.publication.publish(actorOf(req), wave);
        return reply.redirect(`${base(req)}/waves/${wave.id}/results?published=${n}`, 303);
      } catch (err) {
        return render(req, reply, wave, {}, { values: {}, errors: domainErrors(err, t, 'publish') }, 400);
      }
    });
  };
}
