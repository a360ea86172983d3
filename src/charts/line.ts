/**
 * Server-rendered line chart (SVG string) for indicator trends and tension levels: several
 * series, optional confidence band per series, optional horizontal reference lines.
 * x values are either all Dates (UTC time scale) or all numbers (e.g. years).
 */
import { scaleLinear, scaleUtc } from 'd3-scale';
import { area as d3area, line as d3line } from 'd3-shape';
import {
  GRID_COLOUR,
  SERIES_COLOURS,
  SERIES_DASHES,
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
import { englishChartText, monthNames, type ChartText } from './text.ts';

export type XValue = Date | number;

export interface LinePoint {
  x: XValue;
  y: number | null;
  /** Lower and upper bounds of a confidence interval, drawn as a band. */
  lower?: number | null;
  upper?: number | null;
}

export interface LineSeries {
  name: string;
  points: readonly LinePoint[];
  /** Override the series colour (#rrggbb, should have ≥ 3:1 contrast with white). */
  colour?: string;
}

export interface ReferenceLine {
  value: number;
  label: string;
}

export interface LineChartOptions {
  series: readonly LineSeries[];
  width: number;
  height: number;
  title: string;
  description: string;
  format?: (value: number) => string;
  /** Format of the y-axis tick labels (default `format`), e.g. a bare number where `format` adds a name. */
  yTickFormat?: (value: number) => string;
  /** Only whole-number y ticks (levels, counts): never "2.5" on an axis of whole things. */
  integerTicks?: boolean;
  /** Format x values for axis ticks, summary and table. Default: year for whole years, else "Mar 2024" / "5 Mar 2024". */
  xFormat?: (x: XValue) => string;
  xLabel?: string;
  yLabel?: string;
  /** Fixed y domain. Default: the data (incl. bands and reference lines), with zero when all values are ≥ 0. */
  yDomain?: readonly [number, number];
  /** Include zero in the default y domain when all data are non-negative. Default true. */
  includeZero?: boolean;
  referenceLines?: readonly ReferenceLine[];
  /** Label for the interval in the table, default "Confidence interval". */
  intervalLabel?: string;
  id?: string;
  /** The page's translate function for the chart's own words (`charts.*` keys); English when not given. */
  text?: ChartText;
}

function finite(v: number | null | undefined): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function xNumber(x: XValue): number {
  return x instanceof Date ? x.getTime() : x;
}

function validX(x: unknown): x is XValue {
  return (x instanceof Date && Number.isFinite(x.getTime())) || (typeof x === 'number' && Number.isFinite(x));
}

/** Default x formatter chosen from all x values, so labels are consistent. */
function makeXFormat(xs: readonly XValue[], text: ChartText): (x: XValue) => string {
  const MONTHS = monthNames(text);
  const dates = xs.filter((x): x is Date => x instanceof Date);
  if (dates.length === 0) {
    return (x) =>
      typeof x === 'number' ? (Number.isInteger(x) ? String(x) : formatNumber(x)) : x.toISOString().slice(0, 10);
  }
  const allYears = dates.every((d) => d.getUTCMonth() === 0 && d.getUTCDate() === 1 && d.getUTCHours() === 0);
  const allMonths = dates.every((d) => d.getUTCDate() === 1 && d.getUTCHours() === 0);
  return (x) => {
    if (!(x instanceof Date)) return String(x);
    if (allYears) return String(x.getUTCFullYear());
    if (allMonths) return `${MONTHS[x.getUTCMonth()]} ${x.getUTCFullYear()}`;
    return `${x.getUTCDate()} ${MONTHS[x.getUTCMonth()]} ${x.getUTCFullYear()}`;
  };
}

interface Prepared {
  id: string;
  isTime: boolean;
  series: { name: string; colour: string; dash: string | null; points: LinePoint[] }[];
  xs: XValue[];
  format: (v: number) => string;
  xFormat: (x: XValue) => string;
  text: ChartText;
}

function prepare(opts: LineChartOptions): Prepared {
  let kind: 'date' | 'number' | null = null;
  const series = opts.series.map((s, i) => {
    const points = s.points
      .filter((p) => validX(p.x))
      .map((p) => ({
        x: p.x,
        y: finite(p.y) ? p.y : null,
        lower: finite(p.lower) ? p.lower : null,
        upper: finite(p.upper) ? p.upper : null,
      }))
      .sort((a, b) => xNumber(a.x) - xNumber(b.x));
    for (const p of points) {
      const k = p.x instanceof Date ? 'date' : 'number';
      if (kind === null) kind = k;
      else if (kind !== k) throw new TypeError('Line chart x values must be all Dates or all numbers');
    }
    return {
      name: s.name,
      colour: s.colour ?? SERIES_COLOURS[i % SERIES_COLOURS.length],
      dash: SERIES_DASHES[i % SERIES_DASHES.length],
      points,
    };
  });
  const seen = new Map<number, XValue>();
  for (const s of series) for (const p of s.points) if (!seen.has(xNumber(p.x))) seen.set(xNumber(p.x), p.x);
  const xs = [...seen.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1]);
  const format = opts.format ?? formatNumber;
  const text = opts.text ?? englishChartText;
  return {
    text,
    id: chartId('line', opts.id, opts.title, opts.description),
    isTime: kind === 'date',
    series,
    xs,
    format: (v) => safeFormat(format, v),
    xFormat: opts.xFormat ?? makeXFormat(xs, text),
  };
}

