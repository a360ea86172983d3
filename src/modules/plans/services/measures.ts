/**
 * Measures: an outcome's indicators with baseline, target, direction and areas; their current values from the
 * insight module, distance to target, trend since baseline with its interval, and the automatic status (rules.ts)
 * that an officer can override with a reason.
 */
import type { Actor, Council } from '../../../kernel/actor.ts';
import { DomainError } from '../../../kernel/errors.ts';
import { isCalendarDate } from '../../../lib/dates.ts';
import * as repo from '../repository/index.ts';
import { assessMeasure, elapsedShare, worstStatus, type MeasureAssessment, type MeasureStatus } from '../rules.ts';
import { ensureAllowed, recordChange, todayOf, type PlansContext } from './context.ts';

export interface AreaAssessment extends MeasureAssessment {
  areaCode: string;
  areaName: string;
  current: number | null;
  currentPeriod: string | null;
  change: number | null;
  changeLow: number | null;
  changeHigh: number | null;
  /** The indicator's values for the area over time ('all' group), oldest first. */
  series: { period: string; value: number; low: number | null; high: number | null }[];
}

export interface MeasureView {
  measure: repo.MeasureRow;
  indicatorName: string;
  unit: string;
  areas: AreaAssessment[];
  automatic: MeasureStatus | null;
  /** The override when there is one, else the automatic status. */
  status: MeasureStatus | null;
}

export class MeasuresService {
  constructor(private readonly ctx: PlansContext) {}

  async add(actor: Actor, outcomeId: string, m: repo.MeasureFields): Promise<string> {
    ensureAllowed(actor, 'plans.edit');
    if (!isCalendarDate(m.targetDate)) throw new DomainError('plans.errors.date', 'targetDate');
    const indicator = await this.ctx.insight.definitions.find(actor.council, m.indicatorCode);
    if (!indicator) throw new DomainError('plans.errors.indicator', 'indicatorCode');
    const known = new Set([actor.council.areaCode, ...(await this.wardCodes(actor.council)).map((w) => w.code)]);
    if (m.areaCodes.some((c) => !known.has(c))) throw new DomainError('plans.errors.areas', 'areaCodes');
    return this.ctx.db.transaction(async (tx) => {
      const outcome = await repo.findOutcome(tx, actor.council.id, outcomeId);
      if (!outcome) throw new DomainError('errors.notFound');
      if (m.clusterId && !(await repo.listClusters(tx, actor.council.id)).some((c) => c.id === m.clusterId))
        throw new DomainError('plans.errors.cluster', 'clusterId');
      const id = await repo.insertMeasure(tx, actor.council.id, outcome.plan_id, outcomeId, m);
      await recordChange(this.ctx, tx, actor, {
        planId: outcome.plan_id,
        recordType: 'measure',
        recordId: id,
        change: 'created',
        snapshot: m,
      });
      return id;
    });
  }

  /** The indicators with values the council can measure by (for the picker). */
  async indicators(council: Pick<Council, 'id'>) {
    return (await this.ctx.insight.definitions.list(council))
      .filter((d) => d.value_count > 0)
      .map((d) => ({ code: d.code, name: d.name }));
  }

  measure(council: Pick<Council, 'id'>, id: string) {
    return repo.findMeasure(this.ctx.db, council.id, id);
  }

  /** Overrides the automatic status with a reason, or (status null) returns to the automatic one. */
  async override(actor: Actor, id: string, status: MeasureStatus | null, reason: string): Promise<void> {
    ensureAllowed(actor, 'plans.edit');
    if (status && !reason.trim()) throw new DomainError('plans.errors.overrideReason', 'reason');
    await this.ctx.db.transaction(async (tx) => {
      const m = await repo.findMeasure(tx, actor.council.id, id);
      if (!m) throw new DomainError('errors.notFound');
      await repo.setMeasureOverride(tx, actor.council.id, id, {
        status,
        reason: status ? reason : null,
        userId: actor.userId,
      });
      await recordChange(this.ctx, tx, actor, {
        planId: m.plan_id,
        recordType: 'measure',
        recordId: id,
        change: status ? 'overridden' : 'override_removed',
        snapshot: { status, reason },
      });
    });
  }

  private async wardCodes(council: Pick<Council, 'areaCode'>) {
    if (!council.areaCode) return [];
    return this.ctx.geography.descendants(council.areaCode, 'ward');
  }

  /** Assesses a measure on every area it applies to (its wards, its cluster's wards, or the council). */
  async assess(council: Council, plan: Pick<repo.PlanRow, 'period_start'>, m: repo.MeasureRow): Promise<MeasureView> {
    const indicator = await this.ctx.insight.definitions.find(council, m.indicator_code);
    const wards = await this.wardCodes(council);
    const names = new Map<string, string>(wards.map((w) => [w.code, w.name]));
    if (council.areaCode) names.set(council.areaCode, council.name);
    const cluster = m.cluster_id
      ? (await repo.listClusters(this.ctx.db, council.id)).find((c) => c.id === m.cluster_id)
      : undefined;
    const codes = [...new Set([...m.area_codes, ...(cluster?.ward_codes ?? [])])];
    if (!codes.length && council.areaCode) codes.push(council.areaCode);
    const elapsed = elapsedShare(plan.period_start, m.target_date, todayOf(this.ctx));
    const areas: AreaAssessment[] = [];
    for (const code of codes) {
      const view = indicator
        ? await this.ctx.insight.trends.indicatorView(council, indicator, code, m.baseline_period)
        : null;
      const all = (view?.values ?? [])
        .filter((v) => v.group_code === 'all')
        .sort((a, b) => a.period.localeCompare(b.period));
      const latest = all.length ? all[all.length - 1] : null;
      const fromBaseline = view?.baseline?.period === m.baseline_period;
      const ch = fromBaseline && latest ? view?.changes.find((c) => c.row.period === latest.period)?.change : null;
      const current = latest && !latest.suppressed ? latest.value : null;
      const assessment = assessMeasure({
        direction: m.direction,
        baseline: m.baseline_value,
        target: m.target_value,
        current,
        changeLow: ch?.low ?? null,
        changeHigh: ch?.high ?? null,
        elapsed,
      });
      areas.push({
        ...assessment,
        areaCode: code,
        areaName: names.get(code) ?? code,
        current,
        currentPeriod: latest?.period ?? null,
        change: current === null ? null : current - m.baseline_value,
        changeLow: ch?.low ?? null,
        changeHigh: ch?.high ?? null,
        series: all
          .filter((v) => !v.suppressed)
          .map((v) => ({ period: v.period, value: v.value, low: v.ci_low, high: v.ci_high })),
      });
    }
    const automatic = worstStatus(areas.map((a) => a.status));
    return {
      measure: m,
      indicatorName: indicator?.name ?? m.indicator_code,
      unit: indicator?.unit ?? '',
      areas,
      automatic,
      status: m.override_status ?? automatic,
    };
  }
}
