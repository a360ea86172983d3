import { actorCan } from '../../kernel/access.ts';
import type { Actor } from '../../kernel/actor.ts';
import type { DashboardPanel } from '../../kernel/module.ts';
import { isoWeek } from '../../stats/tension.ts';
import type { TensionsService } from './service.ts';

/**
 * The overview's tension panel: this week's raised wards, open trigger events and overdue cases,
 * each only for roles that may see it.
 */
export async function tensionsDashboardPanel(svc: TensionsService, actor: Actor): Promise<DashboardPanel | null> {
  const picture = actorCan(actor, 'tensions.picture');
  const triage = actorCan(actor, 'tensions.triage');
  if (!picture && !triage) return null;
  const week = isoWeek(new Date());
  const data: Record<string, unknown> = { week, showPicture: picture, showOverdue: triage };
  if (picture) {
    const p = await svc.picture(actor.council, week);
    data.raised = p.rows
      .filter((r) => (r.level?.final_level ?? 1) >= 3)
      .sort((a, b) => (b.level?.final_level ?? 0) - (a.level?.final_level ?? 0))
      .map((r) => ({ code: r.code, name: r.name, level: r.level?.final_level }));
    data.events = p.events.length;
  }
  if (triage) data.overdue = await svc.overdueCount(actor.council.id);
  return { template: 'tensions/views/_dashboard-panel.njk', data };
}
