/** Staff pages: programmes, a programme with its checklist and grants, and a stage of the checklist. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { addError, domainErrors, emptyErrors, parseForm, type FormErrors } from '../../../server/forms.ts';
import { notFound } from '../../../server/errors.ts';
import { tFor } from '../../../server/plugins/language.ts';
import { actorOf } from '../../../server/request.ts';
import { councilParams, type ZodTypeProvider } from '../../../server/schemas.ts';
import { QUESTIONS, STAGES, type ProgrammeRow, type Stage } from '../model.ts';
import { wardsOfCouncil } from '../present.ts';
import { fieldOf, programmeForm, ratingValue, stageForm } from './forms.ts';
import { base, edit, programmeParams, valuesOf, view, type CommissioningRouteDeps } from './shared.ts';

const stageParams = councilParams({ programmeId: z.string().uuid(), stage: z.enum(STAGES) });

export function programmePages({ services }: CommissioningRouteDeps) {
  return async function routes(root: FastifyInstance) {
    const app = root.withTypeProvider<ZodTypeProvider>();

    const load = async (req: FastifyRequest, id: string) => {
      const found = await services.programmes.get(actorOf(req).council, id);
      if (!found) throw notFound();
      return found;
    };

    app.get('/programmes', { config: view }, async (req, reply) => {
      const programmes = await services.programmes.list(actorOf(req).council);
      return reply.render('commissioning/views/programmes.njk', { programmes });
    });

    const renderForm = async (
      req: FastifyRequest,
      reply: FastifyReply,
      programme: ProgrammeRow | null,
      values: Record<string, unknown>,
      errors: FormErrors,
      status = 200,
    ) => {
      const wards = await wardsOfCouncil(services, actorOf(req).council);
      return reply.code(status).render('commissioning/views/programme-form.njk', { programme, values, errors, wards });
    };

    const fromRow = (p: ProgrammeRow) => ({
      code: p.code,
      name: p.name,
      description: p.description,
      budget: String(p.budget),
      startsOn: p.starts_on,
      endsOn: p.ends_on,
      areas: p.areas,
      status: p.status,
    });

    app.get('/programmes/new', { config: edit }, async (req, reply) =>
      renderForm(req, reply, null, { status: 'draft', areas: [] }, emptyErrors()),
    );

    app.post('/programmes/new', { config: edit }, async (req, reply) => {
      const t = tFor(req);
      const form = parseForm(programmeForm, req.body, t);
      if (!form.ok) return renderForm(req, reply, null, form.values, form.errors, 400);
      try {
        const id = await services.programmes.create(actorOf(req), form.data);
        return reply.redirect(`${base(req)}/programmes/${id}`, 303);
      } catch (err) {
        return renderForm(req, reply, null, valuesOf(req.body), domainErrors(err, t, 'name'), 400);
      }
    });

    app.get('/programmes/:programmeId', { config: view, schema: { params: programmeParams } }, async (req, reply) => {
      const actor = actorOf(req);
      const programme = await load(req, req.params.programmeId);
      const [checklist, grants, wards] = await Promise.all([
        services.programmes.checklist(actor.council, programme.id),
        services.grants.list(actor, { programmeId: programme.id }),
        wardsOfCouncil(services, actor.council),
      ]);
      const wardNames = Object.fromEntries(wards.map((w) => [w.code, w.name]));
      return reply.render('commissioning/views/programme.njk', { programme, checklist, grants, wardNames });
    });

    app.get(
      '/programmes/:programmeId/edit',
      { config: edit, schema: { params: programmeParams } },
      async (req, reply) => {
        const programme = await load(req, req.params.programmeId);
        return renderForm(req, reply, programme, fromRow(programme), emptyErrors());
      },
    );

    app.post(
      '/programmes/:programmeId/edit',
      { config: edit, schema: { params: programmeParams } },
      async (req, reply) => {
        const t = tFor(req);
        const programme = await load(req, req.params.programmeId);
        const form = parseForm(programmeForm, req.body, t);
        if (!form.ok) return renderForm(req, reply, programme, form.values, form.errors, 400);
        try {
          await services.programmes.update(actorOf(req), programme.id, form.data);
          return reply.redirect(`${base(req)}/programmes/${programme.id}`, 303);
        } catch (err) {
          return renderForm(req, reply, programme, valuesOf(req.body), domainErrors(err, t, 'name'), 400);
        }
      },
    );

    const renderStage = async (
      req: FastifyRequest,
      reply: FastifyReply,
      programme: ProgrammeRow,
      stage: Stage,
      values: Record<string, unknown> | null,
      errors: FormErrors,
      status = 200,
    ) => {
      const checklist = await services.programmes.checklist(actorOf(req).council, programme.id);
      const current = checklist.find((c) => c.stage === stage);
      const shown: Record<string, unknown> = values ?? { rating: current?.rating ?? '' };
      if (!values)
        for (const q of current?.questions ?? []) {
          shown[`${fieldOf(q.key)}-answer`] = q.answer;
          shown[`${fieldOf(q.key)}-evidence`] = q.evidence;
        }
      const questions = QUESTIONS[stage].map((key) => ({ key, field: fieldOf(key) }));
      return reply
        .code(status)
        .render('commissioning/views/checklist-stage.njk', { programme, stage, questions, values: shown, errors });
    };

    app.get(
      '/programmes/:programmeId/checklist/:stage',
      { config: edit, schema: { params: stageParams } },
      async (req, reply) =>
        renderStage(req, reply, await load(req, req.params.programmeId), req.params.stage, null, emptyErrors()),
    );

    app.post(
      '/programmes/:programmeId/checklist/:stage',
      { config: edit, schema: { params: stageParams } },
      async (req, reply) => {
        const t = tFor(req);
        const { stage } = req.params;
        const programme = await load(req, req.params.programmeId);
        const form = parseForm(stageForm(QUESTIONS[stage]), req.body, t);
        const rating = ratingValue.safeParse(valuesOf(req.body).rating);
        if (!form.ok) return renderStage(req, reply, programme, stage, form.values, form.errors, 400);
        if (!rating.success) {
          const errors = addError(emptyErrors(), 'rating', t('commissioning.checklist.errors.rating'));
          return renderStage(req, reply, programme, stage, valuesOf(req.body), errors, 400);
        }
        const data = form.data as Record<string, string>;
        const answers = Object.fromEntries(
          QUESTIONS[stage].map((key) => [
            key,
            { answer: data[`${fieldOf(key)}-answer`] ?? '', evidence: data[`${fieldOf(key)}-evidence`] ?? '' },
          ]),
        );
        await services.programmes.saveStage(actorOf(req), programme.id, stage, answers, rating.data ?? null);
        return reply.redirect(`${base(req)}/programmes/${programme.id}#stage-${stage}`, 303);
      },
    );
  };
}
