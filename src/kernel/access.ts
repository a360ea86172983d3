/**
 * Roles and permissions: one table, read by the access plugin and by the role-by-route test.
 * Every route declares its access rule in `config.access`; the server refuses to start with a route that does not.
 */
import { COUNCILS_PERMISSIONS } from '../modules/councils/permissions.ts';
import { GEOGRAPHY_PERMISSIONS } from '../modules/geography/permissions.ts';
import { ADMIN_PERMISSIONS } from '../modules/admin/permissions.ts';
import { AUDIT_PERMISSIONS } from '../modules/audit/permissions.ts';
import { AUTH_PERMISSIONS } from '../modules/auth/permissions.ts';
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

/** Every module declares its permissions (`<module>.<verb>`) in its own permissions.ts; this is the whole table. */
export const PERMISSIONS = {
  ...COUNCILS_PERMISSIONS,
  ...GEOGRAPHY_PERMISSIONS,
  ...ADMIN_PERMISSIONS,
  ...AUDIT_PERMISSIONS,
  ...AUTH_PERMISSIONS,
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
