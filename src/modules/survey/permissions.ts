/** Hear: residents' surveys. Role lists are read by src/kernel/access.ts. */
export const SURVEY_PERMISSIONS = {
  /** Read survey results (suppressed below the minimum base). */
  'survey.view': ['administrator', 'officer', 'analyst', 'viewer'],
  /** Build questionnaires, run waves, import fieldwork, weight and publish results. */
  'survey.manage': ['administrator', 'analyst'],
} as const;
