/** The segregation results as CSV (one row per index) or JSON (with the contributions and the expected D). */
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
  if (format === 'csv') return { rows, extra: {} };
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
