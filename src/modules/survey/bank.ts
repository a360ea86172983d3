/**
 * The built-in question bank. Wording lives in the message catalogue (locales/<lang>.json under
 * survey.bank.<code>) so it can be translated; the English text is also stored with each question
 * version in the database, because comparability between waves depends on the exact wording asked.
 *
 * Sources (cited on every question):
 * - Community Life Survey (DCMS, 2012–2023): cohesion, belonging, trust, civic participation, volunteering.
 * - LGA, Building cohesive communities (2019) and its model residents' survey questionnaire; Luton's
 *   two-part (local area / whole town) form of the "get on well together" question.
 * - GLA social integration measures (Survey of Londoners 2018–19): friends of similar background,
 *   someone to rely on (from Understanding Society).
 * - ONS personal well-being (ONS4), Annual Population Survey.
 * - Census 2021 and 2011 (ONS) for demographic categories. Ethnic group uses the 14 groups of the 2011
 *   tables (KS201EW columns) so that responses can be weighted to the imported census counts.
 */

/**
 * code: a participant code (letters, digits and hyphens), pairing one person's answers before and after.
 * contacts: a name generator (a council's own question; see contacts.ts).
 */
export type QuestionKind = 'choice' | 'scale' | 'area' | 'code' | 'contacts';
export type Section = 'cohesion' | 'wellbeing' | 'participation' | 'demographics' | 'own';

export interface OptionSpec {
  code: string;
  /** Counted in the headline ("top box") proportion. */
  positive?: boolean;
  /** Left out of percentages (e.g. "Don't know", "Prefer not to say"). */
  excluded?: boolean;
  /** Broad group for weighting and breakdowns (e.g. ethnic group → White, Asian…). */
  group?: string;
}

export interface BuiltInQuestion {
  code: string;
  section: Section;
  kind: QuestionKind;
  options?: OptionSpec[];
  scaleMin?: number;
  scaleMax?: number;
  source: string;
  /** Demographic questions can split results ("by group"). */
  breakdown?: boolean;
  /** Higher is better for the headline (null: neither). */
  higherIsBetter?: boolean | null;
}

const AGREE: OptionSpec[] = [
  { code: 'definitely_agree', positive: true },
  { code: 'tend_to_agree', positive: true },
  { code: 'tend_to_disagree' },
  { code: 'definitely_disagree' },
  { code: 'dont_know', excluded: true },
];

const FRIENDS: OptionSpec[] = [
  { code: 'all', positive: true },
  { code: 'more_than_half' },
  { code: 'about_half' },
  { code: 'less_than_half' },
  { code: 'none' },
  { code: 'dont_know', excluded: true },
];

const YES_NO: OptionSpec[] = [{ code: 'yes', positive: true }, { code: 'no' }, { code: 'dont_know', excluded: true }];

const CLS = 'Community Life Survey (DCMS), core questions; LGA model residents\u2019 survey questionnaire';
const ONS4 = 'ONS personal well-being questions (ONS4), Annual Population Survey';

