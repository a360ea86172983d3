/** One indicator for one area: the page's tables and figures, and its download. */
import type { Translate } from '../../../i18n/index.ts';
import { formatChange, formatValue, ordinal, proportionScale } from '../format.ts';
import type { AreaRef, IndicatorRow, ValueRow } from '../model.ts';
import { changeUnit, downloadUnit, inDownloadUnit } from './download-units.ts';
import type { IndicatorView } from '../services/trends.ts';
import { benchmarkFigure, subareaFigure, trendFigure } from './indicator-charts.ts';
import { directionText, domainText, groupLabel, type Cell } from './text.ts';

function changeRows(t: Translate, indicator: IndicatorRow, view: IndicatorView): Cell[][] {
  const fmt = (v: number) => formatValue(indicator.unit, v);
  const change = (v: number) => formatChange(indicator.unit, v);
  return view.changes.map((c) => [
    { text: c.row.period },
    { text: fmt(c.row.value), format: 'numeric' },
    {
      text:
        c.row.ci_low !== null && c.row.ci_high !== null
          ? `${fmt(c.row.ci_low)} to ${fmt(c.row.ci_high)}`
          : t('common.notAvailable'),
      format: 'numeric',
    },
    { text: c.change ? change(c.change.change) : '–', format: 'numeric' },
    {
      text:
        c.change && c.change.low !== null && c.change.high !== null
          ? `${change(c.change.low)} to ${change(c.change.high)}`
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
}

function gapRows(t: Translate, indicator: IndicatorRow, view: IndicatorView): Cell[][] {
  return view.gaps.map((g) => {
    const rows = g.analysis.rows;
    const first = rows[0];
    const last = rows[rows.length - 1];
    const significant = g.analysis.significant && g.analysis.status !== 'insufficient_data';
    return [
      { text: groupLabel(t, g.group) },
      { text: first ? `${formatChange(indicator.unit, first.gap)} (${first.period})` : '–', format: 'numeric' },
      {
        text: last && rows.length > 1 ? `${formatChange(indicator.unit, last.gap)} (${last.period})` : '–',
        format: 'numeric',
      },
      {
        text:
          t(`insight.gaps.status.${g.analysis.status}`) + (significant ? `. ${t('insight.change.significant')}` : ''),
      },
    ];
  });
}

/** What indicator.njk shows besides the indicator, area and view themselves. */
export function indicatorPage(
  t: Translate,
  indicator: IndicatorRow,
  area: AreaRef | null,
  view: IndicatorView | null,
  comparatorCount: number,
) {
  const withValues = view && area && view.values.length ? { view, area } : null;
  const rank = view?.benchmark?.rank;
  return {
    domainName: domainText(t, indicator.domain),
    trend: withValues ? trendFigure(t, indicator, withValues.area, withValues.view) : null,
    benchmarkFigure: withValues ? benchmarkFigure(t, indicator, withValues.area, withValues.view) : null,
    subareaFigure: withValues ? subareaFigure(t, indicator, withValues.area, withValues.view) : null,
    changeRows: withValues ? changeRows(t, indicator, withValues.view) : [],
    gapRows: withValues ? gapRows(t, indicator, withValues.view) : [],
    rankText:
      rank && indicator.higher_is_better !== null
        ? t('insight.indicator.rank', {
            rank: ordinal(rank.rank),
            of: rank.of,
            quartile: t(`insight.quartile.${rank.quartile}`),
          })
        : null,
    comparatorCount,
    direction: directionText(t, indicator),
    frameworkName: t(`insight.frameworks.${indicator.framework}.name`),
    hasScale: proportionScale(indicator.unit) !== null,
    query: { code: indicator.code, area: area?.code ?? '' },
  };
}

/**
 * The columns of the indicator download, each in one unit: values and intervals in `unit`, changes and gaps in
 * `difference_unit` (percentage points for percentages).
 */
export const INDICATOR_CSV_COLUMNS = [
  'indicator',
  'indicator_name',
  'series',
  'area_code',
  'area_name',
  'period',
  'group',
  'value',
  'unit',
  'lower',
  'upper',
  'numerator',
  'denominator',
  'baseline_period',
  'change',
  'change_lower',
  'change_upper',
  'change_significant',
  'gap_to_all',
  'difference_unit',
  'source',
] as const;

/**
 * Every value the indicator page shows, one row each: the area's own values by period and group (`series` area,
 * with the change from the baseline on its whole-population rows), the comparator councils and their median at
 * the latest period (`comparator`, `comparator_median`), and the areas one level down (`subarea`). Values are in
 * the unit the page shows them in (see download-units.ts). JSON adds the change, gaps, benchmark and sub-areas.
 */
export function indicatorDownload(
  format: 'csv' | 'json',
  indicator: IndicatorRow,
  area: AreaRef | null,
  view: IndicatorView | null,
): { rows: Record<string, unknown>[]; extra: Record<string, unknown> } {
  const u = indicator.unit;
  const unit = downloadUnit(u);
  const base = { indicator: indicator.code, indicator_name: indicator.name, unit };
  const valueCells = (v: ValueRow) => ({
    value: inDownloadUnit(u, v.value),
    lower: inDownloadUnit(u, v.ci_low),
    upper: inDownloadUnit(u, v.ci_high),
    numerator: v.numerator,
    denominator: v.denominator,
    source: v.source,
  });
  // The change from the baseline, for the whole population by period; a group's gap to the whole population.
  const changeOf = new Map((view?.changes ?? []).map((c) => [c.row.period, c.change]));
  const gapOf = new Map(
    (view?.gaps ?? []).flatMap((g) => g.analysis.rows.map((r) => [`${g.group}|${r.period}`, r.gap] as const)),
  );
  const own = (view?.values ?? []).map((v) => {
    const change = v.group_code === 'all' ? (changeOf.get(v.period) ?? null) : null;
    const gap = gapOf.get(`${v.group_code}|${v.period}`) ?? null;
    return {
      ...base,
      series: 'area',
      area_code: v.area_code,
      area_name: area?.name ?? null,
      period: v.period,
      group: v.group_code,
      ...valueCells(v),
      baseline_period: change ? (view?.baseline?.period ?? null) : null,
      change: change ? inDownloadUnit(u, change.change) : null,
      change_lower: change ? inDownloadUnit(u, change.low) : null,
      change_upper: change ? inDownloadUnit(u, change.high) : null,
      change_significant: change?.significant ?? null,
      gap_to_all: inDownloadUnit(u, gap),
      difference_unit: change || gap !== null ? changeUnit(u) : null,
    };
  });
  const b = view?.benchmark;
  const comparators = (b?.rows ?? [])
    .filter((r) => !r.self)
    .map((r) => ({
      ...base,
      series: 'comparator',
      area_code: r.code,
      area_name: r.name,
      period: b?.period,
      group: 'all',
      value: inDownloadUnit(u, r.value),
    }));
  const median =
    b && b.median !== null
      ? [{ ...base, series: 'comparator_median', period: b.period, group: 'all', value: inDownloadUnit(u, b.median) }]
      : [];
  const sub = view?.subareas;
  const subareas = (sub?.rows ?? []).map((r) => ({
    ...base,
    series: 'subarea',
    area_code: r.code,
    area_name: r.name,
    period: r.value.period,
    group: r.value.group_code,
    ...valueCells(r.value),
  }));
  const rows = [...own, ...comparators, ...median, ...subareas];
  if (format !== 'json' || !view) return { rows, extra: { indicator } };
  return {
    rows,
    extra: {
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
      subareas: sub
        ? {
            level: sub.level,
            period: sub.period,
            rows: sub.rows.map((r) => ({ code: r.code, name: r.name, value: r.value.value })),
          }
        : null,
    },
  };
}
