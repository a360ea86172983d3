/** View models of the network pages: the text summary, the tables and the pictures. */
import { hasKey, storedMarked, type Translate } from '../../../i18n/index.ts';
import { SMALL_COUNT } from '../model.ts';
import { suppressed, type AggregateView, type PeopleView } from '../services/studies.ts';
import { communitiesSvg, communityColour, peopleSvg } from './svg.ts';

type Cell = { text: string; format?: 'numeric' } | { html: string };

const pct = (v: number | null | undefined) => (v === null || v === undefined ? '–' : `${(v * 100).toFixed(1)}%`);

/**
 * An attribute's name in the page's language when it is one the survey's name generator gives (ethnic group, age
 * band, housing tenure, role), else as it was imported.
 */
export function attributeName(t: Translate, attribute: string): string {
  const key = `networks.attributeNames.${attribute}`;
  return hasKey(key) ? t(key) : attribute;
}

/** A value of an attribute in the page's language when it is a name-generator code (such as social_rent). */
export function valueName(t: Translate, attribute: string | null, value: string): string {
  const key = `networks.values.${attribute}.${value}`;
  return attribute && value && hasKey(key) ? t(key) : value;
}

function countText(t: Translate, n: number): string {
  const s = suppressed(n);
  return s === null ? t('networks.fewerThan3') : String(s);
}

/** The plain-language summary every view shows. */
export function summaryLines(t: Translate, a: AggregateView): string[] {
  const lines = [
    t('networks.summary.size', { nodes: a.nodes, ties: a.ties }),
    t('networks.summary.components', { components: a.components, largest: a.largestComponent, isolates: a.isolates }),
  ];
  if (a.modularity !== null)
    lines.push(
      t('networks.summary.communities', {
        communities: a.communityCount,
        modularity: a.modularity.toFixed(2),
      }),
    );
  if (a.mixing && a.attribute)
    lines.push(
      t('networks.summary.mixing', {
        attribute: attributeName(t, a.attribute),
        observed: pct(a.mixing.observedCrossShare),
        expected: pct(a.mixing.expectedCrossShare),
      }),
      t(
        a.mixing.observedCrossShare < a.mixing.expectedCrossShare * 0.8
          ? 'networks.summary.mixingLow'
          : a.mixing.observedCrossShare > a.mixing.expectedCrossShare * 1.2
            ? 'networks.summary.mixingHigh'
            : 'networks.summary.mixingChance',
      ),
    );
  lines.push(t('networks.summary.brokers', { brokers: a.brokers, bridging: a.bridgingTies }));
  return lines;
}

/** The attribute shown, by name, and the choice of attributes (for _attribute.njk). */
function attributeChoice(t: Translate, a: Pick<AggregateView, 'attribute' | 'study'>) {
  return {
    attributeName: a.attribute ? attributeName(t, a.attribute) : null,
    attributeItems: a.study.attributes.map((x) => ({
      value: x,
      text: attributeName(t, x),
      selected: a.attribute === x,
    })),
  };
}

function communityLabel(t: Translate, c: number) {
  return t('networks.community', { n: c + 1 });
}

/** A small group's tie count or share, which the aggregate view leaves out. */
const orHidden = (t: Translate, v: number | null, text: (v: number) => string) =>
  v === null ? t('networks.notShown') : text(v);

export function aggregatePage(t: Translate, a: AggregateView) {
  const shown = a.communities;
  const svg = a.ties
    ? communitiesSvg(
        shown.map((c) => ({ ...c, label: String(c.community + 1) })),
        a.between,
        t('networks.picture.communitiesTitle', { study: storedMarked(a.study.name, t) }),
        t('networks.picture.communitiesDescription', { communities: shown.length }),
      )
    : null;
  const groupHead = a.groupValues.map((g) => ({
    text: g ? valueName(t, a.attribute, g) : t('networks.notRecorded'),
    format: 'numeric' as const,
  }));
  const communityRows: Cell[][] = a.communities.map((c) => [
    {
      html: `<svg width="14" height="14" aria-hidden="true" focusable="false"><rect width="14" height="14" fill="${communityColour(c.community)}"/></svg> ${communityLabel(t, c.community)}`,
    },
    { text: countText(t, c.size), format: 'numeric' },
    { text: String(c.internalTies), format: 'numeric' },
    ...a.groupValues.map((g) => ({ text: countText(t, c.groups[g] ?? 0), format: 'numeric' as const })),
  ]);
  const singles = a.singles;
  const betweenRows: Cell[][] = a.between.map((p) => [
    { text: communityLabel(t, p.a) },
    { text: communityLabel(t, p.b) },
    { text: String(p.ties), format: 'numeric' },
  ]);
  const mixingRows: Cell[][] = (a.mixing?.groups ?? []).map((g) => {
    const hidden = g.nodes < SMALL_COUNT;
    return [
      { text: valueName(t, a.attribute, g.group) },
      { text: countText(t, g.nodes), format: 'numeric' },
      { text: orHidden(t, g.within, String), format: 'numeric' },
      { text: orHidden(t, g.cross, String), format: 'numeric' },
      { text: hidden ? t('networks.notShown') : pct(g.crossShare), format: 'numeric' },
      { text: hidden ? t('networks.notShown') : pct(g.expectedCrossShare), format: 'numeric' },
    ];
  });
  return {
    ...attributeChoice(t, a),
    summary: summaryLines(t, a),
    svg,
    groupHead,
    communityRows,
    singles,
    smallCommunities: a.small.communities,
    betweenRows,
    mixingRows,
    mixing: a.mixing,
    observed: pct(a.mixing?.observedCrossShare),
    expected: pct(a.mixing?.expectedCrossShare),
    assortativity: a.mixing?.assortativity === null || !a.mixing ? '–' : a.mixing.assortativity.toFixed(2),
  };
}

export function peoplePage(t: Translate, p: PeopleView) {
  const svg = p.nodes
    ? peopleSvg(
        p.people,
        p.tieList,
        t('networks.picture.peopleTitle', { study: storedMarked(p.study.name, t) }),
        t('networks.picture.peopleDescription', { nodes: p.nodes, ties: p.ties, brokers: p.brokerCodes.join(', ') }),
      )
    : null;
  const rows: Cell[][] = [...p.people]
    .sort((a, b) => b.betweenness - a.betweenness || a.code.localeCompare(b.code))
    .map((x) => [
      { text: x.code },
      { text: String(x.degree), format: 'numeric' },
      { text: x.betweenness.toFixed(1), format: 'numeric' },
      { text: x.closeness === null ? '–' : x.closeness.toFixed(4), format: 'numeric' },
      { text: String(x.component + 1), format: 'numeric' },
      { text: communityLabel(t, x.community) },
      { text: x.group ? valueName(t, p.attribute, x.group) : '' },
      { text: x.broker ? t('networks.broker') : '' },
    ]);
  return { ...attributeChoice(t, p), svg, rows, brokers: p.brokerCodes };
}
