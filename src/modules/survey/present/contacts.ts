/**
 * View models for a name-generator question on the public survey: N fixed rows (a label only the respondent
 * sees, how they know the person, and each background asked), and its answer on the check page.
 */
import type { Language, Translate } from '../../../i18n/index.ts';
import { backgroundKey, contactsSpec, decodeContacts, rowField, type ContactAnswer } from '../contacts.ts';
import type { Question } from '../model.ts';
import type { FormErrors } from '../../../server/forms.ts';
import { escapeHtml } from '../../../lib/html.ts';

/** The rows' values: from the stored answer (labels are never stored, so they start blank), or as typed. */
export function contactsValues(q: Question, stored: unknown): Record<string, string> {
  const values: Record<string, string> = {};
  (decodeContacts(q, stored) ?? []).forEach((c, i) => {
    values[rowField('relationship', i + 1)] = c.relationship;
    for (const [attribute, code] of Object.entries(c.background)) values[`${attribute}_${i + 1}`] = code;
  });
  return values;
}

/** Typed values echoed back after an error (strings only, as posted). */
export function postedValues(body: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (body && typeof body === 'object')
    for (const [k, v] of Object.entries(body)) if (typeof v === 'string' && /^[a-z_]+_\d{1,2}$/.test(k)) out[k] = v;
  return out;
}

/** The rows of the contacts page, ready for govukInput and govukSelect. */
export function contactRows(
  q: Question,
  values: Record<string, string>,
  errors: FormErrors,
  t: Translate,
  lang: Language | null,
) {
  const spec = contactsSpec(q);
  const langAttr = lang ? { lang } : {};
  return Array.from({ length: spec.max }, (_, i) => {
    const n = i + 1;
    const field = (name: string) => `${name}_${n}`;
    return {
      n,
      legend: t('survey.contacts.person', { n }),
      label: {
        id: field('label'),
        value: values[field('label')] ?? '',
        error: errors.fields[field('label')],
      },
      relationship: {
        id: field('relationship'),
        items: [
          { value: '', text: t('survey.contacts.choose') },
          ...spec.relationships.map((o) => ({
            value: o.code,
            text: o.label,
            selected: values[field('relationship')] === o.code,
            attributes: langAttr,
          })),
        ],
        error: errors.fields[field('relationship')],
      },
      backgrounds: spec.backgrounds.map((b) => ({
        id: field(b.attribute),
        label: t(`survey.contacts.attributes.${b.attribute}`),
        items: [
          { value: '', text: t('survey.contacts.notSure') },
          ...b.options.map((o) => ({
            value: o.code,
            text: t(backgroundKey(b.attribute, o.code)),
            selected: values[field(b.attribute)] === o.code,
          })),
        ],
        error: errors.fields[field(b.attribute)],
      })),
    };
  });
}

/** One person named, as a line of the check page (relationship, then the backgrounds given). */
function contactLine(q: Question, c: ContactAnswer, n: number, t: Translate, lang: Language | null): string {
  const spec = contactsSpec(q);
  const rel = spec.relationships.find((o) => o.code === c.relationship)?.label ?? c.relationship;
  const relHtml = lang ? `<span lang="${lang}">${escapeHtml(rel)}</span>` : escapeHtml(rel);
  const parts = spec.backgrounds.flatMap((b) => {
    const code = c.background[b.attribute];
    return code ? [escapeHtml(t(backgroundKey(b.attribute, code)))] : [];
  });
  return `${escapeHtml(t('survey.contacts.person', { n }))}: ${[relHtml, ...parts].join(', ')}`;
}

/** The check page's answer to a name-generator question. */
export function contactsCheckValue(q: Question, stored: unknown, t: Translate, lang: Language | null) {
  const contacts = decodeContacts(q, stored) ?? [];
  if (!contacts.length) return { text: t('survey.contacts.nobody') };
  return {
    html: `<ul class="govuk-list">${contacts.map((c, i) => `<li>${contactLine(q, c, i + 1, t, lang)}</li>`).join('')}</ul>`,
  };
}
