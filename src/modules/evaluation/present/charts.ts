/**
 * Server-rendered SVG for evaluation pages, each with a text equivalent beside it on the page: the theory of
 * change (five stages left to right, assumptions underneath) and the love plot (each covariate's absolute
 * standardised mean difference before and after matching, with the 0.1 and 0.25 lines).
 */
import {
  escapeXml,
  xmlTitle,
  FONT_FAMILY,
  GRID_COLOUR,
  SECONDARY_TEXT_COLOUR,
  TEXT_COLOUR,
} from '../../../charts/common.ts';
import { THEORY_STAGES, type BalanceLine, type Theory } from '../model.ts';

/** Splits text into lines of at most `width` characters, breaking at spaces, at most `max` lines. */
export function wrap(text: string, width: number, max = 4): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    const next = line ? `${line} ${w}` : w;
    if (next.length <= width || !line) line = next;
    else {
      lines.push(line);
      line = w;
    }
  }
  if (line) lines.push(line);
  if (lines.length > max) return [...lines.slice(0, max - 1), `${lines[max - 1].slice(0, width - 1)}…`];
  return lines.map((l) => (l.length > width ? `${l.slice(0, width - 1)}…` : l));
}

const BOX_W = 170;
const GAP = 30;
const LINE_H = 15;

/**
 * The theory of change as a diagram; `labels` are the translated stage names, `title` its accessible name. The
 * items are stored text: `itemLang` is the language they were written in when that is not the page's.
 */
