/** Margins typed or pasted as CSV lines `variable,category,population`, checked line by line (pure). */
import type { LineProblem, Question, Ward } from '../model.ts';
import { parseVariable, validCategory } from '../questions.ts';

export interface ParsedMargins {
  problems: LineProblem[];
  /** variable → category → population */
  byVariable: Map<string, Map<string, number>>;
}

function parseLine(
  s: string,
  byCode: ReadonlyMap<string, Question>,
  wards: readonly Ward[],
):
  | { key: string; params: Record<string, string | number> }
  | { variable: string; category: string; population: number } {
  const cells = s.split(',').map((c) => c.trim());
  if (cells.length !== 3) return { key: 'survey.weighting.errors.threeCells', params: {} };
  const [variable, category, pop] = cells;
  const parts = parseVariable(variable);
  const qs = parts?.map((p) => byCode.get(p.code)) ?? [];
  if (!parts || qs.some((q) => !q)) return { key: 'survey.weighting.errors.variableNotAsked', params: { variable } };
  const cats = category.split('*').map((c) => c.trim());
  if (cats.length !== parts.length)
    return { key: 'survey.weighting.errors.categoryParts', params: { category, parts: parts.length } };
  for (const [k, part] of parts.entries()) {
    const q = qs[k];
    if (!q) return { key: 'survey.weighting.errors.variableNotAsked', params: { variable } };
    if (!validCategory(q, cats[k], part.grouped, wards))
      return { key: 'survey.weighting.errors.unknownCategory', params: { category: cats[k], question: part.code } };
  }
  const population = Number(pop);
  if (!/^\d+(\.\d+)?$/.test(pop) || !Number.isFinite(population))
    return { key: 'survey.weighting.errors.population', params: { value: pop.slice(0, 20) } };
  return { variable, category: cats.join('*'), population };
}

/** Every bad line is reported with its number; the optional first line may be the header. */
export function parseMargins(text: string, questions: readonly Question[], wards: readonly Ward[]): ParsedMargins {
  const byCode = new Map(questions.map((q) => [q.code, q]));
  const problems: LineProblem[] = [];
  const byVariable = new Map<string, Map<string, number>>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    const s = raw.trim();
    if (!s || (i === 0 && /^variable\s*,\s*category\s*,\s*population$/i.test(s))) return;
    const parsed = parseLine(s, byCode, wards);
    if ('key' in parsed) return problems.push({ line, ...parsed });
    const m = byVariable.get(parsed.variable) ?? new Map<string, number>();
    if (m.has(parsed.category))
      return problems.push({
        line,
        key: 'survey.weighting.errors.duplicateCategory',
        params: { category: parsed.category },
      });
    m.set(parsed.category, parsed.population);
    byVariable.set(parsed.variable, m);
  });
  if (!problems.length && !byVariable.size)
    problems.push({ line: 1, key: 'survey.weighting.errors.noRows', params: {} });
  return { problems, byVariable };
}
