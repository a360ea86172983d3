/**
 * Know's records that other modules can link to: an indicator's gap for a group in an area (`insight.gap`, id
 * `CODE~AREA~GROUP`), for example a plan action raised to close it.
 */
import { actorCan } from '../../kernel/access.ts';
import type { Actor } from '../../kernel/actor.ts';
import type { LinkProvider, LinkRef, LinkTarget } from '../../kernel/links.ts';
import { translate, isLanguage } from '../../i18n/index.ts';
import type { InsightServices } from './services/index.ts';

/** The link id of a gap: the indicator's code, the area's GSS code and the group's code. */
export const gapId = (code: string, area: string, group: string) => `${code}~${area}~${group}`;

const mayView = (actor: Actor) => (actor.userId === null && actor.via !== 'public') || actorCan(actor, 'insight.view');

export function insightLinkProvider(services: Pick<InsightServices, 'definitions' | 'profiles'>): LinkProvider {
  const resolveOne = async (actor: Actor, ref: LinkRef): Promise<LinkTarget | null> => {
    const [code, area, group, ...rest] = ref.id.split('~');
    if (!code || !area || !group || rest.length) return null;
    const [indicator, place] = await Promise.all([
      services.definitions.find(actor.council, code),
      services.profiles.councilArea(actor.council, area),
    ]);
    if (!indicator || !place) return null;
    const lang = isLanguage(actor.council.settings.language) ? actor.council.settings.language : 'en';
    return {
      ...ref,
      label: translate(lang, 'insight.links.gap', { indicator: indicator.name, group, area: place.name }),
      href: `/c/${actor.council.slug}/insight/indicator?code=${encodeURIComponent(code)}&area=${area}#gaps`,
    };
  };
  return {
    kinds: ['insight.gap'],
    // Gaps are found on an indicator's page, not picked from a list.
    options: async () => [],
    async resolve(actor, refs) {
      if (!mayView(actor)) return [];
      const found = await Promise.all(refs.filter((r) => r.kind === 'insight.gap').map((r) => resolveOne(actor, r)));
      return found.filter((t): t is LinkTarget => t !== null);
    },
  };
}
