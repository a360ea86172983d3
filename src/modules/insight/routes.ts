import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { can } from '../../kernel/access.ts';
import { addError, emptyErrors, parseForm, type FormErrors } from '../../server/forms.ts';
import { notFound } from '../../server/errors.ts';
import { hasKey, type Translate } from '../../i18n/index.ts';
import { GEO_LEVELS, LEVEL_RANK, geoLevelSchema, type GeoLevel } from '../../geo/gss.ts';
import { choroplethFigure } from '../../charts/choropleth.ts';
import { lineChartFigure, type LineSeries } from '../../charts/line.ts';
import { barChartFigure } from '../../charts/bar.ts';
import { rowsFromBuffer } from '../../lib/csv-buffer.ts';
import { toCsv } from '../../lib/csv-write.ts';
import { GeographyService } from '../geography/service.ts';
import { DomainError, InsightService, type ImportOutcome, type SegregationAnalysis } from './service.ts';
import { UNITS, type IndicatorRow } from './repository.ts';
import { formatChange, formatValue, ordinal, proportionScale } from './format.ts';
import { INDICATOR_CODE_PATTERN } from './parse.ts';
import { tFor } from '../../server/plugins/language.ts';
import { actorOf, userOf } from '../../server/request.ts';

const FRAMEWORKS = [
  'lg_inform',
  'segregation',
  'gla_social_integration',
  'race_equality_scorecard',
  'home_office_ioi',
  'council',
  'survey',
] as const;
const BREAKDOWNS = ['ethnic_group', 'age_band', 'sex', 'religion', 'disability', 'country_of_birth'] as const;
const IMPORT_KINDS = ['indicators', 'nomis', 'census2011'] as const;

const defineForm = z.object({
  code: z.string().trim().toLowerCase().regex(INDICATOR_CODE_PATTERN, 'insight.define.errors.codeFormat'),
  name: z.string().trim().min(3, 'insight.define.errors.nameRequired').max(200, 'insight.define.errors.nameTooLong'),
  domain: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z][a-z0-9_]{1,60}$/, 'insight.define.errors.domainFormat'),
  unit: z.enum(UNITS, { message: 'insight.define.errors.unitRequired' }),
  direction: z.enum(['higher', 'lower', 'neither'], { message: 'insight.define.errors.directionRequired' }),
  level: geoLevelSchema.refine((l) => l !== 'country', 'insight.define.errors.levelRequired'),
  source: z
    .string()
    .trim()
    .min(5, 'insight.define.errors.sourceRequired')
    .max(1000, 'insight.define.errors.sourceTooLong'),
  description: z.string().trim().max(2000, 'insight.define.errors.descriptionTooLong').optional().default(''),
  breakdowns: z
    .union([z.enum(BREAKDOWNS), z.array(z.enum(BREAKDOWNS))], { message: 'insight.define.errors.breakdowns' })
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v])),
});

const importFields = z.object({
  kind: z.enum(IMPORT_KINDS, { message: 'insight.import.errors.kindRequired' }),
  dataset: z
    .string()
    .trim()
    .toLowerCase()
    .optional()
    .transform((v) => v || undefined)
    .pipe(
      z
        .string()
        .regex(/^[a-z0-9_]{2,60}$/, 'insight.import.errors.datasetFormat')
        .optional(),
    ),
});

const nearestForm = z.object({
  characteristics: z
    .union([z.string(), z.array(z.string())], { message: 'insight.comparators.errors.characteristicsRequired' })
    .transform((v) => (Array.isArray(v) ? v : [v]))
    .pipe(
      z
        .array(z.string().regex(INDICATOR_CODE_PATTERN))
        .min(1, 'insight.comparators.errors.characteristicsRequired')
        .max(12),
    ),
  k: z.coerce
    .number({ message: 'insight.comparators.errors.size' })
    .int('insight.comparators.errors.size')
    .min(1, 'insight.comparators.errors.size')
    .max(30, 'insight.comparators.errors.size'),
});

const manualForm = z.object({
  codes: z
    .string()
    .trim()
    .min(1, 'insight.comparators.errors.codesRequired')
    .max(2000, 'insight.comparators.errors.codesRequired')
    .transform((v) =>
      v
        .split(/[\s,;]+/)
        .map((c) => c.trim().toUpperCase())
        .filter(Boolean),
    ),
});

const storeForm = z.object({
  dataset: z.string().regex(/^[a-z0-9_]{2,60}$/, 'insight.segregation.errors.noData'),
  level: geoLevelSchema,
  higher: z
    .string()
    .optional()
    .transform((v) => (v ? v : null))
    .pipe(geoLevelSchema.nullable()),
  y: z.string().max(200).optional(),
  x: z.string().max(200).optional(),
});

type Format = 'html' | 'csv' | 'json';

function formatOf(req: FastifyRequest): Format {
  const f = (req.query as { format?: string }).format;
  return f === 'csv' || f === 'json' ? f : 'html';
}

