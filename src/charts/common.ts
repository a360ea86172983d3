/**
 * Shared helpers for the server-rendered SVG charts: escaping, ids, colours, number formatting,
 * and the table shape every chart returns (matches the GOV.UK Frontend `govukTable` params).
 */

import { hasMarks, markedMarkup, truncateMarked, unmarked } from '../lib/lang-marks.ts';
import { englishChartText, joinNamesIn } from './text.ts';

export { CHART_TEXT_EN, englishChartText, joinNamesIn, monthNames, type ChartText } from './text.ts';

/**
 * Escape text for XML element content and attribute values. Text marked as another language (src/lib/lang-marks.ts)
 * loses its marks: use `xmlText` or `xmlTitle` for element content that should keep them.
 */
export function escapeXml(value: string): string {
  return (
    unmarked(value)
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&#39;')
      // characters not allowed in XML 1.0
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
  );
}

/** The content of an SVG `text` element: each part marked as another language in a `<tspan lang>`. */
export function xmlText(value: string): string {
  return markedMarkup(value, escapeXml, 'tspan');
}

/**
 * The content of an SVG `title` or `desc` element, or of HTML: each part marked as another language in a
 * `<span lang>` (in a page, SVG `title` and `desc` hold HTML, so the span keeps the language for assistive
 * technology and the page's language checks).
 */
export function xmlTitle(value: string): string {
  return markedMarkup(value, escapeXml, 'span');
}

export interface TableCell {
  text: string;
  /** The cell as HTML when part of it is marked as another language (govukTable prefers it to `text`). */
  html?: string;
  format?: 'numeric';
}

/** Data for an accessible table alternative; pass to `govukTable({ caption, head, rows })`. */
export interface ChartTable {
  caption: string;
  /** The caption as HTML when part of it is marked as another language. */
  captionHtml?: string;
  head: TableCell[];
  rows: TableCell[][];
}

/** A chart's outputs together. */
export interface ChartOutput {
  svg: string;
  /** The summary as plain text (for PDFs and tests). */
  summary: string;
  /** The summary as HTML, names written in another language in `<span lang>` (for the page's figcaption). */
  summaryHtml: string;
  table: ChartTable;
}

/** A table with marked text as plain `text` and, where marked, `html`. */
function tableOut(table: ChartTable): ChartTable {
  const cell = (c: TableCell): TableCell =>
    hasMarks(c.text) ? { ...c, text: unmarked(c.text), html: xmlTitle(c.text) } : c;
  return {
    caption: unmarked(table.caption),
    ...(hasMarks(table.caption) ? { captionHtml: xmlTitle(table.caption) } : {}),
    head: table.head.map(cell),
    rows: table.rows.map((r) => r.map(cell)),
  };
}

/** A chart's SVG, summary and table as figures hand them to pages (see ChartOutput). */
export function chartOutput(svg: string, summary: string, table: ChartTable): ChartOutput {
  return { svg, summary: unmarked(summary), summaryHtml: xmlTitle(summary), table: tableOut(table) };
}

/** Text colour (GOV.UK black) and secondary text colour. */
export const TEXT_COLOUR = '#0b0c0c';
export const SECONDARY_TEXT_COLOUR = '#505a5f';
/** Light grey for gridlines (decorative, not required to meet contrast). */
export const GRID_COLOUR = '#d9dadb';
export const FONT_FAMILY = 'arial, sans-serif';

/**
 * Categorical colours for lines, whiskers and markers. Each has at least 3:1 contrast with white
 * (WCAG 2.2 SC 1.4.11); series are also told apart by dash pattern, not colour alone.
 */
export const SERIES_COLOURS: readonly string[] = ['#12436d', '#a75f00', '#801650', '#1f7f78', '#3d3d3d', '#6f72af'];
export const SERIES_DASHES: readonly (string | null)[] = [null, '8 4', '2 3', '10 3 2 3', '4 4', '1 2'];

/** Sequential ColorBrewer "Blues" palettes, by number of classes (1–7). Light to dark. */
export const SEQUENTIAL_BLUES: Readonly<Record<number, readonly string[]>> = {
  1: ['#6baed6'],
  2: ['#c6dbef', '#3182bd'],
  3: ['#deebf7', '#9ecae1', '#3182bd'],
  4: ['#eff3ff', '#bdd7e7', '#6baed6', '#2171b5'],
  5: ['#eff3ff', '#bdd7e7', '#6baed6', '#3182bd', '#08519c'],
  6: ['#eff3ff', '#c6dbef', '#9ecae1', '#6baed6', '#3182bd', '#08519c'],
  7: ['#eff3ff', '#c6dbef', '#9ecae1', '#6baed6', '#4292c6', '#2171b5', '#084594'],
};
export const MAX_CLASSES = 7;

