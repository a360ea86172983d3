/**
 * Server-rendered horizontal bar chart (SVG string) for survey estimates by group or comparator
 * rankings: optional confidence-interval whiskers, highlighted bars (e.g. the council itself) and
 * a reference line (e.g. the national benchmark).
 */
import { scaleLinear } from 'd3-scale';
import {
  GRID_COLOUR,
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
  placeAxisLabels,
  safeDomain,
  safeFormat,
  safeTicks,
  svgOpen,
  truncateText,
  type ChartOutput,
  type ChartTable,
} from './common.ts';
import { englishChartText, joinNamesIn, type ChartText } from './text.ts';

export interface Bar {
  label: string;
  value: number | null;
  lower?: number | null;
  upper?: number | null;
  /** Draw in the highlight colour (e.g. this council among comparators). */
  highlight?: boolean;
}

export interface BarChartOptions {
  bars: readonly Bar[];
  width: number;
  /** Default: fitted to the number of bars. */
  height?: number;
  title: string;
  description: string;
  format?: (value: number) => string;
  reference?: { value: number; label: string };
  /** Fixed value domain. Default: from 0 (or the minimum if negative) to the maximum, made "nice". */
  domain?: readonly [number, number];
  sort?: 'none' | 'descending' | 'ascending';
  /** Heading for the value column in the table. Default "Value". */
  valueLabel?: string;
  /** Heading for the interval column in the table. Default "Confidence interval". */
  intervalLabel?: string;
  /** Heading for the label column in the table. Default "Group". */
  groupLabel?: string;
  id?: string;
  /** The page's translate function for the chart's own words (`charts.*` keys); English when not given. */
  text?: ChartText;
}

export const BAR_COLOUR = '#1d70b8';
export const BAR_HIGHLIGHT_COLOUR = '#a75f00';
export const REFERENCE_COLOUR = '#d4351c';
const WHISKER_COLOUR = TEXT_COLOUR;
const ROW_H = 30;
const BAR_H = 18;
/** Space between a value label and the bar end or whisker it follows. */
const LABEL_GAP = 6;

/**
 * Where a bar's value label goes, in plot coordinates: beyond whichever ends further out, the bar or its upper (or,
 * for a negative value, lower) whisker, so a whisker never runs through the label; when that would leave the chart,
 * inside the bar, between the zero line and the whisker's near end, in white; failing both, at the far edge of the
 * whisker's end regardless (never over it).
 */
export function valueLabelPlacement(g: {
  /** Bar start and end (x of the smaller and larger of 0 and the value). */
  xa: number;
  xb: number;
  negative: boolean;
  /** Whisker ends, when there is an interval. */
  whisker: readonly [number, number] | null;
  labelWidth: number;
  /** The plot's horizontal extent the label may use (margins included). */
  minX: number;
  maxX: number;
}): { x: number; anchor: 'start' | 'end'; inside: boolean } {
  const { xa, xb, negative, whisker, labelWidth: w, minX, maxX } = g;
  if (!negative) {
    const outer = Math.max(xb, whisker ? whisker[1] : xb) + LABEL_GAP;
    if (outer + w <= maxX) return { x: outer, anchor: 'start', inside: false };
    const innerEnd = Math.min(xb, whisker ? whisker[0] : xb) - LABEL_GAP;
    if (innerEnd - w >= xa + 2) return { x: innerEnd, anchor: 'end', inside: true };
    return { x: outer, anchor: 'start', inside: false };
  }
  const outer = Math.min(xa, whisker ? whisker[0] : xa) - LABEL_GAP;
  if (outer - w >= minX) return { x: outer, anchor: 'end', inside: false };
  const innerStart = Math.max(xa, whisker ? whisker[1] : xa) + LABEL_GAP;
  if (innerStart + w <= xb - 2) return { x: innerStart, anchor: 'start', inside: true };
  return { x: outer, anchor: 'end', inside: false };
}

function finite(v: number | null | undefined): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

interface PreparedBar {
  label: string;
  value: number | null;
  lower: number | null;
  upper: number | null;
  highlight: boolean;
}

