/** Audit: the council's audit log. Role lists are read by src/kernel/access.ts. */
export const AUDIT_PERMISSIONS = {
  /** Read the audit log. */
  'audit.view': ['administrator'],
} as const;
