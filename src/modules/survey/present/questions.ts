/** View models for the question bank and a question's page. */
import { SECTIONS } from '../bank.ts';
import { BACKGROUND_ATTRIBUTES, type BackgroundAttribute } from '../contacts.ts';
import type { Question, StoredOption } from '../model.ts';

/** The bank by section, leaving out empty sections. */
export function bankSections(bank: readonly Question[]) {
  return SECTIONS.map((s) => ({ section: s, questions: bank.filter((q) => q.section === s) })).filter(
    (s) => s.questions.length,
  );
}

/** The background attributes a name-generator version asks about (none for other kinds). */
export function backgroundsAsked(options: readonly StoredOption[]): BackgroundAttribute[] {
  return BACKGROUND_ATTRIBUTES.filter((a) => options.some((o) => o.group === a));
}

/** A question's current version as the revision form's values. */
export function questionValues(q: Question): Record<string, string | string[]> {
  if (q.kind === 'contacts')
    return {
      code: q.code,
      kind: q.kind,
      wording: q.wording,
      hint: q.hint,
      maxContacts: String(q.scale_max ?? 5),
      relationships: q.options
        .filter((o) => o.group === 'relationship')
        .map((o) => o.label)
        .join('\n'),
      backgrounds: backgroundsAsked(q.options),
      positiveCount: '0',
      excludedCount: '0',
      source: q.source,
    };
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
export const NEW_QUESTION = {
  kind: 'choice',
  positiveCount: '2',
  excludedCount: '1',
  maxContacts: '5',
  backgrounds: ['ethnic_group', 'age_band'],
};

/** The new-question form's starting values in the reader's language (the name generator's relationships). */
export function newQuestionValues(t: (key: string) => string) {
  return { ...NEW_QUESTION, relationships: t('survey.contacts.defaultRelationships') };
}