/** Render the line chart as an SVG string. */
export function renderLineChart(opts: LineChartOptions): string {
  const { width, height } = opts;
  assertPositiveSize(width, height);
  const p = prepare(opts);
  const { id } = p;
  const fontSize = 13;
  const parts: string[] = [
    svgOpen({ id, width, height, title: opts.title, description: opts.description, kind: 'line' }),
  ];

  const ys: number[] = [];
  for (const s of p.series)
    for (const pt of s.points) for (const v of [pt.y, pt.lower, pt.upper]) if (finite(v)) ys.push(v);
  if (ys.length === 0) {
    parts.push(
      `<text x="${n(width / 2)}" y="${n(height / 2)}" text-anchor="middle" font-size="16" fill="${TEXT_COLOUR}">${escapeXml(p.text('charts.noDataToShow'))}</text></svg>`,
    );
    return parts.join('');
  }
  for (const r of opts.referenceLines ?? []) if (finite(r.value)) ys.push(r.value);

  // Legend rows (wrapped) above the plot.
  const legendItems = p.series.map((s) => ({ s, w: 36 + estimateTextWidth(s.name, fontSize) + 16 }));
  const legendLines: (typeof legendItems)[] = [[]];
  let used = 0;
  for (const item of legendItems) {
    const w = Math.min(item.w, width - 16);
    if (used + w > width - 16 && legendLines[legendLines.length - 1].length > 0) {
      legendLines.push([]);
      used = 0;
    }
    legendLines[legendLines.length - 1].push({ ...item, w });
    used += w;
  }
  const legendH = p.series.length > 1 || p.series[0]?.name ? legendLines.length * 20 + 8 : 0;

  // y domain and ticks
  let [y0, y1] =
    opts.yDomain && finite(opts.yDomain[0]) && finite(opts.yDomain[1])
      ? opts.yDomain
      : [Math.min(...ys), Math.max(...ys)];
  if (!opts.yDomain && (opts.includeZero ?? true) && y0 >= 0) y0 = 0;
  if (y1 - y0 < 1e-9) {
    [y0, y1] = safeDomain(y0, y1);
    if (!opts.yDomain && (opts.includeZero ?? true) && y0 < 0 && Math.min(...ys) >= 0) y0 = 0;
  }
  const y = scaleLinear().domain(safeDomain(y0, y1));
  if (!opts.yDomain) y.nice(5);
  const yTicks = opts.integerTicks ? safeTicks(y, 5).filter((v) => Number.isInteger(v)) : safeTicks(y, 5);
  const yTickLabels = yTicks.map((t) => (opts.yTickFormat ?? p.format)(t));
  const left = 12 + Math.max(0, ...yTickLabels.map((t) => estimateTextWidth(t, fontSize))) + (opts.yLabel ? 20 : 0);
  const right = 16;
  const top = 10 + legendH;
  const bottom = 30 + (opts.xLabel ? 20 : 0);
  const plotW = Math.max(10, width - left - right);
  const plotH = Math.max(10, height - top - bottom);
  y.range([plotH, 0]);

  const xMin = xNumber(p.xs[0]);
  const xMax = xNumber(p.xs[p.xs.length - 1]);
  const timeScale = scaleUtc()
    .domain([new Date(xMin), new Date(xMax)])
    .range([0, plotW]);
  const numberScale = scaleLinear()
    .domain(xMin === xMax ? [xMin - 1, xMax + 1] : [xMin, xMax])
    .range([0, plotW]);
  const X = (x: XValue): number => (x instanceof Date ? timeScale(x) : numberScale(x));
  const maxXTicks = Math.max(2, Math.floor(plotW / 80));
  let xTicks: XValue[];
  // Up to 60 periods, label the data's own periods (thinned below), so the first and last period carry a label.
  if (p.xs.length <= Math.max(maxXTicks, 60)) xTicks = p.xs;
  else if (p.isTime) xTicks = timeScale.ticks(maxXTicks);
  else {
    xTicks = safeTicks(numberScale, maxXTicks);
    if (p.xs.every((x) => Number.isInteger(x))) xTicks = xTicks.filter((t) => Number.isInteger(t));
  }
  // d3's tick counts are approximate and labels differ in width: thin the ticks so no two labels overlap.
  const xLabels = placeAxisLabels(
    xTicks.map((t) => ({ x: X(t), label: p.xFormat(t) })),
    { min: -left, max: plotW + right, fontSize },
  );

  parts.push(`<g transform="translate(${n(left)},${n(top)})" font-size="${fontSize}" fill="${TEXT_COLOUR}">`);
  // gridlines + y ticks
  parts.push('<g class="app-chart__y-axis">');
  yTicks.forEach((t, i) => {
    const ty = y(t);
    parts.push(
      `<line x1="0" x2="${n(plotW)}" y1="${n(ty)}" y2="${n(ty)}" stroke="${GRID_COLOUR}" stroke-width="1"/>` +
        `<text x="-8" y="${n(ty + 4)}" text-anchor="end">${escapeXml(yTickLabels[i])}</text>`,
    );
  });
  if (opts.yLabel) {
    parts.push(
      `<text transform="translate(${n(-left + 14)},${n(plotH / 2)}) rotate(-90)" text-anchor="middle">${xmlText(truncateText(opts.yLabel, plotH, fontSize))}</text>`,
    );
  }
  parts.push('</g>');
  // x axis
  parts.push(
    `<g class="app-chart__x-axis"><line x1="0" x2="${n(plotW)}" y1="${n(plotH)}" y2="${n(plotH)}" stroke="${TEXT_COLOUR}" stroke-width="1"/>`,
  );
  for (const { x: tx, label, anchor } of xLabels) {
    parts.push(
      `<line x1="${n(tx)}" x2="${n(tx)}" y1="${n(plotH)}" y2="${n(plotH + 5)}" stroke="${TEXT_COLOUR}"/>` +
        `<text x="${n(tx)}" y="${n(plotH + 19)}" text-anchor="${anchor}">${escapeXml(label)}</text>`,
    );
  }
  if (opts.xLabel) {
    parts.push(
      `<text x="${n(plotW / 2)}" y="${n(plotH + 40)}" text-anchor="middle">${xmlText(truncateText(opts.xLabel, plotW, fontSize))}</text>`,
    );
  }
  parts.push('</g>');

  // reference lines, labelled at the right: each label sits just above its line, or below it when it would
  // overlap the label of a line above (a baseline and a target close together), and never on top of another.
  const refs = (opts.referenceLines ?? [])
    .filter((r) => finite(r.value))
    .map((r) => ({ r, ry: y(r.value) }))
    .filter(({ ry }) => ry >= -0.5 && ry <= plotH + 0.5)
    .sort((a, b) => a.ry - b.ry);
  let lastLabelY = -Infinity;
  const refLabels: string[] = [];
  for (const { r, ry } of refs) {
    let ly = ry - 5;
    if (ly - lastLabelY < fontSize + 2) ly = Math.max(ry + fontSize + 3, lastLabelY + fontSize + 2);
    lastLabelY = ly;
    const label = `${r.label}: ${p.format(r.value)}`;
    parts.push(
      `<line class="app-chart__reference" x1="0" x2="${n(plotW)}" y1="${n(ry)}" y2="${n(ry)}" stroke="#d4351c" stroke-width="2" stroke-dasharray="6 4"/>`,
    );
    // drawn after the series, with a white halo, so a line through the label does not hide it, and clear of
    // the marker of the last point at the right edge
    refLabels.push(
      `<text class="app-chart__reference-label" x="${n(plotW - 6)}" y="${n(ly)}" text-anchor="end" fill="#d4351c" stroke="#ffffff" stroke-width="3" paint-order="stroke">${xmlText(truncateText(label, plotW, fontSize))}</text>`,
    );
  }

  // bands first, then lines on top
  const band = d3area<LinePoint>()
    .defined((d) => finite(d.lower) && finite(d.upper))
    .x((d) => X(d.x))
    .y0((d) => y(d.lower as number))
    .y1((d) => y(d.upper as number));
  const line = d3line<LinePoint>()
    .defined((d) => finite(d.y))
    .x((d) => X(d.x))
    .y((d) => y(d.y as number));
  const clean = (d: string | null) => (d && !d.includes('NaN') ? d : '');
  p.series.forEach((s, i) => {
    if (s.points.some((pt) => finite(pt.lower) && finite(pt.upper))) {
      parts.push(
        `<path class="app-chart__band" data-series="${i}" d="${clean(band(s.points))}" fill="${s.colour}" fill-opacity="0.18" stroke="none"/>`,
      );
    }
  });
  p.series.forEach((s, i) => {
    const dash = s.dash ? ` stroke-dasharray="${s.dash}"` : '';
    parts.push(
      `<path class="app-chart__line" data-series="${i}" d="${clean(line(s.points))}" fill="none" stroke="${s.colour}" stroke-width="2.5" stroke-linejoin="round" stroke-linecap="round"${dash}><title>${xmlTitle(s.name)}</title></path>`,
    );
    // markers so isolated points (between gaps) are visible
    if (s.points.length <= 40) {
      for (const pt of s.points) {
        if (!finite(pt.y)) continue;
        parts.push(
          `<circle cx="${n(X(pt.x))}" cy="${n(y(pt.y))}" r="3.5" fill="${s.colour}" stroke="#ffffff" stroke-width="1"><title>${xmlTitle(`${s.name}, ${p.xFormat(pt.x)}: ${p.format(pt.y)}`)}</title></circle>`,
        );
      }
    }
  });
  parts.push(...refLabels);
  parts.push('</g>');

  // legend
  if (legendH > 0) {
    parts.push(`<g class="app-chart__legend" font-size="${fontSize}" fill="${TEXT_COLOUR}">`);
    legendLines.forEach((items, li) => {
      let lx = 8;
      const ly = 8 + li * 20;
      for (const { s, w } of items) {
        const dash = s.dash ? ` stroke-dasharray="${s.dash}"` : '';
        parts.push(
          `<line x1="${n(lx)}" x2="${n(lx + 28)}" y1="${n(ly + 7)}" y2="${n(ly + 7)}" stroke="${s.colour}" stroke-width="2.5"${dash}/>` +
            `<text x="${n(lx + 34)}" y="${n(ly + 11)}">${xmlText(truncateText(s.name, w - 50, fontSize))}</text>`,
        );
        lx += w;
      }
    });
    parts.push('</g>');
  }
  parts.push('</svg>');
  return parts.join('');
}

