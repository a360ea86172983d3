/** The indicators list, defining a council indicator, and the page of one indicator for one area. */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { can } from '../../../kernel/access.ts';
import type { LinkRegistry } from '../../../kernel/links.ts';
import { gapId } from '../links.ts';
import { groupLabel } from '../present/text.ts';
import { notFound } from '../../../server/errors.ts';
import { domainErrors, emptyErrors, parseForm, type FormErrors } from '../../../server/forms.ts';
import { tFor } from '../../../server/plugins/language.ts';
import { actorOf } from '../../../server/request.ts';
import type { ZodTypeProvider } from '../../../server/schemas.ts';
import { FRAMEWORKS } from '../model.ts';
import { INDICATOR_CSV_COLUMNS, indicatorDownload, indicatorPage } from '../present/indicator.ts';
import { defineChoices, indicatorGroups, indicatorsDownload } from '../present/indicators.ts';
import { insightBase, submitted, type InsightRouteServices } from './context.ts';
import { sendDownload } from './download.ts';
import { defineForm, indicatorQuery, indicatorsQuery } from './schemas.ts';

export function indicatorRoutes(
  { definitions, profiles, trends, comparators }: InsightRouteServices,
  links?: LinkRegistry,
) {
  return async function routes(base: FastifyInstance) {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const view = can('insight.view');
    const manage = can('insight.manage');

    app.get(
      '/indicators',
      { config: { access: view }, schema: { querystring: indicatorsQuery } },
      async (req, reply) => {
        const council = actorOf(req).council;
        const { framework, format, created } = req.query;
        const all = await definitions.list(council);
        const list = framework ? all.filter((d) => d.framework === framework) : all;
        if (format) return sendDownload(reply, format, `indicators-${council.slug}`, indicatorsDownload(list));
        return reply.render('insight/views/indicators.njk', {
          groups: indicatorGroups(tFor(req), insightBase(req), list, framework),
          frameworks: FRAMEWORKS,
          framework: framework ?? null,
          created,
        });
      },
    );

    const renderDefine = (reply: FastifyReply, values: Record<string, unknown>, errors: FormErrors, status = 200) =>
      reply.code(status).render('insight/views/define.njk', { values, errors, ...defineChoices });

    app.get('/indicators/new', { config: { access: manage } }, async (_req, reply) =>
      renderDefine(reply, { unit: 'percent', level: 'lad' }, emptyErrors()),
    );

    app.post('/indicators/new', { config: { access: manage } }, async (req, reply) => {
      const t = tFor(req);
      const form = parseForm(defineForm, req.body, t);
      if (!form.ok) return renderDefine(reply, form.values, form.errors, 400);
      const { direction, level, ...d } = form.data;
      try {
        await definitions.define(actorOf(req), {
          ...d,
          higher_is_better: direction === 'neither' ? null : direction === 'higher',
          geography_level: level,
        });
      } catch (err) {
        return renderDefine(reply, submitted(req), domainErrors(err, t, 'code'), 400);
      }
      return reply.redirect(
        `${insightBase(req)}/indicators?framework=council&created=${encodeURIComponent(d.code)}`,
        303,
      );
    });

    app.get('/indicator', { config: { access: view }, schema: { querystring: indicatorQuery } }, async (req, reply) => {
      const council = actorOf(req).council;
      const { code, format, baseline } = req.query;
      if (!code) {
        const withValues = (await definitions.list(council)).filter((d) => d.value_count > 0);
        return reply.render('insight/views/indicator-choose.njk', { indicators: withValues });
      }
      const indicator = await definitions.find(council, code);
      if (!indicator) throw notFound();
      const areaCode = req.query.area ?? council.areaCode;
      const area = areaCode ? await profiles.councilArea(council, areaCode) : null;
      if (!area && req.query.area) throw notFound();
      const shown = area ? await trends.indicatorView(council, indicator, area.code, baseline) : null;
      if (format) {
        const { rows, extra } = indicatorDownload(format, indicator, area, shown);
        const name = `indicator-${indicator.code}-${area?.code ?? 'none'}`;
        return sendDownload(reply, format, name, rows, extra, INDICATOR_CSV_COLUMNS);
      }
      const comparatorCount = (await comparators.current(council))?.members.length ?? 0;
      // What other modules offer from each gap ("Add an action" in plans).
      const gapActions =
        links && area && shown
          ? shown.gaps.flatMap((g) =>
              links
                .actionsFrom(actorOf(req), { kind: 'insight.gap', id: gapId(indicator.code, area.code, g.group) })
                .map((a) => ({ ...a, group: groupLabel(tFor(req), g.group) })),
            )
          : [];
      return reply.render('insight/views/indicator.njk', {
        indicator,
        area,
        view: shown,
        gapActions,
        ...indicatorPage(tFor(req), indicator, area, shown, comparatorCount),
      });
    });
  };
}