function prepareBars(opts: Pick<BarChartOptions, 'bars' | 'sort'>): PreparedBar[] {
  const bars = opts.bars.map((b) => {
    const lower = finite(b.lower) ? b.lower : null;
    const upper = finite(b.upper) ? b.upper : null;
    const both = lower !== null && upper !== null;
    return {
      label: b.label,
      value: finite(b.value) ? b.value : null,
      lower: both ? Math.min(lower, upper) : null,
      upper: both ? Math.max(lower, upper) : null,
      highlight: b.highlight === true,
    };
  });
  const sort = opts.sort ?? 'none';
  if (sort !== 'none') {
    const sign = sort === 'descending' ? -1 : 1;
    bars.sort((a, b) => {
      if (a.value === null && b.value === null) return 0;
      if (a.value === null) return 1;
      if (b.value === null) return -1;
      return sign * (a.value - b.value);
    });
  }
  return bars;
}

/** Height the chart will have when `height` is not given. */
export function barChartHeight(barCount: number, hasReference: boolean): number {
  return 20 + (hasReference ? 22 : 0) + Math.max(1, barCount) * ROW_H + 34;
}

/** Render the bar chart as an SVG string. */
export function renderBarChart(opts: BarChartOptions): string {
  const text = opts.text ?? englishChartText;
  const bars = prepareBars(opts);
  const format = (v: number) => safeFormat(opts.format ?? formatNumber, v);
  const ref = opts.reference && finite(opts.reference.value) ? opts.reference : undefined;
  const width = opts.width;
  const height = opts.height ?? barChartHeight(bars.length, ref !== undefined);
  assertPositiveSize(width, height);
  const id = chartId('bar', opts.id, opts.title, opts.description);
  const fontSize = 13;
  const parts: string[] = [
    svgOpen({ id, width, height, title: opts.title, description: opts.description, kind: 'bar' }),
  ];
  if (bars.length === 0) {
    parts.push(
      `<text x="${n(width / 2)}" y="${n(height / 2)}" text-anchor="middle" font-size="16" fill="${TEXT_COLOUR}">${escapeXml(text('charts.noDataToShow'))}</text></svg>`,
    );
    return parts.join('');
  }

  const nums: number[] = [];
  for (const b of bars) for (const v of [b.value, b.lower, b.upper]) if (finite(v)) nums.push(v);
  if (ref) nums.push(ref.value);
  let d0: number;
  let d1: number;
  if (opts.domain && finite(opts.domain[0]) && finite(opts.domain[1]) && opts.domain[1] > opts.domain[0]) {
    [d0, d1] = opts.domain;
  } else {
    d0 = Math.min(0, ...nums);
    d1 = Math.max(0, ...nums);
    if (d1 - d0 < 1e-9) d1 = d0 + 1;
  }
  const x = scaleLinear().domain(safeDomain(d0, d1));
  if (!opts.domain) x.nice(5);

  const noData = text('charts.noData');
  const labelW = Math.min(width * 0.4, Math.max(...bars.map((b) => estimateTextWidth(b.label, fontSize))) + 12);
  const valueW =
    Math.max(...bars.map((b) => estimateTextWidth(b.value === null ? noData : format(b.value), fontSize))) + 12;
  const hasNegative = bars.some((b) => (b.value ?? 0) < 0 || (b.lower ?? 0) < 0);
  const left = labelW + 8 + (hasNegative ? Math.min(width * 0.15, valueW) : 0);
  const right = Math.min(width * 0.25, valueW + 8);
  const top = 12 + (ref ? 22 : 0);
  const bottom = 34;
  const plotW = Math.max(10, width - left - right);
  const rowH = Math.max(8, (height - top - bottom) / bars.length);
  const barH = Math.min(BAR_H, rowH * 0.65);
  x.range([0, plotW]).clamp(true);
  const ticks = safeTicks(x, Math.max(2, Math.floor(plotW / 80)));

  parts.push(`<g transform="translate(${n(left)},${n(top)})" font-size="${fontSize}" fill="${TEXT_COLOUR}">`);
  const plotH = rowH * bars.length;
  // gridlines and axis
  parts.push('<g class="app-chart__x-axis">');
  for (const t of ticks) {
    parts.push(`<line x1="${n(x(t))}" x2="${n(x(t))}" y1="0" y2="${n(plotH)}" stroke="${GRID_COLOUR}"/>`);
  }
  // Labels only where they fit side by side (wide values at 320 px would otherwise run into each other).
  const tickLabels = placeAxisLabels(
    ticks.map((t) => ({ x: x(t), label: format(t) })),
    { min: -left, max: plotW + right, fontSize },
  );
  for (const { x: tx, label, anchor } of tickLabels) {
    parts.push(`<text x="${n(tx)}" y="${n(plotH + 20)}" text-anchor="${anchor}">${escapeXml(label)}</text>`);
  }
  parts.push(`<line x1="${n(x(0))}" x2="${n(x(0))}" y1="0" y2="${n(plotH)}" stroke="${TEXT_COLOUR}"/></g>`);

  bars.forEach((b, i) => {
    const cy = i * rowH + rowH / 2;
    const label = truncateText(b.label, labelW - 4, fontSize);
    const weight = b.highlight ? ' font-weight="bold"' : '';
    parts.push(`<g class="app-chart__bar${b.highlight ? ' app-chart__bar--highlight' : ''}">`);
    parts.push(`<text x="-8" y="${n(cy + 4.5)}" text-anchor="end"${weight}>${xmlText(label)}</text>`);
    if (b.value === null) {
      parts.push(
        `<text x="${n(x(0) + 6)}" y="${n(cy + 4.5)}" fill="${TEXT_COLOUR}" font-style="italic">${escapeXml(noData)}</text></g>`,
      );
      return;
    }
    const xa = x(Math.min(0, b.value));
    const xb = x(Math.max(0, b.value));
    const ci =
      b.lower !== null && b.upper !== null
        ? ` (${text('charts.range', { lower: format(b.lower), upper: format(b.upper) })})`
        : '';
    parts.push(
      `<rect x="${n(xa)}" y="${n(cy - barH / 2)}" width="${n(Math.max(0, xb - xa))}" height="${n(barH)}" fill="${b.highlight ? BAR_HIGHLIGHT_COLOUR : BAR_COLOUR}">` +
        `<title>${xmlTitle(`${b.label}: ${format(b.value)}${ci}`)}</title></rect>`,
    );
    let whisker: [number, number] | null = null;
    if (b.lower !== null && b.upper !== null) {
      const l = x(b.lower);
      const u = x(b.upper);
      const cap = barH / 2 + 2;
      parts.push(
        `<g class="app-chart__interval" data-bar="${i}" stroke="${WHISKER_COLOUR}" stroke-width="1.5">` +
          `<line x1="${n(l)}" x2="${n(u)}" y1="${n(cy)}" y2="${n(cy)}"/>` +
          `<line x1="${n(l)}" x2="${n(l)}" y1="${n(cy - cap)}" y2="${n(cy + cap)}"/>` +
          `<line x1="${n(u)}" x2="${n(u)}" y1="${n(cy - cap)}" y2="${n(cy + cap)}"/></g>`,
      );
      whisker = [l, u];
    }
    const value = format(b.value);
    const at = valueLabelPlacement({
      xa,
      xb,
      negative: b.value < 0,
      whisker,
      labelWidth: estimateTextWidth(value, fontSize) * (b.highlight ? 1.1 : 1),
      minX: -(left - labelW - 8),
      maxX: plotW + right,
    });
    parts.push(
      `<text class="app-chart__value" data-bar="${i}" x="${n(at.x)}" y="${n(cy + 4.5)}" text-anchor="${at.anchor}"${at.inside ? ' fill="#ffffff"' : ''}${weight}>${escapeXml(value)}</text></g>`,
    );
  });

  if (ref) {
    const rx = x(ref.value);
    const label = `${ref.label}: ${format(ref.value)}`;
    const anchor = rx > plotW * 0.6 ? 'end' : rx < plotW * 0.2 ? 'start' : 'middle';
    parts.push(
      `<g class="app-chart__reference"><line x1="${n(rx)}" x2="${n(rx)}" y1="-6" y2="${n(plotH)}" stroke="${REFERENCE_COLOUR}" stroke-width="2" stroke-dasharray="6 4"/>` +
        `<text x="${n(rx)}" y="-10" text-anchor="${anchor}" fill="${REFERENCE_COLOUR}">${xmlText(truncateText(label, plotW, fontSize))}</text></g>`,
    );
  }
  parts.push('</g></svg>');
  return parts.join('');
}

