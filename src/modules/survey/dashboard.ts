import { actorCan } from '../../kernel/access.ts';
import type { Actor } from '../../kernel/actor.ts';
import type { DashboardPanel } from '../../kernel/module.ts';
import type { SurveyServices } from './services/index.ts';

/** The question whose result the overview shows: the core cohesion measure. */
const HEADLINE = 'get_on_local';

/**
 * The overview's survey panel: the headline result (share agreeing that people from different backgrounds get on
 * well locally) of the most recently published wave, with its interval and change. Reads only.
 */
export function surveyDashboard(services: Pick<SurveyServices, 'waves' | 'results'>) {
  return async function panel(actor: Actor): Promise<DashboardPanel | null> {
    if (!actorCan(actor, 'survey.view')) return null;
    const council = actor.council;
    const waves = (
      await Promise.all((await services.waves.surveys(council)).map((s) => services.waves.waves(council, s.id)))
    ).flat();
    const published = waves
      .filter((w) => w.published_at)
      .sort(
        (a, b) =>
          new Date(b.published_at ?? 0).getTime() - new Date(a.published_at ?? 0).getTime() ||
          b.period.localeCompare(a.period),
      );
    const wave = published[0];
    if (!wave) return { template: 'survey/views/_dashboard-panel.njk', data: { wave: null } };
    const results = await services.results.results(council, wave, HEADLINE, null);
    const e = results?.overall;
    const change = results?.change?.comparable ? results.change.overall : null;
    return {
      template: 'survey/views/_dashboard-panel.njk',
      data: {
        wave: { id: wave.id, name: wave.name },
        estimate: e && !e.suppressed && e.estimate !== null ? e : null,
        change,
        previous: results?.change?.previous.name ?? null,
      },
    };
  };
}
