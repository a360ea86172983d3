/**
 * Server-rendered choropleth map (SVG string). Areas are coloured by class (quantiles or fixed
 * breaks) from a sequential palette; areas without a value are hatched grey and listed as
 * "No data" in the legend. Projection: Mercator fitted to the features.
 *
 * Geometries must be wound for d3-geo (exterior rings clockwise) — use `rewindForD3` from
 * src/geo/boundaries.ts (parseBoundaries does this already).
 */
import { geoMercator, geoPath } from 'd3-geo';
import { scaleQuantile } from 'd3-scale';
import type { AreaGeometry } from '../geo/winding.ts';
import { markedParts, markLang } from '../lib/lang-marks.ts';
import {
  MAX_CLASSES,
  SECONDARY_TEXT_COLOUR,
  SEQUENTIAL_BLUES,
  TEXT_COLOUR,
  assertPositiveSize,
  chartId,
  chartOutput,
  escapeXml,
  xmlText,
  xmlTitle,
  estimateTextWidth,
  formatNumber,
  n,
  safeFormat,
  svgOpen,
  truncateText,
  type ChartOutput,
  type ChartTable,
} from './common.ts';
import { englishChartText, joinNamesIn, type ChartText } from './text.ts';

export interface ChoroplethFeature {
  code: string;
  name: string;
  geometry: AreaGeometry;
}

export type ClassSpec =
  /**
   * Up to `count` classes with roughly equal numbers of areas. Boundaries are snapped to data
   * values, so there are fewer classes when values repeat, and no class is empty.
   */
  | { type: 'quantile'; count: number }
  /** Fixed thresholds: class i holds values in [breaks[i-1], breaks[i]). */
  | { type: 'breaks'; breaks: readonly number[] }
  /**
   * Named values (levels 1 to 5, say): one class per value, with the label and colour the page's tables use, so
   * the legend and the table say and show the same thing.
   */
  | { type: 'categories'; categories: readonly { value: number; label: string; colour: string }[] };

export interface ChoroplethOptions {
  features: readonly ChoroplethFeature[];
  /** Value by area code. Missing, null and non-finite values are shown as "No data". */
  values: ReadonlyMap<string, number | null | undefined>;
  width: number;
  height: number;
  title: string;
  description: string;
  format?: (value: number) => string;
  /** Default: 5 quantile classes. */
  classes?: ClassSpec;
  /** Codes to outline (e.g. the selected area). */
  highlight?: string | readonly string[];
  /** Link each area to a page. When given, the SVG has role="group" so the links stay reachable. */
  linkFor?: (code: string) => string | null | undefined;
  /** Element id prefix; default derived from the title. Must be unique on the page. */
  id?: string;
  /** Legend heading and table column heading. Default "Value". */
  valueLabel?: string;
  /** Write each area's name on it where it fits. Default true. */
  areaLabels?: boolean;
  /** The page's translate function for the chart's own words (`charts.*` keys); English when not given. */
  text?: ChartText;
}

export interface LegendClass {
  index: number;
  /** Lower bound (inclusive) or null for "below the first break". */
  lower: number | null;
  /** Upper bound (exclusive, except for the last class which includes the data maximum) or null. */
  upper: number | null;
  colour: string;
  label: string;
  /** Number of areas in this class. */
  count: number;
}

export interface Classification {
  classes: LegendClass[];
  /** Index into `classes` for a value, or -1 for no data. */
  classOf(value: number | null | undefined): number;
}

const NO_DATA_FILL_BG = '#f3f2f1';
const AREA_STROKE = SECONDARY_TEXT_COLOUR;
const HIGHLIGHT_STROKE = TEXT_COLOUR;

