/**
 * Census counts: Nomis bulk tables and the census 2011 ethnic group files. Counts are shared reference
 * data (a dataset by GSS code, written through GeographyService in the import's transaction); known
 * tables also give the council indicator values.
 */
import type { Actor } from '../../../../kernel/actor.ts';
import type { GeoLevel } from '../../../../geo/gss.ts';
import { ColumnarTable } from '../../../../lib/columnar-csv.ts';
import { tableRows } from '../../../../lib/columnar-rows.ts';
import { findIndicatorId, upsertIndicatorValues } from '../../indicator-values.ts';
import { CENSUS2011_GROUPS, parseCensus2011Rows, parseNomisRows, type Rows } from '../../parse.ts';
import * as repo from '../../repository.ts';
import { audit, type InsightContext } from '../context.ts';
import { failed, succeeded, withInterval, type ImportOutcome } from './outcome.ts';

export const CENSUS2011_DATASET = 'census2011_ethnic_group';

/** CSV rows, or the rows of a table read by the columnar reader (with `deferErrors`, so errors come in order). */
function rowsOf(rows: Rows | ColumnarTable): Rows {
  return rows instanceof ColumnarTable ? wholeRows(rows) : rows;
}

function* wholeRows(table: ColumnarTable): Generator<{ line: number; record: Record<string, string> }> {
  for (const row of tableRows(table)) if (row.record !== null) yield { line: row.line, record: row.record };
}

/**
 * A Nomis bulk census table: counts stored as a dataset, and for known tables the built-in indicators
 * they give (e.g. TS029 → English proficiency) stored for the council.
 */
export async function importNomis(
  ctx: InsightContext,
  rows: Rows | ColumnarTable,
  actor: Actor,
  opts: { source: string; dataset?: string },
): Promise<ImportOutcome> {
  const parsed = await parseNomisRows(rowsOf(rows));
  if (parsed.problemCount || !parsed.table) return failed(parsed.problems, parsed.problemCount);
  const t = parsed.table;
  if (!t.rows.length) return failed([{ line: 1, message: 'the file has no rows' }], 1);
  const dataset = opts.dataset ?? (t.table ? `${t.table.id}_${t.period}` : null);
  if (!dataset) {
    const message = `"${t.title}" is not a table the Observatory knows; give a dataset code to store it under`;
    return failed([{ line: 1, message }], 1);
  }
  if (!/^[a-z0-9_]{2,60}$/.test(dataset))
    return failed(
      [{ line: 1, message: `dataset code "${dataset}" must be 2 to 60 lower-case letters, digits or _` }],
      1,
    );
  const codes = t.rows.map((r) => r.code);
  const councilId = actor.council.id;
  return ctx.db.transaction(async (tx) => {
    const existing = new Set((await repo.areasByCode(tx, codes)).map((a) => a.code));
    const write = ctx.geography.writerFor(actor);
    await write.areas(
      tx,
      t.rows.map((r) => ({ code: r.code, name: r.name, level: r.level })),
    );
    const stored = await write.dataset(tx, {
      code: dataset,
      name: `${t.title} (Census ${t.period})`,
      source: `ONS Census ${t.period}${t.table ? `, table ${t.table.id.toUpperCase()}` : ''}, Nomis bulk file ${opts.source}. Office for National Statistics, Open Government Licence v3.0.`,
      period: t.period,
      categories: t.categories,
    });
    await write.population(
      tx,
      stored,
      t.rows.map((r) => ({ area_code: r.code, total: r.total, counts: r.counts })),
    );
    let values = 0;
    const indicators: string[] = [];
    for (const d of t.derived) {
      const id = await findIndicatorId(tx, councilId, d.indicator);
      if (!id) continue;
      indicators.push(d.indicator);
      const derived = d.values.map((v) =>
        withInterval('percent', {
          areaCode: v.areaCode,
          period: t.period,
          value: (100 * v.numerator) / v.denominator,
          numerator: v.numerator,
          denominator: v.denominator,
        }),
      );
      values += await upsertIndicatorValues(tx, councilId, id, derived, `${stored} (${opts.source})`);
    }
    await audit(ctx, tx, actor, 'insight.census_imported', { dataset: stored, rows: t.rows.length, values });
    return succeeded({
      rows: t.rows.length,
      values,
      areas: codes.length,
      newAreas: codes.filter((c) => !existing.has(c)).length,
      skipped: 0,
      dataset: stored,
      indicators,
    });
  });
}

/**
 * The census 2011 ethnic group files (OA or LSOA rows with their LSOA, MSOA and local authority).
 * Stores the counts at the file's level and summed up to LSOA, MSOA and local authority, and links
 * the areas so the council's segregation page can find them. `lad` restricts the rows to one
 * local authority (matched by name in the file's LAD column) and gives its code.
 */
export async function importCensus2011(
  ctx: InsightContext,
  rows: Rows | ColumnarTable,
  actor: Actor,
  opts: { source: string; lad?: { code: string; name: string }; dataset?: string },
): Promise<ImportOutcome> {
  const parsed = await parseCensus2011Rows(rows, { ladName: opts.lad?.name });
  if (parsed.problemCount) return failed(parsed.problems, parsed.problemCount);
  const dataset = opts.dataset ?? CENSUS2011_DATASET;
  const named = await repo.areasAtLevel(ctx.db, 'lad');
  const ladByName = new Map(named.map((a) => [a.name.toLowerCase(), a.code]));
  if (opts.lad) ladByName.set(opts.lad.name.toLowerCase(), opts.lad.code);

  const sums = new Map<string, { total: number; counts: number[] }>();
  const add = (code: string, total: number, counts: number[]) => {
    const acc = sums.get(code) ?? { total: 0, counts: new Array<number>(CENSUS2011_GROUPS.length).fill(0) };
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
  return ctx.db.transaction(async (tx) => {
    const codes = [...areas.keys()];
    const existing = new Set((await repo.areasByCode(tx, codes)).map((a) => a.code));
    const write = ctx.geography.writerFor(actor);
    await write.areas(tx, [...areas.values()]);
    await write.links(tx, links);
    const stored = await write.dataset(tx, {
      code: dataset,
      name: 'Usual residents by ethnic group (Census 2011)',
      source: `ONS 2011 Census aggregate data (UK Data Service, June 2016 edition), file ${opts.source}. Total: Persons (all usual residents). Open Government Licence v3.0.`,
      period: '2011',
      categories: [...CENSUS2011_GROUPS],
    });
    await write.population(
      tx,
      stored,
      [...sums].map(([area_code, v]) => ({ area_code, total: v.total, counts: v.counts })),
    );
    await audit(ctx, tx, actor, 'insight.census_imported', {
      dataset: stored,
      rows: parsed.rows.length,
      areas: sums.size,
    });
    return succeeded({
      rows: parsed.rows.length,
      values: 0,
      areas: sums.size,
      newAreas: codes.filter((c) => !existing.has(c)).length,
      skipped: parsed.skipped,
      dataset: stored,
      indicators: [],
    });
  });
}
