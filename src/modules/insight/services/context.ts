/** What every insight service shares: the platform's dependencies and the public services Know uses. */
import type { Db, Queryable } from '../../../db/index.ts';
import type { Actor } from '../../../kernel/actor.ts';
import type { Log } from '../../../kernel/module.ts';
import type { AuditEntry, AuditService } from '../../audit/index.ts';
import type { GeographyService } from '../../geography/index.ts';

export interface InsightContext {
  readonly db: Db;
  readonly audit: AuditService;
  /** Reference areas and census counts: reads, and writers that join the caller's transaction. */
  readonly geography: GeographyService;
  readonly clock: () => Date;
  readonly log: Log;
}

/** Writes the audit entry for a change, inside the change's transaction. */
export function audit(
  ctx: InsightContext,
  tx: Queryable,
  actor: Actor,
  action: string,
  detail: NonNullable<AuditEntry['detail']>,
  target?: { type: string; id: string },
): Promise<void> {
  return ctx.audit.record(
    {
      councilId: actor.council.id,
      userId: actor.userId,
      action,
      ...(target ? { targetType: target.type, targetId: target.id } : {}),
      detail,
    },
    tx,
  );
}
