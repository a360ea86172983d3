/** Staff pages: upload a fieldwork CSV, match its columns to the wave's questions, and import it. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { domainErrors, emptyErrors, parseForm, type FormErrors } from '../../../../server/forms.ts';
import { notFound } from '../../../../server/errors.ts';
import { tFor } from '../../../../server/plugins/language.ts';
import { actorOf } from '../../../../server/request.ts';
import type { ZodTypeProvider } from '../../../../server/schemas.ts';
import type { ImportRow, WaveRow } from '../../model.ts';
import { mappingGuess, mappingOf } from '../../present/fieldwork.ts';
import { mappingForm, uploadForm } from '../forms.ts';
import { base, importParams, loadWave, manage, problemErrors, waveParams, type SurveyRouteDeps } from '../shared.ts';

const importedQuery = z.object({
  rows: z
    .string()
    .regex(/^\d{1,7}$/)
    .optional()
    .catch(undefined),
});

export function fieldworkPages({ survey }: SurveyRouteDeps) {
  return async function routes(root: FastifyInstance) {
    const app = root.withTypeProvider<ZodTypeProvider>();

    const renderUpload = (reply: FastifyReply, wave: WaveRow, errors: FormErrors, imported?: string, status = 200) =>
      reply.code(status).render('survey/views/import.njk', { wave, errors, imported });

    app.get(
      '/waves/:waveId/import',
      { config: manage, schema: { params: waveParams, querystring: importedQuery } },
      async (req, reply) =>
        renderUpload(reply, await loadWave(survey, req, req.params.waveId), emptyErrors(), req.query.rows),
    );

    app.post('/waves/:waveId/import', { config: manage, schema: { params: waveParams } }, async (req, reply) => {
      const t = tFor(req);
      const wave = await loadWave(survey, req, req.params.waveId);
      const form = parseForm(uploadForm, req.body, t);
      if (!form.ok) return renderUpload(reply, wave, form.errors, undefined, 400);
      try {
        const outcome = await survey.fieldwork.upload(actorOf(req), wave, 'upload.csv', form.data.file);
        if (!outcome.ok)
          return renderUpload(
            reply,
            wave,
            problemErrors(outcome.problems, outcome.problemCount, t, 'file'),
            undefined,
            400,
          );
        return reply.redirect(`${base(req)}/waves/${wave.id}/import/${outcome.id}`, 303);
      } catch (err) {
        return renderUpload(reply, wave, domainErrors(err, t, 'file'), undefined, 400);
      }
    });

    const loadImport = async (req: FastifyRequest, wave: WaveRow, importId: string) => {
      const file = await survey.fieldwork.file(actorOf(req).council, wave.id, importId);
      if (!file) throw notFound();
      return file;
    };

    const renderMapping = async (
      req: FastifyRequest,
      reply: FastifyReply,
      wave: WaveRow,
      file: ImportRow,
      values: Record<string, string> | null,
      errors: FormErrors,
      status = 200,
    ) => {
      const questions = await survey.waves.questionnaire(actorOf(req).council, wave.id);
      return reply.code(status).render('survey/views/import-map.njk', {
        wave,
        file,
        questions,
        values: values ?? mappingGuess(file.columns, questions),
        errors,
      });
    };

    app.get(
      '/waves/:waveId/import/:importId',
      { config: manage, schema: { params: importParams } },
      async (req, reply) => {
        const wave = await loadWave(survey, req, req.params.waveId);
        const file = await loadImport(req, wave, req.params.importId);
        if (file.completed_at)
          return reply.redirect(`${base(req)}/waves/${wave.id}/import?rows=${file.row_count}`, 303);
        return renderMapping(req, reply, wave, file, null, emptyErrors());
      },
    );

    app.post(
      '/waves/:waveId/import/:importId',
      { config: manage, schema: { params: importParams } },
      async (req, reply) => {
        const t = tFor(req);
        const wave = await loadWave(survey, req, req.params.waveId);
        const file = await loadImport(req, wave, req.params.importId);
        const form = parseForm(mappingForm, req.body, t);
        if (!form.ok) return renderMapping(req, reply, wave, file, mappingValues(form.values), form.errors, 400);
        const { idColumn, columns } = form.data;
        const values = { idColumn, ...columns };
        try {
          const outcome = await survey.fieldwork.apply(
            actorOf(req),
            wave,
            file.id,
            idColumn,
            mappingOf(file.columns, columns),
          );
          if (!outcome.ok) {
            const errors = problemErrors(outcome.problems, outcome.problemCount, t, 'idColumn');
            return renderMapping(req, reply, wave, file, values, errors, 400);
          }
          return reply.redirect(`${base(req)}/waves/${wave.id}/import?rows=${outcome.rows}`, 303);
        } catch (err) {
          return renderMapping(req, reply, wave, file, values, domainErrors(err, t, 'idColumn'), 400);
        }
      },
    );
  };
}

/** The mapping form's own fields, to show them again. */
function mappingValues(body: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body))
    if (typeof v === 'string' && (k === 'idColumn' || /^map_\d+$/.test(k))) out[k] = v;
  return out;
}
