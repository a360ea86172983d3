/** Connect: matching programmes. Role lists are read by src/kernel/access.ts. */
export const CONNECT_PERMISSIONS = {
  /** See programmes, their classes, placement totals and school links (no learner's details). */
  'connect.view': ['administrator', 'officer', 'analyst', 'viewer'],
  /** Run programmes: waiting lists (personal data; every view is audited), imports, placement, offers. */
  'connect.manage': ['administrator', 'officer'],
} as const;
