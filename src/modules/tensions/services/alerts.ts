/**
 * Threshold alerts: the threshold in force for each ward (lower while a trigger event covering it is open),
 * and one email to each member of the monitoring group when a ward's final level crosses it upwards.
 * Only the assessment's recompute (a job or a change someone made) calls `check`; reads never do.
 */
import type { Council } from '../../../kernel/actor.ts';
import { systemActor } from '../../../kernel/actor.ts';
import { councilLanguage, translator } from '../../../i18n/index.ts';
import * as repo from '../repository/index.ts';
import { recipientsOf } from '../rules.ts';
import { auditEntry, type TensionsContext } from './context.ts';
import type { Ward } from './places.ts';
import type { SettingsService } from './settings.ts';

export interface WardResult {
  wardCode: string;
  finalLevel: number;
}

export class AlertsService {
  constructor(
    private readonly ctx: TensionsContext,
    private readonly settings: SettingsService,
  ) {}

  /** Thresholds in force per ward: lower (heightened) while a trigger event covering the ward is open. */
  async thresholds(council: Pick<Council, 'id'>, wardCodes: string[]): Promise<Map<string, number>> {
    const [s, events] = await Promise.all([this.settings.get(council), repo.listEvents(this.ctx.db, council.id, true)]);
    const heightened = new Set<string>();
    for (const e of events) for (const w of e.ward_codes.length ? e.ward_codes : wardCodes) heightened.add(w);
    const level = (w: string) =>
      heightened.has(w) ? Math.min(s.heightened_alert_level, s.alert_level) : s.alert_level;
    return new Map(wardCodes.map((w) => [w, level(w)]));
  }

  /** Records each ward as above or below its threshold; alerts the monitoring group for each upward crossing. */
  async check(council: Council, week: string, results: WardResult[], wards: Ward[]): Promise<void> {
    const s = await this.settings.get(council);
    const thresholds = await this.thresholds(
      council,
      results.map((r) => r.wardCode),
    );
    const recipients = recipientsOf(s.monitoring_group);
    const actor = systemActor(council, 'job');
    for (const r of results) {
      const threshold = thresholds.get(r.wardCode) ?? s.alert_level;
      if (r.finalLevel < threshold) {
        await repo.markAbove(this.ctx.db, council.id, r.wardCode, false);
        continue;
      }
      // Marking the crossing, recording the alert and its audit entry commit together; the emails follow.
      const crossed = await this.ctx.db.transaction(async (tx) => {
        if (!(await repo.markAbove(tx, council.id, r.wardCode, true))) return false;
        const alert = { level: r.finalLevel, threshold, recipients: recipients.length };
        await repo.insertAlert(tx, { councilId: council.id, wardCode: r.wardCode, week, ...alert });
        await this.ctx.audit.record(auditEntry(actor, 'tensions.alert.sent', 'ward', r.wardCode, alert), tx);
        return true;
      });
      if (crossed) await this.send(council, week, r, threshold, recipients, wards);
    }
  }

  private async send(
    council: Council,
    week: string,
    r: WardResult,
    threshold: number,
    recipients: string[],
    wards: Ward[],
  ) {
    // Staff of the council receive alerts in the council's language (the catalogues' Welsh for a Welsh council).
    const t = translator(councilLanguage(council));
    const ward = wards.find((w) => w.code === r.wardCode)?.name ?? r.wardCode;
    const level = t(`tensions.levels.${r.finalLevel}`);
    for (const to of recipients) {
      await this.ctx.email.send({
        to,
        subject: t('tensions.alerts.subject', { ward, level, council: council.name }),
        body: t('tensions.alerts.body', {
          ward,
          level,
          number: r.finalLevel,
          threshold,
          week,
          link: `${this.ctx.config.baseUrl}/c/${council.slug}/tensions/wards/${r.wardCode}`,
        }),
        reference: `tension-alert:${council.id}:${r.wardCode}:${week}`,
      });
    }
  }
}
