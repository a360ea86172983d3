/**
 * Name-generator answers in a fieldwork file (pure rules). A name-generator ("contacts") question has one answer
 * per person named, so it cannot be one column: a file gives it in a wide layout, one column per person and field,
 * named `<question code>_contact<n>_<field>` (any case), where n runs from 1 to the question's number of people
 * and the field is `relationship` or a background the question asks (`ethnic_group`, `age_band`, `tenure`):
 *
 *   id, turn_to_contact1_relationship, turn_to_contact1_ethnic_group, turn_to_contact2_relationship, …
 *
 * Columns are found by name; they are not matched on the mapping page. A cell holds the answer's code or its
 * English wording (any case); blank, NA, "not sure" or "don't know" is not given. A person whose cells are all
 * blank is not counted; a person with any cell needs a relationship. A row whose cells for the question are all
 * blank has not answered it; "none" (or "nobody") as person 1's relationship, with nothing else, is an answer
 * naming nobody. The stored answer is the same JSON list of codes as an online answer (contacts.ts).
 */
import { DomainError } from '../../kernel/errors.ts';
import {
  BACKGROUND_ATTRIBUTES,
  contactsSpec,
  encodeContacts,
  isBackgroundAttribute,
  type BackgroundAttribute,
  type ContactAnswer,
} from './contacts.ts';
import type { Question, StoredOption } from './model.ts';

export type ContactField = 'relationship' | BackgroundAttribute;

/** The wide column name of person `n`'s `field` of question `code`. */
export const contactColumn = (code: string, n: number, field: ContactField) => `${code}_contact${n}_${field}`;

const WIDE = new RegExp(`^(.+)_contact(\\d{1,3})_(relationship|${BACKGROUND_ATTRIBUTES.join('|')})$`);
const NOT_GIVEN = new Set(['', 'na', 'n/a', 'not sure', 'dont_know', 'dont know', "don't know", 'don\u2019t know']);
const NOBODY = new Set(['none', 'nobody']);

/** A name-generator question of the wave and the file's columns that answer it. */
export interface ContactColumns {
  question: Question;
  cells: { n: number; field: ContactField; index: number; column: string }[];
}

/**
 * The wide columns of the file for each name-generator question of the wave. A column named for a person beyond
 * the question's number, or for a background the question does not ask, is a DomainError on `mapping` naming it
 * (it would otherwise be dropped without a word).
 */
export function contactColumns(columns: readonly string[], questions: readonly Question[]): ContactColumns[] {
  const byCode = new Map(questions.filter((q) => q.kind === 'contacts').map((q) => [q.code.toLowerCase(), q]));
  const groups = new Map<string, ContactColumns>();
  columns.forEach((column, index) => {
    const m = WIDE.exec(column.trim().toLowerCase());
    const question = m ? byCode.get(m[1]) : undefined;
    if (!m || !question) return;
    const n = Number(m[2]);
    const field = m[3] as ContactField;
    const spec = contactsSpec(question);
    if (n < 1 || n > spec.max)
      throw new DomainError('survey.import.errors.contactNumber', 'mapping', { column, max: spec.max });
    if (field !== 'relationship' && !spec.backgrounds.some((b) => b.attribute === field))
      throw new DomainError('survey.import.errors.contactField', 'mapping', { column, question: question.code });
    const group = groups.get(question.code) ?? { question, cells: [] };
    group.cells.push({ n, field, index, column });
    groups.set(question.code, group);
  });
  return [...groups.values()];
}

export interface ContactCellProblem {
  key: string;
  params: Record<string, string | number>;
}

const matchOption = (options: readonly StoredOption[], raw: string) => {
  const low = raw.toLowerCase();
  return options.find((o) => o.code.toLowerCase() === low || o.label.toLowerCase() === low);
};

/**
 * One row's answer to the question from its wide cells: the stored value (null when the row did not answer it)
 * and every problem, by person, with the column it is in.
 */
export function readContactCells(
  group: ContactColumns,
  cells: readonly string[],
): { value: string | null; problems: ContactCellProblem[] } {
  const q = group.question;
  const spec = contactsSpec(q);
  const people = new Map<number, Partial<Record<ContactField, { raw: string; column: string }>>>();
  for (const c of group.cells) {
    const raw = (cells[c.index] ?? '').trim();
    if (NOT_GIVEN.has(raw.toLowerCase())) continue;
    const person = people.get(c.n) ?? {};
    person[c.field] = { raw, column: c.column };
    people.set(c.n, person);
  }
  if (people.size === 0) return { value: null, problems: [] };
  const first = people.get(1);
  if (people.size === 1 && first?.relationship && Object.keys(first).length === 1)
    if (NOBODY.has(first.relationship.raw.toLowerCase())) return { value: encodeContacts([]), problems: [] };
  const problems: ContactCellProblem[] = [];
  const contacts: ContactAnswer[] = [];
  for (const n of [...people.keys()].sort((a, b) => a - b)) {
    const person = people.get(n) ?? {};
    const before = problems.length;
    const rel = person.relationship;
    const relationship = rel ? matchOption(spec.relationships, rel.raw) : undefined;
    if (!rel)
      problems.push({
        key: 'survey.import.errors.contactRelationship',
        params: { n, column: contactColumn(q.code, n, 'relationship'), question: q.code },
      });
    else if (!relationship) problems.push(badValue(rel.raw, rel.column, q.code));
    const background: ContactAnswer['background'] = {};
    for (const [field, cell] of Object.entries(person)) {
      if (!isBackgroundAttribute(field) || !cell) continue;
      const options = spec.backgrounds.find((b) => b.attribute === field)?.options ?? [];
      const option = matchOption(options, cell.raw);
      if (option) background[field] = option.code;
      else problems.push(badValue(cell.raw, cell.column, q.code));
    }
    if (problems.length === before && relationship) contacts.push({ relationship: relationship.code, background });
  }
  return problems.length ? { value: null, problems } : { value: encodeContacts(contacts), problems };
}

const badValue = (raw: string, column: string, question: string): ContactCellProblem => ({
  key: 'survey.import.errors.badValue',
  params: { column, value: raw.slice(0, 40), question },
});
