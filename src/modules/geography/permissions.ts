/** Geography: the council's areas, boundaries and lookups. Role lists are read by src/kernel/access.ts. */
export const GEOGRAPHY_PERMISSIONS = {
  /** Browse areas, maps and lookups of the council's geography. */
  'geography.view': ['administrator', 'officer', 'analyst', 'viewer'],
  /** Import boundaries and lookups. */
  'geography.import': ['administrator', 'analyst'],
} as const;