function finite(v: number | null | undefined): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** Work out classes, colours and legend labels for a set of values. */
export function classifyValues(
  values: readonly (number | null | undefined)[],
  spec: ClassSpec = { type: 'quantile', count: 5 },
  format: (v: number) => string = formatNumber,
  text: ChartText = englishChartText,
): Classification {
  const data = values.filter(finite).sort((a, b) => a - b);
  if (spec.type === 'categories') {
    const cats = spec.categories;
    if (cats.length > MAX_CLASSES) throw new RangeError(`at most ${MAX_CLASSES} categories are supported`);
    const classOf = (v: number | null | undefined) => (finite(v) ? cats.findIndex((c) => c.value === v) : -1);
    return {
      classes: cats.map((c, i) => ({
        index: i,
        lower: c.value,
        upper: c.value,
        colour: c.colour,
        label: c.label,
        count: data.filter((v) => v === c.value).length,
      })),
      classOf,
    };
  }
  const min = data[0];
  const max = data[data.length - 1];
  let thresholds: number[];
  let openEnded = false;
  if (spec.type === 'quantile') {
    if (!Number.isInteger(spec.count) || spec.count < 1 || spec.count > MAX_CLASSES) {
      throw new RangeError(`quantile class count must be an integer from 1 to ${MAX_CLASSES}, got ${spec.count}`);
    }
    if (data.length === 0) return { classes: [], classOf: () => -1 };
    const q = scaleQuantile<number>()
      .domain(data)
      .range(Array.from({ length: spec.count }, (_, i) => i))
      .quantiles();
    // Snap each quantile up to the next actual data value, so every class holds at least one
    // area and boundaries are values that occur; repeated values merge classes. So do values that
    // differ only below the shown precision: a boundary that would print the same as the one before
    // it would make a legend entry such as "1.5 to under 1.5".
    thresholds = [];
    for (const t of q) {
      if (!finite(t)) continue;
      const snapped = data.find((v) => v >= t);
      if (snapped === undefined || snapped <= min) continue;
      const previous = thresholds.length ? thresholds[thresholds.length - 1] : min;
      if (snapped > previous && format(snapped) !== format(previous)) thresholds.push(snapped);
    }
  } else {
    const breaks = [...spec.breaks];
    if (breaks.length + 1 > MAX_CLASSES) throw new RangeError(`at most ${MAX_CLASSES - 1} breaks are supported`);
    if (breaks.some((b) => !finite(b))) throw new RangeError('breaks must be finite numbers');
    for (let i = 1; i < breaks.length; i++) {
      if (!(breaks[i] > breaks[i - 1])) throw new RangeError('breaks must be strictly increasing');
    }
    thresholds = breaks;
    openEnded = true;
  }

  const k = thresholds.length + 1;
  const palette = SEQUENTIAL_BLUES[k];
  const classOf = (v: number | null | undefined): number => {
    if (!finite(v)) return -1;
    let i = 0;
    while (i < thresholds.length && v >= thresholds[i]) i++;
    return i;
  };
  const counts = new Array<number>(k).fill(0);
  for (const v of data) counts[classOf(v)]++;

  const classes: LegendClass[] = [];
  for (let i = 0; i < k; i++) {
    const lower = i === 0 ? (openEnded ? null : min) : thresholds[i - 1];
    const upper = i === k - 1 ? (openEnded ? null : max) : thresholds[i];
    let label: string;
    if (lower === null && upper === null) label = text('charts.legend.all');
    else if (lower === null) label = text('charts.legend.under', { value: format(upper as number) });
    else if (upper === null) label = text('charts.legend.andOver', { value: format(lower) });
    else if (i === k - 1)
      label = lower === upper ? format(lower) : text('charts.range', { lower: format(lower), upper: format(upper) });
    else label = text('charts.legend.toUnder', { lower: format(lower), upper: format(upper) });
    classes.push({ index: i, lower, upper, colour: palette[i], label, count: counts[i] });
  }
  return { classes, classOf };
}

interface Prepared {
  id: string;
  format: (v: number) => string;
  valueLabel: string;
  value: (code: string) => number | null;
  classification: Classification;
  noDataCount: number;
  text: ChartText;
}

