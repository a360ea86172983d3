/**
 * Pure rules about questions and answers, shared by the services: versions of built-in and own questions,
 * answer and margin-category validation, headline and breakdown questions, resume codes.
 */
import { randomBytes } from 'node:crypto';
import { translate, type Language } from '../../i18n/index.ts';
import { DomainError } from '../../kernel/errors.ts';
import { bankKey, optionCode, type BuiltInQuestion } from './bank.ts';
import { contactsVersion } from './contacts.ts';
import type { OwnQuestionInput, Question, StoredOption, VersionInput, Ward } from './model.ts';

/** C0 controls other than tab, line feed and carriage return, DEL, and the C1 controls: never valid in text. */
export const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

const RESUME_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A readable 12-character resume code (60 bits), shown as XXXX-XXXX-XXXX. */
export function newResumeCode(): string {
  const bytes = randomBytes(12);
  let out = '';
  for (const b of bytes) out += RESUME_ALPHABET[b % 32];
  return out;
}

export function normaliseResumeCode(input: string): string {
  return input.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

export const formatResumeCode = (code: string) => code.replace(/(.{4})(?=.)/g, '$1-');

/** A margin variable: question codes joined by '*', each optionally ':group' (broad groups of its options). */
export interface VariablePart {
  code: string;
  grouped: boolean;
}

export function parseVariable(variable: string): VariablePart[] | null {
  const parts = variable.split('*').map((p) => p.trim());
  if (!parts.length || parts.length > 3) return null;
  const out: VariablePart[] = [];
  for (const p of parts) {
    const m = /^([a-z][a-z0-9_]{1,60})(:group)?$/.exec(p);
    if (!m) return null;
    out.push({ code: m[1], grouped: m[2] !== undefined });
  }
  return out;
}

/** The answer to a ward question of a respondent who does not know their ward (counted as missing). */
export const WARD_DONT_KNOW = 'dont_know';

/** The category a respondent falls in for one question (or its broad group); null when missing or excluded. */
export function categoryOf(q: Question, value: string | number | undefined, grouped: boolean): string | null {
  if (value === undefined || value === null || q.kind === 'contacts') return null;
  if (q.kind === 'area') return value === WARD_DONT_KNOW ? null : String(value);
  if (q.kind === 'scale') return grouped ? null : String(value);
  const opt = q.options.find((o) => o.code === String(value));
  if (!opt || opt.excluded) return null;
  if (grouped) return opt.group ?? null;
  return opt.code;
}

/** Whether a margin category is one a respondent can fall in. */
export function validCategory(q: Question, cat: string, grouped: boolean, wards: readonly Ward[]) {
  if (q.kind === 'contacts') return false;
  if (q.kind === 'area') return !grouped && wards.some((w) => w.code === cat);
  if (q.kind === 'scale')
    return !grouped && /^\d+$/.test(cat) && Number(cat) >= (q.scale_min ?? 0) && Number(cat) <= (q.scale_max ?? 10);
  return grouped
    ? q.options.some((o) => !o.excluded && o.group === cat)
    : q.options.some((o) => !o.excluded && o.code === cat);
}

/**
 * A participant code as typed: letters, digits and hyphens, 3 to 20 characters once spaces are removed, in
 * capitals (so "tab-12" and "TAB-12 " are the same person). Null when it is not one.
 */
export function participantCode(raw: string): string | null {
  const code = raw.replace(/\s+/g, '').toUpperCase();
  return /^[A-Z0-9-]{3,20}$/.test(code) ? code : null;
}

/** An online answer: an option code, a whole number in range, or a ward code. Null when invalid. */
export function validateAnswer(q: Question, raw: unknown, wards: readonly Ward[]): string | number | null {
  if (typeof raw !== 'string' || raw.length > 100 || q.kind === 'contacts') return null;
  if (q.kind === 'code') return participantCode(raw);
  if (q.kind === 'scale') {
    if (!/^\d{1,2}$/.test(raw)) return null;
    const n = Number(raw);
    return n >= (q.scale_min ?? 0) && n <= (q.scale_max ?? 10) ? n : null;
  }
  if (q.kind === 'area') return raw === WARD_DONT_KNOW || wards.some((w) => w.code === raw) ? raw : null;
  return q.options.some((o) => o.code === raw) ? raw : null;
}

/** An imported cell: option code or label (any case), a number in range, or a ward code or name. */
export function importValue(q: Question, raw: string, wards: readonly Ward[]): string | number | null {
  if (q.kind === 'code') return participantCode(raw);
  // A name generator is not one column: a file gives it in wide columns (contacts-import.ts).
  if (q.kind === 'contacts') return null;
  const low = raw.toLowerCase();
  if (q.kind === 'scale') {
    if (!/^\d{1,2}(\.0+)?$/.test(raw)) return null;
    const n = Number(raw);
    return n >= (q.scale_min ?? 0) && n <= (q.scale_max ?? 10) ? n : null;
  }
  if (q.kind === 'area') {
    if (['dont_know', "don't know", 'don\u2019t know', 'dont know'].includes(low)) return WARD_DONT_KNOW;
    const w = wards.find((x) => x.code.toLowerCase() === low || x.name.toLowerCase() === low);
    return w ? w.code : null;
  }
  const o = q.options.find((x) => x.code.toLowerCase() === low || x.label.toLowerCase() === low);
  return o ? o.code : null;
}

/** Questions that have a headline figure: a proportion (choice questions with positive answers) or a mean (scales). */
export function headlineQuestions(questions: readonly Question[]) {
  return questions.filter((q) => q.kind === 'scale' || (q.kind === 'choice' && q.options.some((o) => o.positive)));
}

/** Demographic choice questions, by which results can be split. */
export function breakdownQuestions(questions: readonly Question[]) {
  return questions.filter((q) => q.section === 'demographics' && q.kind === 'choice');
}

/** Whether two versions ask the same thing the same way (results are then comparable). */
export function sameWording(a: Question, b: Question) {
  return (
    a.wording === b.wording &&
    a.kind === b.kind &&
    JSON.stringify(a.options.map((o) => [o.code, o.label])) === JSON.stringify(b.options.map((o) => [o.code, o.label]))
  );
}

/** Option label in the reader's language: the catalogue for built-ins, the stored label otherwise. */
export function optionLabel(q: Question, code: string, lang: Language = 'en') {
  const opt = q.options.find((o) => o.code === code);
  if (q.catalogue_key && opt && translate('en', `${q.catalogue_key}.options.${code}`) === opt.label) {
    return translate(lang, `${q.catalogue_key}.options.${code}`);
  }
  return opt?.label ?? code;
}

/** The indicator code a question version publishes to: a re-worded question (v2 on) gets its own. */
export function indicatorCode(q: Pick<Question, 'code' | 'version'>) {
  return q.version > 1 ? `survey.${q.code}.v${q.version}` : `survey.${q.code}`;
}

/** The version stored for a council's own question. */
export function ownVersion(input: OwnQuestionInput): VersionInput {
  if (input.kind === 'contacts')
    return contactsVersion({
      code: input.code,
      wording: input.wording,
      hint: input.hint,
      maxContacts: input.maxContacts ?? 5,
      relationships: input.relationships ?? [],
      backgrounds: input.backgrounds ?? [],
      source: input.source,
    });
  if (input.kind === 'scale') {
    return {
      kind: 'scale',
      wording: input.wording,
      hint: input.hint,
      options: [],
      scaleMin: 0,
      scaleMax: 10,
      source: input.source,
      catalogueKey: null,
    };
  }
  const n = input.options.length;
  if (n < 2) throw new DomainError('survey.questions.errors.options', 'options');
  if (input.positiveCount + input.excludedCount > n)
    throw new DomainError('survey.questions.errors.counts', 'positiveCount');
  const codes = new Set<string>();
  const options = input.options.map((label, i) => {
    const o: StoredOption = { code: optionCode(label, i, codes, 'option'), label };
    if (i < input.positiveCount) o.positive = true;
    if (i >= n - input.excludedCount) o.excluded = true;
    return o;
  });
  return {
    kind: 'choice',
    wording: input.wording,
    hint: input.hint,
    options,
    scaleMin: null,
    scaleMax: null,
    source: input.source,
    catalogueKey: null,
  };
}

/** The stored (English) version of a built-in question, from the catalogue. */
export function builtInVersion(q: BuiltInQuestion): VersionInput {
  const key = bankKey(q.code);
  const hint = translate('en', `${key}.hint`);
  return {
    kind: q.kind,
    wording: translate('en', `${key}.text`),
    hint: hint === `${key}.hint` ? '' : hint,
    options: (q.options ?? []).map((o) => ({ ...o, label: translate('en', `${key}.options.${o.code}`) })),
    scaleMin: q.scaleMin ?? null,
    scaleMax: q.scaleMax ?? null,
    source: q.source,
    catalogueKey: key,
  };
}
