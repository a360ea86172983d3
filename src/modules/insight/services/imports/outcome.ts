/** What an import reports, and the interval every imported proportion is stored with. */
import { wilsonInterval } from '../../../../stats/intervals.ts';
import { proportionScale } from '../../format.ts';
import type { IndicatorValueInput } from '../../indicator-values.ts';
import type { Problem } from '../../parse.ts';

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

/** Nothing was written: every problem, with the total (which may exceed those listed). */
export function failed(problems: Problem[], problemCount: number): ImportOutcome {
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

export function succeeded(
  counts: Pick<ImportOutcome, 'rows' | 'values' | 'areas' | 'newAreas' | 'skipped' | 'dataset' | 'indicators'>,
): ImportOutcome {
  return { ok: true, problems: [], problemCount: 0, ...counts };
}

/** Wilson interval on the indicator's scale, when the unit is a proportion and counts are known. */
export function withInterval(unit: string, v: IndicatorValueInput): IndicatorValueInput {
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
