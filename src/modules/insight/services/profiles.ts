/** Area profiles: the headline indicators of the council's area or an area inside it. */
import type { Council } from '../../../kernel/actor.ts';
import { LEVEL_RANK, levelOfCode, type GeoLevel } from '../../../geo/gss.ts';
import { changeFrom, type Change } from '../../../stats/gaps.ts';
import { rankAmong, type RankResult } from '../../../stats/neighbours.ts';
import { proportionScale } from '../format.ts';
import { FRAMEWORKS, type AreaRef, type IndicatorRow, type ValueRow } from '../model.ts';
import * as repo from '../repository.ts';
import type { ComparatorsService } from './comparators.ts';
import type { InsightContext } from './context.ts';

export interface HeadlineRow {
  indicator: IndicatorRow;
  latest: ValueRow;
  baseline: ValueRow | null;
  change: Change | null;
  periods: string[];
  series: { period: string; value: number }[];
  position: (RankResult & { among: 'comparators' | 'siblings'; level: GeoLevel }) | null;
}

/** A value as an estimate for the change and gap tests. */
export function estimate(v: ValueRow) {
  return { value: v.value, numerator: v.numerator, denominator: v.denominator, ciLow: v.ci_low, ciHigh: v.ci_high };
}

const frameworkRank = (f: string) => {
  const i = (FRAMEWORKS as readonly string[]).indexOf(f);
  return i < 0 ? FRAMEWORKS.length : i;
};

export class ProfilesService {
  constructor(
    private readonly ctx: InsightContext,
    private readonly comparators: ComparatorsService,
  ) {}

  /** The area if it is the council's own area or inside it; null otherwise. */
  async councilArea(council: Pick<Council, 'areaCode'>, code: string): Promise<AreaRef | null> {
    const { geography } = this.ctx;
    if (!council.areaCode || !levelOfCode(code)) return null;
    if (code !== council.areaCode && !(await geography.isWithin(council.areaCode, code))) return null;
    return (await geography.findArea(code)) ?? null;
  }

  /**
   * The places around an area of the council: its parents up to the local authority (for breadcrumbs), and
   * the wards within it (MSOAs where no wards are loaded), by name, whose profiles it links to.
   */
  async places(council: Council, code: string): Promise<{ parents: AreaRef[]; subareas: AreaRef[] }> {
    const found = await this.ctx.geography.area(council, code);
    if (!found) return { parents: [], subareas: [] };
    const wards = found.children.filter((c) => c.level === 'ward');
    const subareas = (wards.length ? wards : found.children.filter((c) => c.level === 'msoa')).sort((a, b) =>
      a.name.localeCompare(b.name),
    );
    return { parents: found.parents.filter((p) => LEVEL_RANK[p.level] <= LEVEL_RANK.lad), subareas };
  }

  /** Headline indicators of an area: latest value, change since the first period, position. */
  async profile(council: Pick<Council, 'id' | 'areaCode'>, code: string): Promise<HeadlineRow[]> {
    const { db, geography } = this.ctx;
    const defs = await repo.listIndicators(db, council.id);
    const byId = new Map(defs.map((d) => [d.id, d]));
    const values = (await repo.valuesForArea(db, council.id, code)).filter((v) => v.group_code === 'all');
    const grouped = new Map<string, ValueRow[]>();
    for (const v of values) grouped.set(v.indicator_id, [...(grouped.get(v.indicator_id) ?? []), v]);
    const area = await geography.findArea(code);
    const siblings =
      area && council.areaCode && code !== council.areaCode
        ? (await geography.descendants(council.areaCode, area.level)).map((s) => s.code)
        : [];
    const out: HeadlineRow[] = [];
    for (const [id, list] of grouped) {
      const indicator = byId.get(id);
      if (!indicator) continue;
      list.sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0));
      const latest = list[list.length - 1];
      const baseline = list.length > 1 ? list[0] : null;
      const scale = proportionScale(indicator.unit) ?? 1;
      const change = baseline ? changeFrom(estimate(baseline), estimate(latest), scale) : null;
      let position: HeadlineRow['position'] = null;
      if (code === council.areaCode) {
        const b = await this.comparators.benchmark(council, indicator, latest.period);
        if (b?.rank) position = { ...b.rank, among: 'comparators', level: area?.level ?? 'lad' };
      } else if (area && siblings.length) {
        const sv = (await repo.valuesOf(db, council.id, id, siblings)).filter(
          (v) => v.period === latest.period && v.group_code === 'all',
        );
        const r = rankAmong(
          sv.map((v) => ({ code: v.area_code, value: v.value })),
          code,
          indicator.higher_is_better,
        );
        if (r && r.of > 1) position = { ...r, among: 'siblings', level: area.level };
      }
      out.push({
        indicator,
        latest,
        baseline,
        change,
        periods: list.map((v) => v.period),
        series: list.map((v) => ({ period: v.period, value: v.value })),
        position,
      });
    }
    out.sort(
      (a, b) =>
        frameworkRank(a.indicator.framework) - frameworkRank(b.indicator.framework) ||
        a.indicator.name.localeCompare(b.indicator.name),
    );
    return out;
  }
}
