/** Admin: the council's users, partner organisations and settings. Role lists are read by src/kernel/access.ts. */
export const ADMIN_PERMISSIONS = {
  /** Invite, change and remove users of the council. */
  'admin.users': ['administrator'],
  /** Add and change partner organisations. */
  'admin.organisations': ['administrator'],
  /** Change the council's settings (the language its staff write in). */
  'admin.settings': ['administrator'],
} as const;
