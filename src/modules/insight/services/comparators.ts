/** Benchmarking: the council's comparator group (nearest neighbours or hand-picked) and its position among them. */
import type { Actor, Council } from '../../../kernel/actor.ts';
import { DomainError } from '../../../kernel/errors.ts';
import { levelOfCode } from '../../../geo/gss.ts';
import { nearestNeighbours, rankAmong, type Neighbour, type RankResult } from '../../../stats/neighbours.ts';
import { median } from '../../../stats/median.ts';
import type { ComparatorSet, IndicatorListRow, IndicatorRow } from '../model.ts';
import * as repo from '../repository.ts';
import { audit, type InsightContext } from './context.ts';

export interface Benchmark {
  period: string;
  rows: { code: string; name: string; value: number | null; self: boolean }[];
  rank: RankResult | null;
  median: number | null;
  method: ComparatorSet['method'];
}

export class ComparatorsService {
  constructor(private readonly ctx: InsightContext) {}

  /** The council's comparator group, or null when it has none. */
  current(council: Pick<Council, 'id'>): Promise<ComparatorSet | null> {
    return repo.comparatorSet(this.ctx.db, council.id);
  }

  /** Indicators with whole-population values for the council's own local authority (candidate characteristics). */
  async characteristicChoices(council: Pick<Council, 'id' | 'areaCode'>): Promise<IndicatorListRow[]> {
    if (!council.areaCode) return [];
    const defs = await repo.listIndicators(this.ctx.db, council.id);
    const own = await repo.valuesForArea(this.ctx.db, council.id, council.areaCode);
    const ids = new Set(own.filter((v) => v.group_code === 'all').map((v) => v.indicator_id));
    return defs.filter((d) => ids.has(d.id));
  }

  /** Nearest neighbours among local authorities with values, on the latest period of each characteristic. */
  async setNearest(actor: Actor, characteristics: string[], k: number): Promise<Neighbour[]> {
    const council = actor.council;
    if (!council.areaCode) throw new DomainError('insight.comparators.errors.noArea', 'characteristics');
    const { db } = this.ctx;
    const defs = new Map((await repo.listIndicators(db, council.id)).map((d) => [d.code, d]));
    const own = await repo.valuesForArea(db, council.id, council.areaCode);
    const level = levelOfCode(council.areaCode) ?? 'lad';
    const chosen: { code: string; id: string; period: string }[] = [];
    for (const code of characteristics) {
      const d = defs.get(code);
      const periods = own
        .filter((v) => d && v.indicator_id === d.id && v.group_code === 'all')
        .map((v) => v.period)
        .sort();
      if (!d || !periods.length)
        throw new DomainError('insight.comparators.errors.noValue', 'characteristics', { code });
      chosen.push({ code, id: d.id, period: periods[periods.length - 1] });
    }
    const byArea = new Map<string, (number | null)[]>();
    for (const [j, c] of chosen.entries()) {
      for (const v of await repo.levelValues(db, council.id, [c.id], c.period, level)) {
        const row = byArea.get(v.area_code) ?? new Array<number | null>(chosen.length).fill(null);
        row[j] = v.value;
        byArea.set(v.area_code, row);
      }
    }
    const target = { code: council.areaCode, values: byArea.get(council.areaCode) ?? [] };
    const candidates = [...byArea].filter(([c]) => c !== council.areaCode).map(([code, values]) => ({ code, values }));
    if (!candidates.length) throw new DomainError('insight.comparators.errors.noCandidates', 'characteristics');
    const { neighbours } = nearestNeighbours(target, candidates, { k });
    await db.transaction(async (tx) => {
      await repo.replaceComparatorSet(tx, council.id, {
        method: 'nearest',
        characteristics: chosen.map((c) => `${c.code}@${c.period}`),
        period: null,
        members: neighbours.map((n) => ({ areaCode: n.code, distance: n.distance })),
      });
      await audit(this.ctx, tx, actor, 'insight.comparators_set', { method: 'nearest', members: neighbours.length });
    });
    return neighbours;
  }

  /** A hand-picked list of local authority codes (each must be a known area of the council's level). */
  async setManual(actor: Actor, codes: string[]): Promise<void> {
    const council = actor.council;
    if (!council.areaCode) throw new DomainError('insight.comparators.errors.noArea', 'codes');
    const level = levelOfCode(council.areaCode);
    const unique = [...new Set(codes)].filter((c) => c !== council.areaCode);
    const bad = unique.filter((c) => levelOfCode(c) !== level);
    if (bad.length) throw new DomainError('insight.comparators.errors.badCodes', 'codes', { codes: bad.join(', ') });
    const known = new Set((await repo.areasByCode(this.ctx.db, unique)).map((a) => a.code));
    const unknown = unique.filter((c) => !known.has(c));
    if (unknown.length)
      throw new DomainError('insight.comparators.errors.unknownCodes', 'codes', { codes: unknown.join(', ') });
    if (!unique.length) throw new DomainError('insight.comparators.errors.codesRequired', 'codes');
    await this.ctx.db.transaction(async (tx) => {
      await repo.replaceComparatorSet(tx, council.id, {
        method: 'manual',
        characteristics: [],
        period: null,
        members: unique.map((c) => ({ areaCode: c, distance: null })),
      });
      await audit(this.ctx, tx, actor, 'insight.comparators_set', { method: 'manual', members: unique.length });
    });
  }

  /** One indicator at one period for the council and its comparators, with the council's rank; null without one. */
  async benchmark(
    council: Pick<Council, 'id' | 'areaCode'>,
    indicator: IndicatorRow,
    period: string,
  ): Promise<Benchmark | null> {
    const self = council.areaCode;
    if (!self) return null;
    const set = await repo.comparatorSet(this.ctx.db, council.id);
    if (!set || !set.members.length) return null;
    const codes = [self, ...set.members.map((m) => m.area_code)];
    const values = (await repo.valuesOf(this.ctx.db, council.id, indicator.id, codes)).filter(
      (v) => v.period === period && v.group_code === 'all',
    );
    const byCode = new Map(values.map((v) => [v.area_code, v]));
    const names = new Map((await repo.areasByCode(this.ctx.db, codes)).map((a) => [a.code, a.name]));
    const rows = codes.map((c) => ({
      code: c,
      name: names.get(c) ?? c,
      value: byCode.get(c)?.value ?? null,
      self: c === self,
    }));
    const present = rows.flatMap((r) => (r.value === null ? [] : [r.value]));
    // A position needs at least one comparator with a value.
    if (present.length < 2) return null;
    const rank = rankAmong(rows, self, indicator.higher_is_better);
    return { period, rows, rank, median: median(present), method: set.method };
  }
}
