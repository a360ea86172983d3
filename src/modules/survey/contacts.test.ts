import { describe, expect, it } from 'vitest';
import {
  contactsSpec,
  contactsVersion,
  decodeContacts,
  encodeContacts,
  readContactsForm,
  respondentBackground,
} from './contacts.ts';
import { BUILT_IN_BY_CODE } from './bank.ts';
import type { Question } from './model.ts';
import { contactsQuestion, own } from './testing/stubs.ts';

const input = {
  code: 'turn_to',
  wording: 'Who do you turn to?',
  hint: '',
  maxContacts: 4,
  relationships: ['Family', 'Friend', 'Friend', 'Other'],
  backgrounds: ['age_band' as const],
  source: 'Own',
};

describe('name-generator questions', () => {
  it('stores N, the relationships (distinct codes) and the fixed background answers of the attributes chosen', () => {
    const v = contactsVersion(input);
    expect(v).toMatchObject({ kind: 'contacts', scaleMax: 4 });
    const spec = contactsSpec({ options: v.options, scale_max: v.scaleMax });
    expect(spec.max).toBe(4);
    expect(spec.relationships.map((o) => o.code)).toEqual(['family', 'friend', 'friend_3', 'other']);
    expect(spec.backgrounds.map((b) => b.attribute)).toEqual(['age_band']);
    expect(spec.backgrounds[0].options.map((o) => o.code)).toContain('under_16');
    expect(() => contactsVersion({ ...input, maxContacts: 11 })).toThrow();
    expect(() => contactsVersion({ ...input, maxContacts: 0 })).toThrow();
    expect(() => contactsVersion({ ...input, relationships: ['Family'] })).toThrow();
  });

  it('reads used rows, skips blank ones, never keeps the label, and lists every problem by row', () => {
    const ok = readContactsForm(contactsQuestion, {
      label_1: 'JB',
      relationship_1: 'family',
      ethnic_group_1: 'white',
      age_band_1: '',
      label_2: '',
      relationship_2: '',
      label_3: '',
      relationship_3: 'neighbour',
      age_band_3: '65_plus',
    });
    expect(ok.problems).toEqual([]);
    expect(ok.contacts).toEqual([
      { relationship: 'family', background: { ethnic_group: 'white' } },
      { relationship: 'neighbour', background: { age_band: '65_plus' } },
    ]);
    expect(encodeContacts(ok.contacts)).not.toContain('JB');
    expect(readContactsForm(contactsQuestion, {}).contacts).toEqual([]);

    const bad = readContactsForm(contactsQuestion, {
      label_1: 'Auntie',
      relationship_2: 'stranger',
      relationship_3: 'family',
      ethnic_group_3: 'martian',
      label_4: 'beyond N',
    });
    expect(bad.problems.map((p) => [p.field, p.key])).toEqual([
      ['relationship_1', 'survey.contacts.errors.relationship'],
      ['relationship_2', 'survey.contacts.errors.choose'],
      ['ethnic_group_3', 'survey.contacts.errors.choose'],
    ]);
    const long = readContactsForm(contactsQuestion, { label_1: 'x'.repeat(41), relationship_1: 'family' });
    expect(long.problems.map((p) => p.field)).toEqual(['label_1']);
  });

  it('reads a stored answer back, dropping what the question does not have', () => {
    const stored = encodeContacts([
      { relationship: 'family', background: { ethnic_group: 'asian', age_band: '16_24' } },
      { relationship: 'neighbour', background: {} },
    ]);
    expect(decodeContacts(contactsQuestion, stored)).toEqual([
      { relationship: 'family', background: { ethnic_group: 'asian', age_band: '16_24' } },
      { relationship: 'neighbour', background: {} },
    ]);
    expect(decodeContacts(contactsQuestion, '[{"relationship":"x"},{"relationship":"family","age_band":"9"}]')).toEqual(
      [{ relationship: 'family', background: {} }],
    );
    expect(decodeContacts(contactsQuestion, 'not json')).toBeNull();
    expect(decodeContacts(contactsQuestion, 3)).toBeNull();
  });

  it("puts the respondent's own answers in the contacts' codes (ethnic group by broad group)", () => {
    const ethnic: Question = {
      ...own,
      code: 'ethnic_group',
      kind: 'choice',
      options: [
        { code: 'Pakistani', label: 'Pakistani', group: 'asian' },
        { code: 'prefer_not', label: 'Prefer not to say', excluded: true },
      ],
    };
    const age: Question = { ...own, code: 'age_band', kind: 'choice', options: [{ code: '25_34', label: '25 to 34' }] };
    expect(
      respondentBackground([ethnic, age], { ethnic_group: 'Pakistani', age_band: '25_34' }, [
        'ethnic_group',
        'age_band',
      ]),
    ).toEqual({ ethnic_group: 'asian', age_band: '25_34' });
    expect(respondentBackground([ethnic], { ethnic_group: 'prefer_not' }, ['ethnic_group', 'age_band'])).toEqual({});
  });

  it('asks housing tenure in the broad groups of the built-in tenure question (Census 2021 TS054)', () => {
    const v = contactsVersion({ ...input, backgrounds: ['tenure'] });
    const spec = contactsSpec({ options: v.options, scale_max: v.scaleMax });
    expect(spec.backgrounds[0].attribute).toBe('tenure');
    expect(spec.backgrounds[0].options.map((o) => [o.code, o.label])).toEqual([
      ['owner_occupier', 'Owner-occupier'],
      ['social_rent', 'Social rent'],
      ['private_rent', 'Private rent'],
      ['other_tenure', 'Other tenure, such as living rent free'],
    ]);
    // The respondent's own answer to the built-in question becomes its broad group, as the contacts' answers are.
    const builtIn = BUILT_IN_BY_CODE.get('tenure');
    const tenure: Question = {
      ...own,
      code: 'tenure',
      kind: 'choice',
      options: (builtIn?.options ?? []).map((o) => ({ ...o, label: o.code })),
    };
    const groups = new Set(tenure.options.flatMap((o) => (o.group ? [o.group] : [])));
    expect([...groups]).toEqual(spec.backgrounds[0].options.map((o) => o.code));
    expect(respondentBackground([tenure], { tenure: 'shared_ownership' }, ['tenure'])).toEqual({
      tenure: 'owner_occupier',
    });
    expect(respondentBackground([tenure], { tenure: 'social_rent_council' }, ['tenure'])).toEqual({
      tenure: 'social_rent',
    });
    expect(respondentBackground([tenure], { tenure: 'prefer_not' }, ['tenure'])).toEqual({});
  });
});