/** WCAG relative luminance of a #rrggbb colour. */
export function relativeLuminance(hex: string): number {
  const m = /^#([0-9a-f]{6})$/i.exec(hex);
  if (!m) throw new Error(`Expected #rrggbb colour, got ${hex}`);
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = parseInt(m[1].slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio between two #rrggbb colours (1–21). */
export function contrastRatio(a: string, b: string): number {
  const la = relativeLuminance(a);
  const lb = relativeLuminance(b);
  const [hi, lo] = la > lb ? [la, lb] : [lb, la];
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * Default number format: locale-independent and deterministic. Two decimal places below 10,
 * one below 1,000, whole numbers with thousands separators above.
 */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return 'no data';
  const abs = Math.abs(value);
  let text: string;
  if (abs >= 1000) {
    text = Math.round(value)
      .toString()
      .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  } else {
    text = value.toFixed(abs >= 10 ? 1 : 2);
  }
  // avoid "-0.00"
  return /^-[0.,]*$/.test(text) ? text.slice(1) : text;
}

/** Format a proportion (0–1) as a percentage with the given decimals, e.g. 0.123 → "12.3%". */
export function formatPercent(value: number, decimals = 1): string {
  if (!Number.isFinite(value)) return 'no data';
  const text = (value * 100).toFixed(decimals);
  return `${/^-[0.]*$/.test(text) ? text.slice(1) : text}%`;
}

/** Safe wrapper around a user-supplied formatter: never returns NaN text. */
export function safeFormat(format: (v: number) => string, value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'no data';
  const out = format(value);
  return typeof out === 'string' ? out : String(out);
}

/** Round a coordinate for SVG output (2 dp); non-finite becomes 0 so "NaN" never appears. */
export function n(value: number): string {
  if (!Number.isFinite(value)) return '0';
  const r = Math.round(value * 100) / 100;
  return String(r === 0 ? 0 : r);
}

/** Deterministic short hash (FNV-1a, base 36) for default element ids. */
export function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}

/** Valid id from a user-supplied id, or a deterministic one derived from the content. */
export function chartId(kind: string, given: string | undefined, ...parts: string[]): string {
  if (given !== undefined) {
    const cleaned = given.replace(/[^A-Za-z0-9_-]/g, '-');
    return /^[A-Za-z]/.test(cleaned) ? cleaned : `c-${cleaned}`;
  }
  return `${kind}-${shortHash(parts.join('\u0000'))}`;
}

/** Rough text width for layout (no DOM to measure with). */
export function estimateTextWidth(text: string, fontSize: number): number {
  return unmarked(text).length * fontSize * 0.56;
}

/** Shorten text to fit roughly within `width` pixels, adding an ellipsis. */
export function truncateText(text: string, width: number, fontSize: number): string {
  const max = Math.max(1, Math.floor(width / (fontSize * 0.56)));
  if (hasMarks(text)) return truncateMarked(text, max);
  if (text.length <= max) return text;
  return `${text.slice(0, Math.max(1, max - 1)).trimEnd()}…`;
}

/** A tick label placed on a horizontal axis: where it is drawn, how it is anchored and the span it covers. */
export interface AxisLabel {
  /** Index of the tick in the list given to `placeAxisLabels`. */
  index: number;
  x: number;
  label: string;
  anchor: 'start' | 'middle' | 'end';
  /** Estimated left and right edges of the drawn text. */
  start: number;
  end: number;
}

/**
 * Tick labels for a horizontal axis that never overlap one another nor run past the chart's edges (`min`..`max`,
 * in the same coordinates as the ticks' x). Each label is centred on its tick unless that would cross an edge, where
 * it is anchored at that end instead. Ticks are then thinned, evenly (every k-th, smallest k that fits) unless keeping
 * greedily from the left leaves more, always keeping the first tick and the last too when it fits (dropping the ones
 * before it if needed): the end-anchored last date used to sit on top of its neighbour ("15 Nov 202629 Nov 2026"). `gap` is the least space between labels;
 * the default (one em) also absorbs fonts a little wider than the Arial the width estimate assumes.
 */
export function placeAxisLabels(
  ticks: readonly { x: number; label: string }[],
  opts: { min: number; max: number; fontSize: number; gap?: number },
): AxisLabel[] {
  const { min, max, fontSize } = opts;
  const gap = opts.gap ?? fontSize;
  const room = Math.max(1, max - min);
  const placed: AxisLabel[] = ticks.map((t, index) => {
    const label = truncateText(t.label, room, fontSize);
    const w = estimateTextWidth(label, fontSize);
    if (t.x + w / 2 > max) return { index, x: t.x, label, anchor: 'end', start: t.x - w, end: t.x };
    if (t.x - w / 2 < min) return { index, x: t.x, label, anchor: 'start', start: t.x, end: t.x + w };
    return { index, x: t.x, label, anchor: 'middle', start: t.x - w / 2, end: t.x + w / 2 };
  });
  const count = placed.length;
  if (count <= 1) return placed;
  const clear = (a: AxisLabel, b: AxisLabel) => b.start >= a.end + gap;
  const last = placed[count - 1];
  /** `keep` (which starts with the first label) with the last label added, dropping those it would overlap. */
  const withLast = (keep: AxisLabel[]): AxisLabel[] => {
    if (keep[keep.length - 1] === last) return keep;
    while (keep.length > 1 && !clear(keep[keep.length - 1], last)) keep.pop();
    return clear(keep[keep.length - 1], last) ? [...keep, last] : keep;
  };
  // Evenly thinned: every k-th label, for the smallest k that leaves no overlap.
  let even: AxisLabel[] = [placed[0]];
  for (let k = 1; k < count; k++) {
    const keep = withLast(placed.filter((_, i) => i % k === 0));
    if (keep.every((b, i) => i === 0 || clear(keep[i - 1], b))) {
      even = keep;
      break;
    }
  }
  // Greedy from the left: better when the ticks are unevenly spaced (2001, 2011, 2021, 2022, ...).
  const greedy: AxisLabel[] = [placed[0]];
  for (const b of placed.slice(1)) if (clear(greedy[greedy.length - 1], b)) greedy.push(b);
  const greedyWithLast = withLast(greedy);
  return greedyWithLast.length > even.length ? greedyWithLast : even;
}

/** Opening `<svg>` tag with the accessibility attributes, plus title and desc. */
export function svgOpen(opts: {
  id: string;
  width: number;
  height: number;
  title: string;
  description: string;
  kind: string;
  role?: 'img' | 'group';
}): string {
  const { id, width, height, title, description, kind } = opts;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" id="${escapeXml(id)}" class="app-chart app-chart--${kind}" ` +
    `viewBox="0 0 ${n(width)} ${n(height)}" width="${n(width)}" height="${n(height)}" ` +
    `role="${opts.role ?? 'img'}" aria-labelledby="${escapeXml(id)}-title ${escapeXml(id)}-desc" ` +
    `font-family="${FONT_FAMILY}">` + // sized by the .app-chart class: inline styles are blocked by our CSP
    `<title id="${escapeXml(id)}-title">${xmlTitle(title)}</title>` +
    `<desc id="${escapeXml(id)}-desc">${xmlTitle(description)}</desc>`
  );
}

