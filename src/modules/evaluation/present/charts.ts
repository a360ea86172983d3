/**
 * Server-rendered SVG for evaluation pages, each with a text equivalent beside it on the page: the theory of
 * change (five stages left to right, assumptions underneath) and the love plot (each covariate's absolute
 * standardised mean difference before and after matching, with the 0.1 and 0.25 lines).
 */
import { escapeXml, FONT_FAMILY, GRID_COLOUR, SECONDARY_TEXT_COLOUR, TEXT_COLOUR } from '../../../charts/common.ts';
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
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="toc-title toc-desc" font-family="${FONT_FAMILY}"><title id="toc-title">${escapeXml(title)}</title><desc id="toc-desc">${escapeXml(desc)}</desc>${parts.join('')}</svg>`;
}

/** The love plot: |SMD| before (open circles) and after (filled) for each covariate. */
export function lovePlotSvg(
  rows: readonly BalanceLine[],
  labels: { title: string; desc: string; before: string; after: string; axis: string },
): string {
  const left = 150;
  const plotW = 380;
  const rowH = 28;
  const top = 40;
  const values = rows.flatMap((r) => [r.smdBefore, r.smdAfter]).filter((v): v is number => v !== null);
  const max = Math.max(0.5, ...values.map(Math.abs)) * 1.05;
  const x = (v: number) => left + (Math.abs(v) / max) * plotW;
  const height = top + rows.length * rowH + 40;
  const parts: string[] = [];
  for (const ref of [0, 0.1, 0.25]) {
    parts.push(
      `<line x1="${x(ref)}" y1="${top - 8}" x2="${x(ref)}" y2="${top + rows.length * rowH}" stroke="${ref === 0 ? TEXT_COLOUR : GRID_COLOUR}" stroke-width="${ref === 0 ? 1 : 2}"${ref === 0.1 ? ' stroke-dasharray="4 3"' : ''}/>`,
    );
    parts.push(
      `<text x="${x(ref)}" y="${top + rows.length * rowH + 16}" font-size="12" text-anchor="middle" fill="${SECONDARY_TEXT_COLOUR}">${ref}</text>`,
    );
  }
  parts.push(
    `<text x="${left + plotW / 2}" y="${top + rows.length * rowH + 34}" font-size="12" text-anchor="middle" fill="${TEXT_COLOUR}">${escapeXml(labels.axis)}</text>`,
  );
  rows.forEach((r, i) => {
    const y = top + i * rowH + rowH / 2;
    parts.push(
      `<text x="${left - 10}" y="${y + 4}" font-size="13" text-anchor="end" fill="${TEXT_COLOUR}">${escapeXml(r.covariate)}</text>`,
    );
    if (r.smdBefore !== null)
      parts.push(`<circle cx="${x(r.smdBefore)}" cy="${y}" r="6" fill="#ffffff" stroke="#12436d" stroke-width="2"/>`);
    if (r.smdAfter !== null) parts.push(`<circle cx="${x(r.smdAfter)}" cy="${y}" r="5" fill="#a75f00"/>`);
  });
  parts.push(`<circle cx="${left}" cy="14" r="6" fill="#ffffff" stroke="#12436d" stroke-width="2"/>`);
  parts.push(`<text x="${left + 12}" y="18" font-size="13" fill="${TEXT_COLOUR}">${escapeXml(labels.before)}</text>`);
  parts.push(`<circle cx="${left + 170}" cy="14" r="5" fill="#a75f00"/>`);
  parts.push(`<text x="${left + 182}" y="18" font-size="13" fill="${TEXT_COLOUR}">${escapeXml(labels.after)}</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${left + plotW + 30} ${height}" width="100%" role="img" aria-labelledby="love-title love-desc" font-family="${FONT_FAMILY}"><title id="love-title">${escapeXml(labels.title)}</title><desc id="love-desc">${escapeXml(labels.desc)}</desc>${parts.join('')}</svg>`;
}