/**
 * Plain-English summary, e.g. "Highest: X (0.82). Lowest: Y (0.10). 4 of 10 are above
 * England (0.45), 2 of them with the whole confidence interval above it."
 */
export function summariseBarChart(opts: Pick<BarChartOptions, 'bars' | 'format' | 'reference' | 'text'>): string {
  const tx = opts.text ?? englishChartText;
  const format = (v: number) => safeFormat(opts.format ?? formatNumber, v);
  const bars = prepareBars({ bars: opts.bars }).filter((b): b is PreparedBar & { value: number } => b.value !== null);
  if (bars.length === 0) return tx(opts.bars.length === 0 ? 'charts.bar.none' : 'charts.bar.noneForGroups');
  const max = Math.max(...bars.map((b) => b.value));
  const min = Math.min(...bars.map((b) => b.value));
  const at = (v: number) => bars.filter((b) => b.value === v).map((b) => b.label);
  let text =
    max === min
      ? bars.length === 1
        ? tx('charts.bar.one', { label: bars[0].label, value: format(max) })
        : tx('charts.bar.same', { count: bars.length, value: format(max) })
      : tx('charts.highestLowest', {
          highest: joinNamesIn(tx, at(max)),
          max: format(max),
          lowest: joinNamesIn(tx, at(min)),
          min: format(min),
        });
  const ref = opts.reference;
  if (ref && finite(ref.value)) {
    const above = bars.filter((b) => b.value > ref.value);
    const withCi = bars.some((b) => b.lower !== null);
    text +=
      ' ' +
      tx(above.length === 1 ? 'charts.bar.aboveOne' : 'charts.bar.aboveMany', {
        above: above.length,
        count: bars.length,
        reference: ref.label,
        value: format(ref.value),
      });
    if (withCi) {
      const clearly = above.filter((b) => b.lower !== null && b.lower > ref.value).length;
      text += tx('charts.bar.clearly', { clearly });
    }
    text += '.';
  }
  return text;
}

