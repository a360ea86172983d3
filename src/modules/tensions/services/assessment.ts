/**
 * Tension assessment: each ward's level per ISO week from the reports and intelligence of the last weeks
 * (src/stats/tension.ts), officers' overrides, and the picture and trends shown to staff.
 *
 * `recompute` stores the levels and, for the current week, checks the alert thresholds; it runs as the
 * `tensions.recompute` job and after changes someone makes. Reads never write: when the current week has no
 * stored levels yet, `picture` computes them in memory for display and asks for the job.
 */
import { memberId, type Actor, type Council } from '../../../kernel/actor.ts';
import { DomainError } from '../../../kernel/errors.ts';
import {
  TENSION_DEFAULTS,
  addWeeks,
  assessTension,
  isoWeek,
  weekEnd,
  type Severity,
  type TensionSignal,
} from '../../../stats/tension.ts';
import * as repo from '../repository/index.ts';
import { linkGroups } from '../rules.ts';
import type { AlertsService } from './alerts.ts';
import { auditEntry, ensureAllowed, type TensionsContext } from './context.ts';
import type { PlacesService, Ward } from './places.ts';
import type { SettingsService } from './settings.ts';

const DAY = 86_400_000;

export interface Assessed {
  wardCode: string;
  score: number;
  level: number;
  signals: number;
}

export interface Recomputed {
  wardCode: string;
  level: number;
  finalLevel: number;
  score: number;
}

export class AssessmentService {
  constructor(
    private readonly ctx: TensionsContext,
    private readonly places: PlacesService,
    private readonly settings: SettingsService,
    private readonly alerts: AlertsService,
  ) {}

  /** Each ward's computed level for a week as of the end of the week (or now, for the current week). Reads only. */
  async assess(council: Pick<Council, 'id' | 'areaCode'>, week: string, now: Date): Promise<Assessed[]> {
    const end = weekEnd(week);
    const asOf = end.getTime() < now.getTime() ? end : now;
    const from = new Date(asOf.getTime() - TENSION_DEFAULTS.windowDays * DAY - DAY);
    const to = new Date(asOf.getTime() + 1);
    const wards = await this.places.wards(council);
    if (!wards.length) return [];
    const [reports, intel, links] = await Promise.all([
      repo.reportSignals(this.ctx.db, council.id, from, to),
      repo.intelligenceSignals(this.ctx.db, council.id, from, to),
      repo.allLinks(this.ctx.db, council.id),
    ]);
    const groups = linkGroups(links);
    const byWard = new Map<string, TensionSignal[]>();
    const push = (ward: string, s: TensionSignal) => byWard.set(ward, [...(byWard.get(ward) ?? []), s]);
    for (const r of reports)
      push(r.ward_code, {
        at: new Date(r.at),
        grading: 'experienced',
        severity: r.severity as Severity,
        confidence: 'high',
        group: groups.get(r.id),
      });
    for (const i of intel)
      push(i.ward_code, {
        at: new Date(i.at),
        grading: i.grading,
        severity: i.severity as Severity,
        confidence: i.confidence,
      });
    return wards.map((w) => {
      const r = assessTension(byWard.get(w.code) ?? [], asOf);
      return { wardCode: w.code, score: r.score, level: r.level, signals: r.counted };
    });
  }

  /**
   * Computes and stores every ward's level for a week (default: this week). For the current week it also
   * sends threshold alerts, once per upward crossing, unless `alerts` is false.
   */
  async recompute(council: Council, opts: { week?: string; now?: Date; alerts?: boolean } = {}): Promise<Recomputed[]> {
    const now = opts.now ?? this.ctx.clock();
    const current = isoWeek(now);
    const week = opts.week ?? current;
    const assessed = await this.assess(council, week, now);
    const results: Recomputed[] = [];
    for (const a of assessed) {
      const finalLevel = await repo.upsertComputedLevel(this.ctx.db, { councilId: council.id, week, ...a });
      results.push({ wardCode: a.wardCode, level: a.level, finalLevel, score: a.score });
    }
    if (results.length && (opts.alerts ?? true) && week === current)
      await this.alerts.check(council, week, results, await this.places.wards(council));
    return results;
  }

