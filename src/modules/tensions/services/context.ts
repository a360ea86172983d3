/**
 * What every tensions service shares: the platform (database, configuration, email, jobs queue, log, clock)
 * and the public services of the modules it uses. Built once by services/index.ts.
 */
import { actorCan, type Permission } from '../../../kernel/access.ts';
import type { Actor } from '../../../kernel/actor.ts';
import { DomainError } from '../../../kernel/errors.ts';
import type { PlatformDeps } from '../../../kernel/module.ts';
import type { AdminService } from '../../admin/index.ts';
import type { AuditService } from '../../audit/index.ts';
import type { CouncilsService } from '../../councils/index.ts';
import type { GeographyService } from '../../geography/index.ts';

export interface TensionsDeps extends PlatformDeps {
  readonly audit: AuditService;
  readonly councils: CouncilsService;
  readonly geography: GeographyService;
  readonly admin: AdminService;
}

export type TensionsContext = TensionsDeps;

/** The service itself acting (a scheduled job, the demo seeder, a command without a member): trusted. */
export function isSystem(actor: Actor): boolean {
  return actor.userId === null && actor.via !== 'public';
}

/** Members by their role's permissions; the service itself may do anything; residents nothing. */
export function mayAct(actor: Actor, permission: Permission): boolean {
  return isSystem(actor) || actorCan(actor, permission);
}

/** Refuses a change the actor's role does not allow (routes check first; this guards every other caller). */
export function ensureAllowed(actor: Actor, permission: Permission): void {
  if (!mayAct(actor, permission)) throw new DomainError('errors.forbidden');
}

/** undefined: sees every case and entry; otherwise only those of this organisation (null: none). */
export function visibilityOf(actor: Actor): string | null | undefined {
  return mayAct(actor, 'tensions.triage') ? undefined : actor.organisationId;
}

/** An audit entry naming the actor and their council. Detail holds ids, codes and counts only. */
export function auditEntry(
  actor: Actor,
  action: string,
  targetType: string,
  targetId?: string,
  detail?: Record<string, string | number | boolean | null>,
) {
  return { councilId: actor.council.id, userId: actor.userId, action, targetType, targetId, detail };
}

/** The SQLSTATE of a database error, if it has one. */
export function sqlState(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
