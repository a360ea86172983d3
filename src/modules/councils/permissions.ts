/** Councils: each council's home page. Role lists are read by src/kernel/access.ts. */
export const COUNCILS_PERMISSIONS = {
  /** See the council's home page. */
  'councils.view': ['administrator', 'officer', 'analyst', 'partner', 'viewer'],
} as const;
