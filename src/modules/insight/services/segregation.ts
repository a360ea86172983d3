/**
 * Segregation on the council's own areas: every index from a dataset's counts, local contributions by a
 * higher level, and the results stored as indicator values of the council's local authority.
 */
import type { Actor, Council } from '../../../kernel/actor.ts';
import { DomainError } from '../../../kernel/errors.ts';
import { translate } from '../../../i18n/index.ts';
import { LEVEL_RANK, type GeoLevel } from '../../../geo/gss.ts';
import type { AreaGeometry } from '../../../geo/winding.ts';
import {
  analyseScope,
  groupingFromValues,
  type CountsMatrix,
  type ScopeResult,
} from '../../../stats/segregation/index.ts';
import { findIndicatorId, upsertIndicatorValues, type IndicatorValueInput } from '../indicator-values.ts';
import type { ValueRow } from '../model.ts';
import * as repo from '../repository.ts';
import { audit, type InsightContext } from './context.ts';
import { segregationValues } from './segregation-values.ts';

export const SEGREGATION_BASE_LEVELS: GeoLevel[] = ['oa', 'lsoa'];
export const EXPECTED_DRAWS = 100;
export const EXPECTED_SEED = 2011;
/** The indicator the dissimilarity results are stored under (and listed from on the page). */
export const SEGREGATION_INDICATOR = 'lg_inform.residential_segregation';

export interface SegregationParams {
  dataset: string;
  level: GeoLevel;
  higher: GeoLevel | null;
  pair: { y: string; x: string } | null;
}

export interface SegregationAnalysis {
  params: SegregationParams;
  dataset: { code: string; name: string; period: string; source: string; categories: string[] };
  result: ScopeResult;
  /** Names of the higher-level places (for the contributions table and map). */
  unitNames: Record<string, string>;
}

export interface SegregationBase {
  dataset: string;
  name: string;
  period: string;
  level: GeoLevel;
  areas: number;
  categories: string[];
}

export interface SegregationChoices {
  bases: SegregationBase[];
  higher: GeoLevel[];
}

/** What the segregation page asks for; anything absent or unavailable falls back to a sensible default. */
export interface SegregationRequest {
  dataset?: string;
  level?: GeoLevel;
  higher?: GeoLevel;
  /** Absent (not just blank) y asks for the default pair: the largest group against the second largest. */
  y?: string;
  x?: string;
}

export interface SegregationSelection {
  choices: SegregationChoices;
  chosen: SegregationBase | null;
  higherOptions: GeoLevel[];
  higher: GeoLevel | null;
  y: string | undefined;
  x: string | undefined;
  /** With the expected value under random allocation for the pair. */
  analysis: SegregationAnalysis | null;
}

export class SegregationService {
  constructor(private readonly ctx: InsightContext) {}

  /** Datasets with counts for the council's small areas, and the higher levels available. */
  async choices(council: Pick<Council, 'id' | 'areaCode'>): Promise<SegregationChoices> {
    if (!council.areaCode) return { bases: [], higher: [] };
    const bases: SegregationBase[] = [];
    for (const level of SEGREGATION_BASE_LEVELS) {
      for (const d of await repo.datasetsWithin(this.ctx.db, council.id, council.areaCode, level)) {
        if (d.areas >= 2)
          bases.push({
            dataset: d.code,
            name: d.name,
            period: d.period,
            level,
            areas: d.areas,
            categories: d.categories,
          });
      }
    }
    const levels = await this.ctx.geography.countByLevel(council.areaCode);
    const higher = levels
      .filter((l) => l.n > 0 && LEVEL_RANK[l.level] > LEVEL_RANK.oa && LEVEL_RANK[l.level] < LEVEL_RANK.lad)
      .map((l) => l.level)
      .sort((a, b) => LEVEL_RANK[a] - LEVEL_RANK[b]);
    return { bases, higher };
  }

  /** The dataset, levels and pair the page shows, and the analysis of them. */
  async select(
    council: Pick<Council, 'id' | 'areaCode' | 'name'>,
    request: SegregationRequest,
  ): Promise<SegregationSelection> {
    const choices = await this.choices(council);
    const wanted = `${request.dataset ?? ''}:${request.level ?? ''}`;
    const chosen = choices.bases.find((b) => `${b.dataset}:${b.level}` === wanted) ?? choices.bases[0] ?? null;
    const higherOptions = chosen ? choices.higher.filter((l) => LEVEL_RANK[l] > LEVEL_RANK[chosen.level]) : [];
    const higher =
      request.higher && higherOptions.includes(request.higher)
        ? request.higher
        : higherOptions.includes('ward')
          ? 'ward'
          : (higherOptions[0] ?? null);
    let y = request.y || undefined;
    let x = request.x || undefined;
    if (chosen && (!y || !x) && request.y === undefined) {
      const totals = await this.analyse(council, {
        dataset: chosen.dataset,
        level: chosen.level,
        higher: null,
        pair: null,
      });
      const bySize = [...(totals?.result.groups ?? [])].sort((a, b) => b.count - a.count);
      if (bySize.length >= 2) [x, y] = [bySize[0].group, bySize[1].group];
    }
    const analysis = chosen
      ? await this.analyse(
          council,
          { dataset: chosen.dataset, level: chosen.level, higher, pair: y && x ? { y, x } : null },
          { expected: true },
        )
      : null;
    return { choices, chosen, higherOptions, higher, y, x, analysis };
  }

