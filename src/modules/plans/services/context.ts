/**
 * What every plans service shares: the platform and the public services of the modules it reads (insight for
 * measures' values, admin for partner organisations, geography for wards). Built once by services/index.ts.
 */
import type { Queryable } from '../../../db/index.ts';
import { actorCan, type Permission } from '../../../kernel/access.ts';
import type { Actor } from '../../../kernel/actor.ts';
import { DomainError } from '../../../kernel/errors.ts';
import type { PlatformDeps } from '../../../kernel/module.ts';
import type { AdminService } from '../../admin/index.ts';
import type { AuditService } from '../../audit/index.ts';
import type { CouncilsService } from '../../councils/index.ts';
import type { GeographyService } from '../../geography/index.ts';
import type { InsightServices } from '../../insight/index.ts';
import * as repo from '../repository/index.ts';

export interface PlansDeps extends PlatformDeps {
  readonly audit: AuditService;
  readonly admin: AdminService;
  readonly councils: CouncilsService;
  readonly geography: GeographyService;
  readonly insight: InsightServices;
}

export type PlansContext = PlansDeps;

/** The service itself (the demo seeder, a command without a member) may do anything; residents nothing. */
export function mayAct(actor: Actor, permission: Permission): boolean {
  return (actor.userId === null && actor.via !== 'public') || actorCan(actor, permission);
}

export function ensureAllowed(actor: Actor, permission: Permission): void {
  if (!mayAct(actor, permission)) throw new DomainError('errors.forbidden');
}

/**
 * Whose actions the actor may see: undefined for everyone's; a partner only their organisation's (null: none).
 */
export function actionScope(actor: Actor): string | null | undefined {
  return mayAct(actor, 'plans.view') ? undefined : actor.organisationId;
}

/** Today as an ISO date, from the clock. */
export const todayOf = (ctx: Pick<PlansContext, 'clock'>) => ctx.clock().toISOString().slice(0, 10);

/**
 * Records a change: moves the plan on one version, keeps the changed record as it now stands and writes the
 * audit entry, all in the caller's transaction.
 */
export async function recordChange(
  ctx: PlansContext,
  tx: Queryable,
  actor: Actor,
  c: { planId: string; recordType: string; recordId: string; change: string; snapshot: unknown },
): Promise<number> {
  const version = await repo.bumpVersion(tx, actor.council.id, c.planId);
  await repo.insertChange(tx, { councilId: actor.council.id, userId: actor.userId, version, ...c });
  await ctx.audit.record(
    {
      councilId: actor.council.id,
      userId: actor.userId,
      action: `plans.${c.recordType}_${c.change}`,
      targetType: `plan.${c.recordType}`,
      targetId: c.recordId,
      detail: { plan: c.planId, version },
    },
    tx,
  );
  return version;
}
