/** Hear: residents' surveys. Role lists are read by src/server/access.ts. */
export const SURVEY_PERMISSIONS = {
  /** Read survey results (suppressed below the minimum base). */
  'surveys.view': ['administrator', 'officer', 'analyst', 'viewer'],
  /** Build questionnaires, run waves, import fieldwork, weight and publish results. */
  'surveys.manage': ['administrator', 'analyst'],
} as const;