function prepare(opts: ChoroplethOptions): Prepared {
  const format = opts.format ?? formatNumber;
  const value = (code: string): number | null => {
    const v = opts.values.get(code);
    return finite(v) ? v : null;
  };
  const vals = opts.features.map((f) => value(f.code));
  const text = opts.text ?? englishChartText;
  const classification = classifyValues(vals, opts.classes, (v) => safeFormat(format, v), text);
  return {
    text,
    id: chartId('choropleth', opts.id, opts.title, opts.description),
    format: (v) => safeFormat(format, v),
    valueLabel: opts.valueLabel ?? text('charts.value'),
    value,
    classification,
    noDataCount: vals.filter((v) => v === null).length,
  };
}

/**
 * A legend label in at most two lines of `width`: split at the last space that fits; a second line that is still
 * too long is shortened with an ellipsis (the table beside the map has the full text).
 */
export function wrapLabel(label: string, width: number, fontSize: number): string[] {
  if (estimateTextWidth(label, fontSize) <= width) return [label];
  // Words of a part marked as another language keep its mark each (see src/lib/lang-marks.ts).
  const words = markedParts(label).flatMap((part) =>
    part.text
      .split(' ')
      .filter((w) => w !== '')
      .map((w) => markLang(w, part.lang)),
  );
  let first = '';
  let i = 0;
  for (; i < words.length; i++) {
    const next = first ? `${first} ${words[i]}` : words[i];
    if (estimateTextWidth(next, fontSize) > width && first) break;
    first = next;
  }
  const rest = words.slice(i).join(' ');
  if (!rest) return [truncateText(first, width, fontSize)];
  return [truncateText(first, width, fontSize), truncateText(rest, width, fontSize)];
}

