/**
 * Published reports: the weekly multi-agency tension report and the quarterly hate incident report, with
 * small counts suppressed (primary and secondary, see disclosure.ts) so they can leave the restricted area;
 * and the restricted, unsuppressed CSV export of cases (audited).
 */
import type { Actor, Council } from '../../../kernel/actor.ts';
import { DomainError } from '../../../kernel/errors.ts';
import { weekEnd, weekStart } from '../../../stats/tension.ts';
import { discloseBreakdown, discloseOverlapping, type DisclosedTable } from '../disclosure.ts';
import { GRADINGS, MOTIVATIONS, STATUSES, type Motivation } from '../model.ts';
import * as repo from '../repository/index.ts';
import { quarterRange } from '../rules.ts';
import type { AssessmentService } from './assessment.ts';
import { auditEntry, ensureAllowed, type TensionsContext } from './context.ts';
import type { PlacesService, Ward } from './places.ts';
import type { SettingsService } from './settings.ts';

const HOUR = 3_600_000;
const DAY = 86_400_000;

type Fact = { ward_code: string | null; motivations: Motivation[]; received_at: Date };

/** Breakdowns by motivation, ward and (for a quarter) month, each with primary and secondary suppression. */
export function breakdowns(facts: Fact[], wards: Ward[], k: number, range: [Date, Date] | null) {
  const total = facts.length;
  // Motivations overlap (a report can have several), so the table has no total to difference: primary only.
  const byMotivation = discloseOverlapping(
    MOTIVATIONS.map((m) => ({ key: m, n: facts.filter((f) => f.motivations.includes(m)).length })),
    total,
    k,
  );
  const wardCells = wards.map((w) => ({ key: w.code, n: facts.filter((f) => f.ward_code === w.code).length }));
  wardCells.push({
    key: 'unknown',
    n: facts.filter((f) => !f.ward_code || !wards.some((w) => w.code === f.ward_code)).length,
  });
  const byWard = discloseBreakdown(wardCells, total, k);
  let byMonth: DisclosedTable | null = null;
  if (range) {
    const months: string[] = [];
    for (let d = new Date(range[0]); d < range[1]; d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)))
      months.push(d.toISOString().slice(0, 7));
    byMonth = discloseBreakdown(
      months.map((m) => ({
        key: m,
        n: facts.filter((f) => new Date(f.received_at).toISOString().slice(0, 7) === m).length,
      })),
      total,
      k,
    );
  }
  return {
    total: discloseBreakdown([], total, k).total,
    byMotivation,
    byWard,
    byMonth,
    wardNames: Object.fromEntries(wards.map((w) => [w.code, w.name])),
  };
}

export class ReportsService {
  constructor(
    private readonly ctx: TensionsContext,
    private readonly places: PlacesService,
    private readonly settings: SettingsService,
    private readonly assessment: AssessmentService,
  ) {}

  async weekly(council: Council, week: string) {
    const k = (await this.settings.get(council)).suppression_threshold;
    const from = weekStart(week);
    const to = weekEnd(week);
    const [picture, facts, intel, events, alerts] = await Promise.all([
      this.assessment.picture(council, week),
      repo.reportFacts(this.ctx.db, council.id, from, to),
      repo.intelligenceFacts(this.ctx.db, council.id, from, to),
      repo.listEvents(this.ctx.db, council.id),
      repo.listAlerts(this.ctx.db, council.id, 50),
    ]);
    const openEvents = events.filter(
      (e) => new Date(e.declared_at) < to && (!e.closed_at || new Date(e.closed_at) >= from),
    );
    return {
      week,
      from,
      to: new Date(to.getTime() - 1),
      threshold: k,
      levels: picture.rows,
      reports: breakdowns(facts, picture.wards, k, null),
      intelligence: discloseBreakdown(
        GRADINGS.map((g) => ({ key: g, n: intel.filter((i) => i.grading === g).length })),
        intel.length,
        k,
      ),
      events: openEvents,
      alerts: alerts.filter((a) => a.iso_week === week),
    };
  }

  async quarterly(council: Council, quarter: string) {
    const range = quarterRange(quarter);
    if (!range) throw new DomainError('errors.notFound');
    const s = await this.settings.get(council);
    const k = s.suppression_threshold;
    const [facts, wards] = await Promise.all([
      repo.reportFacts(this.ctx.db, council.id, range[0], range[1]),
      this.places.wards(council),
    ]);
    const withConsent = facts.filter((f) => f.contact_consent);
    const within = (at: Date | null, received: Date, ms: number) =>
      !!at && new Date(at).getTime() - new Date(received).getTime() <= ms;
    const contactedInTime = withConsent.filter((f) =>
      within(f.first_contact_at, f.received_at, s.contact_hours * HOUR),
    ).length;
    const seniorInTime = withConsent.filter((f) =>
      within(f.senior_contact_at, f.received_at, s.senior_contact_days * DAY),
    ).length;
    const rate = (num: number, den: number) =>
      den >= k ? { value: Math.round((100 * num) / den), suppressed: false } : { value: null, suppressed: true };
    return {
      quarter,
      from: range[0],
      to: new Date(range[1].getTime() - 1),
      threshold: k,
      targets: { contactHours: s.contact_hours, seniorDays: s.senior_contact_days },
      ...breakdowns(facts, wards, k, range),
      status: discloseBreakdown(
        STATUSES.map((st) => ({ key: st, n: facts.filter((f) => f.status === st).length })),
        facts.length,
        k,
      ),
      contactRate: rate(contactedInTime, withConsent.length),
      seniorRate: rate(seniorInTime, withConsent.length),
    };
  }

  /** The restricted export: every case received in [from, to), unsuppressed. Audited. */
  async exportCases(actor: Actor, from: Date, to: Date) {
    ensureAllowed(actor, 'tensions.export');
    const rows = await repo.exportRows(this.ctx.db, actor.council.id, from, to);
    await this.ctx.audit.record(
      auditEntry(actor, 'tensions.export', 'tension_report', undefined, {
        rows: rows.length,
        from: from.toISOString().slice(0, 10),
        to: to.toISOString().slice(0, 10),
      }),
    );
    return rows;
  }
}

export type WeeklyReport = Awaited<ReturnType<ReportsService['weekly']>>;
export type QuarterlyReport = Awaited<ReturnType<ReportsService['quarterly']>>;
