/**
 * What every commissioning service shares: the platform's database, clock and link registry, and the public
 * services of the modules commissioning uses (audit, geography for the council's wards, admin for its partner
 * organisations).
 */
import type { Db, Queryable } from '../../../db/index.ts';
import type { Actor, Council } from '../../../kernel/actor.ts';
import { DomainError } from '../../../kernel/errors.ts';
import type { LinkRegistry } from '../../../kernel/links.ts';
import type { AdminService } from '../../admin/index.ts';
import type { AuditService } from '../../audit/index.ts';
import type { GeographyService } from '../../geography/index.ts';

export interface CommissioningContext {
  readonly db: Db;
  readonly clock: () => Date;
  readonly links: LinkRegistry;
  readonly audit: Pick<AuditService, 'record'>;
  readonly geography: Pick<GeographyService, 'descendants'>;
  readonly admin: Pick<AdminService, 'organisations'>;
}

export interface Ward {
  code: string;
  name: string;
}

/** An audit entry about one of the actor's council's commissioning records, inside the change's transaction. */
export function audit(
  ctx: CommissioningContext,
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

/** The council's wards (GSS code and name), from the shared geography; none when its area is not loaded. */
export async function wardsOf(ctx: CommissioningContext, council: Pick<Council, 'areaCode'>): Promise<Ward[]> {
  if (!council.areaCode) return [];
  const wards = await ctx.geography.descendants(council.areaCode, 'ward');
  return wards.map((w) => ({ code: w.code, name: w.name }));
}

/** Refuses area codes that are not wards of the council. */
export async function checkWards(ctx: CommissioningContext, council: Council, codes: readonly string[], field: string) {
  if (codes.length === 0) return;
  const known = new Set((await wardsOf(ctx, council)).map((w) => w.code));
  const unknown = codes.find((c) => !known.has(c));
  if (unknown) throw new DomainError('commissioning.errors.unknownWard', field, { code: unknown });
}

/** Whether the actor sees only its own organisation's grants (partners). */
export const partnerScoped = (actor: Actor) => actor.role === 'partner';
