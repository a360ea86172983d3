/** The segregation page: index tables with explanations, local contributions, the map and stored results. */
import { choroplethFigure, type ChoroplethFeature } from '../../../charts/choropleth.ts';
import { storedHtml, type Translate } from '../../../i18n/index.ts';
import { formatValue } from '../format.ts';
import type { ValueRow } from '../model.ts';
import type { SegregationAnalysis, SegregationSelection } from '../services/segregation.ts';
import { escapeHtml, groupLabel, type Cell } from './text.ts';

const f3 = (v: number | null | undefined) => formatValue('index', v);
const pct = (v: number | null) => (v === null ? '–' : `${(v * 100).toFixed(1)}%`);
const fixed2 = (v: number | null) => (v === null ? '–' : v.toFixed(2));

/** Index name, value and what it means, for each index of a list. */
function indexRows(t: Translate, list: [string, number][], params: Record<string, string> = {}): Cell[][] {
  return list.map(([k, v]) => [
    { text: t(`insight.indices.${k}.name`) },
    { text: f3(v), format: 'numeric' },
    { text: t(`insight.indices.${k}.explain`, params) },
  ]);
}

function contributionsOf(a: SegregationAnalysis) {
  const impact = a.result.impacts[0];
  return impact && impact.rows.ok
    ? [...impact.rows.value].filter((c) => c.unit !== '').sort((p, q) => q.contribution - p.contribution)
    : [];
}

/** The tables of an analysis (multi-group, each group against the rest, the pair, local contributions). */
export function segregationTables(t: Translate, base: string, a: SegregationAnalysis) {
  const r = a.result;
  const multi = r.multi.ok ? r.multi.value : null;
  const multiRows = multi
    ? indexRows(t, [
        ['multi_dissimilarity', multi.multiDissimilarity],
        ['multi_gini', multi.multiGini],
        ['information_theory', multi.informationTheory],
        ['normalized_exposure', multi.normalizedExposure],
        ['squared_coefficient_of_variation', multi.squaredCoefficientOfVariation],
        ['simpsons_interaction', multi.simpsonsInteraction],
        ['diversity', multi.diversity],
      ])
    : [];
  const groupRows = [...r.groups]
    .sort((p, q) => q.count - p.count)
    .map((g): Cell[] => [
      { text: groupLabel(t, g.group) },
      { text: pct(g.share), format: 'numeric' },
      ...(g.indices.ok
        ? [g.indices.value.dissimilarity, g.indices.value.isolation, g.indices.value.entropy, g.indices.value.gini].map(
            (v): Cell => ({ text: f3(v), format: 'numeric' }),
          )
        : [{ text: t('insight.segregation.undefined'), colspan: 4 }]),
    ]);
  const pair = r.pair;
  const pv = pair && pair.indices.ok ? pair.indices.value : null;
  const pairRows =
    pair && pv
      ? indexRows(
          t,
          [
            ['dissimilarity', pv.dissimilarity],
            ['gini', pv.gini],
            ['entropy', pv.entropy],
            ['isolation', pv.isolation],
            ['interaction', pv.interaction],
            ['correlation_ratio', pv.correlationRatio],
            ['atkinson01', pv.atkinson01],
            ['atkinson05', pv.atkinson05],
            ['atkinson09', pv.atkinson09],
          ],
          { y: groupLabel(t, pair.y), x: groupLabel(t, pair.x) },
        )
      : [];
  const contributions = contributionsOf(a);
  const contributionRows = contributions.map((c): Cell[] => [
    {
      html: `<a class="govuk-link" href="${base}/areas/${escapeHtml(c.unit)}">${escapeHtml(a.unitNames[c.unit] ?? c.unit)}</a>`,
    },
    { text: c.areas, format: 'numeric' },
    { text: f3(c.contribution), format: 'numeric' },
    { text: pct(c.indexShare), format: 'numeric' },
    { text: pct(c.areaShare), format: 'numeric' },
    { text: fixed2(c.impact), format: 'numeric' },
    { text: fixed2(c.scaledMean), format: 'numeric' },
  ]);
  return {
    multiRows,
    groupRows,
    pairRows,
    expected: pair?.expected?.ok ? pair.expected.value : null,
    contributionRows,
    contributions,
    impactIndex: r.impacts[0]?.index ?? null,
    drivers: contributions
      .filter((c) => c.impact !== null && c.impact > 1)
      .slice(0, 5)
      .map((c) => a.unitNames[c.unit] ?? c.unit),
    pairLabel: pair ? groupLabel(t, `${pair.y} vs ${pair.x}`) : null,
    pairD: pv ? f3(pv.dissimilarity) : null,
    pairDPercent: pv ? Math.round(pv.dissimilarity * 100) : null,
    yLabel: pair ? groupLabel(t, pair.y) : null,
    xLabel: pair ? groupLabel(t, pair.x) : null,
  };
}

/** The map of each higher-level place's share of the index; null without boundaries. */
export function contributionsMap(
  t: Translate,
  base: string,
  councilName: string,
  a: SegregationAnalysis,
  features: ChoroplethFeature[],
) {
  const level = a.params.higher;
  if (!level || !features.length) return null;
  const contributions = contributionsOf(a);
  return choroplethFigure({
    text: t,
    features,
    values: new Map(contributions.map((c) => [c.unit, c.indexShare === null ? null : c.indexShare * 100])),
    width: 720,
    height: 560,
    title: t('insight.segregation.mapTitle', { level: t(`geography.levelsPlural.${level}`), area: councilName }),
    description: t('insight.segregation.mapDescription'),
    valueLabel: t('insight.segregation.indexShare'),
    format: (v) => `${v.toFixed(1)}%`,
    linkFor: (c) => `${base}/areas/${c}`,
    id: 'contributions-map',
  });
}

/**
 * Where a stored index came from. Values stored before sources were written in words say
 * "segregation engine: <dataset code> by <level>"; they are shown in words too, without the code.
 */
export function valueSourceCell(t: Translate, source: string): Cell {
  const legacy = /^segregation engine: \S+ by (\w+)$/.exec(source);
  if (legacy)
    return { text: t('insight.segregation.legacySource', { level: t(`geography.levelsPlural.${legacy[1]}`) }) };
  return { html: storedHtml(source, t) };
}

/** Everything segregation.njk shows. */
export function segregationPage(
  t: Translate,
  base: string,
  councilName: string,
  s: SegregationSelection,
  features: ChoroplethFeature[],
  stored: ValueRow[],
) {
  const a = s.analysis;
  const categories = s.chosen?.categories ?? [];
  return {
    choices: s.choices,
    chosen: s.chosen,
    higher: s.higher,
    higherOptions: s.higherOptions,
    analysis: a,
    figure: a ? contributionsMap(t, base, councilName, a, features) : null,
    ...(a ? segregationTables(t, base, a) : {}),
    storedRows: stored.map((v): Cell[] => [
      { text: groupLabel(t, v.group_code) },
      { text: v.period },
      { text: formatValue('index', v.value), format: 'numeric' },
      valueSourceCell(t, v.source),
    ]),
    categories,
    groupLabels: Object.fromEntries(categories.map((c) => [c, groupLabel(t, c)])),
    y: a?.params.pair?.y ?? s.y,
    x: a?.params.pair?.x ?? s.x,
  };
}
