/** The engine's results as indicator values of the council's local authority (pure). */
import type { PairResult, ScopeResult } from '../../../stats/segregation/index.ts';
import type { IndicatorValueInput } from '../indicator-values.ts';

/**
 * D (lg_inform.residential_segregation; group "all" = multi-group D), isolation, entropy and Gini for each
 * group against the rest and for each pair, information theory H and diversity, by indicator code.
 */
export function segregationValues(
  r: ScopeResult,
  pairs: PairResult[],
  areaCode: string,
  period: string,
): Map<string, IndicatorValueInput[]> {
  const out = new Map<string, IndicatorValueInput[]>();
  const put = (code: string, groupCode: string, value: number | null | undefined) => {
    if (value === null || value === undefined || !Number.isFinite(value)) return;
    out.set(code, [...(out.get(code) ?? []), { areaCode, period, groupCode, value }]);
  };
  if (r.multi.ok) {
    put('lg_inform.residential_segregation', 'all', r.multi.value.multiDissimilarity);
    put('segregation.information_theory', 'all', r.multi.value.informationTheory);
  }
  put('segregation.diversity', 'all', r.diversity);
  const two = (group: string, i: { dissimilarity: number; isolation: number; entropy: number; gini: number }) => {
    put('lg_inform.residential_segregation', group, i.dissimilarity);
    put('segregation.isolation', group, i.isolation);
    put('segregation.entropy', group, i.entropy);
    put('segregation.gini', group, i.gini);
  };
  for (const gr of r.groups) if (gr.indices.ok) two(gr.group, gr.indices.value);
  for (const p of pairs) if (p.indices.ok) two(`${p.y} vs ${p.x}`, p.indices.value);
  return out;
}
