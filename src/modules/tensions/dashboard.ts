import { actorCan } from '../../kernel/access.ts';
import type { Actor } from '../../kernel/actor.ts';
import type { DashboardPanel } from '../../kernel/module.ts';
import { isoWeek } from '../../stats/tension.ts';
import type { TensionsServices } from './services/index.ts';

/**
 * The overview's tension panel: this week's raised wards, open trigger events and overdue cases, each only
 * for roles that may see it. Reads only (the picture computes a missing week in memory and asks for the job).
 */
export function tensionsDashboard(services: Pick<TensionsServices, 'assessment' | 'cases'>, clock: () => Date) {
  return async function panel(actor: Actor): Promise<DashboardPanel | null> {
    const picture = actorCan(actor, 'tensions.picture');
    const triage = actorCan(actor, 'tensions.triage');
    if (!picture && !triage) return null;
    const week = isoWeek(clock());
    const data: Record<string, unknown> = { week, showPicture: picture, showOverdue: triage };
    if (picture) {
      const p = await services.assessment.picture(actor.council, week);
      data.raised = p.rows
        .filter((r) => (r.level?.final_level ?? 1) >= 3)
        .sort((a, b) => (b.level?.final_level ?? 0) - (a.level?.final_level ?? 0))
        .map((r) => ({ code: r.code, name: r.name, level: r.level?.final_level }));
      data.events = p.events.length;
    }
    if (triage) data.overdue = await services.cases.overdueCount(actor.council);
    return { template: 'tensions/views/_dashboard-panel.njk', data };
  };
}
