/** Segregation on the council's own areas: the page (and its downloads), and saving the results. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can } from '../../../kernel/access.ts';
import { domainErrors, emptyErrors, parseForm, type FormErrors } from '../../../server/forms.ts';
import { tFor } from '../../../server/plugins/language.ts';
import { actorOf } from '../../../server/request.ts';
import type { ZodTypeProvider } from '../../../server/schemas.ts';
import { SEGREGATION_CSV_COLUMNS, segregationDownload } from '../present/segregation-download.ts';
import { segregationPage } from '../present/segregation.ts';
import type { SegregationRequest } from '../services/segregation.ts';
import { insightBase, type InsightRouteServices } from './context.ts';
import { sendDownload } from './download.ts';
import { segregationQuery, storeForm } from './schemas.ts';

export function segregationRoutes({ segregation }: InsightRouteServices) {
  return async function routes(base: FastifyInstance) {
    const app = base.withTypeProvider<ZodTypeProvider>();

    const renderPage = async (
      req: FastifyRequest,
      reply: FastifyReply,
      request: SegregationRequest,
      extra: { errors?: FormErrors; stored?: number; status?: number } = {},
    ) => {
      const council = actorOf(req).council;
      const selection = await segregation.select(council, request);
      const features = selection.analysis ? await segregation.contributionFeatures(selection.analysis) : [];
      const stored = await segregation.stored(council);
      return reply.code(extra.status ?? 200).render('insight/views/segregation.njk', {
        ...segregationPage(tFor(req), insightBase(req), council.name, selection, features, stored),
        errors: extra.errors ?? emptyErrors(),
        stored: extra.stored,
      });
    };

    app.get(
      '/segregation',
      { config: { access: can('insight.view') }, schema: { querystring: segregationQuery } },
      async (req, reply) => {
        const { format, stored, ...request } = req.query;
        if (!format) return renderPage(req, reply, request, { stored });
        const { analysis } = await segregation.select(actorOf(req).council, request);
        const { rows, extra } = segregationDownload(format, analysis);
        const name = `segregation-${actorOf(req).council.slug}`;
        return sendDownload(reply, format, name, rows, extra, format === 'csv' ? SEGREGATION_CSV_COLUMNS : undefined);
      },
    );

    app.post('/segregation', { config: { access: can('insight.manage') } }, async (req, reply) => {
      const t = tFor(req);
      // The page the form was on, to show again with any error.
      const shown = segregationQuery.safeParse(req.body).data ?? {};
      const form = parseForm(storeForm, req.body, t);
      if (!form.ok) return renderPage(req, reply, shown, { errors: form.errors, status: 400 });
      const { dataset, level, higher, y, x } = form.data;
      let written: number;
      try {
        written = await segregation.store(
          actorOf(req),
          { dataset, level, higher },
          y && x && y !== x ? [{ y, x }] : [],
        );
      } catch (err) {
        return renderPage(req, reply, shown, { errors: domainErrors(err, t, 'dataset'), status: 400 });
      }
      const query = new URLSearchParams({ dataset, level, higher: higher ?? '', y: y ?? '', x: x ?? '' });
      query.set('stored', String(written));
      return reply.redirect(`${insightBase(req)}/segregation?${query.toString()}`, 303);
    });
  };
}