/** Render the map as an SVG string. Deterministic for the same input. */
export function renderChoropleth(opts: ChoroplethOptions): string {
  const { width, height } = opts;
  assertPositiveSize(width, height);
  const p = prepare(opts);
  const { id, classification, text } = p;
  const noData = text('charts.noData');
  const highlightedLabel = (names: string[]) =>
    text('charts.legend.highlighted', { names: joinNamesIn(text, names, 1) });
  const highlight = new Set(typeof opts.highlight === 'string' ? [opts.highlight] : (opts.highlight ?? []));
  const highlighted = opts.features.filter((f) => highlight.has(f.code));

  // Legend layout: at the right when there is room, otherwise below the map.
  const rowH = 22;
  const lineH = 15;
  const legendSide = width >= 480;
  const legendW = legendSide ? Math.min(260, width * 0.35) : width - 16;
  // Legend labels wrap onto a second line rather than being cut off (the full text is also in the table).
  const legendLabels = [
    ...classification.classes.map((c) => c.label),
    ...(p.noDataCount > 0 ? [noData] : []),
    ...(highlighted.length > 0 ? [highlightedLabel(highlighted.map((f) => f.name))] : []),
  ].map((l) => wrapLabel(l, legendW - 34, 13));
  const legendH = 28 + legendLabels.reduce((h, lines) => h + rowH + (lines.length - 1) * lineH, 0);
  const pad = 8;
  const mapW = Math.max(10, legendSide ? width - legendW - 3 * pad : width - 2 * pad);
  const mapH = Math.max(10, legendSide ? height - 2 * pad : height - legendH - 3 * pad);

  const links = typeof opts.linkFor === 'function';
  const parts: string[] = [
    svgOpen({
      id,
      width,
      height,
      title: opts.title,
      description: opts.description,
      kind: 'choropleth',
      role: links ? 'group' : 'img',
    }),
    `<defs><pattern id="${id}-nodata" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">` +
      `<rect width="6" height="6" fill="${NO_DATA_FILL_BG}"/><line x1="0" y1="0" x2="0" y2="6" stroke="${SECONDARY_TEXT_COLOUR}" stroke-width="1.5"/></pattern></defs>`,
  ];

  if (opts.features.length === 0) {
    parts.push(
      `<text x="${n(width / 2)}" y="${n(height / 2)}" text-anchor="middle" font-size="16" fill="${TEXT_COLOUR}">${escapeXml(text('charts.noAreasToShow'))}</text></svg>`,
    );
    return parts.join('');
  }

  const collection = {
    type: 'FeatureCollection' as const,
    features: opts.features.map((f) => ({ type: 'Feature' as const, properties: {}, geometry: f.geometry })),
  };
  const projection = geoMercator().fitSize([mapW, mapH], collection);
  const ok = Number.isFinite(projection.scale()) && projection.scale() > 0;
  const path = geoPath(projection).digits(2);
  const mapX = pad;
  const mapY = pad;

  parts.push(`<g class="app-chart__areas" transform="translate(${n(mapX)},${n(mapY)})">`);
  const labels: string[] = [];
  for (const f of opts.features) {
    const v = p.value(f.code);
    const cls = classification.classOf(v);
    const fill = cls >= 0 ? classification.classes[cls].colour : `url(#${id}-nodata)`;
    let d = ok ? (path(f.geometry) ?? '') : '';
    if (d.includes('NaN')) d = '';
    const label = `${f.name}: ${v === null ? text('charts.noDataLower') : p.format(v)}`;
    const pathEl =
      `<path d="${d}" fill="${fill}" stroke="${AREA_STROKE}" stroke-width="0.5" stroke-linejoin="round" ` +
      `data-code="${escapeXml(f.code)}"><title>${xmlTitle(label)}</title></path>`;
    const href = opts.linkFor ? opts.linkFor(f.code) : undefined;
    parts.push(href ? `<a href="${escapeXml(href)}" aria-label="${escapeXml(label)}">${pathEl}</a>` : pathEl);
    // The area's name on the map where it fits inside the area's bounds (the full name is in <title>, the
    // link's accessible name and the table); drawn after the areas below, so no fill covers it.
    if (ok && d && opts.areaLabels !== false) {
      const [[x0, y0], [x1, y1]] = path.bounds(f.geometry);
      const [cx, cy] = path.centroid(f.geometry);
      const size = 11;
      if (
        Number.isFinite(cx) &&
        Number.isFinite(cy) &&
        estimateTextWidth(f.name, size) + 4 <= x1 - x0 &&
        size * 1.6 <= y1 - y0
      )
        labels.push(
          `<text x="${n(cx)}" y="${n(cy + size / 3)}" text-anchor="middle" font-size="${size}" fill="${TEXT_COLOUR}" ` +
            `stroke="#ffffff" stroke-width="3" stroke-linejoin="round" paint-order="stroke">${xmlText(f.name)}</text>`,
        );
    }
  }
  if (labels.length) parts.push(`<g class="app-chart__area-labels" aria-hidden="true">${labels.join('')}</g>`);
  for (const f of highlighted) {
    let d = ok ? (path(f.geometry) ?? '') : '';
    if (d.includes('NaN')) d = '';
    parts.push(
      `<path d="${d}" fill="none" stroke="#ffffff" stroke-width="4" stroke-linejoin="round" aria-hidden="true"/>` +
        `<path d="${d}" fill="none" stroke="${HIGHLIGHT_STROKE}" stroke-width="2.5" stroke-linejoin="round" class="app-chart__highlight" aria-hidden="true"/>`,
    );
  }
  parts.push('</g>');

  // Legend
  const lx = legendSide ? width - legendW - pad : pad;
  const ly = legendSide ? pad : height - legendH - pad;
  const fontSize = 13;
  const textW = legendW - 34;
  parts.push(
    `<g class="app-chart__legend" transform="translate(${n(lx)},${n(ly)})" font-size="${fontSize}" fill="${TEXT_COLOUR}">`,
  );
  parts.push(`<text x="0" y="14" font-weight="bold">${xmlText(truncateText(p.valueLabel, legendW, fontSize))}</text>`);
  let y = 28;
  const swatch = (fill: string, stroke: string, strokeWidth: number, label: string, cls: string) => {
    const lines = wrapLabel(label, textW, fontSize);
    parts.push(
      `<g class="${cls}"><rect x="0" y="${n(y)}" width="24" height="16" fill="${fill}" stroke="${stroke}" stroke-width="${strokeWidth}"/>` +
        `<text x="32" y="${n(y + 12.5)}">${lines
          .map((l, i) => (i === 0 ? xmlText(l) : `<tspan x="32" dy="${lineH}">${xmlText(l)}</tspan>`))
          .join('')}</text></g>`,
    );
    y += rowH + (lines.length - 1) * lineH;
  };
  for (const c of classification.classes) swatch(c.colour, AREA_STROKE, 1, c.label, 'app-chart__legend-class');
  if (p.noDataCount > 0) swatch(`url(#${id}-nodata)`, AREA_STROKE, 1, noData, 'app-chart__legend-nodata');
  if (highlighted.length > 0) {
    swatch(
      'none',
      HIGHLIGHT_STROKE,
      2.5,
      highlightedLabel(highlighted.map((f) => f.name)),
      'app-chart__legend-highlight',
    );
  }
  parts.push('</g></svg>');
  return parts.join('');
}

