import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Council } from '../../kernel/actor.ts';
import { can } from '../../kernel/access.ts';
import { addError, emptyErrors, type FormErrors } from '../../server/forms.ts';
import { paginationParams } from '../../server/pagination.ts';
import { actorOf } from '../../server/request.ts';
import { councilParams, pageQuery, type ZodTypeProvider } from '../../server/schemas.ts';
import { notFound } from '../../server/errors.ts';
import { geoLevelSchema, LEVEL_RANK, type GeoLevel } from '../../geo/gss.ts';
import { choroplethFigure } from '../../charts/choropleth.ts';
import { formatNumber } from '../../charts/common.ts';
import { CsvReadError, readCsvBuffer } from '../../lib/csv.ts';
import { toCsv } from '../../lib/csv-write.ts';
import { ImportFileError, type AreaRow, type GeographyService, type ImportOutcome } from './service.ts';
import { tFor } from '../../server/plugins/language.ts';

const PAGE_SIZE = 50;
const importForm = z.object({
  kind: z.enum(['boundaries', 'lookups'], { message: 'geography.import.errors.kindRequired' }),
});

const areasQuery = z.object({ page: pageQuery, level: z.string().optional(), format: z.string().optional() });
const areaParams = councilParams({ code: z.string().regex(/^[A-Za-z][0-9]{8}$/) });
const formatQuery = z.object({ format: z.string().optional() });