/** Table alternative, in the same order as the bars. */
export function barChartTable(opts: BarChartOptions): ChartTable {
  const tx = opts.text ?? englishChartText;
  const format = (v: number) => safeFormat(opts.format ?? formatNumber, v);
  const bars = prepareBars(opts);
  const hasCi = bars.some((b) => b.lower !== null);
  const head: ChartTable['head'] = [
    { text: opts.groupLabel ?? tx('charts.group') },
    { text: opts.valueLabel ?? tx('charts.value'), format: 'numeric' },
  ];
  if (hasCi) head.push({ text: opts.intervalLabel ?? tx('charts.confidenceInterval'), format: 'numeric' });
  const rows = bars.map((b) => {
    const row: ChartTable['rows'][number] = [
      { text: b.label },
      { text: b.value === null ? tx('charts.noData') : format(b.value), format: 'numeric' },
    ];
    if (hasCi)
      row.push({
        text:
          b.lower !== null && b.upper !== null
            ? tx('charts.range', { lower: format(b.lower), upper: format(b.upper) })
            : tx('charts.notAvailable'),
        format: 'numeric',
      });
    return row;
  });
  if (opts.reference && finite(opts.reference.value)) {
    const row: ChartTable['rows'][number] = [
      { text: tx('charts.reference', { label: opts.reference.label }) },
      { text: format(opts.reference.value), format: 'numeric' },
    ];
    if (hasCi) row.push({ text: '', format: 'numeric' });
    rows.push(row);
  }
  return { caption: opts.title, head, rows };
}

export function barChartFigure(opts: BarChartOptions): ChartOutput {
  return chartOutput(renderBarChart(opts), summariseBarChart(opts), barChartTable(opts));
}