/** Join names for summaries in English: "A", "A and B", "A, B and 3 others" (see `joinNamesIn` for other languages). */
export function joinNames(names: readonly string[], max = 2): string {
  return joinNamesIn(englishChartText, names, max);
}

export function assertPositiveSize(width: number, height: number): void {
  if (!(Number.isFinite(width) && width > 0 && Number.isFinite(height) && height > 0)) {
    throw new RangeError(`Chart width and height must be positive numbers, got ${width}×${height}`);
  }
}

/**
 * Make a numeric domain safe for d3 scales: finite, and at least a tiny span wide (ranges
 * narrower than 1e-9, including denormal noise, are widened around their midpoint).
 */
export function safeDomain(d0: number, d1: number): [number, number] {
  let a = Number.isFinite(d0) ? d0 : 0;
  let b = Number.isFinite(d1) ? d1 : a;
  if (a > b) [a, b] = [b, a];
  if (b - a < 1e-9) {
    const mid = (a + b) / 2;
    const half = Math.abs(mid) >= 1e-9 ? Math.abs(mid) * 0.1 : 1;
    a = mid - half;
    b = mid + half;
  }
  return [a, b];
}

/** `scale.ticks(count)` that never throws and only returns finite values. */
export function safeTicks(scale: { ticks(count?: number): number[] }, count: number): number[] {
  try {
    return scale.ticks(count).filter((t) => Number.isFinite(t));
  } catch {
    return [];
  }
}
