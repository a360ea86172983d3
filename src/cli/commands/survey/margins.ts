/** MARGINS.csv (variable,category,population) and coding respondents against it. */
import { CliError } from '../../types.ts';
import type { RakeMargin } from '../../../stats/survey/index.ts';
import { columnIndex, type CsvTable, type Ids } from './tables.ts';
import { isMissing, parseNumber } from './shared.ts';

export interface MarginSpec {
  variable: string;
  categories: string[];
  populations: number[];
  /** MARGINS.csv line where the variable first appears. */
  line: number;
}

/** Parses MARGINS.csv (variable,category,population), keeping the order variables first appear in. */
export function parseMargins(table: CsvTable): MarginSpec[] {
  const vc = columnIndex(table, 'variable');
  const cc = columnIndex(table, 'category');
  const pc = columnIndex(table, 'population');
  const byVar = new Map<string, MarginSpec>();
  for (let r = 0; r < table.size; r++) {
    const line = table.lines[r];
    const variable = table.data.text(r, vc);
    const category = table.data.text(r, cc);
    if (variable === '') throw new CliError(`${table.label} line ${line} has an empty variable`);
    if (category === '') throw new CliError(`${table.label} line ${line} has an empty category`);
    const pop = parseNumber(
      table.data.text(r, pc),
      `${table.label} line ${line} population`,
      (v) => v >= 0,
      'a number ≥ 0',
    );
    let spec = byVar.get(variable);
    if (!spec) {
      spec = { variable, categories: [], populations: [], line };
      byVar.set(variable, spec);
    }
    if (spec.categories.includes(category)) {
      throw new CliError(`${table.label} line ${line} repeats category '${category}' of variable '${variable}'`);
    }
    spec.categories.push(category);
    spec.populations.push(pop);
  }
  if (byVar.size === 0) throw new CliError(`${table.label} has no margins`);
  return [...byVar.values()];
}

/**
 * Codes every respondent against the margins; errors name the respondent and the value. Each column is coded
 * once (src/lib/columnar-csv.ts) and its distinct values looked up, not every cell.
 */
export function buildRakeMargins(
  responses: CsvTable,
  specs: readonly MarginSpec[],
  ids: Ids,
  marginsLabel: string,
): RakeMargin[] {
  return specs.map((spec) => {
    const col = responses.header.indexOf(spec.variable);
    if (col < 0) {
      throw new CliError(
        `margins variable '${spec.variable}' (${marginsLabel} line ${spec.line}) is not a column of ${responses.label}`,
      );
    }
    const lookup = new Map(spec.categories.map((c, i) => [c, i]));
    const coded = responses.data.categories(col);
    const toSpec = Int32Array.from(coded.labels, (label) => lookup.get(label) ?? -1);
    const codes = new Int32Array(responses.size);
    for (let r = 0; r < responses.size; r++) {
      const code = toSpec[coded.codes[r]];
      if (code < 0) {
        const value = coded.labels[coded.codes[r]];
        const where = `respondent '${ids.id(r)}' (${responses.label} line ${responses.lines[r]})`;
        if (isMissing(value))
          throw new CliError(
            `${where} has no value for '${spec.variable}'; every respondent needs a category of each margin variable`,
          );
        throw new CliError(
          `${where} has ${spec.variable}='${value}', which is not a category of '${spec.variable}' in ${marginsLabel}`,
        );
      }
      codes[r] = code;
    }
    return { name: spec.variable, codes, targets: spec.populations, labels: spec.categories };
  });
}
