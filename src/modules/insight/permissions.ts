/** Know: indicators, segregation, benchmarks. Role lists are read by src/kernel/access.ts. */
export const INSIGHT_PERMISSIONS = {
  /** Read indicators, area profiles, segregation results and benchmarks. */
  'insight.view': ['administrator', 'officer', 'analyst', 'viewer'],
  /** Define council indicators, import data, run segregation, set comparator groups. */
  'insight.manage': ['administrator', 'analyst'],
} as const;
