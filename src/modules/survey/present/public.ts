/** View models for the public online survey: a question in the resident's language, and the check page. */
import { councilLanguage, isLanguage, translator, type Language, type Translate } from '../../../i18n/index.ts';
import type { Answers, Question, Ward } from '../model.ts';
import { WARD_DONT_KNOW } from '../questions.ts';
import { contactsCheckValue } from './contacts.ts';
import { escapeHtml } from '../../../lib/html.ts';

/** Place name for the whole-place question: the council's name without "Borough Council" and the like. */
export function placeName(councilName: string): string {
  return (
    councilName
      .replace(/\s*\([^)]*\)\s*/g, ' ')
      .replace(/\b((Metropolitan|Royal)\s+)?((Borough|City|County|District)\s+)?Council\b/i, '')
      .replace(/\s+/g, ' ')
      .trim() || councilName
  );
}

export interface ShownQuestion {
  text: string;
  hint: string;
  options: { value: string; text: string; label?: { attributes: { lang: Language } } }[];
  inline: boolean;
  /** The language of a question the council wrote itself, when it differs from the page's (for lang attributes). */
  lang: Language | null;
}

/**
 * The language to mark a council's own question with on this page: the language the council writes in (its
 * `contentLanguage` setting, English unless set) when that is not the page's language, else null.
 */
export function storedLanguage(
  pageLang: unknown,
  council: { settings?: Readonly<Record<string, unknown>> },
): Language | null {
  const written: Language = councilLanguage(council);
  return isLanguage(pageLang) && pageLang !== written ? written : null;
}

/** Text for a GOV.UK macro: plain, or in a span marked with its language. */
export function marked(text: string, lang: Language | null): { text: string } | { html: string } {
  return lang ? { html: `<span lang="${lang}">${escapeHtml(text)}</span>` } : { text };
}

function scaleOptions(q: Question, t: Translate) {
  const min = q.scale_min ?? 0;
  const max = q.scale_max ?? 10;
  const options: { value: string; text: string }[] = [];
  for (let i = min; i <= max; i++) {
    const text =
      i === min
        ? t('survey.answer.scaleLow', { n: i })
        : i === max
          ? t('survey.answer.scaleHigh', { n: i })
          : String(i);
    options.push({ value: String(i), text });
  }
  return options;
}

/** A question as shown to a respondent, in their language when the catalogue has it. */
export function shownQuestion(
  q: Question,
  t: Translate,
  place: string,
  wards: readonly Ward[],
  stored: Language | null = null,
): ShownQuestion {
  const key = q.catalogue_key;
  const fromCatalogue = key !== null && translator('en')(`${key}.text`) === q.wording;
  const text = fromCatalogue ? t(`${key}.text`, { place }) : q.wording.replace(/\{place\}/g, place);
  const hint = fromCatalogue ? (q.hint ? t(`${key}.hint`) : '') : q.hint;
  const lang = fromCatalogue ? null : stored;
  let options: ShownQuestion['options'];
  if (q.kind === 'area')
    options = [
      ...wards.map((w) => ({ value: w.code, text: w.name })),
      { value: WARD_DONT_KNOW, text: t('survey.wardAnswer.dontKnow') },
    ];
  else if (q.kind === 'scale') options = scaleOptions(q, t);
  else
    options = q.options.map((o) =>
      fromCatalogue
        ? { value: o.code, text: t(`${key}.options.${o.code}`) }
        : { value: o.code, text: o.label, ...(lang ? { label: { attributes: { lang } } } : {}) },
    );
  return { text, hint, options, inline: q.kind === 'scale', lang };
}

/** The page of one question: the question, its choices (the current answer checked) and where Back goes. */
export function questionPage(
  waveId: string,
  questions: readonly Question[],
  index: number,
  value: unknown,
  shown: ShownQuestion,
) {
  return {
    question: questions[index],
    shown,
    items: shown.options.map((o) => ({
      value: o.value,
      text: o.text,
      ...(o.label ? { label: o.label } : {}),
      checked: value !== undefined && value !== '' && String(value) === o.value,
    })),
    /** A participant code question is typed, not chosen. */
    textValue: typeof value === 'string' ? value : '',
    number: index + 1,
    total: questions.length,
    back: index > 0 ? `/s/${waveId}/questions/${questions[index - 1].version_id}` : `/s/${waveId}`,
  };
}

/** The check-your-answers rows: each question, its answer and a Change link. */
export function checkRows(
  waveId: string,
  questions: readonly Question[],
  answers: Answers,
  t: Translate,
  place: string,
  wards: readonly Ward[],
  stored: Language | null = null,
) {
  return questions.map((q) => {
    const shown = shownQuestion(q, t, place, wards, stored);
    const value = String(answers[q.code]);
    const option = q.kind === 'contacts' ? undefined : shown.options.find((o) => o.value === value);
    return {
      key: marked(shown.text, shown.lang),
      value:
        q.kind === 'contacts'
          ? contactsCheckValue(q, answers[q.code], t, shown.lang)
          : option
            ? marked(option.text, option.label ? shown.lang : null)
            : { text: value },
      actions: {
        items: [
          shown.lang
            ? {
                href: `/s/${waveId}/questions/${q.version_id}`,
                html: `${t('survey.public.check.change')}<span class="govuk-visually-hidden"> ${
                  (marked(shown.text, shown.lang) as { html: string }).html
                }</span>`,
              }
            : {
                href: `/s/${waveId}/questions/${q.version_id}`,
                text: t('survey.public.check.change'),
                visuallyHiddenText: shown.text,
              },
        ],
      },
    };
  });
}