  /** Asks for the `tensions.recompute` job; a failure to ask is logged (the page still shows the levels). */
  async requestRecompute(council: Pick<Council, 'id'>): Promise<void> {
    try {
      await this.ctx.jobs.enqueue('tensions.recompute', council.id);
    } catch (err) {
      const e = err as Error;
      this.ctx.log.error({ err: { type: e.name, message: e.message } }, 'could not queue a tension recompute');
    }
  }

  /** The stored levels of a week; for the current week with none stored yet, levels computed now (not stored). */
  async levelsForWeek(council: Council, week: string, wards: Ward[]): Promise<repo.LevelRow[]> {
    const stored = await repo.levelsForWeek(this.ctx.db, council.id, week);
    const now = this.ctx.clock();
    if (stored.length || !wards.length || week !== isoWeek(now)) return stored;
    await this.requestRecompute(council);
    return (await this.assess(council, week, now)).map((a) => ({
      ward_code: a.wardCode,
      iso_week: week,
      computed_score: a.score,
      computed_level: a.level,
      override_level: null,
      override_rationale: null,
      override_by_name: null,
      override_at: null,
      final_level: a.level,
      signals: a.signals,
      computed_at: now,
    }));
  }

  /** The picture for a week: each ward's levels, the open events and recent alerts. Never writes. */
  async picture(council: Council, week: string) {
    const wards = await this.places.wards(council);
    const codes = wards.map((w) => w.code);
    const [levels, previous, events, alerts, thresholds, settings] = await Promise.all([
      this.levelsForWeek(council, week, wards),
      repo.levelsForWeek(this.ctx.db, council.id, addWeeks(week, -1)),
      repo.listEvents(this.ctx.db, council.id, true),
      repo.listAlerts(this.ctx.db, council.id, 5),
      this.alerts.thresholds(council, codes),
      this.settings.get(council),
    ]);
    const byWard = new Map(levels.map((l) => [l.ward_code, l]));
    const prevByWard = new Map(previous.map((l) => [l.ward_code, l]));
    const rows = wards.map((w) => {
      const threshold = thresholds.get(w.code) ?? settings.alert_level;
      return {
        ...w,
        level: byWard.get(w.code) ?? null,
        previous: prevByWard.get(w.code)?.final_level ?? null,
        threshold,
        heightened: threshold < settings.alert_level,
      };
    });
    return { wards, rows, events, alerts, settings };
  }

  /** Weekly history for the trend chart: the highest final level across wards and the number of wards at 3 or above. */
  async trend(council: Pick<Council, 'id'>, toWeek: string, weeks: number, wardCode?: string) {
    const fromWeek = addWeeks(toWeek, -(weeks - 1));
    const rows = await repo.levelsBetween(this.ctx.db, council.id, fromWeek, toWeek, wardCode);
    const out = Array.from({ length: weeks }, (_, i) => {
      const w = addWeeks(fromWeek, i);
      const ofWeek = rows.filter((r) => r.iso_week === w);
      return {
        week: w,
        maxLevel: ofWeek.length ? Math.max(...ofWeek.map((r) => r.final_level)) : null,
        raised: ofWeek.filter((r) => r.final_level >= 3).length,
        computed: wardCode && ofWeek[0] ? ofWeek[0].computed_level : null,
        final: wardCode && ofWeek[0] ? ofWeek[0].final_level : null,
      };
    });
    return { rows, weeks: out };
  }

  /** An officer sets (or, with null, removes) a ward's final level for a week, with a rationale. */
  async override(actor: Actor, wardCode: string, week: string, level: number | null, rationale: string) {
    ensureAllowed(actor, 'tensions.triage');
    if (!(await this.places.ward(actor.council, wardCode))) throw new DomainError('errors.notFound');
    const existing = await repo.levelsBetween(this.ctx.db, actor.council.id, week, week, wardCode);
    if (!existing.length) await this.recompute(actor.council, { week, alerts: false });
    await this.ctx.db.transaction(async (tx) => {
      const finalLevel = await repo.setOverride(tx, {
        councilId: actor.council.id,
        wardCode,
        week,
        level,
        rationale,
        userId: memberId(actor),
      });
      await this.ctx.audit.record(
        auditEntry(actor, 'tensions.level.overridden', 'ward', wardCode, { week, level, finalLevel }),
        tx,
      );
    });
    if (week === isoWeek(this.ctx.clock())) await this.recompute(actor.council);
  }
}
