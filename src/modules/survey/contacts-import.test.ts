import { describe, expect, it } from 'vitest';
import { contactColumns, readContactCells } from './contacts-import.ts';
import { decodeContacts } from './contacts.ts';
import { agree, contactsQuestion } from './testing/stubs.ts';

/** Fieldwork files' wide columns for a name generator (turn_to: 3 people, ethnic group and age band). */
describe('name-generator answers in a fieldwork file', () => {
  const header = [
    'id',
    'turn_to_contact1_relationship',
    'TURN_TO_contact1_ethnic_group',
    'turn_to_contact2_relationship',
    'turn_to_contact2_age_band',
    'mixing_ok',
  ];
  const [group] = contactColumns(header, [agree, contactsQuestion]);
  const read = (cells: string[]) => readContactCells(group, cells);

  it('finds the columns by name (any case), and refuses a person beyond N or a background not asked', () => {
    expect(group.question.code).toBe('turn_to');
    expect(group.cells.map((c) => [c.n, c.field, c.index])).toEqual([
      [1, 'relationship', 1],
      [1, 'ethnic_group', 2],
      [2, 'relationship', 3],
      [2, 'age_band', 4],
    ]);
    expect(contactColumns(['id', 'mixing_ok'], [agree, contactsQuestion])).toEqual([]);
    expect(() => contactColumns(['turn_to_contact4_relationship'], [contactsQuestion])).toThrow(
      expect.objectContaining({
        key: 'survey.import.errors.contactNumber',
        params: expect.objectContaining({ max: 3 }),
      }),
    );
    expect(() => contactColumns(['turn_to_contact1_tenure'], [contactsQuestion])).toThrow(
      expect.objectContaining({ key: 'survey.import.errors.contactField' }),
    );
  });

  it('reads codes or wording, skips blank people, and stores the same list of codes as an online answer', () => {
    const ok = read(['R1', 'Family', 'asian', 'neighbour', '65 or over', 'yes']);
    expect(ok.problems).toEqual([]);
    expect(decodeContacts(contactsQuestion, ok.value)).toEqual([
      { relationship: 'family', background: { ethnic_group: 'asian' } },
      { relationship: 'neighbour', background: { age_band: '65_plus' } },
    ]);
    const one = read(['R2', '', '', 'Family', 'NA', '']);
    expect(decodeContacts(contactsQuestion, one.value)).toEqual([{ relationship: 'family', background: {} }]);
    // Nothing given: not answered. "none" for person 1 alone: named nobody.
    expect(read(['R3', '', ' ', 'na', '', ''])).toEqual({ value: null, problems: [] });
    expect(read(['R4', 'None', '', '', '', ''])).toEqual({ value: '[]', problems: [] });
    expect(read(['R5', 'family', 'not sure', '', "don't know", '']).problems).toEqual([]);
  });

  it('lists every problem of the row: a person without a relationship, and answers the question does not have', () => {
    const bad = read(['R6', '', 'white', 'cousin', 'ancient', '']);
    expect(bad.value).toBeNull();
    expect(bad.problems).toEqual([
      {
        key: 'survey.import.errors.contactRelationship',
        params: { n: 1, column: 'turn_to_contact1_relationship', question: 'turn_to' },
      },
      {
        key: 'survey.import.errors.badValue',
        params: { column: 'turn_to_contact2_relationship', value: 'cousin', question: 'turn_to' },
      },
      {
        key: 'survey.import.errors.badValue',
        params: { column: 'turn_to_contact2_age_band', value: 'ancient', question: 'turn_to' },
      },
    ]);
    // "none" with anything else on the row is not an answer of nobody.
    expect(read(['R7', 'none', 'white', '', '', '']).problems[0]).toMatchObject({
      key: 'survey.import.errors.badValue',
    });
  });
});
