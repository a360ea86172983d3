/** View models of the tension picture and a ward's page: the map, the trend charts and their wording. */
import { choroplethFigure } from '../../../charts/choropleth.ts';
import { lineChartFigure } from '../../../charts/line.ts';
import type { AreaGeometry } from '../../../geo/winding.ts';
import type { Translate } from '../../../i18n/index.ts';
import { addWeeks, weekStart } from '../../../stats/tension.ts';
import type { TensionsServices } from '../services/index.ts';

type Picture = Awaited<ReturnType<TensionsServices['assessment']['picture']>>;
type Trend = Awaited<ReturnType<TensionsServices['assessment']['trend']>>;

export const levelFormat = (t: Translate) => (v: number) => `${v} – ${t(`tensions.levels.${Math.round(v)}`)}`;

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
    features,
    values: new Map(picture.rows.map((r) => [r.code, r.level?.final_level ?? null])),
    width: 640,
    height: 520,
    title: t('tensions.picture.mapTitle', { week }),
    description: t('tensions.picture.mapDescription'),
    classes: { type: 'breaks', breaks: [2, 3, 4, 5] },
    format: levelFormat(t),
    valueLabel: t('tensions.picture.level'),
    linkFor: (code) => `${base}/wards/${code}`,
    id: 'tension-map',
  });
}

/** The council's trend: the highest level and the number of raised wards, week by week. */
export function pictureTrend(trend: Trend, t: Translate) {
  return lineChartFigure({
    series: [
      {
        name: t('tensions.picture.highest'),
        points: trend.weeks.map((w) => ({ x: weekStart(w.week), y: w.maxLevel })),
      },
      {
        name: t('tensions.picture.raised'),
        points: trend.weeks.map((w) => ({ x: weekStart(w.week), y: w.maxLevel === null ? null : w.raised })),
      },
    ],
    width: 640,
    height: 320,
    title: t('tensions.picture.trendTitle'),
    description: t('tensions.picture.trendDescription'),
    xLabel: t('tensions.picture.weekBeginning'),
    id: 'tension-trend',
  });
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
    map: pictureMap(picture, input.boundaries, week, input.base, t),
    trendFigure: pictureTrend(input.trend, t),
    overdue: input.overdue,
  };
}

/** A ward's page: this week's level, its computed and final levels over 12 weeks, and the history table. */
export function wardPage(ward: { code: string; name: string }, week: string, trend: Trend, t: Translate) {
  const figure = lineChartFigure({
    series: [
      { name: t('tensions.ward.computed'), points: trend.weeks.map((w) => ({ x: weekStart(w.week), y: w.computed })) },
      { name: t('tensions.ward.final'), points: trend.weeks.map((w) => ({ x: weekStart(w.week), y: w.final })) },
    ],
    width: 640,
    height: 300,
    yDomain: [1, 5],
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
