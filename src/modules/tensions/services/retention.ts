/**
 * Retention: erases the personal data of reports and intelligence older than each council's retention
 * period (months, 24 unless the council changed it) and deletes expired drafts of the public form. Reports lose the account,
 * location text, cause, contact details and reporter's role, and their notes and status reasons are
 * replaced; intelligence summaries are replaced. Dates, ward, motivations, status, severity and assignment
 * stay, so the statistics are unchanged. One transaction and one audit entry per council.
 */
import { systemActor } from '../../../kernel/actor.ts';
import * as repo from '../repository/index.ts';
import { auditEntry, type TensionsContext } from './context.ts';
import type { SettingsService } from './settings.ts';

export interface RetentionOutcome {
  councils: number;
  reports: number;
  intelligence: number;
  drafts: number;
}

/** The same time of day `months` calendar months before `now` (UTC). */
function monthsBefore(now: Date, months: number): Date {
  return new Date(
    Date.UTC(
      now.getUTCFullYear(),
      now.getUTCMonth() - months,
      now.getUTCDate(),
      now.getUTCHours(),
      now.getUTCMinutes(),
      now.getUTCSeconds(),
    ),
  );
}

export class RetentionService {
  constructor(
    private readonly ctx: TensionsContext,
    private readonly settings: SettingsService,
  ) {}

  /** Erases personal data past every council's retention period, then deletes expired drafts. Idempotent. */
  async eraseExpired(now: Date = this.ctx.clock()): Promise<RetentionOutcome> {
    const out: RetentionOutcome = { councils: 0, reports: 0, intelligence: 0, drafts: 0 };
    for (const council of await this.ctx.councils.all()) {
      const months = (await this.settings.get(council)).retention_months;
      const cutoff = monthsBefore(now, months);
      await this.ctx.db.transaction(async (tx) => {
        const reports = await repo.eraseReports(tx, council.id, cutoff);
        const intelligence = await repo.eraseIntelligence(tx, council.id, cutoff);
        if (!reports.length && !intelligence) return;
        out.councils++;
        out.reports += reports.length;
        out.intelligence += intelligence;
        await this.ctx.audit.record(
          auditEntry(systemActor(council, 'job'), 'tensions.retention.erased', 'tension_report', undefined, {
            reports: reports.length,
            intelligence,
            months,
          }),
          tx,
        );
      });
    }
    out.drafts = await this.expireDrafts(now);
    return out;
  }

  /** Deletes drafts of the public form past their expiry (the answers in them are personal data). */
  expireDrafts(now: Date = this.ctx.clock()): Promise<number> {
    return repo.deleteExpiredDrafts(this.ctx.db, now);
  }
}
