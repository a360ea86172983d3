/**
 * Hear's records that other modules can link to: a survey result (`survey.result`, id `WAVE~QUESTION` for the
 * council, or `WAVE~QUESTION~WARD` for one ward), for example a plan action raised because trust fell.
 */
import { actorCan } from '../../kernel/access.ts';
import type { Actor } from '../../kernel/actor.ts';
import type { LinkProvider, LinkRef, LinkTarget } from '../../kernel/links.ts';
import type { SurveyServices } from './services/index.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const mayView = (actor: Actor) => (actor.userId === null && actor.via !== 'public') || actorCan(actor, 'survey.view');

/** The link id of a result: the wave, the question's code and, for one ward, its GSS code. */
export const resultId = (waveId: string, code: string, ward?: string) =>
  ward ? `${waveId}~${code}~${ward}` : `${waveId}~${code}`;

export function surveyLinkProvider(services: Pick<SurveyServices, 'waves'>): LinkProvider {
  const resolveOne = async (actor: Actor, ref: LinkRef): Promise<LinkTarget | null> => {
    const [waveId, code, ward, ...rest] = ref.id.split('~');
    if (!waveId || !UUID.test(waveId) || !code || rest.length || (ward && !/^[A-Z][0-9]{8}$/.test(ward))) return null;
    const wave = await services.waves.wave(actor.council, waveId);
    if (!wave) return null;
    const q = (await services.waves.questionnaire(actor.council, waveId)).find((x) => x.code === code);
    if (!q) return null;
    return {
      ...ref,
      label: `${wave.survey_name} – ${wave.name}: ${q.wording}`,
      href: `/c/${actor.council.slug}/surveys/waves/${wave.id}/results?question=${encodeURIComponent(code)}`,
      hint: ward,
    };
  };
  return {
    kinds: ['survey.result'],
    // Results are found on a wave's results page, not picked from a list.
    options: async () => [],
    async resolve(actor, refs) {
      if (!mayView(actor)) return [];
      const found = await Promise.all(refs.filter((r) => r.kind === 'survey.result').map((r) => resolveOne(actor, r)));
      return found.filter((t): t is LinkTarget => t !== null);
    },
  };
}