function str(q: unknown, key: string, max = 200): string | undefined {
  const v = (q as Record<string, unknown> | undefined)?.[key];
  return typeof v === 'string' && v.length <= max && v.length > 0 ? v : undefined;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function sendDownload(
  reply: FastifyReply,
  format: 'csv' | 'json',
  name: string,
  rows: Record<string, unknown>[],
  extra: Record<string, unknown> = {},
) {
  if (format === 'json') {
    return reply
      .header('content-disposition', `attachment; filename="${name}.json"`)
      .type('application/json')
      .send({ ...extra, data: rows });
  }
  return reply
    .header('content-disposition', `attachment; filename="${name}.csv"`)
    .type('text/csv; charset=utf-8')
    .send(toCsv(rows));
}

/** Label of a census category or pair ("Bangladeshi vs WhiteBrit"), through the census catalogue when known. */
function groupLabel(t: Translate, code: string): string {
  if (code === 'all') return t('insight.groups.all');
  if (code.includes(' vs '))
    return code
      .split(' vs ')
      .map((c) => groupLabel(t, c))
      .join(t('insight.groups.versus'));
  return hasKey(`census.ethnicGroup.${code}`) ? t(`census.ethnicGroup.${code}`) : code;
}

/** Periods as numbers for the line chart: 2021 → 2021, 2021/22 → 2021.25, 2024-Q2 → 2024.25, 2024-03 → 2024.17. */
function periodX(p: string): number {
  const year = Number(p.slice(0, 4));
  const rest = p.slice(5);
  if (/^Q[1-4]$/.test(rest)) return year + (Number(rest[1]) - 1) / 4;
  if (/^H[12]$/.test(rest)) return year + (Number(rest[1]) - 1) / 2;
  if (/^W\d{2}$/.test(rest)) return year + (Number(rest.slice(1)) - 1) / 53;
  if (/^\d{2}$/.test(rest) && p[4] === '-') return year + (Number(rest) - 1) / 12;
  if (rest) return year + 0.25;
  return year;
}

function directionText(t: Translate, d: IndicatorRow): string {
  return t(`insight.direction.${d.higher_is_better === null ? 'neither' : d.higher_is_better ? 'higher' : 'lower'}`);
}

function positionText(
  t: Translate,
  p: { rank: number; of: number; quartile: number; among: string; level: GeoLevel } | null,
): string {
  if (!p) return t('insight.profile.noPosition');
  return t(`insight.profile.position.${p.among}`, {
    rank: ordinal(p.rank),
    of: p.of,
    quartile: t(`insight.quartile.${p.quartile}`),
    level: t(`geography.levelsPlural.${p.level}`),
  });
}

function changeText(
  t: Translate,
  d: IndicatorRow,
  change: { change: number; significant: boolean | null } | null,
  baseline: string | undefined,
): string {
  if (!change || !baseline) return t('insight.profile.noTrend');
  const size = formatChange(d.unit, change.change);
  const better =
    d.higher_is_better === null || change.change === 0
      ? 'neutral'
      : change.change > 0 === d.higher_is_better
        ? 'better'
        : 'worse';
  const sig =
    change.significant === null
      ? ''
      : change.significant
        ? t('insight.change.significant')
        : t('insight.change.notSignificant');
  return `${t(`insight.change.${better}`, { size, baseline })}${sig ? ` ${sig}` : ''}`;
}

/** Know: indicators, area profiles, segregation, comparators and imports of one council. */
export function insightRoutes(deps: { svc: InsightService; geo: GeographyService }) {
  return async function plugin(app: FastifyInstance) {
    await app.register((scoped) => registerInsightRoutes(scoped, deps.svc, deps.geo), {
      prefix: '/c/:council/insight',
    });
  };
}

async function registerInsightRoutes(app: FastifyInstance, svc: InsightService, geo: GeographyService) {
  const base = (req: FastifyRequest) => `/c/${actorOf(req).council.slug}/insight`;

  // ---------------------------------------------------------------- profiles
  async function renderProfile(req: FastifyRequest, reply: FastifyReply, code: string, overview: boolean) {
    const actor = actorOf(req);
    const council = actor.council;
    const t = tFor(req);
    const area = await svc.councilArea(council, code);
    if (!area) {
      if (overview) return reply.render('insight/views/overview.njk', { area: null, rows: [], tableRows: [] });
      throw notFound();
    }
    const rows = await svc.profile(council, area.code);
    const format = formatOf(req);
    if (format !== 'html') {
      const data = rows.map((r) => ({
        indicator: r.indicator.code,
        name: r.indicator.name,
        framework: r.indicator.framework,
        unit: r.indicator.unit,
        period: r.latest.period,
        value: r.latest.value,
        ci_low: r.latest.ci_low,
        ci_high: r.latest.ci_high,
        baseline_period: r.baseline?.period ?? null,
        baseline_value: r.baseline?.value ?? null,
        change: r.change?.change ?? null,
        change_low: r.change?.low ?? null,
        change_high: r.change?.high ?? null,
        change_significant: r.change?.significant ?? null,
        rank: r.position?.rank ?? null,
        of: r.position?.of ?? null,
        quartile: r.position?.quartile ?? null,
        among: r.position?.among ?? null,
      }));
      return sendDownload(reply, format, `profile-${area.code}`, data, { area });
    }
    const link = (r: (typeof rows)[number]) =>
      `${base(req)}/indicator?code=${encodeURIComponent(r.indicator.code)}&amp;area=${area.code}`;
    const tableRows = rows.map((r) => [
      {
        html: `<a class="govuk-link" href="${link(r)}">${escapeHtml(r.indicator.name)}</a><br><span class="govuk-body-s app-insight-muted">${escapeHtml(t(`insight.frameworks.${r.indicator.framework}.name`))}</span>`,
      },
      { text: `${formatValue(r.indicator.unit, r.latest.value)} (${r.latest.period})`, format: 'numeric' },
      { text: changeText(t, r.indicator, r.change, r.baseline?.period) },
      { text: positionText(t, r.position) },
    ]);
    const parents = overview ? [] : ((await geo.area(council, area.code))?.parents ?? []);
    const children = (await geo.area(council, area.code))?.children ?? [];
    // Profiles of the wards within (MSOAs where no wards are loaded), by name.
    const wardsWithin = children.filter((c) => c.level === 'ward');
    const subareas = (wardsWithin.length ? wardsWithin : children.filter((c) => c.level === 'msoa')).sort((a, b) =>
      a.name.localeCompare(b.name),
    );
    return reply.render(overview ? 'insight/views/overview.njk' : 'insight/views/profile.njk', {
      area,
      rows,
      tableRows,
      parents: parents.filter((p) => LEVEL_RANK[p.level] <= LEVEL_RANK.lad),
      subareas,
      comparators: overview ? await svc.comparators(council.id) : null,
    });
  }

  app.get('/', { config: { access: can('insight.view') } }, async (req, reply) =>
    renderProfile(req, reply, actorOf(req).council.areaCode ?? '', true),
  );

  app.get('/areas/:code', { config: { access: can('insight.view') } }, async (req, reply) => {
    const { code } = req.params as { code: string };
    return renderProfile(req, reply, code.toUpperCase(), false);
  });

  // ---------------------------------------------------------------- indicator definitions
  app.get('/indicators', { config: { access: can('insight.view') } }, async (req, reply) => {
    const t = tFor(req);
    const all = await svc.indicators(actorOf(req).council.id);
    const requested = str(req.query, 'framework');
    const framework = FRAMEWORKS.find((f) => f === requested);
    const list = framework ? all.filter((d) => d.framework === framework) : all;
    const format = formatOf(req);
    if (format !== 'html') {
      return sendDownload(
        reply,
        format,
        `indicators-${actorOf(req).council.slug}`,
        list.map((d) => ({
          code: d.code,
          name: d.name,
          framework: d.framework,
          domain: d.domain,
          unit: d.unit,
          higher_is_better: d.higher_is_better,
          geography_level: d.geography_level,
          breakdowns: d.breakdowns.join(' '),
          source: d.source,
          description: d.description,
          own: d.council_id !== null,
          values: d.value_count,
        })),
      );
    }
    const groups = FRAMEWORKS.filter((f) => !framework || f === framework)
      .map((f) => ({
        framework: f,
        rows: list
          .filter((d) => d.framework === f)
          .map((d) => [
            {
              html: `<a class="govuk-link" href="${base(req)}/indicator?code=${encodeURIComponent(d.code)}">${escapeHtml(d.name)}</a><br><span class="govuk-body-s app-code">${escapeHtml(d.code)}</span>`,
            },
            {
              text:
                t(`insight.domains.${d.domain}`) === `insight.domains.${d.domain}`
                  ? d.domain.replace(/_/g, ' ')
                  : t(`insight.domains.${d.domain}`),
            },
            { text: t(`insight.units.${d.unit}`) },
            { text: directionText(t, d) },
            { text: d.value_count, format: 'numeric' },
          ]),
      }))
      .filter((g) => g.rows.length);
    return reply.render('insight/views/indicators.njk', {
      groups,
      frameworks: FRAMEWORKS,
      framework: framework ?? null,
      created: str(req.query, 'created'),
    });
  });

  const renderDefine = (reply: FastifyReply, values: Record<string, unknown>, errors: FormErrors, status = 200) =>
    reply.code(status).render('insight/views/define.njk', {
      values,
      errors,
      units: UNITS,
      levels: GEO_LEVELS.filter((l) => l !== 'country'),
      breakdowns: BREAKDOWNS,
    });

  app.get('/indicators/new', { config: { access: can('insight.manage') } }, async (_req, reply) =>
    renderDefine(reply, { unit: 'percent', level: 'lad' }, emptyErrors()),
  );

  app.post('/indicators/new', { config: { access: can('insight.manage') } }, async (req, reply) => {
    const t = tFor(req);
    const form = parseForm(defineForm, req.body, t);
    if (!form.ok) return renderDefine(reply, form.values, form.errors, 400);
    const d = form.data;
    try {
      await svc.addIndicator(actorOf(req), {
        code: d.code,
        name: d.name,
        domain: d.domain,
        unit: d.unit,
        higher_is_better: d.direction === 'neither' ? null : d.direction === 'higher',
        source: d.source,
        geography_level: d.level,
        breakdowns: d.breakdowns,
        description: d.description,
      });
    } catch (err) {
      if (err instanceof DomainError)
        return renderDefine(
          reply,
          req.body as Record<string, unknown>,
          addError(emptyErrors(), err.field ?? 'form', t(err.key, err.params)),
          400,
        );
      throw err;
    }
    return reply.redirect(`${base(req)}/indicators?framework=council&created=${encodeURIComponent(d.code)}`, 303);
  });

  // ---------------------------------------------------------------- one indicator
  app.get('/indicator', { config: { access: can('insight.view') } }, async (req, reply) => {
    const actor = actorOf(req);
    const council = actor.council;
    const t = tFor(req);
    const code = str(req.query, 'code', 81)?.toLowerCase();
    const defs = await svc.indicators(council.id);
    const withValues = defs.filter((d) => d.value_count > 0);
    if (!code) return reply.render('insight/views/indicator-choose.njk', { indicators: withValues });
    const indicator = await svc.indicator(council.id, code);
    if (!indicator) throw notFound();
    const areaCode = (str(req.query, 'area', 9) ?? council.areaCode ?? '').toUpperCase();
    const area = await svc.councilArea(council, areaCode);
    if (!area && str(req.query, 'area')) throw notFound();
    const view = area ? await svc.indicatorView(council, indicator, area.code, str(req.query, 'baseline', 20)) : null;
    const fmt = (v: number) => formatValue(indicator.unit, v);
    const format = formatOf(req);
    if (format !== 'html') {
      const data = (view?.values ?? []).map((v) => ({
        indicator: indicator.code,
        area_code: v.area_code,
        period: v.period,
        group: v.group_code,
        value: v.value,
        numerator: v.numerator,
        denominator: v.denominator,
        ci_low: v.ci_low,
        ci_high: v.ci_high,
        source: v.source,
      }));
      const extra =
        format === 'json' && view
          ? {
              indicator,
              area,
              change: view.changes.map((c) => ({
                period: c.row.period,
                value: c.row.value,
                baseline: view.baseline?.period ?? null,
                ...(c.change ?? {}),
              })),
              gaps: view.gaps.map((g) => ({ group: g.group, ...g.analysis })),
              benchmark: view.benchmark,
              subareas: view.subareas
                ? {
                    level: view.subareas.level,
                    period: view.subareas.period,
                    rows: view.subareas.rows.map((r) => ({ code: r.code, name: r.name, value: r.value.value })),
                  }
                : null,
            }
          : { indicator };
      return sendDownload(reply, format, `indicator-${indicator.code}-${area?.code ?? 'none'}`, data, extra);
    }
    let trend = null;
    let benchmarkFigure = null;
    let subareaFigure = null;
    let changeRows: unknown[] = [];
    let gapRows: unknown[] = [];
    if (view && area && view.values.length) {
      const groups = view.groups.slice(0, 6);
      const series: LineSeries[] = groups.map((g) => ({
        name: groupLabel(t, g),
        points: view.values
          .filter((v) => v.group_code === g)
          .map((v) => ({ x: periodX(v.period), y: v.value, lower: v.ci_low, upper: v.ci_high })),
      }));
      const labelByX = new Map(view.periods.map((p) => [periodX(p), p]));
      trend = lineChartFigure({
        series,
        width: 720,
        height: 360,
        title: t('insight.indicator.trendTitle', { indicator: indicator.name, area: area.name }),
        description: t('insight.indicator.trendDescription', { groups: groups.length, periods: view.periods.length }),
        format: fmt,
        xFormat: (x) => labelByX.get(x as number) ?? String(x),
        xLabel: t('insight.indicator.period'),
        yLabel: t(`insight.units.${indicator.unit}`),
        intervalLabel: t('insight.indicator.interval'),
        id: 'trend-chart',
      });
      changeRows = view.changes.map((c) => [
        { text: c.row.period },
        { text: fmt(c.row.value), format: 'numeric' },
        {
          text:
            c.row.ci_low !== null && c.row.ci_high !== null
              ? `${fmt(c.row.ci_low)} to ${fmt(c.row.ci_high)}`
              : t('common.notAvailable'),
          format: 'numeric',
        },
        { text: c.change ? formatChange(indicator.unit, c.change.change) : '–', format: 'numeric' },
        {
          text:
            c.change && c.change.low !== null && c.change.high !== null
              ? `${formatChange(indicator.unit, c.change.low)} to ${formatChange(indicator.unit, c.change.high)}`
              : '–',
          format: 'numeric',
        },
        {
          text: !c.change
            ? t('insight.change.baseline')
            : c.change.significant === null
              ? t('insight.change.unknown')
              : c.change.significant
                ? t('common.yes')
                : t('common.no'),
        },
      ]);
      gapRows = view.gaps.map((g) => {
        const first = g.analysis.rows[0];
        const last = g.analysis.rows[g.analysis.rows.length - 1];
        return [
          { text: groupLabel(t, g.group) },
          { text: first ? `${formatChange(indicator.unit, first.gap)} (${first.period})` : '–', format: 'numeric' },
          {
            text:
              last && g.analysis.rows.length > 1 ? `${formatChange(indicator.unit, last.gap)} (${last.period})` : '–',
            format: 'numeric',
          },
          {
            text:
              t(`insight.gaps.status.${g.analysis.status}`) +
              (g.analysis.significant && g.analysis.status !== 'insufficient_data'
                ? `. ${t('insight.change.significant')}`
                : ''),
          },
        ];
      });
      if (view.benchmark && view.benchmark.rows.some((r) => r.value !== null)) {
        benchmarkFigure = barChartFigure({
          bars: view.benchmark.rows.map((r) => ({ label: r.name, value: r.value, highlight: r.self })),
          width: 720,
          title: t('insight.indicator.benchmarkTitle', { indicator: indicator.name, period: view.benchmark.period }),
          description: t('insight.indicator.benchmarkDescription', {
            count: view.benchmark.rows.length - 1,
            area: area.name,
          }),
          format: fmt,
          sort: 'descending',
          valueLabel: indicator.name,
          ...(view.benchmark.median !== null
            ? { reference: { value: view.benchmark.median, label: t('insight.indicator.median') } }
            : {}),
          id: 'benchmark-chart',
        });
      }
      if (view.subareas && view.subareas.rows.length) {
        subareaFigure = barChartFigure({
          bars: view.subareas.rows.map((r) => ({
            label: r.name,
            value: r.value.value,
            lower: r.value.ci_low,
            upper: r.value.ci_high,
          })),
          width: 720,
          title: t('insight.indicator.subareasTitle', {
            level: t(`geography.levelsPlural.${view.subareas.level}`),
            period: view.subareas.period,
          }),
          description: t('insight.indicator.subareasDescription', {
            count: view.subareas.rows.length,
            area: area.name,
          }),
          format: fmt,
          sort: 'descending',
          valueLabel: indicator.name,
          intervalLabel: t('insight.indicator.interval'),
          ...(view.values.find((v) => v.group_code === 'all' && v.period === view.subareas!.period)
            ? {
                reference: {
                  value: view.values.find((v) => v.group_code === 'all' && v.period === view.subareas!.period)!.value,
                  label: area.name,
                },
              }
            : {}),
          id: 'subareas-chart',
        });
      }
    }
    return reply.render('insight/views/indicator.njk', {
      indicator,
      area,
      view,
      trend,
      benchmarkFigure,
      subareaFigure,
      changeRows,
      gapRows,
      rankText: view?.benchmark?.rank
        ? t('insight.indicator.rank', {
            rank: ordinal(view.benchmark.rank.rank),
            of: view.benchmark.rank.of,
            quartile: t(`insight.quartile.${view.benchmark.rank.quartile}`),
          })
        : null,
      comparatorCount: (await svc.comparators(council.id))?.members.length ?? 0,
      direction: directionText(t, indicator),
      frameworkName: t(`insight.frameworks.${indicator.framework}.name`),
      hasScale: proportionScale(indicator.unit) !== null,
      query: { code: indicator.code, area: area?.code ?? '' },
    });
  });

  // ---------------------------------------------------------------- segregation
  async function segregationPage(
    req: FastifyRequest,
    reply: FastifyReply,
    extra: { errors?: FormErrors; stored?: number; status?: number } = {},
  ) {
    const actor = actorOf(req);
    const council = actor.council;
    const t = tFor(req);
    const q = (req.method === 'GET' ? req.query : req.body) as Record<string, unknown>;
    const choices = await svc.segregationChoices(council);
    const key = (b: { dataset: string; level: string }) => `${b.dataset}:${b.level}`;
    const wanted = `${str(q, 'dataset', 60) ?? ''}:${str(q, 'level', 10) ?? ''}`;
    const chosen = choices.bases.find((b) => key(b) === wanted) ?? choices.bases[0] ?? null;
    const higherWanted = geoLevelSchema.safeParse(str(q, 'higher', 10));
    const higherOptions = chosen ? choices.higher.filter((l) => LEVEL_RANK[l] > LEVEL_RANK[chosen.level]) : [];
    const higher =
      higherWanted.success && higherOptions.includes(higherWanted.data)
        ? higherWanted.data
        : higherOptions.includes('ward')
          ? 'ward'
          : (higherOptions[0] ?? null);
    let y = str(q, 'y');
    let x = str(q, 'x');
    if (chosen && (!y || !x) && req.method === 'GET' && !('y' in (q ?? {}))) {
      // A sensible default pair: the largest group against the second largest.
      const totals = await svc.analyseSegregation(council, {
        dataset: chosen.dataset,
        level: chosen.level,
        higher: null,
        pair: null,
      });
      const bySize = [...(totals?.result.groups ?? [])].sort((a, b) => b.count - a.count);
      if (bySize.length >= 2) [x, y] = [bySize[0].group, bySize[1].group];
    }
    const analysis: SegregationAnalysis | null = chosen
      ? await svc.analyseSegregation(
          council,
          { dataset: chosen.dataset, level: chosen.level, higher, pair: y && x ? { y, x } : null },
          { expected: true },
        )
      : null;
    const format = req.method === 'GET' ? formatOf(req) : 'html';
    if (format !== 'html') return segregationDownload(req, reply, format, analysis);
    let figure = null;
    const impact = analysis?.result.impacts[0];
    if (analysis && higher && impact?.rows.ok) {
      const contributions = impact.rows.value.filter((c) => c.unit !== '');
      const features = await geo.features(
        contributions.map((c) => ({ code: c.unit, name: analysis.unitNames[c.unit] ?? c.unit, level: higher })),
      );
      if (features.length) {
        figure = choroplethFigure({
          features,
          values: new Map(contributions.map((c) => [c.unit, c.indexShare === null ? null : c.indexShare * 100])),
          width: 720,
          height: 560,
          title: t('insight.segregation.mapTitle', {
            level: t(`geography.levelsPlural.${higher}`),
            area: council.name,
          }),
          description: t('insight.segregation.mapDescription'),
          valueLabel: t('insight.segregation.indexShare'),
          format: (v) => `${v.toFixed(1)}%`,
          linkFor: (c) => `${base(req)}/areas/${c}`,
          id: 'contributions-map',
        });
      }
    }
    const stored = (
      await svc.indicatorView(
        council,
        (await svc.indicator(council.id, 'lg_inform.residential_segregation'))!,
        council.areaCode ?? '',
      )
    ).values;
    return reply.code(extra.status ?? 200).render('insight/views/segregation.njk', {
      choices,
      chosen,
      higher,
      higherOptions,
      analysis,
      figure,
      ...(analysis ? segregationTables(req, t, analysis) : {}),
      storedRows: stored.map((v) => [
        { text: groupLabel(t, v.group_code) },
        { text: v.period },
        { text: formatValue('index', v.value), format: 'numeric' },
        { text: v.source },
      ]),
      errors: extra.errors ?? emptyErrors(),
      stored: extra.stored,
      categories: chosen?.categories ?? [],
      groupLabels: Object.fromEntries((chosen?.categories ?? []).map((c) => [c, groupLabel(t, c)])),
      y: analysis?.params.pair?.y ?? y,
      x: analysis?.params.pair?.x ?? x,
    });
  }

  function segregationTables(req: FastifyRequest, t: Translate, a: SegregationAnalysis) {
    const r = a.result;
    const f3 = (v: number | null | undefined) => formatValue('index', v);
    const multi = r.multi.ok ? r.multi.value : null;
    const multiRows = multi
      ? [
          ['multi_dissimilarity', multi.multiDissimilarity],
          ['multi_gini', multi.multiGini],
          ['information_theory', multi.informationTheory],
          ['normalized_exposure', multi.normalizedExposure],
          ['squared_coefficient_of_variation', multi.squaredCoefficientOfVariation],
          ['simpsons_interaction', multi.simpsonsInteraction],
          ['diversity', multi.diversity],
        ].map(([k, v]) => [
          { text: t(`insight.indices.${k}.name`) },
          { text: f3(v as number), format: 'numeric' },
          { text: t(`insight.indices.${k}.explain`) },
        ])
      : [];
    const groupRows = [...r.groups]
      .sort((p, q) => q.count - p.count)
      .map((g) => [
        { text: groupLabel(t, g.group) },
        { text: g.share === null ? '–' : `${(g.share * 100).toFixed(1)}%`, format: 'numeric' },
        ...(g.indices.ok
          ? [
              g.indices.value.dissimilarity,
              g.indices.value.isolation,
              g.indices.value.entropy,
              g.indices.value.gini,
            ].map((v) => ({ text: f3(v), format: 'numeric' }))
          : [{ text: t('insight.segregation.undefined'), colspan: 4 }]),
      ]);
    const pair = r.pair;
    const pairRows =
      pair && pair.indices.ok
        ? (
            [
              ['dissimilarity', pair.indices.value.dissimilarity],
              ['gini', pair.indices.value.gini],
              ['entropy', pair.indices.value.entropy],
              ['isolation', pair.indices.value.isolation],
              ['interaction', pair.indices.value.interaction],
              ['correlation_ratio', pair.indices.value.correlationRatio],
              ['atkinson01', pair.indices.value.atkinson01],
              ['atkinson05', pair.indices.value.atkinson05],
              ['atkinson09', pair.indices.value.atkinson09],
            ] as const
          ).map(([k, v]) => [
            { text: t(`insight.indices.${k}.name`) },
            { text: f3(v), format: 'numeric' },
            { text: t(`insight.indices.${k}.explain`, { y: groupLabel(t, pair.y), x: groupLabel(t, pair.x) }) },
          ])
        : [];
    const expected = pair?.expected?.ok ? pair.expected.value : null;
    const impact = r.impacts[0];
    const contributions =
      impact && impact.rows.ok
        ? [...impact.rows.value].filter((c) => c.unit !== '').sort((p, q) => q.contribution - p.contribution)
        : [];
    const contributionRows = contributions.map((c) => [
      {
        html: `<a class="govuk-link" href="${base(req)}/areas/${escapeHtml(c.unit)}">${escapeHtml(a.unitNames[c.unit] ?? c.unit)}</a>`,
      },
      { text: c.areas, format: 'numeric' },
      { text: f3(c.contribution), format: 'numeric' },
      { text: c.indexShare === null ? '–' : `${(c.indexShare * 100).toFixed(1)}%`, format: 'numeric' },
      { text: `${(c.areaShare * 100).toFixed(1)}%`, format: 'numeric' },
      { text: c.impact === null ? '–' : c.impact.toFixed(2), format: 'numeric' },
      { text: c.scaledMean === null ? '–' : c.scaledMean.toFixed(2), format: 'numeric' },
    ]);
    return {
      multiRows,
      groupRows,
      pairRows,
      expected,
      contributionRows,
      contributions,
      impactIndex: impact?.index ?? null,
      drivers: contributions
        .filter((c) => c.impact !== null && c.impact > 1)
        .slice(0, 5)
        .map((c) => a.unitNames[c.unit] ?? c.unit),
      pairLabel: pair ? groupLabel(t, `${pair.y} vs ${pair.x}`) : null,
      pairD: pair && pair.indices.ok ? f3(pair.indices.value.dissimilarity) : null,
      pairDPercent: pair && pair.indices.ok ? Math.round(pair.indices.value.dissimilarity * 100) : null,
      yLabel: pair ? groupLabel(t, pair.y) : null,
      xLabel: pair ? groupLabel(t, pair.x) : null,
    };
  }

  async function segregationDownload(
    req: FastifyRequest,
    reply: FastifyReply,
    format: 'csv' | 'json',
    a: SegregationAnalysis | null,
  ) {
    const name = `segregation-${actorOf(req).council.slug}`;
    if (!a) return sendDownload(reply, format, name, [], { analysis: null });
    const r = a.result;
    const rows: Record<string, unknown>[] = [];
    if (r.multi.ok) {
      const m = r.multi.value;
      for (const [k, v] of Object.entries({
        multi_dissimilarity: m.multiDissimilarity,
        multi_gini: m.multiGini,
        information_theory: m.informationTheory,
        normalized_exposure: m.normalizedExposure,
        squared_coefficient_of_variation: m.squaredCoefficientOfVariation,
        simpsons_interaction: m.simpsonsInteraction,
        diversity: m.diversity,
      })) {
        rows.push({ comparison: 'all groups', index: k, value: v });
      }
    }
    const two = (comparison: string, i: Record<string, number>) => {
      for (const k of [
        'dissimilarity',
        'gini',
        'entropy',
        'isolation',
        'interaction',
        'correlationRatio',
        'atkinson01',
        'atkinson05',
        'atkinson09',
      ])
        rows.push({ comparison, index: k, value: i[k] });
    };
    for (const g of r.groups)
      if (g.indices.ok) two(`${g.group} vs rest`, g.indices.value as unknown as Record<string, number>);
    if (r.pair?.indices.ok)
      two(`${r.pair.y} vs ${r.pair.x}`, r.pair.indices.value as unknown as Record<string, number>);
    if (format === 'csv') return sendDownload(reply, 'csv', name, rows);
    return sendDownload(reply, 'json', name, rows, {
      dataset: a.dataset.code,
      period: a.dataset.period,
      level: a.params.level,
      higher: a.params.higher,
      pair: a.params.pair,
      areas: r.areas,
      population: r.population,
      expected: r.pair?.expected?.ok ? r.pair.expected.value : null,
      contributions: r.impacts.map((i) => ({
        level: i.level,
        index: i.index,
        rows: i.rows.ok ? i.rows.value.map((c) => ({ ...c, name: a.unitNames[c.unit] ?? c.unit })) : [],
      })),
    });
  }

  app.get('/segregation', { config: { access: can('insight.view') } }, (req, reply) => segregationPage(req, reply));

  app.post('/segregation', { config: { access: can('insight.manage') } }, async (req, reply) => {
    const t = tFor(req);
    const form = parseForm(storeForm, req.body, t);
    if (!form.ok) return segregationPage(req, reply, { errors: form.errors, status: 400 });
    const d = form.data;
    try {
      const written = await svc.storeSegregation(
        actorOf(req).council,
        actorOf(req),
        { dataset: d.dataset, level: d.level, higher: d.higher },
        d.y && d.x && d.y !== d.x ? [{ y: d.y, x: d.x }] : [],
      );
      return segregationPage(req, reply, { stored: written });
    } catch (err) {
      if (err instanceof DomainError)
        return segregationPage(req, reply, {
          errors: addError(emptyErrors(), err.field ?? 'form', t(err.key, err.params)),
          status: 400,
        });
      throw err;
    }
  });

  // ---------------------------------------------------------------- comparators
  async function comparatorsPage(
    req: FastifyRequest,
    reply: FastifyReply,
    extra: { errors?: FormErrors; values?: Record<string, unknown>; status?: number; saved?: boolean } = {},
  ) {
    const actor = actorOf(req);
    const council = actor.council;
    const set = await svc.comparators(council.id);
    const characteristics = await svc.characteristicChoices(council);
    const format = req.method === 'GET' ? formatOf(req) : 'html';
    if (format !== 'html') {
      return sendDownload(
        reply,
        format,
        `comparators-${council.slug}`,
        (set?.members ?? []).map((m) => ({
          position: m.position,
          area_code: m.area_code,
          name: m.name,
          distance: m.distance,
        })),
        {
          method: set?.method ?? null,
          characteristics: set?.characteristics ?? [],
        },
      );
    }
    const chosen = new Set(
      set?.method === 'nearest'
        ? set.characteristics.map((c) => c.split('@')[0])
        : characteristics.filter((c) => c.framework === 'lg_inform').map((c) => c.code),
    );
    const valuesChosen = extra.values?.characteristics;
    return reply.code(extra.status ?? 200).render('insight/views/comparators.njk', {
      set,
      characteristics: characteristics.map((c) => ({
        value: c.code,
        text: c.name,
        checked:
          valuesChosen === undefined ? chosen.has(c.code) : ([] as unknown[]).concat(valuesChosen).includes(c.code),
      })),
      memberRows: (set?.members ?? []).map((m) => [
        { text: m.position, format: 'numeric' },
        { text: m.name },
        { text: m.area_code, classes: 'app-code' },
        { text: m.distance === null ? '–' : m.distance.toFixed(3), format: 'numeric' },
      ]),
      values: extra.values ?? {
        k: set?.members.length || 8,
        codes: set?.method === 'manual' ? set.members.map((m) => m.area_code).join('\n') : '',
      },
      errors: extra.errors ?? emptyErrors(),
      saved: extra.saved ?? str(req.query, 'saved') === '1',
    });
  }

  app.get('/comparators', { config: { access: can('insight.view') } }, (req, reply) => comparatorsPage(req, reply));

  app.post('/comparators/nearest', { config: { access: can('insight.manage') } }, async (req, reply) => {
    const t = tFor(req);
    const form = parseForm(nearestForm, req.body, t);
    if (!form.ok) return comparatorsPage(req, reply, { errors: form.errors, values: form.values, status: 400 });
    try {
      await svc.setNearestComparators(actorOf(req).council, actorOf(req), form.data.characteristics, form.data.k);
    } catch (err) {
      if (err instanceof DomainError)
        return comparatorsPage(req, reply, {
          errors: addError(emptyErrors(), err.field ?? 'form', t(err.key, err.params)),
          values: req.body as Record<string, unknown>,
          status: 400,
        });
      throw err;
    }
    return reply.redirect(`${base(req)}/comparators?saved=1`, 303);
  });

  app.post('/comparators/manual', { config: { access: can('insight.manage') } }, async (req, reply) => {
    const t = tFor(req);
    const form = parseForm(manualForm, req.body, t);
    if (!form.ok) return comparatorsPage(req, reply, { errors: form.errors, values: form.values, status: 400 });
    try {
      await svc.setManualComparators(actorOf(req).council, actorOf(req), form.data.codes);
    } catch (err) {
      if (err instanceof DomainError)
        return comparatorsPage(req, reply, {
          errors: addError(emptyErrors(), err.field ?? 'form', t(err.key, err.params)),
          values: req.body as Record<string, unknown>,
          status: 400,
        });
      throw err;
    }
    return reply.redirect(`${base(req)}/comparators?saved=1`, 303);
  });

  // ---------------------------------------------------------------- imports
  const renderImport = (
    reply: FastifyReply,
    values: Record<string, unknown>,
    errors: FormErrors,
    outcome: ImportOutcome | null = null,
    status = 200,
  ) => reply.code(status).render('insight/views/import.njk', { values, errors, outcome, kinds: IMPORT_KINDS });

  app.get('/import', { config: { access: can('insight.manage') } }, async (_req, reply) =>
    renderImport(reply, {}, emptyErrors()),
  );

  app.post('/import', { config: { access: can('insight.manage') } }, async (req, reply) => {
    const t = tFor(req);
    const actor = actorOf(req);
    const council = actor.council;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values = { kind: body.kind, dataset: body.dataset };
    const form = importFields.safeParse(body);
    const errors = emptyErrors();
    if (!form.success)
      for (const issue of form.error.issues) addError(errors, String(issue.path[0] ?? 'kind'), t(issue.message));
    const file = body.file;
    if (!(file instanceof Buffer) || file.length === 0)
      addError(errors, 'file', t('insight.import.errors.fileRequired'));
    if (!form.success || errors.list.length) return renderImport(reply, values, errors, null, 400);
    const source = 'upload';
    let outcome: ImportOutcome;
    try {
      const rows = rowsFromBuffer(file as Buffer);
      if (form.data.kind === 'indicators') outcome = await svc.importIndicatorValues(rows, actor, source);
      else if (form.data.kind === 'nomis')
        outcome = await svc.importNomisTable(rows, actor, { source, dataset: form.data.dataset });
      else {
        const lad = council.areaCode ? await svc.councilArea(council, council.areaCode) : null;
        outcome = await svc.importCensus2011(rows, actor, {
          source,
          lad: lad ? { code: lad.code, name: lad.name } : undefined,
          dataset: form.data.dataset,
        });
      }
    } catch (err) {
      if (err instanceof Error && /^CSV_|INVALID_OPENING_QUOTE/.test(String((err as { code?: string }).code ?? ''))) {
        addError(errors, 'file', t('insight.import.errors.badFile', { reason: err.message.split('\n')[0] }));
        return renderImport(reply, values, errors, null, 400);
      }
      if (err instanceof Error && /incorrect header check|unexpected end of file/i.test(err.message)) {
        addError(errors, 'file', t('insight.import.errors.badFile', { reason: 'not a valid gzip file' }));
        return renderImport(reply, values, errors, null, 400);
      }
      throw err;
    }
    if (!outcome.ok) {
      const list = outcome.problems
        .slice(0, 50)
        .map((p) => ({ text: t('insight.import.errors.row', { line: p.line, message: p.message }), href: '#file' }));
      if (outcome.problemCount > list.length)
        list.push({
          text: t('insight.import.errors.more', { count: outcome.problemCount - list.length }),
          href: '#file',
        });
      errors.list.push(...list);
      errors.fields.file = { text: t('insight.import.failed', { count: outcome.problemCount }) };
      return renderImport(reply, values, errors, null, 400);
    }
    return renderImport(reply, {}, errors, outcome);
  });
}

export { groupLabel, periodX };
