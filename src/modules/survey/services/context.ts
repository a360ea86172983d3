/**
 * What every survey service shares: the platform's database, configuration and clock, and the public
 * services of the modules the survey uses (audit, geography, councils, insight's indicators).
 */
import type { Config } from '../../../config.ts';
import type { Db, Queryable } from '../../../db/index.ts';
import type { Actor, Council } from '../../../kernel/actor.ts';
import type { AuditService } from '../../audit/index.ts';
import type { CouncilsService } from '../../councils/index.ts';
import type { GeographyService } from '../../geography/index.ts';
import type { IndicatorsApi } from '../../insight/index.ts';
import type { Ward } from '../model.ts';

export interface SurveyContext {
  readonly db: Db;
  readonly config: Pick<Config, 'baseUrl'>;
  readonly clock: () => Date;
  readonly audit: Pick<AuditService, 'record'>;
  readonly geography: Pick<GeographyService, 'descendants' | 'dataset' | 'populationFor' | 'datasetsFor' | 'features'>;
  readonly councils: Pick<CouncilsService, 'byId'>;
  readonly indicators: Pick<IndicatorsApi, 'findId' | 'ensure' | 'publish'>;
}

/** An audit entry about one of the actor's council's survey records, written inside the change's transaction. */
export function audit(
  ctx: SurveyContext,
  tx: Queryable,
  actor: Actor,
  action: string,
  target: { type: string; id: string },
  detail?: Record<string, string | number | boolean | null>,
) {
  return ctx.audit.record(
    { councilId: actor.council.id, userId: actor.userId, action, targetType: target.type, targetId: target.id, detail },
    tx,
  );
}

/** The council's wards (by name), from the shared geography; none when its area is not loaded. */
export async function wardsOf(ctx: SurveyContext, council: Pick<Council, 'areaCode'>): Promise<Ward[]> {
  if (!council.areaCode) return [];
  const wards = await ctx.geography.descendants(council.areaCode, 'ward');
  return wards.map((w) => ({ code: w.code, name: w.name }));
}

/** Today's date (UTC) as YYYY-MM-DD, from the platform's clock. */
export function today(ctx: SurveyContext): string {
  return ctx.clock().toISOString().slice(0, 10);
}

/**
 * Runs `fn` in the caller's transaction when one is given (so another module's change and the survey's commit
 * or roll back together), otherwise in a transaction of its own.
 */
export function inTransaction<T>(
  ctx: SurveyContext,
  tx: Queryable | undefined,
  fn: (q: Queryable) => Promise<T>,
): Promise<T> {
  return tx ? fn(tx) : ctx.db.transaction(fn);
}
