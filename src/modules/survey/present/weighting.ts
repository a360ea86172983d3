/** View models for the weighting page: each margin against the sample, and the census margin choices. */
import { hasKey, langOf, storedText, type Translate } from '../../../i18n/index.ts';
import type { MarginRow, Question } from '../model.ts';

type Coverage = ReadonlyMap<string, ReadonlyMap<string, { label: string; respondents: number }>>;

/**
 * A margin variable by name: the question's short name ("Ward", "Ethnic group"), or its broad groups, never the
 * stored code ("ward", "ethnic_group:group"); a variable of no known question keeps its code.
 */
export function variableName(variable: string, questions: readonly Question[], t: Translate): string {
  const [code, part] = variable.split(':');
  const key = `survey.bank.${code}.short`;
  if (!questions.some((q) => q.code === code) || !hasKey(key)) return variable;
  return part === 'group' ? t('survey.results.broadGroups', { question: t(key) }) : t(key);
}

/** A margin's source, stored as "<dataset name> (<period>)": the name in the page's language when it is catalogued. */
export function marginSource(source: string, t: Translate): string {
  const m = /^(.*) \(([^()]*)\)$/.exec(source);
  if (!m) return storedText(source, langOf(t), 'en').text;
  return `${storedText(m[1], langOf(t), 'en').text} (${m[2]})`;
}

/** Each margin variable as a table: population and sample counts and shares by category. */
export function marginTables(
  margins: readonly MarginRow[],
  coverage: Coverage,
  questions: readonly Question[],
  t: Translate,
) {
  return [...new Set(margins.map((m) => m.variable))].map((variable) => {
    const cov = coverage.get(variable);
    const rows = margins
      .filter((m) => m.variable === variable)
      .map((m) => ({
        ...m,
        label: cov?.get(m.category)?.label ?? m.category,
        respondents: cov?.get(m.category)?.respondents ?? 0,
      }));
    const total = rows.reduce((s, r) => s + r.population, 0);
    const respondents = rows.reduce((s, r) => s + r.respondents, 0);
    const source = rows[0]?.source ?? '';
    return {
      variable,
      name: variableName(variable, questions, t),
      rows: rows.map((r) => ({
        ...r,
        populationShare: total > 0 ? r.population / total : 0,
        sampleShare: respondents > 0 ? r.respondents / respondents : 0,
      })),
      total,
      source: marginSource(source, t),
    };
  });
}

/** Questions a census margin can be built for: the ward, and demographic questions (and their broad groups). */
export function censusVariables(questions: readonly Question[], t: Translate) {
  return questions
    .filter((q) => q.kind === 'area' || (q.section === 'demographics' && q.kind === 'choice'))
    .flatMap((q) => {
      const short = t(`survey.bank.${q.code}.short`);
      const out = [{ value: q.code, text: `${short} (${q.code})` }];
      if (q.options.some((o) => o.group))
        out.push({
          value: `${q.code}:group`,
          text: `${t('survey.results.broadGroups', { question: short })} (${q.code}:group)`,
        });
      return out;
    });
}
