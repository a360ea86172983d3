/** The comparator group: the page (and its download), nearest neighbours and a hand-picked list. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can } from '../../../kernel/access.ts';
import { domainErrors, emptyErrors, parseForm, type FormErrors } from '../../../server/forms.ts';
import { tFor } from '../../../server/plugins/language.ts';
import { actorOf } from '../../../server/request.ts';
import type { ZodTypeProvider } from '../../../server/schemas.ts';
import { comparatorsDownload, comparatorsPage } from '../present/comparators.ts';
import { insightBase, submitted, type InsightRouteServices } from './context.ts';
import { sendDownload } from './download.ts';
import { comparatorsQuery, manualForm, nearestForm } from './schemas.ts';

export function comparatorRoutes({ comparators }: InsightRouteServices) {
  return async function routes(base: FastifyInstance) {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const manage = can('insight.manage');

    const renderPage = async (
      req: FastifyRequest,
      reply: FastifyReply,
      extra: { errors?: FormErrors; values?: Record<string, unknown>; saved?: boolean } = {},
    ) => {
      const council = actorOf(req).council;
      const [set, characteristics] = await Promise.all([
        comparators.current(council),
        comparators.characteristicChoices(council),
      ]);
      return reply.code(extra.errors ? 400 : 200).render('insight/views/comparators.njk', {
        ...comparatorsPage(set, characteristics, extra.values),
        errors: extra.errors ?? emptyErrors(),
        saved: extra.saved ?? false,
      });
    };

    app.get(
      '/comparators',
      { config: { access: can('insight.view') }, schema: { querystring: comparatorsQuery } },
      async (req, reply) => {
        const { format, saved } = req.query;
        if (!format) return renderPage(req, reply, { saved: saved === '1' });
        const council = actorOf(req).council;
        const { rows, extra } = comparatorsDownload(await comparators.current(council));
        return sendDownload(reply, format, `comparators-${council.slug}`, rows, extra);
      },
    );

    app.post('/comparators/nearest', { config: { access: manage } }, async (req, reply) => {
      const t = tFor(req);
      const form = parseForm(nearestForm, req.body, t);
      if (!form.ok) return renderPage(req, reply, { errors: form.errors, values: form.values });
      try {
        await comparators.setNearest(actorOf(req), form.data.characteristics, form.data.k);
      } catch (err) {
        return renderPage(req, reply, { errors: domainErrors(err, t, 'characteristics'), values: submitted(req) });
      }
      return reply.redirect(`${insightBase(req)}/comparators?saved=1`, 303);
    });

    app.post('/comparators/manual', { config: { access: manage } }, async (req, reply) => {
      const t = tFor(req);
      const form = parseForm(manualForm, req.body, t);
      if (!form.ok) return renderPage(req, reply, { errors: form.errors, values: form.values });
      try {
        await comparators.setManual(actorOf(req), form.data.codes);
      } catch (err) {
        return renderPage(req, reply, { errors: domainErrors(err, t, 'codes'), values: submitted(req) });
      }
      return reply.redirect(`${insightBase(req)}/comparators?saved=1`, 303);
    });
  };
}
