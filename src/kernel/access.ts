/**
 * Roles and permissions: one table, read by the access plugin and by the role-by-route test.
 * Every route declares its access rule in `config.access`; the server refuses to start with a route that does not.
 */
import { INSIGHT_PERMISSIONS } from '../modules/insight/permissions.ts';
import { TENSIONS_PERMISSIONS } from '../modules/tensions/permissions.ts';
import { SURVEY_PERMISSIONS } from '../modules/survey/permissions.ts';
import { CONNECT_PERMISSIONS } from '../modules/connect/permissions.ts';
import { DIRECTORY_PERMISSIONS } from '../modules/directory/permissions.ts';
import { NETWORKS_PERMISSIONS } from '../modules/networks/permissions.ts';
import { EVALUATION_PERMISSIONS } from '../modules/evaluation/permissions.ts';
import { COMMISSIONING_PERMISSIONS } from '../modules/commissioning/permissions.ts';
import { PLANS_PERMISSIONS } from '../modules/plans/permissions.ts';
import { NOTICES_PERMISSIONS } from '../modules/notices/permissions.ts';

export const ROLES = ['administrator', 'officer', 'analyst', 'partner', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** Platform permissions; each capability module adds its own table from its permissions.ts. */
const PLATFORM_PERMISSIONS = {
  /** See the council's home page. */
  'councils.view': ['administrator', 'officer', 'analyst', 'partner', 'viewer'],
  /** Browse areas, maps and lookups of the council's geography. */
  'geography.view': ['administrator', 'officer', 'analyst', 'viewer'],
  /** Import boundaries and lookups. */
  'geography.import': ['administrator', 'analyst'],
  /** Invite, change and remove users of the council. */
  'admin.users': ['administrator'],
  /** Add and change partner organisations. */
  'admin.organisations': ['administrator'],
  /** Change the council's settings (the language its staff write in). */
  'admin.settings': ['administrator'],
  /** Read the audit log. */
  'audit.view': ['administrator'],
} as const;

export const PERMISSIONS = {
  ...PLATFORM_PERMISSIONS,
  ...INSIGHT_PERMISSIONS,
  ...TENSIONS_PERMISSIONS,
  ...SURVEY_PERMISSIONS,
  ...CONNECT_PERMISSIONS,
  ...DIRECTORY_PERMISSIONS,
  ...NETWORKS_PERMISSIONS,
  ...EVALUATION_PERMISSIONS,
  ...COMMISSIONING_PERMISSIONS,
  ...PLANS_PERMISSIONS,
  ...NOTICES_PERMISSIONS,
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export type Access = { kind: 'public' } | { kind: 'signedIn' } | { kind: 'council'; permission: Permission };

export const publicAccess: Access = { kind: 'public' };
export const signedIn: Access = { kind: 'signedIn' };
export const can = (permission: Permission): Access => ({ kind: 'council', permission });

export function roleHas(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

/** Every permission the role has (used by templates to show only what a user can do). */
export function permissionsFor(role: Role): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((p) => roleHas(role, p));
}

/** Whether the actor may do this: members by their role; residents and jobs hold no permissions. */
export function actorCan(actor: { role: Role | null }, permission: Permission): boolean {
  return actor.role !== null && roleHas(actor.role, permission);
}
