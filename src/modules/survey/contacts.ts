/**
 * The name-generator question ("contacts"): "Think of up to N people you turn to or meet regularly. How do you
 * know each of them, and what is their background, as far as you can tell?" (the RSA's Cranford network survey
 * and Connected Communities asked this way). Pure rules: the stored version, reading the respondent's rows, and
 * the stored answer.
 *
 * What is kept is the minimum the network analysis needs: for each person named, the relationship code and the
 * background codes the respondent chose. The respondent may type initials or a nickname on each row to keep
 * track of who is who while answering, but that label is never stored (not even hashed): contacts are not
 * matched across respondents (a keyed hash of initials would be guessable and would link different people who
 * share them), so each named person becomes a node of their own, identified only by a keyed hash of the
 * response and the row (see the networks module's name-generator.ts).
 *
 * The version stores N in `scale_max` (1 to 10) and its answers as options tagged by `group`: `relationship`
 * for the council's relationship answers, or the background attribute (`ethnic_group`, `age_band`, `tenure`) for
 * the fixed background answers, which use the same codes as the respondent's own demographic answers (ethnic
 * group and housing tenure by their broad groups) so that mixing compares like with like.
 */
import { translate } from '../../i18n/index.ts';
import { DomainError } from '../../kernel/errors.ts';
import { hasControlCharacters } from '../../lib/text.ts';
import { optionCode } from './bank.ts';
import type { Answers, Question, StoredOption, VersionInput } from './model.ts';

/** At most this many rows (the networks module keeps at most as many contacts per respondent). */
export const MAX_CONTACT_ROWS = 10;
/** The longest label a respondent may type on a row (it is never stored). */
export const MAX_LABEL = 40;

/** The background attributes a council can ask about, with their answer codes. */
export const CONTACT_BACKGROUNDS = {
  ethnic_group: ['white', 'mixed', 'asian', 'black', 'other'],
  age_band: ['under_16', '16_24', '25_34', '35_49', '50_64', '65_plus'],
  // Broad groups of the built-in tenure question (Census 2021 TS054 categories; see bank.ts).
  tenure: ['owner_occupier', 'social_rent', 'private_rent', 'other_tenure'],
} as const;
export type BackgroundAttribute = keyof typeof CONTACT_BACKGROUNDS;
export const BACKGROUND_ATTRIBUTES = Object.keys(CONTACT_BACKGROUNDS) as BackgroundAttribute[];

export const isBackgroundAttribute = (s: string): s is BackgroundAttribute => s in CONTACT_BACKGROUNDS;

/** Catalogue key of a background answer's label. */
export function backgroundKey(attribute: BackgroundAttribute, code: string): string {
  if (attribute === 'ethnic_group' || attribute === 'tenure') return `survey.groups.${code}`;
  return code === 'under_16' ? 'survey.contacts.under16' : `survey.bank.age_band.options.${code}`;
}

export interface ContactsQuestionInput {
  code: string;
  wording: string;
  hint: string;
  maxContacts: number;
  relationships: string[];
  backgrounds: BackgroundAttribute[];
  source: string;
}

/** The stored version of a council's name-generator question. */
export function contactsVersion(input: ContactsQuestionInput): VersionInput {
  if (!Number.isInteger(input.maxContacts) || input.maxContacts < 1 || input.maxContacts > MAX_CONTACT_ROWS)
    throw new DomainError('survey.contacts.errors.maxContacts', 'maxContacts');
  if (input.relationships.length < 2) throw new DomainError('survey.contacts.errors.relationships', 'relationships');
  const taken = new Set<string>();
  const options: StoredOption[] = input.relationships.map((label, i) => ({
    code: optionCode(label, i, taken, 'relationship'),
    label,
    group: 'relationship',
  }));
  for (const attribute of BACKGROUND_ATTRIBUTES.filter((a) => input.backgrounds.includes(a)))
    for (const code of CONTACT_BACKGROUNDS[attribute])
      options.push({ code, label: translate('en', backgroundKey(attribute, code)), group: attribute });
  return {
    kind: 'contacts',
    wording: input.wording,
    hint: input.hint,
    options,
    scaleMin: null,
    scaleMax: input.maxContacts,
    source: input.source,
    catalogueKey: null,
  };
}

export interface ContactsSpec {
  max: number;
  relationships: StoredOption[];
  backgrounds: { attribute: BackgroundAttribute; options: StoredOption[] }[];
}

/** What a stored contacts question asks. */
export function contactsSpec(q: Pick<Question, 'options' | 'scale_max'>): ContactsSpec {
  const max = Math.min(MAX_CONTACT_ROWS, Math.max(1, q.scale_max ?? 5));
  return {
    max,
    relationships: q.options.filter((o) => o.group === 'relationship'),
    backgrounds: BACKGROUND_ATTRIBUTES.flatMap((attribute) => {
      const options = q.options.filter((o) => o.group === attribute);
      return options.length ? [{ attribute, options }] : [];
    }),
  };
}

