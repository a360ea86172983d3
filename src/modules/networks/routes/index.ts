/** The network pages: studies, import, the aggregate analysis and (restricted) the people in it. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { can } from '../../../kernel/access.ts';
import { domainErrors, emptyErrors, parseForm, type FormErrors } from '../../../server/forms.ts';
import { notFound } from '../../../server/errors.ts';
import { tFor } from '../../../server/plugins/language.ts';
import { actorOf } from '../../../server/request.ts';
import { councilParams, uuid, type ZodTypeProvider } from '../../../server/schemas.ts';
import { aggregatePage, peoplePage } from '../present/page.ts';
import type { NetworksServices } from '../services/index.ts';

const studyParams = councilParams({ studyId: uuid });
const analysisQuery = z.object({
  by: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,39}$/)
    .optional()
    .catch(undefined),
});

const studyForm = z.object({
  name: z.string().trim().min(2, 'networks.errors.nameRequired').max(200, 'networks.errors.nameTooLong'),
  areaCode: z
    .string()
    .optional()
    .transform((v) => (v ? v : null))
    .pipe(
      z
        .string()
        .regex(/^[A-Z]\d{8}$/, 'networks.errors.unknownWard')
        .nullable(),
    ),
  description: z.string().trim().max(2000, 'networks.errors.descriptionTooLong').optional().default(''),
});

const importForm = z.object({
  edges: z.custom<Buffer>((v) => Buffer.isBuffer(v) && v.length > 0, 'networks.import.errors.edgesRequired'),
  nodes: z
    .unknown()
    .optional()
    .transform((v) => (Buffer.isBuffer(v) && v.length > 0 ? v : null)),
});

/** A survey wave and its name-generator question, as `<wave id>~<question code>`. */
const fromSurveyForm = z.object({
  source: z
    .string({ message: 'networks.fromSurvey.errors.source' })
    .regex(/^[0-9a-f-]{36}~[a-z][a-z0-9_]{1,60}$/, 'networks.fromSurvey.errors.source')
    .transform((v) => {
      const [waveId, questionCode] = v.split('~');
      return { waveId, questionCode };
    }),
});

export function networksRoutes(services: NetworksServices) {
  return async function routes(app: FastifyInstance) {
    await app.register(staffRoutes(services), { prefix: '/c/:council/networks' });
  };
}

function staffRoutes({ studies }: NetworksServices) {
  return async function routes(base: FastifyInstance) {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const manage = can('networks.manage');
    const baseOf = (req: FastifyRequest) => `/c/${actorOf(req).council.slug}/networks`;

    const renderList = async (
      req: FastifyRequest,
      reply: FastifyReply,
      values: Record<string, unknown>,
      errors: FormErrors,
      status = 200,
    ) => {
      const council = actorOf(req).council;
      const [list, wards] = await Promise.all([studies.list(council), studies.wards(council)]);
      return reply
        .code(status)
        .render('networks/views/index.njk', { studies: list, wards, values, errors, base: baseOf(req) });
    };

    app.get('/', { config: { access: can('networks.view') } }, (req, reply) =>
      renderList(req, reply, {}, emptyErrors()),
    );

    app.post('/', { config: { access: manage } }, async (req, reply) => {
      const t = tFor(req);
      const form = parseForm(studyForm, req.body, t);
      if (!form.ok) return renderList(req, reply, form.values, form.errors, 400);
      let id: string;
      try {
        id = await studies.create(actorOf(req), form.data);
      } catch (err) {
        return renderList(req, reply, form.data, domainErrors(err, t, 'name'), 400);
      }
      return reply.redirect(`${baseOf(req)}/${id}/import`, 303);
    });

    app.get(
      '/:studyId',
      { config: { access: can('networks.view') }, schema: { params: studyParams, querystring: analysisQuery } },
      async (req, reply) => {
        const a = await studies.aggregate(actorOf(req).council, req.params.studyId, req.query.by ?? null);
        if (!a) throw notFound();
        return reply.render('networks/views/study.njk', { a, ...aggregatePage(tFor(req), a), base: baseOf(req) });
      },
    );

    app.get(
      '/:studyId/people',
      { config: { access: can('networks.nodes') }, schema: { params: studyParams, querystring: analysisQuery } },
      async (req, reply) => {
        const p = await studies.people(actorOf(req), req.params.studyId, req.query.by ?? null);
        if (!p) throw notFound();
        return reply.render('networks/views/people.njk', { a: p, ...peoplePage(tFor(req), p), base: baseOf(req) });
      },
    );

    const renderImport = async (
      req: FastifyRequest,
      reply: FastifyReply,
      studyId: string,
      errors: FormErrors,
      done: { nodes: number; ties: number; duplicateTies: number; selfTies: number } | null,
      status = 200,
      built: { respondents: number; nodes: number; ties: number } | null = null,
    ) => {
      const council = actorOf(req).council;
      const [study, sources] = await Promise.all([studies.study(council, studyId), studies.surveySources(council)]);
      if (!study) throw notFound();
      return reply
        .code(status)
        .render('networks/views/import.njk', { study, errors, done, built, sources, base: baseOf(req) });
    };

    app.get('/:studyId/import', { config: { access: manage }, schema: { params: studyParams } }, (req, reply) =>
      renderImport(req, reply, req.params.studyId, emptyErrors(), null),
    );

    app.post(
      '/:studyId/import',
      { config: { access: manage }, schema: { params: studyParams } },
      async (req, reply) => {
        const t = tFor(req);
        const study = await studies.study(actorOf(req).council, req.params.studyId);
        if (!study) throw notFound();
        const form = parseForm(importForm, req.body, t);
        if (!form.ok) return renderImport(req, reply, study.id, form.errors, null, 400);
        const result = await studies.importNetwork(actorOf(req), study.id, form.data.edges, form.data.nodes);
        if (!result.ok) {
          const list = result.problems.slice(0, 50).map((p) => ({
            text:
              p.line === null
                ? t(`networks.import.errors.${p.file}File`, { message: p.message })
                : t(`networks.import.errors.${p.file}Line`, { line: p.line, message: p.message }),
            href: p.file === 'edges' ? '#edges' : '#nodes',
          }));
          if (result.problems.length > list.length)
            list.push({
              text: t('networks.import.errors.more', { count: result.problems.length - list.length }),
              href: '#edges',
            });
          const fields: FormErrors['fields'] = {};
          for (const file of ['edges', 'nodes'] as const) {
            const n = result.problems.filter((p) => p.file === file).length;
            if (n) fields[file] = { text: t('networks.import.errors.failed', { count: n }) };
          }
          return renderImport(req, reply, study.id, { list, fields }, null, 400);
        }
        return renderImport(req, reply, study.id, emptyErrors(), result);
      },
    );

    app.post(
      '/:studyId/from-survey',
      { config: { access: manage }, schema: { params: studyParams } },
      async (req, reply) => {
        const t = tFor(req);
        const study = await studies.study(actorOf(req).council, req.params.studyId);
        if (!study) throw notFound();
        const form = parseForm(fromSurveyForm, req.body, t);
        if (!form.ok) return renderImport(req, reply, study.id, form.errors, null, 400);
        try {
          const built = await studies.fromSurvey(
            actorOf(req),
            study.id,
            form.data.source.waveId,
            form.data.source.questionCode,
          );
          return renderImport(req, reply, study.id, emptyErrors(), null, 200, built);
        } catch (err) {
          return renderImport(req, reply, study.id, domainErrors(err, t, 'source'), null, 400);
        }
      },
    );
  };
}
