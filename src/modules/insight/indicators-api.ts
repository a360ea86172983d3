/**
 * The indicators framework's write path for other modules: the survey publishes its estimates here, and
 * plans and evaluations read and write measures here. Each method joins the caller's transaction, so a
 * module's change and the values it publishes commit together.
 */
import type { Queryable } from '../../db/index.ts';
import { findIndicatorId, upsertIndicatorValues, type IndicatorValueInput } from './indicator-values.ts';

export type { IndicatorValueInput };

/** A council's own indicator, created by another module when it first publishes values. */
export interface CouncilIndicatorDefinition {
  code: string;
  name: string;
  /** The framework it belongs to, for example 'survey'. */
  framework: string;
  domain: string;
  unit: 'proportion' | 'mean' | 'rate' | 'count' | 'index';
  /** true: higher is better; false: lower is better; null: neither direction is better. */
  higherIsBetter: boolean | null;
  source: string;
  geographyLevel: string;
  breakdowns: string[];
  description: string;
}

export class IndicatorsApi {
  /** The indicator's id: the council's own, else the built-in one with that code; null if neither exists. */
  findId(tx: Queryable, councilId: string, code: string): Promise<string | null> {
    return findIndicatorId(tx, councilId, code);
  }

  /** The council's indicator with this code, created from the definition when missing. */
  async ensure(tx: Queryable, councilId: string, d: CouncilIndicatorDefinition): Promise<string> {
    const existing = await findIndicatorId(tx, councilId, d.code);
    if (existing) return existing;
    await tx.query(
      `insert into indicators (council_id, code, name, framework, domain, unit, higher_is_better, source, geography_level, breakdowns, description)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11) on conflict do nothing`,
      [
        councilId,
        d.code,
        d.name.slice(0, 200),
        d.framework,
        d.domain,
        d.unit,
        d.higherIsBetter,
        d.source,
        d.geographyLevel,
        JSON.stringify(d.breakdowns),
        d.description,
      ],
    );
    const created = await findIndicatorId(tx, councilId, d.code);
    if (!created) throw new Error(`indicator ${d.code} could not be created`);
    return created;
  }

  /** Writes values (replacing any for the same area, period and group); returns how many were written. */
  publish(
    tx: Queryable,
    councilId: string,
    indicatorId: string,
    values: IndicatorValueInput[],
    source: string,
  ): Promise<number> {
    return upsertIndicatorValues(tx, councilId, indicatorId, values, source);
  }
}
