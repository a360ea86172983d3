/** Networks: who knows whom, from surveys and edge lists. Role lists are read by src/kernel/access.ts. */
export const NETWORKS_PERMISSIONS = {
  /** Network studies in aggregate only: counts by community and group, never a person. */
  'networks.view': ['administrator', 'officer', 'analyst', 'viewer'],
  /** Individual nodes (pseudonymous respondent codes), brokers and their ties; every view is audited. */
  'networks.nodes': ['administrator', 'analyst'],
  /** Create network studies and import edge lists. */
  'networks.manage': ['administrator', 'analyst'],
} as const;
