/** Warn: tension and hate incident reporting and monitoring. Role lists are read by src/kernel/access.ts. */
export const TENSIONS_PERMISSIONS = {
  /** The ward tension picture, trends, map and published (suppressed) reports. */
  'tensions.picture': ['administrator', 'officer', 'analyst', 'viewer'],
  /** The case list and case pages (partners see only what is assigned or shared with their organisation). */
  'tensions.cases': ['administrator', 'officer', 'partner'],
  /** Triage: change status, assign, link, override tension levels, redact. */
  'tensions.triage': ['administrator', 'officer'],
  /** See reporters' and victims' personal details (every view is audited). */
  'tensions.personal': ['administrator', 'officer'],
  /** Record partner intelligence, and assisted reports at third-party reporting centres. */
  'tensions.record': ['administrator', 'officer', 'partner'],
  /** Declare trigger events, keep rumour, impact and action logs. */
  'tensions.events': ['administrator', 'officer'],
  /** Unsuppressed CSV exports. */
  'tensions.export': ['administrator', 'officer'],
  /** Response targets, alert thresholds, retention and reporting settings. */
  'tensions.settings': ['administrator'],
} as const;