/** Plain-English summary, e.g. "Highest: X (0.82). Lowest: Y (0.10). No data for 2 areas." */
export function summariseChoropleth(opts: Pick<ChoroplethOptions, 'features' | 'values' | 'format' | 'text'>): string {
  const tx = opts.text ?? englishChartText;
  const format = (v: number) => safeFormat(opts.format ?? formatNumber, v);
  const rows = opts.features
    .map((f) => ({ name: f.name, v: opts.values.get(f.code) }))
    .filter((r): r is { name: string; v: number } => finite(r.v));
  const missing = opts.features.length - rows.length;
  const noData =
    missing > 0 ? ` ${tx(missing === 1 ? 'charts.map.missingOne' : 'charts.map.missingMany', { count: missing })}` : '';
  if (opts.features.length === 0) return tx('charts.map.none');
  if (rows.length === 0) return tx('charts.map.noneWithData', { count: opts.features.length });
  const max = Math.max(...rows.map((r) => r.v));
  const min = Math.min(...rows.map((r) => r.v));
  const namesAt = (x: number) =>
    rows
      .filter((r) => r.v === x)
      .map((r) => r.name)
      .sort((a, b) => a.localeCompare(b, 'en-GB'));
  if (max === min) {
    return rows.length === 1
      ? `${tx('charts.map.onlyOne', { name: rows[0].name, value: format(max) })}${noData}`
      : `${tx('charts.map.same', { count: rows.length, value: format(max) })}${noData}`;
  }
  return `${tx('charts.highestLowest', {
    highest: joinNamesIn(tx, namesAt(max)),
    max: format(max),
    lowest: joinNamesIn(tx, namesAt(min)),
    min: format(min),
  })}${noData}`;
}

/** Table alternative: one row per area, highest value first, no-data areas last. */
export function choroplethTable(opts: ChoroplethOptions): ChartTable {
  const p = prepare(opts);
  const rows = opts.features.map((f) => ({ f, v: p.value(f.code) }));
  rows.sort((a, b) => {
    if (a.v === null && b.v === null) return a.f.name.localeCompare(b.f.name, 'en-GB');
    if (a.v === null) return 1;
    if (b.v === null) return -1;
    return b.v - a.v || a.f.name.localeCompare(b.f.name, 'en-GB');
  });
  return {
    caption: opts.title,
    head: [
      { text: p.text('charts.area') },
      { text: p.text('charts.code') },
      { text: p.valueLabel, format: 'numeric' },
      { text: p.text('charts.mapClass') },
    ],
    rows: rows.map(({ f, v }) => {
      const cls = p.classification.classOf(v);
      return [
        { text: f.name },
        { text: f.code },
        { text: v === null ? p.text('charts.noData') : p.format(v), format: 'numeric' },
        { text: cls >= 0 ? p.classification.classes[cls].label : p.text('charts.noData') },
      ];
    }),
  };
}

/** SVG, summary and table together. */
export function choroplethFigure(opts: ChoroplethOptions): ChartOutput {
  return chartOutput(renderChoropleth(opts), summariseChoropleth(opts), choroplethTable(opts));
}
