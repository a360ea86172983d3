/** The import page: a failed file's problems in the error summary. */
import type { Translate } from '../../../i18n/index.ts';
import type { FormErrors } from '../../../server/forms.ts';
import type { ImportOutcome } from '../services/imports/outcome.ts';

/** The summary lists at most this many problems, then how many more there are. */
const LISTED = 50;

/** Each problem of a file that was not imported, by line, linked to the file field. */
export function importProblems(t: Translate, outcome: ImportOutcome): FormErrors {
  const list = outcome.problems
    .slice(0, LISTED)
    .map((p) => ({ text: t('insight.import.errors.row', { line: p.line, message: p.message }), href: '#file' }));
  if (outcome.problemCount > list.length)
    list.push({ text: t('insight.import.errors.more', { count: outcome.problemCount - list.length }), href: '#file' });
  return { list, fields: { file: { text: t('insight.import.failed', { count: outcome.problemCount }) } } };
}
