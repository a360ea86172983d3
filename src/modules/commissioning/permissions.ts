/** Commissioning: programmes, grants, 360Giving. Role lists are read by src/kernel/access.ts. */
export const COMMISSIONING_PERMISSIONS = {
  /** Programmes with their commissioning checklist and self-assessment. */
  'commissioning.view': ['administrator', 'officer', 'analyst', 'viewer'],
  /** Grants and their monitoring returns (partners see only grants to their own organisation). */
  'commissioning.grants': ['administrator', 'officer', 'analyst', 'partner', 'viewer'],
  /** Create and change programmes, checklists, grants, recipients' details and measures; import grants. */
  'commissioning.edit': ['administrator', 'officer'],
  /** Submit monitoring returns (partners for their own organisation's grants). */
  'commissioning.returns': ['administrator', 'officer', 'partner'],
  /** Download the 360Giving package and spreadsheet. */
  'commissioning.export': ['administrator', 'officer', 'analyst', 'viewer'],
  /** The council's 360Giving prefix and organisation identifier. */
  'commissioning.settings': ['administrator'],
} as const;