/** Plain-English summary: how each series changed from its first to its last value. */
export function summariseLineChart(opts: Pick<LineChartOptions, 'series' | 'format' | 'xFormat' | 'text'>): string {
  const p = prepare({ ...opts, width: 1, height: 1, title: '', description: '' });
  const tx = p.text;
  const clauses: string[] = [];
  for (const s of p.series) {
    const pts = s.points.filter((pt) => finite(pt.y));
    if (pts.length === 0) {
      clauses.push(tx('charts.line.noData', { series: s.name }));
      continue;
    }
    const a = pts[0];
    const b = pts[pts.length - 1];
    // "in Mar 2024" or "in 2024", but "on 5 Mar 2024".
    const when = (x: XValue) => {
      const label = p.xFormat(x);
      return tx(/^\d{1,2} /.test(label) ? 'charts.line.on' : 'charts.line.in', { when: label });
    };
    if (pts.length === 1) {
      clauses.push(tx('charts.line.once', { series: s.name, value: p.format(a.y as number), at: when(a.x) }));
      continue;
    }
    const fa = p.format(a.y as number);
    const fb = p.format(b.y as number);
    clauses.push(
      fa === fb
        ? tx('charts.line.unchanged', { series: s.name, value: fb, from: p.xFormat(a.x), to: p.xFormat(b.x) })
        : tx((b.y as number) > (a.y as number) ? 'charts.line.rose' : 'charts.line.fell', {
            series: s.name,
            first: fa,
            firstAt: when(a.x),
            last: fb,
            lastAt: when(b.x),
          }),
    );
  }
  if (clauses.length === 0) return tx('charts.line.none');
  const first = clauses.slice(0, 3).join('; ');
  const more = clauses.length > 3 ? ` ${tx('charts.line.more', { count: clauses.length - 3 })}` : '';
  return `${first.charAt(0).toUpperCase()}${first.slice(1)}.${more}`;
}

