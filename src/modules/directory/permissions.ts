/** Directory of voluntary and community groups. Role lists are read by src/kernel/access.ts. */
export const DIRECTORY_PERMISSIONS = {
  /** Browse the directory, its provision by ward and its exports (organisations' public details only). */
  'directory.view': ['administrator', 'officer', 'analyst', 'partner', 'viewer'],
  /** Add and change organisations and their services. */
  'directory.edit': ['administrator', 'officer'],
  /** Import Open Referral UK files. */
  'directory.import': ['administrator', 'officer'],
} as const;
