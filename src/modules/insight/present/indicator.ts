/** One indicator for one area: the page's tables and figures, and its download. */
import type { Translate } from '../../../i18n/index.ts';
import { formatChange, formatValue, ordinal, proportionScale } from '../format.ts';
import type { AreaRef, IndicatorRow } from '../model.ts';
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

/** Every value of the indicator for the area; JSON adds the change, gaps, benchmark and sub-areas. */
export function indicatorDownload(
  format: 'csv' | 'json',
  indicator: IndicatorRow,
  area: AreaRef | null,
  view: IndicatorView | null,
): { rows: Record<string, unknown>[]; extra: Record<string, unknown> } {
  const rows = (view?.values ?? []).map((v) => ({
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
  if (format !== 'json' || !view) return { rows, extra: { indicator } };
  const sub = view.subareas;
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
