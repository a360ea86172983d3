/**
 * The quarterly cabinet performance report, from live data: a summary, each plan's domains and outcomes with
 * their progress as it stood at the quarter's end (rolled up by rules.ts), measures with status and trend,
 * actions completed and slipped in the quarter, then the sections other modules contribute.
 */
import type { Actor } from '../../../kernel/actor.ts';
import type { ReportPeriod, ReportSection } from '../../../kernel/reports.ts';
import * as repo from '../repository/index.ts';
import { rollupActions, rollupMean, worstStatus, type MeasureStatus, type Rag } from '../rules.ts';
import type { PlansContext } from './context.ts';
import type { MeasuresService, MeasureView } from './measures.ts';
import type { PlansService } from './plans.ts';

export type SectionsSource = (actor: Actor, period: ReportPeriod, lang: string) => Promise<ReportSection[]>;

export interface OutcomeReport {
  outcome: repo.OutcomeRow;
  progress: number | null;
  rag: Rag | null;
  measures: MeasureView[];
  actions: number;
}

export interface PlanReport {
  plan: repo.PlanRow;
  progress: number | null;
  domains: { domain: repo.DomainRow; progress: number | null; outcomes: OutcomeReport[] }[];
  completed: repo.ActionRow[];
  slipped: repo.ActionRow[];
}

export interface CabinetReport {
  period: ReportPeriod;
  plans: PlanReport[];
  summary: {
    actions: number;
    completed: number;
    slipped: number;
    measures: Record<MeasureStatus | 'none', number>;
  };
  /** Actions raised from each kind of signal (counts from tension data suppressed by the template's threshold). */
  signals: { kind: string; count: number }[];
  sections: ReportSection[];
}

const iso = (d: Date) => d.toISOString().slice(0, 10);

/**
 * An outcome's RAG: red when a measure is off track or a live action is red; amber when a measure is at risk or
 * an action amber; green when it has measures or actions and neither; none otherwise.
 */
export function outcomeRag(statuses: (MeasureStatus | null)[], rags: (Rag | null)[]): Rag | null {
  const worst = worstStatus(statuses);
  if (worst === 'off_track' || rags.includes('red')) return 'red';
  if (worst === 'at_risk' || rags.includes('amber')) return 'amber';
  return statuses.length || rags.length ? 'green' : null;
}

export class ReportService {
  constructor(
    private readonly ctx: PlansContext,
    private readonly plans: PlansService,
    private readonly measures: MeasuresService,
    private readonly sections: () => SectionsSource,
  ) {}

  async cabinet(actor: Actor, period: ReportPeriod, lang: string): Promise<CabinetReport> {
    const council = actor.council;
    const from = iso(period.from);
    const to = iso(period.to);
    const all = await this.plans.list(council);
    const shown = all.filter((p) => p.status !== 'draft' && p.period_start < to && p.period_end >= from);
    const plans: PlanReport[] = [];
    const counts: CabinetReport['summary']['measures'] = { on_track: 0, at_risk: 0, off_track: 0, none: 0 };
    const signals = new Map<string, number>();
    for (const p of shown) {
      const s = await this.plans.structure(council, p.id);
      if (!s) continue;
      const then = new Map(
        (await repo.progressAt(this.ctx.db, council.id, p.id, period.to)).map((r) => [r.action_id, r]),
      );
      // The actions that existed by the quarter's end, with their status and progress as they then stood.
      const live = s.actions.flatMap((a) => {
        const at = then.get(a.id);
        return at ? [{ ...a, status: at.status as repo.ActionRow['status'], progress: at.progress }] : [];
      });
      for (const a of live) if (a.signal_kind) signals.set(a.signal_kind, (signals.get(a.signal_kind) ?? 0) + 1);
      const domains: PlanReport['domains'] = [];
      for (const d of s.domains) {
        const outcomes: OutcomeReport[] = [];
        for (const o of s.outcomes.filter((x) => x.domain_id === d.id)) {
          const acts = live.filter((a) => a.outcome_id === o.id);
          const views: MeasureView[] = [];
          for (const m of s.measures.filter((x) => x.outcome_id === o.id)) {
            const v = await this.measures.assess(council, p, m);
            counts[v.status ?? 'none']++;
            views.push(v);
          }
          outcomes.push({
            outcome: o,
            progress: rollupActions(acts),
            rag: outcomeRag(
              views.map((v) => v.status),
              acts.filter((a) => a.status !== 'completed' && a.status !== 'cancelled').map((a) => a.rag),
            ),
            measures: views,
            actions: acts.length,
          });
        }
        domains.push({ domain: d, progress: rollupMean(outcomes.map((o) => o.progress)), outcomes });
      }
      plans.push({
        plan: p,
        progress: rollupMean(domains.map((d) => d.progress)),
        domains,
        completed: s.actions.filter((a) => a.completed_on !== null && a.completed_on >= from && a.completed_on < to),
        // Due by the quarter's end and not completed by then (nor cancelled).
        slipped: live.filter(
          (a) =>
            a.due_on !== null &&
            a.due_on < to &&
            a.status !== 'cancelled' &&
            (a.completed_on === null || a.completed_on >= to),
        ),
      });
    }
    return {
      period,
      plans,
      summary: {
        actions: plans.reduce(
          (n, p) => n + p.domains.reduce((m, d) => m + d.outcomes.reduce((k, o) => k + o.actions, 0), 0),
          0,
        ),
        completed: plans.reduce((n, p) => n + p.completed.length, 0),
        slipped: plans.reduce((n, p) => n + p.slipped.length, 0),
        measures: counts,
      },
      signals: [...signals].map(([kind, count]) => ({ kind, count })).sort((a, b) => a.kind.localeCompare(b.kind)),
      sections: await this.sections()(actor, period, lang),
    };
  }
}
