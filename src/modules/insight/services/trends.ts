/** One indicator for one area: its values by period and group, change from a baseline, gaps, benchmark, sub-areas. */
import type { Council } from '../../../kernel/actor.ts';
import { LEVEL_RANK, levelOfCode, type GeoLevel } from '../../../geo/gss.ts';
import { changeFrom, gapAnalysis, type Change, type GapAnalysis } from '../../../stats/gaps.ts';
import { proportionScale } from '../format.ts';
import type { IndicatorRow, ValueRow } from '../model.ts';
import * as repo from '../repository.ts';
import type { Benchmark, ComparatorsService } from './comparators.ts';
import type { InsightContext } from './context.ts';
import { estimate } from './profiles.ts';

export interface IndicatorView {
  values: ValueRow[];
  periods: string[];
  /** 'all' first, then the groups by code. */
  groups: string[];
  baseline: ValueRow | null;
  changes: { row: ValueRow; change: Change | null }[];
  gaps: { group: string; analysis: GapAnalysis }[];
  benchmark: Benchmark | null;
  /** Values of the areas one level down inside this area, at the latest period with any. */
  subareas: { level: GeoLevel; period: string; rows: { code: string; name: string; value: ValueRow }[] } | null;
}

const SUBAREA_LEVELS: GeoLevel[] = ['ward', 'msoa', 'lsoa', 'oa'];

export class TrendsService {
  constructor(
    private readonly ctx: InsightContext,
    private readonly comparators: ComparatorsService,
  ) {}

  /** Everything the indicator page shows for one area of the council. */
  async indicatorView(
    council: Pick<Council, 'id' | 'areaCode'>,
    indicator: IndicatorRow,
    areaCode: string,
    baselinePeriod?: string,
  ): Promise<IndicatorView> {
    const values = await repo.valuesOf(this.ctx.db, council.id, indicator.id, [areaCode]);
    const periods = [...new Set(values.map((v) => v.period))].sort();
    const groups = [...new Set(values.map((v) => v.group_code))].sort((a, b) =>
      a === 'all' ? -1 : b === 'all' ? 1 : a.localeCompare(b),
    );
    const scale = proportionScale(indicator.unit) ?? 1;
    const all = values.filter((v) => v.group_code === 'all');
    const baseline = all.find((v) => v.period === baselinePeriod) ?? all[0] ?? null;
    const changes = all.map((v) => ({
      row: v,
      change: baseline && v.period !== baseline.period ? changeFrom(estimate(baseline), estimate(v), scale) : null,
    }));
    const gaps: IndicatorView['gaps'] = [];
    const allBy = new Map(all.map((v) => [v.period, v]));
    for (const g of groups.filter((x) => x !== 'all')) {
      const points = values.flatMap((v) => {
        const whole = v.group_code === g ? allBy.get(v.period) : undefined;
        return whole ? [{ period: v.period, group: estimate(v), all: estimate(whole) }] : [];
      });
      if (points.length) gaps.push({ group: g, analysis: gapAnalysis(points, indicator.higher_is_better, scale) });
    }
    const latest = all[all.length - 1] ?? null;
    const benchmark =
      latest && areaCode === council.areaCode
        ? await this.comparators.benchmark(council, indicator, latest.period)
        : null;
    const subareas = await this.subareas(council, indicator, areaCode);
    return { values, periods, groups, baseline, changes, gaps, benchmark, subareas };
  }

  private async subareas(
    council: Pick<Council, 'id'>,
    indicator: IndicatorRow,
    areaCode: string,
  ): Promise<IndicatorView['subareas']> {
    const areaLevel = levelOfCode(areaCode);
    if (!areaLevel) return null;
    for (const level of SUBAREA_LEVELS.filter((l) => LEVEL_RANK[l] < LEVEL_RANK[areaLevel])) {
      const kids = await this.ctx.geography.descendants(areaCode, level);
      if (!kids.length) continue;
      const kv = (
        await repo.valuesOf(
          this.ctx.db,
          council.id,
          indicator.id,
          kids.map((k) => k.code),
        )
      ).filter((v) => v.group_code === 'all');
      if (!kv.length) continue;
      const period = kv.reduce((max, v) => (v.period > max ? v.period : max), kv[0].period);
      const names = new Map(kids.map((k) => [k.code, k.name]));
      return {
        level,
        period,
        rows: kv
          .filter((v) => v.period === period)
          .map((v) => ({ code: v.area_code, name: names.get(v.area_code) ?? v.area_code, value: v }))
          .sort((a, b) => b.value.value - a.value.value),
      };
    }
    return null;
  }
}
