/**
 * What every connect service shares: the platform (database, configuration, email sender, clock) and the public
 * services of the modules it uses (audit, geography for the council's wards).
 */
import type { Config } from '../../../config.ts';
import type { Queryable } from '../../../db/index.ts';
import { actorCan, type Permission } from '../../../kernel/access.ts';
import type { Actor, Council } from '../../../kernel/actor.ts';
import { DomainError } from '../../../kernel/errors.ts';
import type { PlatformDeps } from '../../../kernel/module.ts';
import { CsvReadError, readCsvBuffer } from '../../../lib/csv.ts';
import type { AuditService } from '../../audit/index.ts';
import type { CouncilsService } from '../../councils/index.ts';
import type { GeographyService } from '../../geography/index.ts';
import type { LineProblem } from '../model.ts';

export interface ConnectDeps extends PlatformDeps {
  readonly audit: AuditService;
  readonly geography: GeographyService;
  readonly councils: CouncilsService;
}

export interface ConnectContext {
  readonly db: PlatformDeps['db'];
  readonly config: Pick<Config, 'baseUrl'>;
  readonly email: PlatformDeps['email'];
  readonly clock: () => Date;
  readonly audit: Pick<AuditService, 'record'>;
  readonly geography: Pick<GeographyService, 'descendants' | 'features' | 'centroids'>;
  readonly councils: Pick<CouncilsService, 'byId'>;
}

/** Members by their role; the service itself (jobs, demo, CLI) may do anything; residents nothing. */
export function ensureAllowed(actor: Actor, permission: Permission): void {
  const system = actor.userId === null && actor.via !== 'public';
  if (!system && !actorCan(actor, permission)) throw new DomainError('errors.forbidden');
}

/** An audit entry about one of the actor's council's records, inside the change's transaction. */
export function audit(
  ctx: ConnectContext,
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

/** The council's ward codes, or null when its geography is not loaded (any well-formed code is then accepted). */
export async function wardCodes(ctx: ConnectContext, council: Pick<Council, 'areaCode'>): Promise<Set<string> | null> {
  if (!council.areaCode) return null;
  const wards = await ctx.geography.descendants(council.areaCode, 'ward');
  return wards.length ? new Set(wards.map((w) => w.code)) : null;
}

export function today(ctx: ConnectContext): string {
  return ctx.clock().toISOString().slice(0, 10);
}

/** Most problems listed with their line; the rest counted. */
export const MAX_PROBLEMS = 50;

export type ImportOutcome = { ok: true; rows: number } | { ok: false; problems: LineProblem[]; problemCount: number };

/**
 * Reads an upload's rows (header required to hold `columns`). A broken row (wrong number of fields, bad quotes)
 * ends the read: it is one problem on its line, and the rows before it are still checked by the caller.
 */
export async function readUpload(
  bytes: Uint8Array,
  columns: readonly string[],
): Promise<{ rows: { line: number; record: Record<string, string> }[]; problems: LineProblem[] }> {
  const rows: { line: number; record: Record<string, string> }[] = [];
  let header: readonly string[] = [];
  let broken: LineProblem | null = null;
  try {
    for await (const r of readCsvBuffer(bytes, { trim: true, onHeader: (h) => (header = h) }))
      rows.push({ line: r.line, record: r.record });
  } catch (err) {
    if (!(err instanceof CsvReadError)) throw err;
    broken = { line: err.line ?? 1, key: 'connect.problems.file', params: {} };
  }
  const missing = columns.filter((c) => !header.includes(c));
  if (missing.length)
    return {
      rows: [],
      problems: [{ line: 1, key: 'connect.problems.columns', params: { columns: missing.join(', ') } }],
    };
  if (broken) return { rows, problems: [broken] };
  if (!rows.length) return { rows, problems: [{ line: 2, key: 'connect.problems.noRows', params: {} }] };
  return { rows, problems: [] };
}

export function failed(problems: LineProblem[]): ImportOutcome {
  problems.sort((a, b) => a.line - b.line);
  return { ok: false, problems: problems.slice(0, MAX_PROBLEMS), problemCount: problems.length };
}
