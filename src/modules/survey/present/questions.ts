/** View models for the question bank and a question's page. */
import { SECTIONS } from '../bank.ts';
import type { Question } from '../model.ts';

/** The bank by section, leaving out empty sections. */
export function bankSections(bank: readonly Question[]) {
  return SECTIONS.map((s) => ({ section: s, questions: bank.filter((q) => q.section === s) })).filter(
    (s) => s.questions.length,
  );
}

/** A question's current version as the revision form's values. */
export function questionValues(q: Question): Record<string, string> {
  return {
    code: q.code,
    kind: q.kind,
    wording: q.wording,
    hint: q.hint,
    options: q.options.map((o) => o.label).join('\n'),
    positiveCount: String(q.options.filter((o) => o.positive).length),
    excludedCount: String(q.options.filter((o) => o.excluded).length),
    source: q.source,
  };
}

/** The new-question form's starting values. */
export const NEW_QUESTION = { kind: 'choice', positiveCount: '2', excludedCount: '1' };