/** Geography of one council: areas by level with a map, area pages, and boundary/lookup import. */
export function geographyRoutes(geo: GeographyService) {
  return async function plugin(app: FastifyInstance) {
    await app.register(routes, { prefix: '/c/:council/areas' });
  };

  async function routes(base: FastifyInstance) {
    const app = base.withTypeProvider<ZodTypeProvider>();

    /** Population totals for map shading, from the newest dataset that covers the areas. */
    async function populationValues(
      council: Council,
      areas: AreaRow[],
    ): Promise<{ values: Map<string, number>; label: string | null }> {
      const values = new Map<string, number>();
      if (!areas.length) return { values, label: null };
      const datasets = await geo.datasetsFor(council, areas[0].code);
      if (!datasets.length) return { values, label: null };
      const pop = await geo.population(
        council,
        datasets[0].code,
        areas.map((a) => a.code),
      );
      for (const [code, row] of pop?.rows ?? []) values.set(code, row.total);
      return { values, label: `${datasets[0].name} (${datasets[0].period})` };
    }

    app.get(
      '/',
      { config: { access: can('geography.view') }, schema: { querystring: areasQuery } },
      async (req, reply) => {
        const council = actorOf(req).council;
        const t = tFor(req);
        const levels = (await geo.levels(council)).filter((l) => LEVEL_RANK[l] < LEVEL_RANK.lad);
        const q = req.query;
        const requested = geoLevelSchema.safeParse(q.level);
        const level: GeoLevel | undefined =
          requested.success && levels.includes(requested.data)
            ? requested.data
            : levels.includes('ward')
              ? 'ward'
              : levels[levels.length - 1];
        if (!level) {
          // No areas loaded yet: a download is an empty table, never the HTML page.
          if (q.format === 'csv' || q.format === 'json') return sendDownload(reply, q.format, 'areas', []);
          return reply.render('geography/views/areas.njk', { levels, level: null, rows: [] });
        }

        const page = req.query.page;
        const { rows, total, all } = await geo.areas(council, level, page, PAGE_SIZE);
        const { values } = await populationValues(council, all ?? []);
        if (q.format === 'csv' || q.format === 'json') {
          const data = (all ?? []).map((a) => ({
            code: a.code,
            name: a.name,
            level: a.level,
            population: values.get(a.code) ?? null,
          }));
          return sendDownload(reply, q.format, `areas-${council.slug}-${level}`, data);
        }
        const levelName = t(`geography.levelsPlural.${level}`);
        const features = await geo.features(all ?? []);
        const figure = features.length
          ? choroplethFigure({
              text: t,
              features,
              values,
              width: 720,
              height: 560,
              title: t('geography.mapTitle', { level: levelName, area: council.name }),
              description: t('geography.mapDescription', {
                count: features.length,
                level: levelName,
                area: council.name,
              }),
              valueLabel: t('geography.population'),
              format: formatNumber,
              linkFor: (code) => `/c/${council.slug}/areas/${code}`,
              id: 'areas-map',
            })
          : null;
        return reply.render('geography/views/areas.njk', {
          levels,
          level,
          rows,
          values: Object.fromEntries(values),
          figure,
          pagination: paginationParams(`/c/${council.slug}/areas`, page, PAGE_SIZE, total, { level }),
        });
      },
    );

    app.get('/import', { config: { access: can('geography.import') } }, async (_req, reply) => {
      return reply.render('geography/views/import.njk', { values: {}, errors: emptyErrors() });
    });

    app.post('/import', { config: { access: can('geography.import') } }, async (req, reply) => {
      const t = tFor(req);
      const actor = actorOf(req);
      const body = (req.body ?? {}) as Record<string, unknown>;
      const form = importForm.safeParse(body);
      const errors: FormErrors = emptyErrors();
      if (!form.success) addError(errors, 'kind', t('geography.import.errors.kindRequired'));
      const file = body.file;
      if (!(file instanceof Buffer) || file.length === 0)
        addError(errors, 'file', t('geography.import.errors.fileRequired'));
      if (errors.list.length || !form.success)
        return reply.code(400).render('geography/views/import.njk', { values: body, errors });

      let outcome: ImportOutcome;
      try {
        outcome =
          form.data.kind === 'boundaries'
            ? await geo.importBoundaries(file as Buffer, { source: 'upload', actor })
            : await geo.importLookups(readCsvBuffer(file as Buffer, { trim: true }), { actor });
      } catch (err) {
        if (err instanceof ImportFileError || err instanceof CsvReadError) {
          addError(errors, 'file', t('geography.import.errors.badFile', { reason: err.message }));
          return reply.code(400).render('geography/views/import.njk', { values: body, errors });
        }
        throw err;
      }
      if (!outcome.ok) {
        const list = outcome.problems.slice(0, 50).map((p) => ({
          text:
            p.line !== undefined
              ? t('geography.import.errors.row', { line: p.line, message: p.message })
              : p.feature !== undefined
                ? t('geography.import.errors.feature', { index: p.feature, message: p.message })
                : p.message,
          href: '#file',
        }));
        if (outcome.problemCount > list.length)
          list.push({
            text: t('geography.import.errors.more', { count: outcome.problemCount - list.length }),
            href: '#file',
          });
        errors.list.push(...list);
        errors.fields.file = { text: t('geography.import.failed') };
        return reply.code(400).render('geography/views/import.njk', { values: body, errors });
      }
      return reply.render('geography/views/import.njk', { values: {}, errors, outcome });
    });

    app.get(
      '/:code',
      { config: { access: can('geography.view') }, schema: { params: areaParams, querystring: formatQuery } },
      async (req, reply) => {
        const council = actorOf(req).council;
        const t = tFor(req);
        const { code } = req.params;
        const found = await geo.area(council, code.toUpperCase());
        if (!found) throw notFound();
        const { area, parents, children } = found;
        const datasets = await geo.datasetsFor(council, area.code);
        const population = datasets.length ? await geo.population(council, datasets[0].code, [area.code]) : null;
        const popRow = population?.rows.get(area.code);
        const breakdown =
          popRow && population
            ? population.meta.categories.map((c, i) => ({
                category: c,
                count: popRow.counts[i],
                share: popRow.total > 0 ? popRow.counts[i] / popRow.total : null,
              }))
            : [];
        const popSummary = popRow && population ? { meta: population.meta, total: popRow.total, breakdown } : null;
        const childLevels = [...new Set(children.map((c) => c.level))].sort((a, b) => LEVEL_RANK[b] - LEVEL_RANK[a]);
        const shownChildren = childLevels.length ? children.filter((c) => c.level === childLevels[0]) : [];
        const { values } = await populationValues(council, shownChildren);
        const features = await geo.features(shownChildren.length ? shownChildren : [area]);
        const figure = features.length
          ? choroplethFigure({
              text: t,
              features,
              values: shownChildren.length ? values : new Map([[area.code, popRow?.total ?? null]]),
              width: 640,
              height: 480,
              title: t('geography.mapTitle', {
                level: shownChildren.length ? t(`geography.levelsPlural.${childLevels[0]}`) : area.name,
                area: area.name,
              }),
              description: t('geography.mapDescription', {
                count: features.length,
                level: shownChildren.length ? t(`geography.levelsPlural.${childLevels[0]}`) : area.name,
                area: area.name,
              }),
              valueLabel: t('geography.population'),
              format: formatNumber,
              linkFor: shownChildren.length ? (c) => `/c/${council.slug}/areas/${c}` : undefined,
              id: 'area-map',
            })
          : null;
        if (req.query.format === 'json') {
          return reply.send({
            area,
            parents,
            children,
            population: popSummary ? { dataset: popSummary.meta, total: popSummary.total, breakdown } : null,
          });
        }
        return reply.render('geography/views/area.njk', {
          area,
          parents: parents.filter((p) => LEVEL_RANK[p.level] <= LEVEL_RANK.lad || p.code === council.areaCode),
          children: shownChildren,
          childLevel: childLevels[0] ?? null,
          values: Object.fromEntries(values),
          population: popSummary,
          figure,
        });
      },
    );
  }
}

function sendDownload(reply: FastifyReply, format: 'csv' | 'json', name: string, rows: Record<string, unknown>[]) {
  if (format === 'json') {
    return reply
      .header('content-disposition', `attachment; filename="${name}.json"`)
      .type('application/json')
      .send({ data: rows });
  }
  return reply
    .header('content-disposition', `attachment; filename="${name}.csv"`)
    .type('text/csv; charset=utf-8')
    .send(toCsv(rows));
}
