import type { FastifyInstance } from 'fastify';
import type { CouncilContext } from '../../server/types.ts';
import type { DashboardPanel } from '../../server/modules.ts';
import { roleHas } from '../../kernel/access.ts';
import { isoWeek } from '../../stats/tension.ts';
import { createTensionsService } from './service.ts';

/**
 * The overview's tension panel: this week's raised wards, open trigger events and overdue cases,
 * each only for roles that may see it.
 */
export async function tensionsDashboardPanel(
  app: FastifyInstance,
  council: CouncilContext,
): Promise<DashboardPanel | null> {
  const picture = roleHas(council.role, 'tensions.picture');
  const triage = roleHas(council.role, 'tensions.triage');
  if (!picture && !triage) return null;
  const svc = createTensionsService(app.db, app.config, app.services);
  const week = isoWeek(new Date());
  const data: Record<string, unknown> = { week, showPicture: picture, showOverdue: triage };
  if (picture) {
    const p = await svc.picture(council, week);
    data.raised = p.rows
      .filter((r) => (r.level?.final_level ?? 1) >= 3)
      .sort((a, b) => (b.level?.final_level ?? 0) - (a.level?.final_level ?? 0))
      .map((r) => ({ code: r.code, name: r.name, level: r.level!.final_level }));
    data.events = p.events.length;
  }
  if (triage) data.overdue = await svc.overdueCount(council.id);
  return { template: 'tensions/views/_dashboard-panel.njk', data };
}