/** Table alternative: one row per x value, one column per series (with interval when present). */
export function lineChartTable(opts: LineChartOptions): ChartTable {
  const p = prepare(opts);
  const tx = p.text;
  const head: ChartTable['head'] = [{ text: opts.xLabel ?? tx('charts.period') }];
  const hasBand = p.series.map((s) => s.points.some((pt) => finite(pt.lower) && finite(pt.upper)));
  p.series.forEach((s, i) => {
    head.push({ text: s.name, format: 'numeric' });
    if (hasBand[i])
      head.push({
        text: opts.intervalLabel
          ? `${s.name}: ${opts.intervalLabel.toLowerCase()}`
          : tx('charts.seriesInterval', { series: s.name }),
        format: 'numeric',
      });
  });
  const rows = p.xs.map((x) => {
    const row: ChartTable['rows'][number] = [{ text: p.xFormat(x) }];
    p.series.forEach((s, i) => {
      const pt = s.points.find((q) => xNumber(q.x) === xNumber(x));
      row.push({ text: pt && finite(pt.y) ? p.format(pt.y) : tx('charts.noData'), format: 'numeric' });
      if (hasBand[i]) {
        row.push({
          text:
            pt && finite(pt.lower) && finite(pt.upper)
              ? tx('charts.range', { lower: p.format(pt.lower), upper: p.format(pt.upper) })
              : tx('charts.noData'),
          format: 'numeric',
        });
      }
    });
    return row;
  });
  return { caption: opts.title, head, rows };
}

export function lineChartFigure(opts: LineChartOptions): ChartOutput {
  return chartOutput(renderLineChart(opts), summariseLineChart(opts), lineChartTable(opts));
}
