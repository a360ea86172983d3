/**
 * Pure, row-by-row parsers for the insight importers. Each takes CSV rows as `{ line, record }`
 * (from src/lib/csv.ts: readCsv for files, readCsvBuffer for uploads), streams through them once, and collects *every*
 * problem with its line number (up to `maxProblems` listed; all are counted). No I/O here: the
 * service decides whether to write, in one transaction, only when there is no problem.
 *
 * Formats:
 *  - tidy indicator values: `area_code,period,indicator,group,value,numerator,denominator`
 *    (group, numerator and denominator optional; see docs/methods/indicators.md);
 *  - Nomis bulk census tables: `date,geography,geography code,<Table: category: …>…`, for example
 *    TS021 ethnic group, TS029 proficiency in English, TS066 economic activity, TS019 migrant indicator;
 *  - the census 2011 ethnic group files: `OA|LSOA,Persons,<14 groups>,LSOA,MSOA,LAD,RGN`.
 */
import { codeProblem, levelOfCode, type GeoLevel } from '../../geo/gss.ts';
import {
  GROUP_PATTERN,
  MAX_LISTED_PROBLEMS,
  PERIOD_PATTERN,
  Problems,
  parseNumber,
  type Problem,
  type Rows,
} from './parse-common.ts';

export {
  GROUP_PATTERN,
  INDICATOR_CODE_PATTERN,
  MAX_LISTED_PROBLEMS,
  PERIOD_PATTERN,
  parseNumber,
  type Problem,
  type Rows,
} from './parse-common.ts';
export * from './parse-nomis.ts';
export * from './parse-census2011.ts';

// ---------------------------------------------------------------- tidy indicator values

export interface TidyValue {
  line: number;
  indicator: string;
  areaCode: string;
  level: GeoLevel;
  period: string;
  group: string;
  value: number;
  numerator: number | null;
  denominator: number | null;
}

export interface TidyResult {
  values: TidyValue[];
  problems: Problem[];
  problemCount: number;
}

export const TIDY_COLUMNS = ['area_code', 'period', 'indicator', 'group', 'value', 'numerator', 'denominator'] as const;
const TIDY_REQUIRED = ['area_code', 'period', 'indicator', 'value'];

/**
 * Validates tidy rows. `units` maps each indicator code the council may write to its unit, so values
 * can be checked (a percentage lies in 0–100, a proportion in 0–1).
 */
export async function parseTidyRows(
  rows: Rows,
  units: ReadonlyMap<string, string>,
  maxProblems = MAX_LISTED_PROBLEMS,
): Promise<TidyResult> {
  const problems = new Problems(maxProblems);
  const values: TidyValue[] = [];
  const seen = new Map<string, number>();
  let headerChecked = false;
  for await (const { line, record } of rows) {
    if (!headerChecked) {
      headerChecked = true;
      const cols = Object.keys(record);
      const missing = TIDY_REQUIRED.filter((c) => !cols.includes(c));
      const unknown = cols.filter((c) => !(TIDY_COLUMNS as readonly string[]).includes(c));
      if (missing.length || unknown.length) {
        problems.add(
          1,
          [
            missing.length ? `missing column(s) ${missing.join(', ')}` : '',
            unknown.length ? `unknown column(s) ${unknown.join(', ')}` : '',
          ]
            .filter(Boolean)
            .join('; ') + `; expected ${TIDY_COLUMNS.join(',')}`,
        );
        return { values: [], problems: problems.list, problemCount: problems.count };
      }
    }
    const reasons: string[] = [];
    const areaCode = (record.area_code ?? '').trim().toUpperCase();
    const level = levelOfCode(areaCode);
    if (!level) reasons.push(`area_code ${codeProblem(areaCode) ?? ''}`);
    const period = (record.period ?? '').trim();
    if (!PERIOD_PATTERN.test(period))
      reasons.push(`period "${period}" is not a year like 2021, 2021/22, 2024-Q1 or 2024-03`);
    const indicator = (record.indicator ?? '').trim().toLowerCase();
    const unit = units.get(indicator);
    if (!unit) reasons.push(`indicator "${indicator}" is not defined (add it on the indicators page first)`);
    const group = (record.group ?? '').trim() || 'all';
    if (!GROUP_PATTERN.test(group)) reasons.push(`group "${group.slice(0, 40)}" has characters that are not allowed`);
    const value = parseNumber(record.value);
    const numerator = parseNumber(record.numerator);
    const denominator = parseNumber(record.denominator);
    if (value === null) reasons.push('value is missing');
    else if (Number.isNaN(value)) reasons.push(`value "${record.value}" is not a number`);
    if (Number.isNaN(numerator)) reasons.push(`numerator "${record.numerator}" is not a number`);
    if (Number.isNaN(denominator)) reasons.push(`denominator "${record.denominator}" is not a number`);
    if (numerator !== null && !Number.isNaN(numerator) && numerator < 0) reasons.push('numerator is negative');
    if (denominator !== null && !Number.isNaN(denominator) && denominator <= 0)
      reasons.push('denominator must be more than 0');
    if (numerator !== null && denominator !== null && numerator > denominator)
      reasons.push('numerator is larger than denominator');
    if ((numerator === null) !== (denominator === null))
      reasons.push('give both numerator and denominator, or neither');
    if (value !== null && !Number.isNaN(value) && unit) {
      if (unit === 'percent' && (value < 0 || value > 100))
        reasons.push(`value ${value} is not a percentage between 0 and 100`);
      if (unit === 'proportion' && (value < 0 || value > 1))
        reasons.push(`value ${value} is not a proportion between 0 and 1`);
      if ((unit === 'count' || unit === 'rate_per_1000') && value < 0) reasons.push('value is negative');
    }
    if (!reasons.length) {
      const key = `${indicator}|${areaCode}|${period}|${group}`;
      const first = seen.get(key);
      if (first !== undefined) reasons.push(`repeats line ${first} (same indicator, area, period and group)`);
      else seen.set(key, line);
    }
    if (!reasons.length && level && value !== null) {
      values.push({ line, indicator, areaCode, level, period, group, value, numerator, denominator });
      continue;
    }
    problems.add(line, reasons.join('; '));
  }
  if (!headerChecked) problems.add(1, 'the file has no rows');
  return { values, problems: problems.list, problemCount: problems.count };
}
