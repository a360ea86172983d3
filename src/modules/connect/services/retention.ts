/**
 * Retention: a person's location and email address are erased a year after they left the waiting list
 * (declined, withdrawn) or accepted a place; their reference, level and status stay for the programme's counts.
 */
import type { ConnectContext } from './context.ts';
import * as repo from '../repository.ts';

export const RETENTION_DAYS = 365;

export class RetentionService {
  constructor(private readonly ctx: ConnectContext) {}

  /** Erases what is due; one audit entry per council. Returns how many people were erased. */
  async eraseExpired(now: Date): Promise<number> {
    return this.ctx.db.transaction(async (tx) => {
      const erased = await repo.eraseExpired(tx, new Date(now.getTime() - RETENTION_DAYS * 86_400_000), now);
      const byCouncil = new Map<string, number>();
      for (const r of erased) byCouncil.set(r.council_id, (byCouncil.get(r.council_id) ?? 0) + 1);
      for (const [councilId, n] of byCouncil)
        await this.ctx.audit.record(
          {
            councilId,
            userId: null,
            action: 'connect.retention.erased',
            targetType: 'connect_person',
            detail: { people: n },
          },
          tx,
        );
      return erased.length;
    });
  }
}
