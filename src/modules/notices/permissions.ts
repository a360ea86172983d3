/** Who may change the council's privacy notice and accessibility statement (everyone may read them). */
export const NOTICES_PERMISSIONS = {
  /** Edit the council's details in its privacy notice and accessibility statement. */
  'notices.edit': ['administrator'],
} as const;
