/**
 * Know: the indicators framework, census and indicator importers, segregation on the council's own
 * areas, comparator groups, trends and gaps. Domain logic and transactions live here; SQL is in
 * repository.ts, the maths in src/stats, and the row-by-row parsing in parse.ts.
 */
import type { Db, Queryable } from '../../db/index.ts';
import type { AuditService } from '../audit/index.ts';
import type { Actor, Council as KernelCouncil } from '../../kernel/actor.ts';
import { LEVEL_RANK, levelOfCode, type GeoLevel } from '../../geo/gss.ts';
import * as geoRepo from '../geography/repository.ts';
import * as repo from './repository.ts';
import { findIndicatorId, upsertIndicatorValues, type IndicatorValueInput } from './indicator-values.ts';
import {
  CENSUS2011_GROUPS,
  INDICATOR_CODE_PATTERN,
  parseCensus2011Rows,
  parseNomisRows,
  parseTidyRows,
  type Problem,
  type Rows,
} from './parse.ts';
import { proportionScale } from './format.ts';
import { wilsonInterval } from '../../stats/intervals.ts';
import { changeFrom, gapAnalysis, type Change, type GapAnalysis } from '../../stats/gaps.ts';
import { nearestNeighbours, rankAmong, type RankResult } from '../../stats/neighbours.ts';
import {
  analyseScope,
  groupingFromValues,
  type CountsMatrix,
  type ScopeResult,
} from '../../stats/segregation/index.ts';

export type { Actor };

/** What the read side needs to know about a council. */
type Council = Pick<KernelCouncil, 'id' | 'areaCode' | 'name'>;

import { DomainError } from '../../kernel/errors.ts';

export { DomainError };

export interface ImportOutcome {
  ok: boolean;
  problems: Problem[];
  problemCount: number;
  /** Rows read and stored, values written, areas stored (and how many were new), dataset written. */
  rows: number;
  values: number;
  areas: number;
  newAreas: number;
  skipped: number;
  dataset: string | null;
  indicators: string[];
}

function failed(problems: Problem[], problemCount: number): ImportOutcome {
  return {
    ok: false,
    problems,
    problemCount: Math.max(problemCount, problems.length),
    rows: 0,
    values: 0,
    areas: 0,
    newAreas: 0,
    skipped: 0,
    dataset: null,
    indicators: [],
  };
}

/** Wilson interval on the indicator's scale, when the unit is a proportion and counts are known. */
function withInterval(unit: string, v: IndicatorValueInput): IndicatorValueInput {
  const scale = proportionScale(unit);
  if (
    scale === null ||
    v.numerator == null ||
    v.denominator == null ||
    !(v.denominator > 0) ||
    v.numerator > v.denominator
  )
    return v;
  const w = wilsonInterval(v.numerator, v.denominator);
  return { ...v, ciLow: w.low * scale, ciHigh: w.high * scale };
}

export const SEGREGATION_BASE_LEVELS: GeoLevel[] = ['oa', 'lsoa'];
export const EXPECTED_DRAWS = 100;
export const EXPECTED_SEED = 2011;

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

export interface HeadlineRow {
  indicator: repo.IndicatorRow;
  latest: repo.ValueRow;
  baseline: repo.ValueRow | null;
  change: Change | null;
  periods: string[];
  series: { period: string; value: number }[];
  position: (RankResult & { among: 'comparators' | 'siblings'; level: GeoLevel }) | null;
}

