/**
 * Networks' section of the quarterly cabinet report: headline figures of each network study whose network was
 * recorded (imported, or built from a survey) in the quarter, in aggregate only: people and ties, separate parts
 * (connected components), and — by the study's first recorded attribute — the share of ties that cross group lines
 * against the share expected by chance (src/stats/network/mixing.ts). Never a person, a code or a broker.
 *
 * As in the rest of the cabinet report, a study of 1 to 4 people shows only "fewer than 5", and shares worked out
 * from fewer than 5 ties are not shown. A study re-recorded after the quarter has replaced its network, so it is
 * reported in the quarter it was last recorded.
 */
import { actorCan } from '../../kernel/access.ts';
import type { Db } from '../../db/index.ts';
import { isLanguage, translate } from '../../i18n/index.ts';
import type { ReportContributor, ReportSection } from '../../kernel/reports.ts';
import { buildGraph, components, mixing } from '../../stats/network/index.ts';
import { DEFAULT_COUNT_THRESHOLD, suppressCount } from '../../stats/suppression.ts';
import type { StoredNode, StoredTie } from './model.ts';
import * as repo from './repository.ts';

export interface StudyHeadline {
  readonly people: number;
  readonly ties: number;
  readonly components: number;
  /** By `attribute`: ties with a group at both ends, and the shares crossing groups observed and expected. */
  readonly mixing: { readonly ties: number; readonly observed: number; readonly expected: number } | null;
}

/** The headline figures of one network (pure). */
export function studyHeadline(
  nodes: readonly StoredNode[],
  ties: readonly StoredTie[],
  attribute: string | null,
): StudyHeadline {
  const graph = buildGraph({ nodes: nodes.map((n) => n.code), ties: ties.map((t) => [t.from, t.to] as const) });
  const byCode = new Map(nodes.map((n) => [n.code, n]));
  const groups = graph.ids.map((id) => (attribute ? (byCode.get(id)?.attributes[attribute] ?? null) : null));
  const counted = graph.edgeCount > 0 && groups.some((g) => g) ? safeMixing(graph, groups) : null;
  return {
    people: graph.nodeCount,
    ties: graph.edgeCount,
    components: components(graph).count,
    mixing: counted
      ? { ties: counted.ties, observed: counted.observedCrossShare, expected: counted.expectedCrossShare }
      : null,
  };
}

/** Mixing, or null when no tie has a group at both ends. */
function safeMixing(graph: ReturnType<typeof buildGraph>, groups: readonly (string | null)[]) {
  try {
    return mixing(graph, groups);
  } catch {
    return null;
  }
}

export function networksReport(deps: { db: Db }): ReportContributor {
  return async (actor, period, lang): Promise<ReportSection | null> => {
    if (!actorCan(actor, 'networks.view')) return null;
    const language = isLanguage(lang) ? lang : 'en';
    const t = (key: string, params?: Record<string, string | number>) =>
      translate(language, `networks.report.${key}`, params);
    const studies = (await repo.listStudies(deps.db, actor.council.id))
      .filter((s) => s.importedAt !== null && s.importedAt >= period.from && s.importedAt < period.to)
      .sort((a, b) => a.name.localeCompare(b.name));
    if (!studies.length) return null;
    const pct = (v: number) =>
      v.toLocaleString(language === 'cy' ? 'cy-GB' : 'en-GB', { style: 'percent', maximumFractionDigits: 0 });
    const rows: string[][] = [];
    for (const s of studies) {
      const { nodes, ties } = await repo.loadNetwork(deps.db, actor.council.id, s.id);
      const attribute = s.attributes[0] ?? null;
      const h = studyHeadline(nodes, ties, attribute);
      const place = s.areaName ?? translate(language, 'networks.wholeArea');
      if (suppressCount(h.people).suppressed) {
        rows.push([s.name, place, t('fewerThan', { n: DEFAULT_COUNT_THRESHOLD }), '–', '–', '–', '–', '–']);
        continue;
      }
      const mixed = h.mixing && h.mixing.ties >= DEFAULT_COUNT_THRESHOLD ? h.mixing : null;
      rows.push([
        s.name,
        place,
        String(h.people),
        String(h.ties),
        String(h.components),
        attribute ?? '–',
        mixed ? pct(mixed.observed) : t('notShown'),
        mixed ? pct(mixed.expected) : t('notShown'),
      ]);
    }
    return {
      key: 'networks.studies',
      title: t('title'),
      paragraphs: [
        t('summary', { studies: studies.length, period: period.label }),
        t('note', { n: DEFAULT_COUNT_THRESHOLD }),
      ],
      tables: [
        {
          caption: t('caption', { period: period.label }),
          head: [
            t('study'),
            t('area'),
            t('people'),
            t('ties'),
            t('components'),
            t('attribute'),
            t('crossing'),
            t('chance'),
          ],
          rows,
          numeric: [false, false, true, true, true, false, true, true],
          stored: [true, false, false, false, false, true, false, false],
        },
      ],
    };
  };
}
