/** Learn: evaluations of what works. Role lists are read by src/kernel/access.ts. */
export const EVALUATION_PERMISSIONS = {
  /** Evaluations, their theory of change, plan, balance, estimate, evidence label and board report. */
  'evaluation.view': ['administrator', 'officer', 'analyst', 'viewer'],
  /** Start and edit evaluations, import outcome data, run the analysis and conclude. */
  'evaluation.manage': ['administrator', 'officer', 'analyst'],
} as const;