  /**
   * Every index for the council's areas of `level` from a dataset's counts; local contributions by the
   * higher level. Null when the council has fewer than two such areas with counts.
   */
  async analyse(
    council: Pick<Council, 'id' | 'areaCode' | 'name'>,
    params: SegregationParams,
    opts: { expected?: boolean } = {},
  ): Promise<SegregationAnalysis | null> {
    if (!council.areaCode) return null;
    const meta = await this.ctx.geography.dataset(council, params.dataset);
    if (!meta) return null;
    const rows = await repo.countsWithin(this.ctx.db, council.areaCode, params.level, params.dataset);
    if (rows.length < 2) return null;
    const g = meta.categories.length;
    const counts = new Float64Array(rows.length * g);
    const totals = new Float64Array(rows.length);
    rows.forEach((r, a) => {
      let s = 0;
      for (let j = 0; j < g; j++) {
        const v = Number(r.counts[j] ?? 0);
        counts[a * g + j] = v;
        s += v;
      }
      totals[a] = Math.max(Number(r.total), s);
    });
    const m: CountsMatrix = { areas: rows.length, groups: meta.categories, counts, totals };
    const pair =
      params.pair &&
      meta.categories.includes(params.pair.y) &&
      meta.categories.includes(params.pair.x) &&
      params.pair.y !== params.pair.x
        ? params.pair
        : null;
    let unitNames: Record<string, string> = {};
    const levels = [];
    if (params.higher && LEVEL_RANK[params.higher] > LEVEL_RANK[params.level]) {
      const up = await repo.ancestorsAt(
        this.ctx.db,
        rows.map((r) => r.area_code),
        params.higher,
      );
      const parent = new Map(up.map((u) => [u.code, u.ancestor]));
      const labels = rows.map((r) => parent.get(r.area_code) ?? '');
      if (labels.some((l) => l !== '')) {
        levels.push({ name: params.higher, grouping: groupingFromValues(labels) });
        const names = await repo.areasByCode(this.ctx.db, [...new Set(labels.filter(Boolean))]);
        unitNames = Object.fromEntries(names.map((n) => [n.code, n.name]));
      }
    }
    const result = analyseScope(council.name, m, {
      ...(pair ? { pair } : {}),
      levels,
      ...(opts.expected && pair ? { expected: { draws: EXPECTED_DRAWS, seed: EXPECTED_SEED } } : {}),
    });
    return { params: { ...params, pair }, dataset: meta, result, unitNames };
  }

  /** Boundaries of the places of the analysis' first contributions level, for the map (none without boundaries). */
  async contributionFeatures(
    analysis: SegregationAnalysis,
  ): Promise<{ code: string; name: string; geometry: AreaGeometry }[]> {
    const impact = analysis.result.impacts[0];
    const level = analysis.params.higher;
    if (!level || !impact?.rows.ok) return [];
    const units = impact.rows.value.filter((c) => c.unit !== '');
    return this.ctx.geography.features(
      units.map((c) => ({ code: c.unit, name: analysis.unitNames[c.unit] ?? c.unit, level })),
    );
  }

  /** Dissimilarity results already stored for the council's local authority. */
  async stored(council: Pick<Council, 'id' | 'areaCode'>): Promise<ValueRow[]> {
    const indicator = await repo.findIndicatorByCode(this.ctx.db, council.id, SEGREGATION_INDICATOR);
    if (!indicator || !council.areaCode) return [];
    return repo.valuesOf(this.ctx.db, council.id, indicator.id, [council.areaCode]);
  }

  /**
   * Runs the engine and stores the results as indicator values of the council's local authority for
   * the dataset's period: D (lg_inform.residential_segregation; group "all" = multi-group D), isolation,
   * entropy and Gini for each group against the rest and for each pair, information theory H and diversity.
   */
  async store(actor: Actor, params: Omit<SegregationParams, 'pair'>, pairs: { y: string; x: string }[]) {
    const council = actor.council;
    const base = await this.analyse(council, { ...params, pair: null });
    if (!base || !council.areaCode) throw new DomainError('insight.segregation.errors.noData', 'dataset');
    const pairResults = [];
    for (const p of pairs) {
      const r = await this.analyse(council, { ...params, pair: p });
      if (r?.result.pair) pairResults.push(r.result.pair);
    }
    const out: Map<string, IndicatorValueInput[]> = segregationValues(
      base.result,
      pairResults,
      council.areaCode,
      base.dataset.period,
    );
    // Stored with each value and shown beside it: the dataset by name, never its code (written in English).
    const source = translate('en', 'insight.segregation.valueSource', {
      dataset: base.dataset.name,
      period: base.dataset.period,
      level: translate('en', `geography.levelsPlural.${params.level}`),
    });
    return this.ctx.db.transaction(async (tx) => {
      let written = 0;
      for (const [code, values] of out) {
        const id = await findIndicatorId(tx, council.id, code);
        if (id) written += await upsertIndicatorValues(tx, council.id, id, values, source);
      }
      await audit(this.ctx, tx, actor, 'insight.segregation_stored', {
        dataset: params.dataset,
        level: params.level,
        values: written,
        pairs: pairResults.length,
      });
      return written;
    });
  }
}