export class InsightService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
  ) {}

  // ------------------------------------------------------------------ definitions

  indicators(councilId: string) {
    return repo.listIndicators(this.db, councilId);
  }

  indicator(councilId: string, code: string) {
    return repo.findIndicatorByCode(this.db, councilId, code);
  }

  async addIndicator(actor: Actor, d: Omit<repo.IndicatorRow, 'id' | 'council_id' | 'framework'>): Promise<string> {
    if (!INDICATOR_CODE_PATTERN.test(d.code)) throw new DomainError('insight.define.errors.codeFormat', 'code');
    return this.db.transaction(async (tx) => {
      if (await repo.findIndicatorByCode(tx, actor.council.id, d.code))
        throw new DomainError('insight.define.errors.codeTaken', 'code');
      const id = await repo.insertIndicator(tx, actor.council.id, { ...d, framework: 'council' });
      await this.audit.record(
        {
          councilId: actor.council.id,
          userId: actor.userId,
          action: 'insight.indicator_defined',
          targetType: 'indicator',
          targetId: id,
          detail: {},
        },
        tx,
      );
      return id;
    });
  }

  // ------------------------------------------------------------------ importers

  /** Tidy indicator values. All or nothing; idempotent (a value is replaced on re-import). */
  async importIndicatorValues(rows: Rows, actor: Actor, source: string): Promise<ImportOutcome> {
    const defs = await repo.listIndicators(this.db, actor.council.id);
    const byCode = new Map<string, repo.IndicatorRow>();
    // The council's own definition of a code comes first (built-ins are listed too).
    for (const d of [...defs].sort((a, b) => (a.council_id ? 0 : 1) - (b.council_id ? 0 : 1)))
      if (!byCode.has(d.code)) byCode.set(d.code, d);
    const parsed = await parseTidyRows(rows, new Map([...byCode].map(([c, d]) => [c, d.unit])));
    if (parsed.problemCount) return failed(parsed.problems, parsed.problemCount);
    const codes = [...new Set(parsed.values.map((v) => v.areaCode))];
    return this.db.transaction(async (tx) => {
      const existing = new Set((await repo.areasByCode(tx, codes)).map((a) => a.code));
      const missing = codes.filter((c) => !existing.has(c));
      await geoRepo.upsertAreas(
        tx,
        missing.map((c) => ({ code: c, name: c, level: levelOfCode(c)! })),
      );
      const byIndicator = new Map<string, IndicatorValueInput[]>();
      for (const v of parsed.values) {
        const list = byIndicator.get(v.indicator) ?? [];
        list.push(
          withInterval(byCode.get(v.indicator)!.unit, {
            areaCode: v.areaCode,
            period: v.period,
            groupCode: v.group,
            value: v.value,
            numerator: v.numerator,
            denominator: v.denominator,
          }),
        );
        byIndicator.set(v.indicator, list);
      }
      let written = 0;
      for (const [code, values] of byIndicator)
        written += await upsertIndicatorValues(tx, actor.council.id, byCode.get(code)!.id, values, source);
      await this.audit.record(
        {
          councilId: actor.council.id,
          userId: actor.userId,
          action: 'insight.values_imported',
          detail: { rows: parsed.values.length, indicators: byIndicator.size, newAreas: missing.length },
        },
        tx,
      );
      return {
        ok: true,
        problems: [],
        problemCount: 0,
        rows: parsed.values.length,
        values: written,
        areas: codes.length,
        newAreas: missing.length,
        skipped: 0,
        dataset: null,
        indicators: [...byIndicator.keys()].sort(),
      };
    });
  }

  /**
   * A Nomis bulk census table: counts stored as a dataset (shared reference data, by GSS code), and for
   * known tables the built-in indicators they give (e.g. TS029 → English proficiency) stored for the council.
   */
  async importNomisTable(rows: Rows, actor: Actor, opts: { source: string; dataset?: string }): Promise<ImportOutcome> {
    const parsed = await parseNomisRows(rows);
    if (parsed.problemCount || !parsed.table) return failed(parsed.problems, parsed.problemCount);
    const t = parsed.table;
    if (!t.rows.length) return failed([{ line: 1, message: 'the file has no rows' }], 1);
    const dataset = opts.dataset ?? (t.table ? `${t.table.id}_${t.period}` : null);
    if (!dataset)
      return failed(
        [
          {
            line: 1,
            message: `"${t.title}" is not a table the Observatory knows; give a dataset code to store it under`,
          },
        ],
        1,
      );
    if (!/^[a-z0-9_]{2,60}$/.test(dataset))
      return failed(
        [{ line: 1, message: `dataset code "${dataset}" must be 2 to 60 lower-case letters, digits or _` }],
        1,
      );
    const codes = t.rows.map((r) => r.code);
    return this.db.transaction(async (tx) => {
      const existing = new Set((await repo.areasByCode(tx, codes)).map((a) => a.code));
      await geoRepo.upsertAreas(
        tx,
        t.rows.map((r) => ({ code: r.code, name: r.name, level: r.level })),
      );
      await geoRepo.upsertDataset(tx, {
        code: dataset,
        name: `${t.title} (Census ${t.period})`,
        source: `ONS Census ${t.period}${t.table ? `, table ${t.table.id.toUpperCase()}` : ''}, Nomis bulk file ${opts.source}. Office for National Statistics, Open Government Licence v3.0.`,
        period: t.period,
        categories: t.categories,
      });
      await geoRepo.upsertPopulation(
        tx,
        dataset,
        t.rows.map((r) => ({ area_code: r.code, total: r.total, counts: r.counts })),
      );
      let values = 0;
      const indicators: string[] = [];
      for (const d of t.derived) {
        const id = await findIndicatorId(tx, actor.council.id, d.indicator);
        if (!id) continue;
        indicators.push(d.indicator);
        values += await upsertIndicatorValues(
          tx,
          actor.council.id,
          id,
          d.values.map((v) =>
            withInterval('percent', {
              areaCode: v.areaCode,
              period: t.period,
              value: (100 * v.numerator) / v.denominator,
              numerator: v.numerator,
              denominator: v.denominator,
            }),
          ),
          `${dataset} (${opts.source})`,
        );
      }
      await this.audit.record(
        {
          councilId: actor.council.id,
          userId: actor.userId,
          action: 'insight.census_imported',
          detail: { dataset, rows: t.rows.length, values },
        },
        tx,
      );
      return {
        ok: true,
        problems: [],
        problemCount: 0,
        rows: t.rows.length,
        values,
        areas: codes.length,
        newAreas: codes.filter((c) => !existing.has(c)).length,
        skipped: 0,
        dataset,
        indicators,
      };
    });
  }

  /**
   * The census 2011 ethnic group files (OA or LSOA rows with their LSOA, MSOA and local authority).
   * Stores the counts at the file's level and summed up to LSOA, MSOA and local authority, and links
   * the areas so the council's segregation page can find them. `lad` restricts the rows to one
   * local authority (matched by name in the file's LAD column) and gives its code.
   */
  async importCensus2011(
    rows: Rows,
    actor: Actor,
    opts: { source: string; lad?: { code: string; name: string }; dataset?: string },
  ): Promise<ImportOutcome> {
    const parsed = await parseCensus2011Rows(rows, { ladName: opts.lad?.name });
    if (parsed.problemCount) return failed(parsed.problems, parsed.problemCount);
    const dataset = opts.dataset ?? 'census2011_ethnic_group';
    const named = await this.db.query<{ code: string; name: string }>(
      `select code, name from areas where level = 'lad'`,
    );
    const ladByName = new Map(named.map((a) => [a.name.toLowerCase(), a.code]));
    if (opts.lad) ladByName.set(opts.lad.name.toLowerCase(), opts.lad.code);

    const groups = CENSUS2011_GROUPS.length;
    const sums = new Map<string, { total: number; counts: number[] }>();
    const add = (code: string, total: number, counts: number[]) => {
      const acc = sums.get(code) ?? { total: 0, counts: new Array<number>(groups).fill(0) };
      acc.total += total;
      counts.forEach((v, i) => (acc.counts[i] += v));
      sums.set(code, acc);
    };
    const areas = new Map<string, { code: string; name: string; level: GeoLevel }>();
    const links: { child: string; parent: string; parentLevel: GeoLevel }[] = [];
    const linked = new Set<string>();
    const link = (child: string, parent: string, parentLevel: GeoLevel) => {
      const key = `${child}>${parentLevel}`;
      if (linked.has(key)) return;
      linked.add(key);
      links.push({ child, parent, parentLevel });
    };
    for (const r of parsed.rows) {
      areas.set(r.code, { code: r.code, name: r.code, level: r.level });
      add(r.code, r.persons, r.counts);
      const ladCode = r.lad ? ladByName.get(r.lad.toLowerCase()) : undefined;
      if (r.lsoa) {
        areas.set(r.lsoa, { code: r.lsoa, name: r.lsoa, level: 'lsoa' });
        link(r.code, r.lsoa, 'lsoa');
        add(r.lsoa, r.persons, r.counts);
      }
      const lsoa = r.level === 'lsoa' ? r.code : r.lsoa;
      if (r.msoa) {
        areas.set(r.msoa, { code: r.msoa, name: r.msoa, level: 'msoa' });
        if (lsoa) link(lsoa, r.msoa, 'msoa');
        else link(r.code, r.msoa, 'msoa');
        add(r.msoa, r.persons, r.counts);
      }
      if (ladCode) {
        link(r.msoa ?? lsoa ?? r.code, ladCode, 'lad');
        add(ladCode, r.persons, r.counts);
        if (opts.lad && ladCode === opts.lad.code)
          areas.set(ladCode, { code: ladCode, name: opts.lad.name, level: 'lad' });
      }
    }
    return this.db.transaction(async (tx) => {
      const codes = [...areas.keys()];
      const existing = new Set((await repo.areasByCode(tx, codes)).map((a) => a.code));
      await geoRepo.upsertAreas(tx, [...areas.values()]);
      await geoRepo.upsertLinks(tx, links);
      await geoRepo.upsertDataset(tx, {
        code: dataset,
        name: 'Usual residents by ethnic group (Census 2011)',
        source: `ONS 2011 Census aggregate data (UK Data Service, June 2016 edition), file ${opts.source}. Total: Persons (all usual residents). Open Government Licence v3.0.`,
        period: '2011',
        categories: [...CENSUS2011_GROUPS],
      });
      await geoRepo.upsertPopulation(
        tx,
        dataset,
        [...sums].map(([area_code, v]) => ({ area_code, total: v.total, counts: v.counts })),
      );
      await this.audit.record(
        {
          councilId: actor.council.id,
          userId: actor.userId,
          action: 'insight.census_imported',
          detail: { dataset, rows: parsed.rows.length, areas: sums.size },
        },
        tx,
      );
      return {
        ok: true,
        problems: [],
        problemCount: 0,
        rows: parsed.rows.length,
        values: 0,
        areas: sums.size,
        newAreas: codes.filter((c) => !existing.has(c)).length,
        skipped: parsed.skipped,
        dataset,
        indicators: [],
      };
    });
  }

  // ------------------------------------------------------------------ segregation

  /** Datasets with counts for the council's small areas, and the higher levels available. */
  async segregationChoices(council: Council) {
    if (!council.areaCode) return { bases: [], higher: [] as GeoLevel[] };
    const bases: {
      dataset: string;
      name: string;
      period: string;
      level: GeoLevel;
      areas: number;
      categories: string[];
    }[] = [];
    for (const level of SEGREGATION_BASE_LEVELS) {
      for (const d of await repo.datasetsWithin(this.db, council.areaCode, level)) {
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
    const levels = await geoRepo.countDescendantsByLevel(this.db, council.areaCode);
    const higher = levels
      .filter((l) => l.n > 0 && LEVEL_RANK[l.level] > LEVEL_RANK.oa && LEVEL_RANK[l.level] < LEVEL_RANK.lad)
      .map((l) => l.level)
      .sort((a, b) => LEVEL_RANK[a] - LEVEL_RANK[b]);
    return { bases, higher };
  }

  /**
   * Every index for the council's areas of `level` from a dataset's counts; local contributions by the
   * higher level. Null when the council has fewer than two such areas with counts.
   */
  async analyseSegregation(
    council: Council,
    params: SegregationParams,
    opts: { expected?: boolean } = {},
  ): Promise<SegregationAnalysis | null> {
    if (!council.areaCode) return null;
    const meta = await geoRepo.findDataset(this.db, params.dataset);
    if (!meta) return null;
    const rows = await repo.countsWithin(this.db, council.areaCode, params.level, params.dataset);
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
        this.db,
        rows.map((r) => r.area_code),
        params.higher,
      );
      const parent = new Map(up.map((u) => [u.code, u.ancestor]));
      const labels = rows.map((r) => parent.get(r.area_code) ?? '');
      if (labels.some((l) => l !== '')) {
        levels.push({ name: params.higher, grouping: groupingFromValues(labels) });
        const names = await repo.areasByCode(this.db, [...new Set(labels.filter(Boolean))]);
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

  /**
   * Runs the engine and stores the results as indicator values of the council's local authority for
   * the dataset's period: D (lg_inform.residential_segregation; group "all" = multi-group D), isolation,
   * entropy and Gini for each group against the rest and for each pair, information theory H and diversity.
   */
  async storeSegregation(
    council: Council,
    actor: Actor,
    params: Omit<SegregationParams, 'pair'>,
    pairs: { y: string; x: string }[],
  ): Promise<number> {
    const base = await this.analyseSegregation(council, { ...params, pair: null });
    if (!base || !council.areaCode) throw new DomainError('insight.segregation.errors.noData', 'dataset');
    const pairResults = [];
    for (const p of pairs) {
      const r = await this.analyseSegregation(council, { ...params, pair: p });
      if (r?.result.pair) pairResults.push(r.result.pair);
    }
    const area = council.areaCode;
    const period = base.dataset.period;
    const source = `segregation engine: ${params.dataset} by ${params.level}`;
    const out = new Map<string, IndicatorValueInput[]>();
    const put = (code: string, groupCode: string, value: number | null | undefined) => {
      if (value === null || value === undefined || !Number.isFinite(value)) return;
      out.set(code, [...(out.get(code) ?? []), { areaCode: area, period, groupCode, value }]);
    };
    const r = base.result;
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
    for (const p of pairResults) if (p.indices.ok) two(`${p.y} vs ${p.x}`, p.indices.value);
    return this.db.transaction(async (tx) => {
      let written = 0;
      for (const [code, values] of out) {
        const id = await findIndicatorId(tx, council.id, code);
        if (id) written += await upsertIndicatorValues(tx, council.id, id, values, source);
      }
      await this.audit.record(
        {
          councilId: actor.council.id,
          userId: actor.userId,
          action: 'insight.segregation_stored',
          detail: { dataset: params.dataset, level: params.level, values: written, pairs: pairResults.length },
        },
        tx,
      );
      return written;
    });
  }

  // ------------------------------------------------------------------ comparators

  comparators(councilId: string) {
    return repo.comparatorSet(this.db, councilId);
  }

  /** Indicators with whole-population values for the council's own local authority (candidate characteristics). */
  async characteristicChoices(council: Council) {
    if (!council.areaCode) return [];
    const defs = await repo.listIndicators(this.db, council.id);
    const own = await repo.valuesForArea(this.db, council.id, council.areaCode);
    const ids = new Set(own.filter((v) => v.group_code === 'all').map((v) => v.indicator_id));
    return defs.filter((d) => ids.has(d.id));
  }

  /** Nearest neighbours among local authorities with values, on the latest period of each characteristic. */
  async setNearestComparators(council: Council, actor: Actor, characteristics: string[], k: number) {
    if (!council.areaCode) throw new DomainError('insight.comparators.errors.noArea', 'characteristics');
    const defs = new Map((await repo.listIndicators(this.db, council.id)).map((d) => [d.code, d]));
    const own = await repo.valuesForArea(this.db, council.id, council.areaCode);
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
      for (const v of await repo.levelValues(this.db, council.id, [c.id], c.period, level)) {
        const row = byArea.get(v.area_code) ?? new Array<number | null>(chosen.length).fill(null);
        row[j] = v.value;
        byArea.set(v.area_code, row);
      }
    }
    const target = { code: council.areaCode, values: byArea.get(council.areaCode) ?? [] };
    const candidates = [...byArea].filter(([c]) => c !== council.areaCode).map(([code, values]) => ({ code, values }));
    if (!candidates.length) throw new DomainError('insight.comparators.errors.noCandidates', 'characteristics');
    const { neighbours } = nearestNeighbours(target, candidates, { k });
    await this.db.transaction(async (tx) => {
      await repo.replaceComparatorSet(tx, council.id, {
        method: 'nearest',
        characteristics: chosen.map((c) => `${c.code}@${c.period}`),
        period: null,
        members: neighbours.map((n) => ({ areaCode: n.code, distance: n.distance })),
      });
      await this.audit.record(
        {
          councilId: actor.council.id,
          userId: actor.userId,
          action: 'insight.comparators_set',
          detail: { method: 'nearest', members: neighbours.length },
        },
        tx,
      );
    });
    return neighbours;
  }

  /** A hand-picked list of local authority codes (each must be a known area of the council's level). */
  async setManualComparators(council: Council, actor: Actor, codes: string[]) {
    if (!council.areaCode) throw new DomainError('insight.comparators.errors.noArea', 'codes');
    const level = levelOfCode(council.areaCode);
    const unique = [...new Set(codes)].filter((c) => c !== council.areaCode);
    const bad = unique.filter((c) => levelOfCode(c) !== level);
    if (bad.length) throw new DomainError('insight.comparators.errors.badCodes', 'codes', { codes: bad.join(', ') });
    const known = new Set((await repo.areasByCode(this.db, unique)).map((a) => a.code));
    const unknown = unique.filter((c) => !known.has(c));
    if (unknown.length)
      throw new DomainError('insight.comparators.errors.unknownCodes', 'codes', { codes: unknown.join(', ') });
    if (!unique.length) throw new DomainError('insight.comparators.errors.codesRequired', 'codes');
    await this.db.transaction(async (tx) => {
      await repo.replaceComparatorSet(tx, council.id, {
        method: 'manual',
        characteristics: [],
        period: null,
        members: unique.map((c) => ({ areaCode: c, distance: null })),
      });
      await this.audit.record(
        {
          councilId: actor.council.id,
          userId: actor.userId,
          action: 'insight.comparators_set',
          detail: { method: 'manual', members: unique.length },
        },
        tx,
      );
    });
  }

  // ------------------------------------------------------------------ profiles, trends, benchmarks

  /** The area if it is the council's own area or inside it. */
  async councilArea(council: Council, code: string) {
    if (!council.areaCode || !levelOfCode(code)) return null;
    if (code !== council.areaCode && !(await geoRepo.isWithin(this.db, council.areaCode, code))) return null;
    return (await geoRepo.findArea(this.db, code)) ?? null;
  }

  /** Comparator values of one indicator at one period: the council and its comparators. */
  async benchmark(council: Council, indicator: repo.IndicatorRow, period: string) {
    if (!council.areaCode) return null;
    const set = await repo.comparatorSet(this.db, council.id);
    if (!set || !set.members.length) return null;
    const codes = [council.areaCode, ...set.members.map((m) => m.area_code)];
    const values = (await repo.valuesOf(this.db, council.id, indicator.id, codes)).filter(
      (v) => v.period === period && v.group_code === 'all',
    );
    const byCode = new Map(values.map((v) => [v.area_code, v]));
    const names = new Map((await repo.areasByCode(this.db, codes)).map((a) => [a.code, a.name]));
    const rows = codes.map((c) => ({
      code: c,
      name: names.get(c) ?? c,
      value: byCode.get(c)?.value ?? null,
      self: c === council.areaCode,
    }));
    // A position needs at least one comparator with a value.
    if (rows.filter((r) => r.value !== null).length < 2) return null;
    const rank = rankAmong(rows, council.areaCode, indicator.higher_is_better);
    const present = rows
      .filter((r) => r.value !== null)
      .map((r) => r.value as number)
      .sort((a, b) => a - b);
    const median = present.length
      ? present.length % 2
        ? present[(present.length - 1) / 2]
        : (present[present.length / 2 - 1] + present[present.length / 2]) / 2
      : null;
    return { period, rows, rank, median, method: set.method };
  }

  /** Headline indicators of an area: latest value, change since the first period, position. */
  async profile(council: Council, code: string): Promise<HeadlineRow[]> {
    const defs = await repo.listIndicators(this.db, council.id);
    const byId = new Map(defs.map((d) => [d.id, d]));
    const values = (await repo.valuesForArea(this.db, council.id, code)).filter((v) => v.group_code === 'all');
    const grouped = new Map<string, repo.ValueRow[]>();
    for (const v of values) grouped.set(v.indicator_id, [...(grouped.get(v.indicator_id) ?? []), v]);
    const area = await geoRepo.findArea(this.db, code);
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
        const b = await this.benchmark(council, indicator, latest.period);
        if (b?.rank) position = { ...b.rank, among: 'comparators', level: area?.level ?? 'lad' };
      } else if (area && council.areaCode) {
        const siblings = await geoRepo.listDescendants(this.db, council.areaCode, area.level);
        const sv = (
          await repo.valuesOf(
            this.db,
            council.id,
            id,
            siblings.map((s) => s.code),
          )
        ).filter((v) => v.period === latest.period && v.group_code === 'all');
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
    const order = [
      'lg_inform',
      'segregation',
      'gla_social_integration',
      'race_equality_scorecard',
      'home_office_ioi',
      'council',
      'survey',
    ];
    const rank = (f: string) => (order.includes(f) ? order.indexOf(f) : order.length);
    out.sort(
      (a, b) =>
        rank(a.indicator.framework) - rank(b.indicator.framework) || a.indicator.name.localeCompare(b.indicator.name),
    );
    return out;
  }

  /** Everything the indicator page shows for one area: values by period and group, change, gaps, benchmark, sub-areas. */
  async indicatorView(council: Council, indicator: repo.IndicatorRow, areaCode: string, baselinePeriod?: string) {
    const values = await repo.valuesOf(this.db, council.id, indicator.id, [areaCode]);
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
    const gaps: { group: string; analysis: GapAnalysis }[] = [];
    if (all.length) {
      const allBy = new Map(all.map((v) => [v.period, v]));
      for (const g of groups.filter((x) => x !== 'all')) {
        const points = values
          .filter((v) => v.group_code === g && allBy.has(v.period))
          .map((v) => ({ period: v.period, group: estimate(v), all: estimate(allBy.get(v.period)!) }));
        if (points.length) gaps.push({ group: g, analysis: gapAnalysis(points, indicator.higher_is_better, scale) });
      }
    }
    const latest = all[all.length - 1] ?? null;
    const benchmark =
      latest && areaCode === council.areaCode ? await this.benchmark(council, indicator, latest.period) : null;
    // Values of the areas one level down inside this area, at the latest period with any.
    let subareas: {
      level: GeoLevel;
      period: string;
      rows: { code: string; name: string; value: repo.ValueRow }[];
    } | null = null;
    const areaLevel = levelOfCode(areaCode);
    for (const level of (['ward', 'msoa', 'lsoa', 'oa'] as GeoLevel[]).filter(
      (l) => areaLevel && LEVEL_RANK[l] < LEVEL_RANK[areaLevel],
    )) {
      const kids = await geoRepo.listDescendants(this.db, areaCode, level);
      if (!kids.length) continue;
      const kv = (
        await repo.valuesOf(
          this.db,
          council.id,
          indicator.id,
          kids.map((k) => k.code),
        )
      ).filter((v) => v.group_code === 'all');
      if (!kv.length) continue;
      const period = kv
        .map((v) => v.period)
        .sort()
        .pop()!;
      const names = new Map(kids.map((k) => [k.code, k.name]));
      subareas = {
        level,
        period,
        rows: kv
          .filter((v) => v.period === period)
          .map((v) => ({ code: v.area_code, name: names.get(v.area_code) ?? v.area_code, value: v }))
          .sort((a, b) => b.value.value - a.value.value),
      };
      break;
    }
    return { values, periods, groups, baseline, changes, gaps, benchmark, subareas };
  }
}

function estimate(v: repo.ValueRow) {
  return { value: v.value, numerator: v.numerator, denominator: v.denominator, ciLow: v.ci_low, ciHigh: v.ci_high };
}

/** For the CLI and tests: the service on a database, with the platform's audit service. */
export function createInsightService(db: Db, audit: AuditService): InsightService {
  return new InsightService(db, audit);
}

export type { Queryable };
