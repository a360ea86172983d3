import { actorCan } from '../../kernel/access.ts';
import type { Actor } from '../../kernel/actor.ts';
import type { DashboardPanel } from '../../kernel/module.ts';
import { formatValue } from './format.ts';
import type { InsightServices } from './services/index.ts';

/** The indicators the overview shows first when the council has values for them (LG Inform's four, then others). */
const KEY_INDICATORS = [
  'lg_inform.english_proficiency',
  'lg_inform.economic_inactivity',
  'gla.relationships.get_on_well',
  'ioi.safety.hate_crime',
];

/** The overview's key indicators panel: the council's latest value of a few headline indicators. Reads only. */
export function insightDashboard(services: Pick<InsightServices, 'profiles'>) {
  return async function panel(actor: Actor): Promise<DashboardPanel | null> {
    const council = actor.council;
    if (!actorCan(actor, 'insight.view') || !council.areaCode) return null;
    const rows = await services.profiles.profile(council, council.areaCode);
    const byCode = new Map(rows.map((r) => [r.indicator.code, r]));
    const chosen = [
      ...KEY_INDICATORS.flatMap((c) => byCode.get(c) ?? []),
      ...rows.filter((r) => !KEY_INDICATORS.includes(r.indicator.code)),
    ].slice(0, 4);
    return {
      template: 'insight/views/_dashboard-panel.njk',
      data: {
        rows: chosen.map((r) => ({
          code: r.indicator.code,
          name: r.indicator.name,
          value: formatValue(r.indicator.unit, r.latest.value),
          period: r.latest.period,
        })),
      },
    };
  };
}
