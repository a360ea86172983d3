/**
 * Margins typed or pasted as CSV lines `variable,category,population`, checked line by line. The lines are read
 * by the project's one CSV reader (src/lib/csv.ts), so a quoted value may hold a comma (`sex,"a, b",10`).
 */
import { CsvReadError, readCsvBuffer } from '../../../lib/csv.ts';
import type { LineProblem, Question, Ward } from '../model.ts';
import { parseVariable, validCategory } from '../questions.ts';

export interface ParsedMargins {
  problems: LineProblem[];
  /** variable → category → population */
  byVariable: Map<string, Map<string, number>>;
}

const COLUMNS = ['variable', 'category', 'population'] as const;

function parseCells(
  cells: readonly string[],
  byCode: ReadonlyMap<string, Question>,
  wards: readonly Ward[],
):
  | { key: string; params: Record<string, string | number> }
  | { variable: string; category: string; population: number } {
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

/** After this many lines the reader refuses, the rest of the text is not read (every problem line costs a re-read). */
const MAX_UNREADABLE = 20;

/**
 * The rows of the text as `(line, cells)`, trimmed, blank lines skipped; `line` is the line of the text. A line
 * the reader refuses (not three values, a broken quote) is a problem on that line, and reading goes on after it.
 */
async function readLines(
  text: string,
  onRow: (line: number, cells: readonly string[]) => void,
  problems: LineProblem[],
): Promise<void> {
  const lines = text.split(/\r?\n/);
  let unreadable = 0;
  /** Reads lines[from, to) (0-based indexes). */
  const read = async (from: number, to: number): Promise<void> => {
    let start = from;
    while (start < to && unreadable < MAX_UNREADABLE) {
      // The reader wants a header; the text's own optional header is recognised by the caller.
      const bytes = Buffer.from(`${COLUMNS.join(',')}\n${lines.slice(start, to).join('\n')}`);
      let next = start; // the first line not yet handed over
      try {
        for await (const { line, values } of readCsvBuffer(bytes, { name: 'margins' })) {
          const at = start + line - 2; // the reader's line 1 is the header
          onRow(
            at + 1,
            values.map((v) => v.trim()),
          );
          next = at + 1 + values.reduce((n, v) => n + (v.match(/\n/g)?.length ?? 0), 0);
        }
        return;
      } catch (err) {
        if (!(err instanceof CsvReadError)) throw err;
        unreadable++;
        const at = err.line === null ? next : Math.min(Math.max(start + err.line - 2, next), to - 1);
        // A broken quote stops the reader before it hands over the rows it had already read: read those again.
        if (at > next) await read(next, at);
        const key =
          err.code === 'FIELD_COUNT' ? 'survey.weighting.errors.threeCells' : 'survey.weighting.errors.quotes';
        problems.push({ line: at + 1, key, params: {} });
        start = at + 1;
      }
    }
  };
  await read(0, lines.length);
}

/** Every bad line is reported with its number; the optional first line may be the header. */
export async function parseMargins(
  text: string,
  questions: readonly Question[],
  wards: readonly Ward[],
): Promise<ParsedMargins> {
  const byCode = new Map(questions.map((q) => [q.code, q]));
  const problems: LineProblem[] = [];
  const byVariable = new Map<string, Map<string, number>>();
  await readLines(
    text,
    (line, cells) => {
      if (line === 1 && cells.every((c, k) => c.toLowerCase() === COLUMNS[k])) return;
      const parsed = parseCells(cells, byCode, wards);
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
    },
    problems,
  );
  problems.sort((a, b) => a.line - b.line);
  if (!problems.length && !byVariable.size)
    problems.push({ line: 1, key: 'survey.weighting.errors.noRows', params: {} });
  return { problems, byVariable };
}
