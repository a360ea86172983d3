/** The indicator page's figures: the trend by group, the council among its comparators, and the sub-areas. */
import { barChartFigure } from '../../../charts/bar.ts';
import { lineChartFigure, type LineSeries } from '../../../charts/line.ts';
import { storedMarked, type Translate } from '../../../i18n/index.ts';
import { formatValue } from '../format.ts';
import type { AreaRef, IndicatorRow } from '../model.ts';
import type { IndicatorView } from '../services/trends.ts';
import { groupLabel, periodX } from './text.ts';

const WIDTH = 720;
/** The trend shows at most this many groups ('all' first). */
const TREND_GROUPS = 6;
/**
 * The indicator's name in the page's language when it is a built-in one, else as stored and marked with the language
 * it was written in (the chart puts it in a lang span: src/lib/lang-marks.ts).
 */
const shownName = (t: Translate, indicator: IndicatorRow) => storedMarked(indicator.name, t);

export function trendFigure(t: Translate, indicator: IndicatorRow, area: AreaRef, view: IndicatorView) {
  const groups = view.groups.slice(0, TREND_GROUPS);
  const series: LineSeries[] = groups.map((g) => ({
    name: groupLabel(t, g),
    points: view.values
      .filter((v) => v.group_code === g)
      .map((v) => ({ x: periodX(v.period), y: v.value, lower: v.ci_low, upper: v.ci_high })),
  }));
  const labelByX = new Map(view.periods.map((p) => [periodX(p), p]));
  return lineChartFigure({
    text: t,
    series,
    width: WIDTH,
    height: 360,
    title: t('insight.indicator.trendTitle', { indicator: shownName(t, indicator), area: area.name }),
    description: t('insight.indicator.trendDescription', { groups: groups.length, periods: view.periods.length }),
    format: (v) => formatValue(indicator.unit, v),
    xFormat: (x) => (typeof x === 'number' ? (labelByX.get(x) ?? String(x)) : String(x)),
    xLabel: t('insight.indicator.period'),
    yLabel: t(`insight.units.${indicator.unit}`),
    intervalLabel: t('insight.indicator.interval'),
    id: 'trend-chart',
  });
}

/** The council and its comparators at the latest period, with their median; null without a value to show. */
export function benchmarkFigure(t: Translate, indicator: IndicatorRow, area: AreaRef, view: IndicatorView) {
  const b = view.benchmark;
  if (!b || !b.rows.some((r) => r.value !== null)) return null;
  return barChartFigure({
    text: t,
    bars: b.rows.map((r) => ({ label: r.name, value: r.value, highlight: r.self })),
    width: WIDTH,
    title: t('insight.indicator.benchmarkTitle', { indicator: shownName(t, indicator), period: b.period }),
    description: t('insight.indicator.benchmarkDescription', { count: b.rows.length - 1, area: area.name }),
    format: (v) => formatValue(indicator.unit, v),
    sort: 'descending',
    valueLabel: shownName(t, indicator),
    ...(b.median !== null ? { reference: { value: b.median, label: t('insight.indicator.median') } } : {}),
    id: 'benchmark-chart',
  });
}

/** The areas one level down, against the area's own value at the same period. */
export function subareaFigure(t: Translate, indicator: IndicatorRow, area: AreaRef, view: IndicatorView) {
  const sub = view.subareas;
  if (!sub || !sub.rows.length) return null;
  const own = view.values.find((v) => v.group_code === 'all' && v.period === sub.period);
  return barChartFigure({
    text: t,
    bars: sub.rows.map((r) => ({ label: r.name, value: r.value.value, lower: r.value.ci_low, upper: r.value.ci_high })),
    width: WIDTH,
    title: t('insight.indicator.subareasTitle', {
      level: t(`geography.levelsPlural.${sub.level}`),
      period: sub.period,
    }),
    description: t('insight.indicator.subareasDescription', { count: sub.rows.length, area: area.name }),
    format: (v) => formatValue(indicator.unit, v),
    sort: 'descending',
    valueLabel: shownName(t, indicator),
    intervalLabel: t('insight.indicator.interval'),
    ...(own ? { reference: { value: own.value, label: area.name } } : {}),
    id: 'subareas-chart',
  });
}
