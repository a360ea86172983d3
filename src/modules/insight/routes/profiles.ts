/** The overview (the council's own area) and the profile of an area inside the council. */
import type { FastifyInstance } from 'fastify';
import { can } from '../../../kernel/access.ts';
import { notFound } from '../../../server/errors.ts';
import { tFor } from '../../../server/plugins/language.ts';
import { actorOf } from '../../../server/request.ts';
import type { ZodTypeProvider } from '../../../server/schemas.ts';
import { headlineRows, profileDownload } from '../present/profile.ts';
import { insightBase, type InsightRouteServices } from './context.ts';
import { downloadQuery, sendDownload } from './download.ts';
import { areaParams } from './schemas.ts';

export function profileRoutes({ profiles, comparators }: InsightRouteServices) {
  return async function routes(base: FastifyInstance) {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const view = can('insight.view');

    app.get('/', { config: { access: view }, schema: { querystring: downloadQuery } }, async (req, reply) => {
      const council = actorOf(req).council;
      const area = council.areaCode ? await profiles.councilArea(council, council.areaCode) : null;
      const format = req.query.format;
      // No area data yet: a download is an empty table, never the HTML page.
      if (!area && format) return sendDownload(reply, format, 'profile', [], { area: null });
      if (!area) return reply.render('insight/views/overview.njk', { area: null, rows: [], tableRows: [] });
      const rows = await profiles.profile(council, area.code);
      if (format) {
        const d = profileDownload(rows);
        return sendDownload(reply, format, `profile-${area.code}`, d.rows, { area }, d.columns);
      }
      const [{ subareas }, set] = await Promise.all([
        profiles.places(council, area.code),
        comparators.current(council),
      ]);
      return reply.render('insight/views/overview.njk', {
        area,
        rows,
        tableRows: headlineRows(tFor(req), insightBase(req), area, rows),
        subareas,
        comparators: set,
      });
    });

    app.get(
      '/areas/:code',
      { config: { access: view }, schema: { params: areaParams, querystring: downloadQuery } },
      async (req, reply) => {
        const council = actorOf(req).council;
        const area = await profiles.councilArea(council, req.params.code);
        if (!area) throw notFound();
        const rows = await profiles.profile(council, area.code);
        const format = req.query.format;
        if (format) {
          const d = profileDownload(rows);
          return sendDownload(reply, format, `profile-${area.code}`, d.rows, { area }, d.columns);
        }
        const { parents, subareas } = await profiles.places(council, area.code);
        return reply.render('insight/views/profile.njk', {
          area,
          rows,
          tableRows: headlineRows(tFor(req), insightBase(req), area, rows),
          parents,
          subareas,
        });
      },
    );
  };
}
