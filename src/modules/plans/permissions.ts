/** Act: the Local Integration Plan. Role lists are read by src/kernel/access.ts. */
export const PLANS_PERMISSIONS = {
  /** Read plans, outcomes, measures and the cabinet report. */
  'plans.view': ['administrator', 'officer', 'analyst', 'viewer'],
  /** Create and change plans, domains, outcomes, measures and actions; import actions; override a status. */
  'plans.edit': ['administrator', 'officer'],
  /** See actions (partners: only those assigned to their organisation). */
  'plans.actions': ['administrator', 'officer', 'analyst', 'partner', 'viewer'],
  /** Record progress on an action (partners: only on those assigned to their organisation). */
  'plans.update': ['administrator', 'officer', 'partner'],
} as const;
