/**
 * The segregation results as CSV or JSON. The CSV has what the page shows, each column in one unit: one row per
 * index (`value`, an index from 0 to 1, or the diversity score), the expected index of dissimilarity under random
 * allocation and its adjusted value, each group's `count` of people and `population_share_percent`, and each place's local contribution to the pair's index (`contribution` in
 * index units, `index_share_percent` and `area_share_percent` in percent, `impact` and `scaled_mean` as ratios).
 * JSON adds the dataset, levels and every contribution table.
 */
import type { SegregationAnalysis } from '../services/segregation.ts';

const TWO_GROUP_INDICES = [
  'dissimilarity',
  'gini',
  'entropy',
  'isolation',
  'interaction',
  'correlationRatio',
  'atkinson01',
  'atkinson05',
  'atkinson09',
] as const;

type TwoGroup = Record<(typeof TWO_GROUP_INDICES)[number], number>;

/** The CSV's columns, in order. */
export const SEGREGATION_CSV_COLUMNS = [
  'comparison',
  'index',
  'value',
  'level',
  'area_code',
  'area_name',
  'areas',
  'count',
  'population_share_percent',
  'contribution',
  'index_share_percent',
  'area_share_percent',
  'impact',
  'scaled_mean',
] as const;

const percent = (v: number | null) => (v === null ? null : Number((v * 100).toPrecision(12)));

export function segregationDownload(
  format: 'csv' | 'json',
  a: SegregationAnalysis | null,
): { rows: Record<string, unknown>[]; extra: Record<string, unknown> } {
  if (!a) return { rows: [], extra: { analysis: null } };
  const r = a.result;
  const rows: Record<string, unknown>[] = [];
  if (r.multi.ok) {
    const m = r.multi.value;
    for (const [index, value] of Object.entries({
      multi_dissimilarity: m.multiDissimilarity,
      multi_gini: m.multiGini,
      information_theory: m.informationTheory,
      normalized_exposure: m.normalizedExposure,
      squared_coefficient_of_variation: m.squaredCoefficientOfVariation,
      simpsons_interaction: m.simpsonsInteraction,
      diversity: m.diversity,
    }))
      rows.push({ comparison: 'all groups', index, value });
  }
  const two = (comparison: string, i: TwoGroup) => {
    for (const index of TWO_GROUP_INDICES) rows.push({ comparison, index, value: i[index] });
  };
  for (const g of r.groups) if (g.indices.ok) two(`${g.group} vs rest`, g.indices.value);
  if (r.pair?.indices.ok) two(`${r.pair.y} vs ${r.pair.x}`, r.pair.indices.value);
  if (format === 'csv') {
    // Each group's size and share of the population, as the table of groups shows.
    for (const g of r.groups)
      rows.push({
        comparison: `${g.group} vs rest`,
        index: 'population',
        count: g.count,
        population_share_percent: percent(g.share),
      });
    const pair = r.pair ? `${r.pair.y} vs ${r.pair.x}` : 'all groups';
    if (r.pair?.expected?.ok) {
      const e = r.pair.expected.value;
      rows.push({ comparison: pair, index: 'expected_dissimilarity', value: e.mean });
      rows.push({ comparison: pair, index: 'adjusted_dissimilarity', value: e.adjusted });
    }
    const impact = r.impacts[0];
    if (impact?.rows.ok)
      for (const c of impact.rows.value.filter((row) => row.unit !== ''))
        rows.push({
          comparison: pair,
          index: `${impact.index}_contribution`,
          level: impact.level,
          area_code: c.unit,
          area_name: a.unitNames[c.unit] ?? c.unit,
          areas: c.areas,
          contribution: c.contribution,
          index_share_percent: percent(c.indexShare),
          area_share_percent: percent(c.areaShare),
          impact: c.impact,
          scaled_mean: c.scaledMean,
        });
    return { rows, extra: {} };
  }
  return {
    rows,
    extra: {
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
    },
  };
}