export function theorySvg(
  theory: Theory,
  labels: Record<string, string>,
  title: string,
  desc: string,
  itemLang?: string,
): string {
  const langAttr = itemLang && /^[a-z]{2}$/.test(itemLang) ? ` lang="${itemLang}"` : '';
  const cols = THEORY_STAGES.map((stage) => {
    const items = (theory[stage] ?? []).map((s) => wrap(s, 24));
    return { stage, items, height: 34 + items.reduce((h, l) => h + l.length * LINE_H + 8, 0) };
  });
  const bodyH = Math.max(120, ...cols.map((c) => c.height));
  const assumptions = (theory.assumptions ?? []).map((s) => wrap(s, 120, 2));
  const assumH = assumptions.length ? 30 + assumptions.reduce((h, l) => h + l.length * LINE_H + 4, 0) : 0;
  const width = THEORY_STAGES.length * BOX_W + (THEORY_STAGES.length - 1) * GAP + 2;
  const height = bodyH + assumH + 12;
  const parts: string[] = [];
  cols.forEach((c, k) => {
    const x = 1 + k * (BOX_W + GAP);
    parts.push(
      `<rect x="${x}" y="1" width="${BOX_W}" height="${bodyH}" fill="#ffffff" stroke="${TEXT_COLOUR}" stroke-width="2"/>`,
    );
    parts.push(
      `<text x="${x + 8}" y="22" font-weight="bold" font-size="15" fill="${TEXT_COLOUR}">${escapeXml(labels[c.stage] ?? c.stage)}</text>`,
    );
    let y = 44;
    for (const lines of c.items) {
      lines.forEach((l, i) => {
        parts.push(
          `<text x="${x + 8}" y="${y + i * LINE_H}" font-size="13" fill="${TEXT_COLOUR}"${langAttr}>${i === 0 ? '• ' : '  '}${escapeXml(l)}</text>`,
        );
      });
      y += lines.length * LINE_H + 8;
    }
    if (k < cols.length - 1) {
      const ax = x + BOX_W + 4;
      const ay = bodyH / 2;
      parts.push(
        `<line x1="${ax}" y1="${ay}" x2="${ax + GAP - 12}" y2="${ay}" stroke="${TEXT_COLOUR}" stroke-width="2"/>`,
      );
      parts.push(
        `<polygon points="${ax + GAP - 12},${ay - 6} ${ax + GAP - 4},${ay} ${ax + GAP - 12},${ay + 6}" fill="${TEXT_COLOUR}"/>`,
      );
    }
  });
  if (assumptions.length) {
    let y = bodyH + 30;
    parts.push(
      `<text x="1" y="${y}" font-weight="bold" font-size="14" fill="${TEXT_COLOUR}">${escapeXml(labels.assumptions ?? 'Assumptions')}</text>`,
    );
    y += 18;
    for (const lines of assumptions) {
      lines.forEach((l, i) =>
        parts.push(
          `<text x="8" y="${y + i * LINE_H}" font-size="13" fill="${SECONDARY_TEXT_COLOUR}"${langAttr}>${i === 0 ? '• ' : '  '}${escapeXml(l)}</text>`,
        ),
      );
      y += lines.length * LINE_H + 4;
    }
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="toc-title toc-desc" font-family="${FONT_FAMILY}"><title id="toc-title">${xmlTitle(title)}</title><desc id="toc-desc">${xmlTitle(desc)}</desc>${parts.join('')}</svg>`;
}

/** Roughly how wide `text` is at `size` px in Arial (average glyph about 0.55 em), for laying out labels. */
const textWidth = (text: string, size: number) => text.length * size * 0.55;

/**
 * The love plot: |SMD| before (open circles) and after (filled) for each covariate. Covariate names wrap onto
 * up to three lines inside the left margin (never clipped at the edge), and the legend's second entry starts
 * after the first one's text, however long the translation.
 */
export function lovePlotSvg(
  rows: readonly BalanceLine[],
  labels: { title: string; desc: string; before: string; after: string; axis: string },
): string {
  const left = 170;
  const plotW = 360;
  const lineH = 15;
  const chars = Math.floor((left - 16) / (13 * 0.55));
  const names = rows.map((r) => wrap(r.covariate, chars, 3));
  const rowHs = names.map((n) => Math.max(28, n.length * lineH + 10));
  const top = 40;
  const plotH = rowHs.reduce((a, b) => a + b, 0);
  const values = rows.flatMap((r) => [r.smdBefore, r.smdAfter]).filter((v): v is number => v !== null);
  const max = Math.max(0.5, ...values.map(Math.abs)) * 1.05;
  const x = (v: number) => left + (Math.abs(v) / max) * plotW;
  const height = top + plotH + 40;
  const parts: string[] = [];
  for (const ref of [0, 0.1, 0.25]) {
    parts.push(
      `<line x1="${x(ref)}" y1="${top - 8}" x2="${x(ref)}" y2="${top + plotH}" stroke="${ref === 0 ? TEXT_COLOUR : GRID_COLOUR}" stroke-width="${ref === 0 ? 1 : 2}"${ref === 0.1 ? ' stroke-dasharray="4 3"' : ''}/>`,
    );
    parts.push(
      `<text x="${x(ref)}" y="${top + plotH + 16}" font-size="12" text-anchor="middle" fill="${SECONDARY_TEXT_COLOUR}">${ref}</text>`,
    );
  }
  parts.push(
    `<text x="${left + plotW / 2}" y="${top + plotH + 34}" font-size="12" text-anchor="middle" fill="${TEXT_COLOUR}">${escapeXml(labels.axis)}</text>`,
  );
  let rowTop = top;
  rows.forEach((r, i) => {
    const y = rowTop + rowHs[i] / 2;
    const lines = names[i];
    lines.forEach((line, k) =>
      parts.push(
        `<text x="${left - 10}" y="${y + 4 + (k - (lines.length - 1) / 2) * lineH}" font-size="13" text-anchor="end" fill="${TEXT_COLOUR}">${escapeXml(line)}</text>`,
      ),
    );
    if (r.smdBefore !== null)
      parts.push(`<circle cx="${x(r.smdBefore)}" cy="${y}" r="6" fill="#ffffff" stroke="#12436d" stroke-width="2"/>`);
    if (r.smdAfter !== null) parts.push(`<circle cx="${x(r.smdAfter)}" cy="${y}" r="5" fill="#a75f00"/>`);
    rowTop += rowHs[i];
  });
  const afterX = left + Math.max(170, 12 + textWidth(labels.before, 13) + 30);
  parts.push(`<circle cx="${left}" cy="14" r="6" fill="#ffffff" stroke="#12436d" stroke-width="2"/>`);
  parts.push(`<text x="${left + 12}" y="18" font-size="13" fill="${TEXT_COLOUR}">${escapeXml(labels.before)}</text>`);
  parts.push(`<circle cx="${afterX}" cy="14" r="5" fill="#a75f00"/>`);
  parts.push(`<text x="${afterX + 12}" y="18" font-size="13" fill="${TEXT_COLOUR}">${escapeXml(labels.after)}</text>`);
  const width = Math.max(left + plotW + 30, afterX + 12 + textWidth(labels.after, 13) + 4);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${Math.ceil(width)} ${height}" width="100%" role="img" aria-labelledby="love-title love-desc" font-family="${FONT_FAMILY}"><title id="love-title">${xmlTitle(labels.title)}</title><desc id="love-desc">${xmlTitle(labels.desc)}</desc>${parts.join('')}</svg>`;
}

/** One period of the event-study chart, in the units shown (percentage points or 0–10 points). */
export interface EventStudyPoint {
  label: string;
  estimate: number;
  ciLow: number;
  ciHigh: number;
  reference: boolean;
  post: boolean;
}

/**
 * The event study: each wave's estimate relative to the reference wave with its 95% interval (a vertical line
 * and a dot; the reference an open circle at 0), a zero line, and a dashed line where the programme starts
 * (between the last wave before it and the first after it).
 */
export function eventStudySvg(
  periods: readonly EventStudyPoint[],
  labels: {
    title: string;
    desc: string;
    start: string;
    /** The language of the stored wave names, when not the page's. */ labelLang?: string;
  },
): string {
  const left = 56;
  const top = 34;
  const plotH = 220;
  const step = Math.max(90, Math.min(150, 600 / Math.max(1, periods.length)));
  const plotW = step * periods.length;
  const values = periods.flatMap((p) => [p.ciLow, p.ciHigh, 0]);
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  const pad = Math.max(1, (hi - lo) * 0.1);
  lo -= pad;
  hi += pad;
  const y = (v: number) => top + ((hi - v) / (hi - lo)) * plotH;
  const x = (i: number) => left + step * (i + 0.5);
  const parts: string[] = [];
  // Axis ticks: about five round values.
  const raw = (hi - lo) / 5;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const tick = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  for (let v = Math.ceil(lo / tick) * tick; v <= hi; v += tick) {
    const value = Math.abs(v) < tick / 1e6 ? 0 : v;
    parts.push(
      `<line x1="${left}" y1="${y(value)}" x2="${left + plotW}" y2="${y(value)}" stroke="${value === 0 ? TEXT_COLOUR : GRID_COLOUR}" stroke-width="${value === 0 ? 2 : 1}"/>`,
    );
    parts.push(
      `<text x="${left - 8}" y="${y(value) + 4}" font-size="12" text-anchor="end" fill="${SECONDARY_TEXT_COLOUR}">${escapeXml(String(Number(value.toFixed(6))).replace('-', '−'))}</text>`,
    );
  }
  const firstPost = periods.findIndex((p) => p.post);
  if (firstPost > 0) {
    const sx = left + step * firstPost;
    parts.push(
      `<line x1="${sx}" y1="${top - 10}" x2="${sx}" y2="${top + plotH}" stroke="${TEXT_COLOUR}" stroke-width="2" stroke-dasharray="6 4"/>`,
    );
    // The marker's label runs right of the line, or left of it when there is no room.
    const room = left + plotW - sx > labels.start.length * 7.5 + 6;
    parts.push(
      `<text x="${room ? sx + 6 : sx - 6}" y="${top - 14}" font-size="13"${room ? '' : ' text-anchor="end"'} fill="${TEXT_COLOUR}">${escapeXml(labels.start)}</text>`,
    );
  }
  periods.forEach((p, i) => {
    const cx = x(i);
    if (p.reference) {
      parts.push(`<circle cx="${cx}" cy="${y(0)}" r="6" fill="#ffffff" stroke="#12436d" stroke-width="2"/>`);
    } else {
      parts.push(
        `<line x1="${cx}" y1="${y(p.ciLow)}" x2="${cx}" y2="${y(p.ciHigh)}" stroke="#12436d" stroke-width="3"/>`,
      );
      for (const v of [p.ciLow, p.ciHigh])
        parts.push(`<line x1="${cx - 6}" y1="${y(v)}" x2="${cx + 6}" y2="${y(v)}" stroke="#12436d" stroke-width="2"/>`);
      parts.push(`<circle cx="${cx}" cy="${y(p.estimate)}" r="6" fill="${p.post ? '#a75f00' : '#12436d'}"/>`);
    }
    wrap(p.label, Math.floor(step / 8), 2).forEach((line, k) =>
      parts.push(
        `<text x="${cx}" y="${top + plotH + 18 + k * 15}" font-size="13" text-anchor="middle" fill="${TEXT_COLOUR}"${labels.labelLang ? ` lang="${escapeXml(labels.labelLang)}"` : ''}>${escapeXml(line)}</text>`,
      ),
    );
  });
  const height = top + plotH + 52;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${left + plotW + 10} ${height}" width="100%" role="img" aria-labelledby="es-title es-desc" font-family="${FONT_FAMILY}"><title id="es-title">${xmlTitle(labels.title)}</title><desc id="es-desc">${xmlTitle(labels.desc)}</desc>${parts.join('')}</svg>`;
}