export const BUILT_IN_QUESTIONS: BuiltInQuestion[] = [
  {
    code: 'get_on_local',
    section: 'cohesion',
    kind: 'choice',
    options: AGREE,
    source: `${CLS}; local-area form as asked by Luton Council (LGA, Building cohesive communities, 2019)`,
    higherIsBetter: true,
  },
  {
    code: 'get_on_place',
    section: 'cohesion',
    kind: 'choice',
    options: AGREE,
    source:
      'Whole-place form of the Community Life Survey question, as asked by Luton Council (LGA, Building cohesive communities, 2019)',
    higherIsBetter: true,
  },
  {
    code: 'belonging',
    section: 'cohesion',
    kind: 'choice',
    options: [
      { code: 'very_strongly', positive: true },
      { code: 'fairly_strongly', positive: true },
      { code: 'not_very_strongly' },
      { code: 'not_at_all_strongly' },
      { code: 'dont_know', excluded: true },
    ],
    source: 'Community Life Survey (DCMS): belonging to the immediate neighbourhood; GLA social integration measures',
    higherIsBetter: true,
  },
  {
    code: 'trust_neighbours',
    section: 'cohesion',
    kind: 'choice',
    options: [
      { code: 'many', positive: true },
      { code: 'some' },
      { code: 'a_few' },
      { code: 'none' },
      { code: 'dont_know', excluded: true },
    ],
    source: 'Community Life Survey (DCMS): trust in people in the neighbourhood; GLA social integration measures',
    higherIsBetter: true,
  },
  {
    code: 'friends_ethnicity',
    section: 'cohesion',
    kind: 'choice',
    options: FRIENDS,
    source: 'GLA social integration measures (Survey of Londoners 2018–19): friends of a similar ethnic group',
    higherIsBetter: false,
  },
  {
    code: 'friends_income',
    section: 'cohesion',
    kind: 'choice',
    options: FRIENDS,
    source: 'GLA social integration measures (Survey of Londoners 2018–19): friends of a similar income',
    higherIsBetter: false,
  },
  {
    code: 'friends_education',
    section: 'cohesion',
    kind: 'choice',
    options: FRIENDS,
    source: 'GLA social integration measures (Survey of Londoners 2018–19): friends of a similar level of education',
    higherIsBetter: false,
  },
  {
    code: 'rely_on',
    section: 'cohesion',
    kind: 'choice',
    options: [
      { code: 'a_lot', positive: true },
      { code: 'somewhat' },
      { code: 'a_little' },
      { code: 'not_at_all' },
      { code: 'no_one' },
    ],
    source:
      'Understanding Society, as used in the GLA social integration measures and ONS national well-being: someone to rely on in a serious problem',
    higherIsBetter: true,
  },
  {
    code: 'civic_participation',
    section: 'participation',
    kind: 'choice',
    options: YES_NO,
    source: 'Community Life Survey (DCMS): civic participation in the last 12 months',
    higherIsBetter: true,
  },
  {
    code: 'volunteering',
    section: 'participation',
    kind: 'choice',
    options: YES_NO,
    source: 'Community Life Survey (DCMS): formal volunteering in the last 12 months',
    higherIsBetter: true,
  },
  {
    code: 'life_satisfaction',
    section: 'wellbeing',
    kind: 'scale',
    scaleMin: 0,
    scaleMax: 10,
    source: ONS4,
    higherIsBetter: true,
  },
  {
    code: 'worthwhile',
    section: 'wellbeing',
    kind: 'scale',
    scaleMin: 0,
    scaleMax: 10,
    source: ONS4,
    higherIsBetter: true,
  },
  {
    code: 'happiness',
    section: 'wellbeing',
    kind: 'scale',
    scaleMin: 0,
    scaleMax: 10,
    source: ONS4,
    higherIsBetter: true,
  },
  {
    code: 'anxiety',
    section: 'wellbeing',
    kind: 'scale',
    scaleMin: 0,
    scaleMax: 10,
    source: ONS4,
    higherIsBetter: false,
  },
  {
    code: 'age_band',
    section: 'demographics',
    kind: 'choice',
    breakdown: true,
    options: [
      { code: '16_24' },
      { code: '25_34' },
      { code: '35_49' },
      { code: '50_64' },
      { code: '65_plus' },
      { code: 'prefer_not', excluded: true },
    ],
    source: 'Age bands as published from Census 2021 (ONS), grouped for survey analysis',
  },
  {
    code: 'sex',
    section: 'demographics',
    kind: 'choice',
    breakdown: true,
    options: [{ code: 'female' }, { code: 'male' }, { code: 'prefer_not', excluded: true }],
    source: 'Census 2021 (ONS) sex question',
  },
  {
    code: 'ethnic_group',
    section: 'demographics',
    kind: 'choice',
    breakdown: true,
    options: [
      { code: 'WhiteBrit', group: 'white' },
      { code: 'Irish', group: 'white' },
      { code: 'OtherWhite', group: 'white' },
      { code: 'Mixed', group: 'mixed' },
      { code: 'Indian', group: 'asian' },
      { code: 'Pakistani', group: 'asian' },
      { code: 'Bangladeshi', group: 'asian' },
      { code: 'Chinese', group: 'asian' },
      { code: 'OtherAsian', group: 'asian' },
      { code: 'BlkAfrican', group: 'black' },
      { code: 'BlkCaribbean', group: 'black' },
      { code: 'OtherBlk', group: 'black' },
      { code: 'Arab', group: 'other' },
      { code: 'Other', group: 'other' },
      { code: 'prefer_not', excluded: true },
    ],
    source:
      'Census 2011 ethnic group (ONS, KS201EW 14 published groups, matching the imported census counts); broad groups as Census 2021',
  },
  {
    code: 'religion',
    section: 'demographics',
    kind: 'choice',
    breakdown: true,
    options: [
      { code: 'no_religion' },
      { code: 'christian' },
      { code: 'buddhist' },
      { code: 'hindu' },
      { code: 'jewish' },
      { code: 'muslim' },
      { code: 'sikh' },
      { code: 'other' },
      { code: 'prefer_not', excluded: true },
    ],
    source: 'Census 2021 (ONS) religion question',
  },
  {
    code: 'disability',
    section: 'demographics',
    kind: 'choice',
    breakdown: true,
    options: [
      { code: 'limited_a_lot', group: 'disabled' },
      { code: 'limited_a_little', group: 'disabled' },
      { code: 'no', group: 'not_disabled' },
      { code: 'prefer_not', excluded: true },
    ],
    source: 'Census 2021 (ONS) disability question (Equality Act definition)',
  },
  {
    // Census 2021 (ONS) "Tenure of household" (TS054) categories, asked of the respondent's household; broad
    // groups owner-occupier (owned outright, with a mortgage or loan, or shared ownership, as ONS's 5-category
    // hh_tenure_5a groups them), social rent, private rent, and other (lives rent free).
    code: 'tenure',
    section: 'demographics',
    kind: 'choice',
    breakdown: true,
    options: [
      { code: 'owns_outright', group: 'owner_occupier' },
      { code: 'owns_mortgage', group: 'owner_occupier' },
      { code: 'shared_ownership', group: 'owner_occupier' },
      { code: 'social_rent_council', group: 'social_rent' },
      { code: 'social_rent_other', group: 'social_rent' },
      { code: 'private_rent_landlord', group: 'private_rent' },
      { code: 'private_rent_other', group: 'private_rent' },
      { code: 'rent_free', group: 'other_tenure' },
      { code: 'prefer_not', excluded: true },
    ],
    source:
      'Census 2021 (ONS) tenure of household, TS054 categories; broad groups owner-occupier, social rent, private rent and other',
  },
  {
    code: 'ward',
    section: 'demographics',
    kind: 'area',
    source: 'Electoral ward of residence (ONS GSS codes), chosen from the council\u2019s wards',
  },
  {
    // For programme evaluations: the code a participant was given, the same before and after (never a name).
    code: 'participant_code',
    section: 'participation',
    kind: 'code',
    source: 'Cohesion Observatory: pairs a programme participant’s answers before and after (evaluation module)',
  },
];

export const BUILT_IN_BY_CODE = new Map(BUILT_IN_QUESTIONS.map((q) => [q.code, q]));

export const SECTIONS: Section[] = ['cohesion', 'participation', 'wellbeing', 'demographics', 'own'];

/** Catalogue key of a built-in question's text. */
export const bankKey = (code: string) => `survey.bank.${code}`;

/**
 * The stored code of a council's own answer option: its label in lower-case letters, digits and underscores
 * (at most 40), or `<fallback>_<n>` when nothing is left; made unique among `taken` (which it adds to).
 */
export function optionCode(label: string, i: number, taken: Set<string>, fallback: string): string {
  let code =
    label
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 40) || `${fallback}_${i + 1}`;
  while (taken.has(code)) code = `${code}_${i + 1}`;
  taken.add(code);
  return code;
}
