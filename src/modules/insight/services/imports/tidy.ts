/** Tidy indicator values (area_code, period, indicator, group, value, numerator, denominator). */
import type { Actor } from '../../../../kernel/actor.ts';
import type { GeoLevel } from '../../../../geo/gss.ts';
import { upsertIndicatorValues, type IndicatorValueInput } from '../../indicator-values.ts';
import type { IndicatorRow } from '../../model.ts';
import { parseTidyRows, type Rows } from '../../parse.ts';
import * as repo from '../../repository.ts';
import { audit, type InsightContext } from '../context.ts';
import { failed, succeeded, withInterval, type ImportOutcome } from './outcome.ts';

/**
 * Stores the values of indicators the council can write to (`byCode`: its own and the built-in ones).
 * All or nothing; idempotent (a value is replaced on re-import). Areas not yet known are added by code.
 */
export async function importTidyValues(
  ctx: InsightContext,
  byCode: ReadonlyMap<string, IndicatorRow>,
  rows: Rows,
  actor: Actor,
  source: string,
): Promise<ImportOutcome> {
  const parsed = await parseTidyRows(rows, new Map([...byCode].map(([c, d]) => [c, d.unit])));
  if (parsed.problemCount) return failed(parsed.problems, parsed.problemCount);
  const levels = new Map<string, GeoLevel>(parsed.values.map((v) => [v.areaCode, v.level]));
  const codes = [...levels.keys()];
  const byIndicator = new Map<IndicatorRow, IndicatorValueInput[]>();
  for (const v of parsed.values) {
    const def = byCode.get(v.indicator);
    if (!def) continue; // the parser only accepts codes of `byCode`
    const list = byIndicator.get(def) ?? [];
    list.push(
      withInterval(def.unit, {
        areaCode: v.areaCode,
        period: v.period,
        groupCode: v.group,
        value: v.value,
        numerator: v.numerator,
        denominator: v.denominator,
      }),
    );
    byIndicator.set(def, list);
  }
  return ctx.db.transaction(async (tx) => {
    const existing = new Set((await repo.areasByCode(tx, codes)).map((a) => a.code));
    const missing = codes.filter((c) => !existing.has(c));
    await ctx.geography.writerFor(actor).areas(
      tx,
      missing.flatMap((code) => {
        const level = levels.get(code);
        return level ? [{ code, name: code, level }] : [];
      }),
    );
    let written = 0;
    for (const [def, values] of byIndicator)
      written += await upsertIndicatorValues(tx, actor.council.id, def.id, values, source);
    await audit(ctx, tx, actor, 'insight.values_imported', {
      rows: parsed.values.length,
      indicators: byIndicator.size,
      newAreas: missing.length,
    });
    return succeeded({
      rows: parsed.values.length,
      values: written,
      areas: codes.length,
      newAreas: missing.length,
      skipped: 0,
      dataset: null,
      indicators: [...byIndicator.keys()].map((d) => d.code).sort(),
    });
  });
}
