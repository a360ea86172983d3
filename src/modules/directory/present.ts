/** View models of the directory pages: the provision map, tables and summary. */
import { choroplethFigure } from '../../charts/index.ts';
import type { Translate } from '../../i18n/index.ts';
import { hasKey } from '../../i18n/index.ts';
import type { ProvisionView } from './services/provision.ts';

type Cell = { text: string; format?: 'numeric' };

export function groupLabel(t: Translate, code: string): string {
  return hasKey(`census.ethnicGroup.${code}`) ? t(`census.ethnicGroup.${code}`) : code;
}

const pct = (v: number | null) => (v === null ? '–' : `${(v * 100).toFixed(1)}%`);
const num = (v: number | null, digits = 1) => (v === null ? '–' : v.toFixed(digits));

export function provisionPage(t: Translate, base: string, v: ProvisionView) {
  const { result } = v;
  const wards = result.wards;
  const gaps = wards.filter((w) => w.gap);
  const figure = v.features.length
    ? choroplethFigure({
        text: t,
        features: v.features,
        // Classed on the values the table shows (one decimal place), so a ward's class matches its row.
        values: new Map(
          wards.map((w) => [w.code, w.placesPer1000 === null ? null : Number(w.placesPer1000.toFixed(1))]),
        ),
        width: 720,
        height: 560,
        title: t('directory.provision.mapTitle'),
        description: t('directory.provision.mapDescription'),
        valueLabel: t('directory.provision.per1000'),
        format: (x) => x.toFixed(1),
        highlight: gaps.map((g) => g.code),
        id: 'provision-map',
      })
    : null;
  const wardRows: Cell[][] = wards.map((w) => [
    { text: w.name },
    { text: String(w.population), format: 'numeric' },
    { text: String(w.services), format: 'numeric' },
    { text: num(w.places, 0), format: 'numeric' },
    { text: num(w.placesPer1000), format: 'numeric' },
    { text: w.gap ? t('directory.provision.gap') : '' },
  ]);
  const groupRows: Cell[][] = result.groups.map((g) => [
    { text: groupLabel(t, g.group) },
    { text: pct(g.populationShare), format: 'numeric' },
    { text: num(g.targetedPlaces, 0), format: 'numeric' },
    { text: pct(g.placesShare), format: 'numeric' },
    { text: g.ratio === null ? '–' : g.ratio.toFixed(2), format: 'numeric' },
  ]);
  const reach = new Map(result.services.map((s) => [s.id, s]));
  const serviceRows: Cell[][] = v.organisations.flatMap((o) =>
    o.services
      .filter((s) => s.status === 'active')
      .map((s): Cell[] => {
        const r = reach.get(s.id);
        return [
          { text: `${o.name}: ${s.name}` },
          { text: s.capacity === null ? '–' : String(s.capacity), format: 'numeric' },
          { text: s.serves.length ? s.serves.map((g) => groupLabel(t, g)).join(', ') : t('directory.everyone') },
          { text: String(r?.areaPopulation ?? 0), format: 'numeric' },
          { text: pct(r?.servedShare ?? null), format: 'numeric' },
        ];
      }),
  );
  const under = result.groups.filter((g) => g.ratio !== null && g.ratio < 0.5 && g.populationShare >= 0.01);
  const summary = [
    t('directory.provision.summaryWards', {
      wards: wards.length,
      gaps: gaps.length,
      median: num(result.medianPer1000),
    }),
    gaps.length ? t('directory.provision.summaryGaps', { names: gaps.map((g) => g.name).join(', ') }) : '',
    under.length
      ? t('directory.provision.summaryUnder', { groups: under.map((g) => groupLabel(t, g.group)).join(', ') })
      : '',
  ].filter(Boolean);
  return { base, figure, wardRows, groupRows, serviceRows, summary, dataset: v.dataset };
}
