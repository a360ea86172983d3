/** View models of the tension picture and a ward's page: the map, the trend charts and their wording. */
import { choroplethFigure } from '../../../charts/choropleth.ts';
import { lineChartFigure } from '../../../charts/line.ts';
import type { AreaGeometry } from '../../../geo/winding.ts';
import type { Translate } from '../../../i18n/index.ts';
import { addWeeks, weekStart } from '../../../stats/tension.ts';
import type { TensionsServices } from '../services/index.ts';

type Picture = Awaited<ReturnType<TensionsServices['assessment']['picture']>>;
type Trend = Awaited<ReturnType<TensionsServices['assessment']['trend']>>;

/** The level tags' backgrounds (public/app.css .app-tensions-level--N), used for the map too. */
export const LEVEL_COLOURS: Record<number, string> = {
  1: '#f3f2f1',
  2: '#d2e2f1',
  3: '#fff7bf',
  4: '#fcd6c3',
  5: '#e89b8f',
};

/** A level as "3 – Heightened": always a whole level (never "4.00"). */
export const levelFormat = (t: Translate) => (v: number) =>
  `${Math.round(v)} – ${t(`tensions.levels.${Math.round(v)}`)}`;

/** The ward map shaded by final level; null when no ward has a boundary. */
export function pictureMap(
  picture: Picture,
  boundaries: { code: string; geometry: unknown }[],
  week: string,
  base: string,
  t: Translate,
) {
  const geo = new Map(boundaries.map((f) => [f.code, f.geometry as AreaGeometry]));
  const features = picture.wards.flatMap((w) => {
    const geometry = geo.get(w.code);
    return geometry ? [{ code: w.code, name: w.name, geometry }] : [];
  });
  if (!features.length) return null;
  return choroplethFigure({
    text: t,
    features,
    values: new Map(picture.rows.map((r) => [r.code, r.level?.final_level ?? null])),
    width: 640,
    height: 520,
    title: t('tensions.picture.mapTitle', { week }),
    description: t('tensions.picture.mapDescription'),
    // The same words ("3 Heightened") and colours as the level tags in the table below the map.
    classes: {
      type: 'categories',
      categories: [1, 2, 3, 4, 5].map((level) => ({
        value: level,
        label: `${level} ${t(`tensions.levels.${level}`)}`,
        colour: LEVEL_COLOURS[level],
      })),
    },
    format: (v) => `${Math.round(v)} ${t(`tensions.levels.${Math.round(v)}`)}`,
    valueLabel: t('tensions.picture.level'),
    linkFor: (code) => `${base}/wards/${code}`,
    id: 'tension-map',
  });
}

/** The council's trend: the highest level week by week, on an axis of whole levels 1 to 5 (one measure). */
export function pictureTrend(trend: Trend, t: Translate) {
  return lineChartFigure({
    text: t,
    series: [
      {
        name: t('tensions.picture.highest'),
        points: trend.weeks.map((w) => ({ x: weekStart(w.week), y: w.maxLevel })),
      },
    ],
    width: 640,
    height: 320,
    yDomain: [1, 5],
    integerTicks: true,
    yTickFormat: (v) => String(v),
    format: levelFormat(t),
    title: t('tensions.picture.trendTitle'),
    description: t('tensions.picture.trendDescription'),
    xLabel: t('tensions.picture.weekBeginning'),
    yLabel: t('tensions.picture.level'),
    id: 'tension-trend',
  });
}

/** The number of wards above their normal level week by week: a count, on its own axis of whole numbers. */
export function raisedTrend(trend: Trend, t: Translate) {
  return lineChartFigure({
    text: t,
    series: [
      {
        name: t('tensions.picture.raised'),
        points: trend.weeks.map((w) => ({ x: weekStart(w.week), y: w.maxLevel === null ? null : w.raised })),
      },
    ],
    width: 640,
    height: 260,
    integerTicks: true,
    format: (v) => String(Math.round(v)),
    title: t('tensions.picture.raised'),
    description: t('tensions.picture.trendDescription'),
    xLabel: t('tensions.picture.weekBeginning'),
    id: 'tension-raised',
  });
}

/**
 * A ward's change of level since last week as table-cell HTML: "+1" or "−1" with a true minus sign (U+2212, not a
 * hyphen), and for screen readers the words ("1 higher than last week"), so the sign is never the only way it is said.
 */
export function levelChangeHtml(diff: number, t: Translate): string {
  if (!Number.isFinite(diff) || diff === 0) return t('tensions.picture.noChange');
  const n = Math.abs(Math.round(diff));
  const shown = `${diff > 0 ? '+' : '\u2212'}${n}`;
  const words = t(diff > 0 ? 'tensions.picture.changeUp' : 'tensions.picture.changeDown', { n });
  return `<span aria-hidden="true">${shown}</span><span class="govuk-visually-hidden">${words}</span>`;
}

/** Everything the picture page shows. */
export function picturePage(input: {
  picture: Picture;
  boundaries: { code: string; geometry: unknown }[];
  trend: Trend;
  week: string;
  currentWeek: string;
  overdue: number | null;
  base: string;
  t: Translate;
}) {
  const { picture, week, t } = input;
  return {
    week,
    previousWeek: addWeeks(week, -1),
    nextWeek: week < input.currentWeek ? addWeeks(week, 1) : null,
    picture,
    /** Each ward's change of level since last week, by ward code (see levelChangeHtml). */
    changes: Object.fromEntries(
      picture.rows
        .filter((r) => r.level && r.previous)
        .map((r) => [r.code, levelChangeHtml((r.level?.final_level ?? 0) - (r.previous ?? 0), t)]),
    ),
    map: pictureMap(picture, input.boundaries, week, input.base, t),
    trendFigure: pictureTrend(input.trend, t),
    raisedFigure: raisedTrend(input.trend, t),
    overdue: input.overdue,
  };
}

/** A ward's page: this week's level, its computed and final levels over 12 weeks, and the history table. */
export function wardPage(ward: { code: string; name: string }, week: string, trend: Trend, t: Translate) {
  const figure = lineChartFigure({
    text: t,
    series: [
      { name: t('tensions.ward.computed'), points: trend.weeks.map((w) => ({ x: weekStart(w.week), y: w.computed })) },
      { name: t('tensions.ward.final'), points: trend.weeks.map((w) => ({ x: weekStart(w.week), y: w.final })) },
    ],
    width: 640,
    height: 300,
    yDomain: [1, 5],
    integerTicks: true,
    yTickFormat: (v) => String(v),
    yLabel: t('tensions.picture.level'),
    title: t('tensions.ward.trendTitle', { ward: ward.name }),
    description: t('tensions.ward.trendDescription'),
    xLabel: t('tensions.picture.weekBeginning'),
    format: levelFormat(t),
    id: 'ward-trend',
  });
  return {
    ward,
    week,
    current: trend.rows.find((r) => r.iso_week === week) ?? null,
    history: [...trend.rows].reverse(),
    figure,
  };
}
