/** The kinds of partner organisation a council works with. */
export const ORGANISATION_KINDS = [
  'council',
  'police',
  'school',
  'housing',
  'health',
  'voluntary',
  'faith',
  'fire',
  'other',
] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];
