/**
 * Cases: the case list and the case page. Partners see only cases assigned or shared to their organisation;
 * contact details are shown only to roles with `tensions.personal`; every case view (the account of what
 * happened is itself personal data) is written to the audit log.
 */
import { actorCan } from '../../../kernel/access.ts';
import type { Actor, Council } from '../../../kernel/actor.ts';
import * as repo from '../repository/index.ts';
import { auditEntry, visibilityOf, type TensionsContext } from './context.ts';
import type { SettingsService } from './settings.ts';

/** What the case list can be narrowed by (see the repository's `ReportFilter`). */
export type CaseFilter = Omit<repo.ReportFilter, 'onlyOrg' | 'contactHours' | 'seniorDays'>;

const HOUR = 3_600_000;
const DAY = 86_400_000;

export class CasesService {
  constructor(
    private readonly ctx: TensionsContext,
    private readonly settings: SettingsService,
  ) {}

  async list(actor: Actor, filter: CaseFilter, page: number, pageSize: number) {
    const s = await this.settings.get(actor.council);
    return repo.listReports(
      this.ctx.db,
      actor.council.id,
      { ...filter, onlyOrg: visibilityOf(actor), contactHours: s.contact_hours, seniorDays: s.senior_contact_days },
      pageSize,
      (page - 1) * pageSize,
    );
  }

  /** Open cases past a response target. */
  async overdueCount(council: Council): Promise<number> {
    const s = await this.settings.get(council);
    return repo.countOverdue(this.ctx.db, council.id, s.contact_hours, s.senior_contact_days);
  }

  /** A case the actor may see, or undefined (the route answers 404). Not audited: it shows nothing. */
  find(actor: Actor, id: string) {
    return repo.findReport(this.ctx.db, actor.council.id, id, visibilityOf(actor));
  }

  /** Everything on a case page, or undefined when the actor may not see the case. The view is audited. */
  async view(actor: Actor, id: string) {
    const report = await this.find(actor, id);
    if (!report) return undefined;
    const personal = actorCan(actor, 'tensions.personal');
    const councilId = actor.council.id;
    const [history, notes, linked, shares, settings] = await Promise.all([
      repo.listHistory(this.ctx.db, councilId, id),
      repo.listNotes(this.ctx.db, councilId, id),
      repo.listLinked(this.ctx.db, councilId, id),
      repo.listShares(this.ctx.db, councilId, id),
      this.settings.get(actor.council),
    ]);
    await this.ctx.audit.record(
      auditEntry(actor, 'tensions.report.viewed', 'tension_report', id, {
        contactDetails: personal && !!(report.contact_name || report.contact_email || report.contact_phone),
        erased: !!report.erased_at,
      }),
    );
    const shown = personal ? report : { ...report, contact_name: null, contact_email: null, contact_phone: null };
    const now = this.ctx.clock().getTime();
    const received = new Date(report.received_at).getTime();
    const due = {
      contact: new Date(received + settings.contact_hours * HOUR),
      senior: new Date(received + settings.senior_contact_days * DAY),
    };
    // Response targets apply only to reporters who agreed to be contacted: anonymous reports have none.
    const targets = report.status !== 'closed' && report.contact_consent;
    const overdue = {
      contact: targets && !report.first_contact_at && now > due.contact.getTime(),
      senior: targets && !report.senior_contact_at && now > due.senior.getTime(),
    };
    return { report: shown, personal, history, notes, linked, shares, due, overdue };
  }
}

export type CaseView = NonNullable<Awaited<ReturnType<CasesService['view']>>>;