/** One person named: how the respondent knows them, and their background as the respondent sees it. */
export interface ContactAnswer {
  relationship: string;
  background: Partial<Record<BackgroundAttribute, string>>;
}

/** The stored form of an answer: a JSON array of codes (no labels). */
export function encodeContacts(contacts: readonly ContactAnswer[]): string {
  return JSON.stringify(contacts.map((c) => ({ relationship: c.relationship, ...c.background })));
}

/** A stored answer read back against the question; codes the question does not have are dropped. */
export function decodeContacts(q: Pick<Question, 'options' | 'scale_max'>, value: unknown): ContactAnswer[] | null {
  if (typeof value !== 'string') return null;
  let raw: unknown;
  try {
    raw = JSON.parse(value);
  } catch {
    return null;
  }
  if (!Array.isArray(raw)) return null;
  const spec = contactsSpec(q);
  const out: ContactAnswer[] = [];
  for (const item of raw.slice(0, spec.max)) {
    if (!item || typeof item !== 'object') continue;
    const rec = item as Record<string, unknown>;
    if (!spec.relationships.some((o) => o.code === rec.relationship)) continue;
    const background: ContactAnswer['background'] = {};
    for (const b of spec.backgrounds)
      if (b.options.some((o) => o.code === rec[b.attribute])) background[b.attribute] = String(rec[b.attribute]);
    out.push({ relationship: String(rec.relationship), background });
  }
  return out;
}

export interface ContactsProblem {
  field: string;
  key: string;
  params: Record<string, string | number>;
}

/** Form field names of row `n` (1-based). */
export const rowField = (name: 'label' | 'relationship' | BackgroundAttribute, n: number) => `${name}_${n}`;

/**
 * The respondent's rows from the form body. A row is used when anything on it is filled in; a used row needs a
 * relationship; background answers are optional ("not sure" is a blank). Blank rows are skipped, so naming
 * nobody is a valid answer (an empty list).
 */
export function readContactsForm(
  q: Pick<Question, 'options' | 'scale_max'>,
  body: unknown,
): { contacts: ContactAnswer[]; problems: ContactsProblem[] } {
  const raw = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const spec = contactsSpec(q);
  const contacts: ContactAnswer[] = [];
  const problems: ContactsProblem[] = [];
  const cell = (field: string) => {
    const v = raw[field];
    return typeof v === 'string' ? v.trim() : '';
  };
  for (let n = 1; n <= spec.max; n++) {
    const label = cell(rowField('label', n));
    const relationship = cell(rowField('relationship', n));
    const backgrounds = spec.backgrounds.map((b) => ({ ...b, value: cell(rowField(b.attribute, n)) }));
    if (!label && !relationship && backgrounds.every((b) => !b.value)) continue;
    const before = problems.length;
    if (label.length > MAX_LABEL || hasControlCharacters(label))
      problems.push({
        field: rowField('label', n),
        key: 'survey.contacts.errors.label',
        params: { n, max: MAX_LABEL },
      });
    if (!relationship)
      problems.push({ field: rowField('relationship', n), key: 'survey.contacts.errors.relationship', params: { n } });
    else if (!spec.relationships.some((o) => o.code === relationship))
      problems.push({ field: rowField('relationship', n), key: 'survey.contacts.errors.choose', params: { n } });
    for (const b of backgrounds)
      if (b.value && !b.options.some((o) => o.code === b.value))
        problems.push({ field: rowField(b.attribute, n), key: 'survey.contacts.errors.choose', params: { n } });
    if (problems.length > before) continue;
    const background: ContactAnswer['background'] = {};
    for (const b of backgrounds) if (b.value) background[b.attribute] = b.value;
    contacts.push({ relationship, background });
  }
  return { contacts, problems };
}

/**
 * The respondent's own background in the same codes as their contacts', from their answers to the built-in
 * demographic questions of the same wave: ethnic group and tenure by their broad groups, age band as answered.
 * Missing when
 * the wave did not ask, or the answer was "Prefer not to say".
 */
export function respondentBackground(
  questions: readonly Question[],
  answers: Answers,
  attributes: readonly BackgroundAttribute[],
): Partial<Record<BackgroundAttribute, string>> {
  const out: Partial<Record<BackgroundAttribute, string>> = {};
  for (const attribute of attributes) {
    const q = questions.find((x) => x.code === attribute && x.kind === 'choice');
    const value = answers[attribute];
    if (!q || value === undefined) continue;
    const opt = q.options.find((o) => o.code === String(value));
    if (!opt || opt.excluded) continue;
    const code = attribute === 'age_band' ? opt.code : opt.group;
    if (code && (CONTACT_BACKGROUNDS[attribute] as readonly string[]).includes(code)) out[attribute] = code;
  }
  return out;
}
