/**
 * Server-rendered SVG pictures of a network: communities (aggregate: one circle per community, sized by
 * members, lines by ties between them) and people (one dot per respondent code, coloured by community,
 * brokers ringed and labelled). Each has a title and description; the page shows the same data in tables.
 */
import { xmlTitle } from '../../../charts/common.ts';

const PALETTE = ['#1d70b8', '#d4351c', '#00703c', '#912b88', '#f47738', '#28a197', '#5694ca', '#85994b'];
const OTHER = '#505a5f';
const W = 720;
const H = 520;
const PAD = 36;

export function communityColour(c: number): string {
  return PALETTE[c] ?? OTHER;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const px = (v: number) => (PAD + v * (W - 2 * PAD)).toFixed(1);
const py = (v: number) => (PAD + v * (H - 2 * PAD)).toFixed(1);

function frame(id: string, title: string, description: string, body: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="100%" role="img" ` +
    `aria-labelledby="${id}-title ${id}-desc" class="app-network" id="${id}">` +
    // A stored name marked with its language (a study's, typed by staff) keeps it in a lang span.
    `<title id="${id}-title">${xmlTitle(title)}</title><desc id="${id}-desc">${xmlTitle(description)}</desc>` +
    `<rect width="${W}" height="${H}" fill="#ffffff"/>${body}</svg>`
  );
}

export function communitiesSvg(
  communities: readonly { community: number; size: number; x: number; y: number; label: string }[],
  between: readonly { a: number; b: number; ties: number }[],
  title: string,
  description: string,
): string {
  const max = Math.max(1, ...communities.map((c) => c.size));
  const maxTies = Math.max(1, ...between.map((p) => p.ties));
  const at = new Map(communities.map((c) => [c.community, c]));
  const lines = between
    .map((p) => {
      const a = at.get(p.a);
      const b = at.get(p.b);
      if (!a || !b) return '';
      const w = (1 + (5 * p.ties) / maxTies).toFixed(1);
      return `<line x1="${px(a.x)}" y1="${py(a.y)}" x2="${px(b.x)}" y2="${py(b.y)}" stroke="#b1b4b6" stroke-width="${w}"/>`;
    })
    .join('');
  const circles = communities
    .map((c) => {
      const r = (6 + 30 * Math.sqrt(c.size / max)).toFixed(1);
      return (
        `<circle cx="${px(c.x)}" cy="${py(c.y)}" r="${r}" fill="${communityColour(c.community)}" fill-opacity="0.85" stroke="#0b0c0c"/>` +
        `<text x="${px(c.x)}" y="${py(c.y)}" dy="0.35em" text-anchor="middle" font-family="arial, sans-serif" font-size="14" font-weight="bold" fill="#ffffff" stroke="#0b0c0c" stroke-width="3" paint-order="stroke">${esc(c.label)}</text>`
      );
    })
    .join('');
  return frame('network-communities', title, description, lines + circles);
}

export function peopleSvg(
  people: readonly { code: string; community: number; broker: boolean; x: number; y: number }[],
  ties: readonly { from: number; to: number; bridging: boolean }[],
  title: string,
  description: string,
): string {
  const lines = ties
    .map((t) => {
      const a = people[t.from];
      const b = people[t.to];
      return `<line x1="${px(a.x)}" y1="${py(a.y)}" x2="${px(b.x)}" y2="${py(b.y)}" stroke="${t.bridging ? '#0b0c0c' : '#b1b4b6'}" stroke-width="${t.bridging ? 1.5 : 1}"/>`;
    })
    .join('');
  const dots = people
    .map((p) => {
      const r = p.broker ? 8 : 4.5;
      const ring = p.broker ? ' stroke="#0b0c0c" stroke-width="2.5"' : ' stroke="#ffffff" stroke-width="1"';
      const label = p.broker
        ? `<text x="${px(p.x)}" y="${py(p.y)}" dx="10" dy="-6" font-family="arial, sans-serif" font-size="12" fill="#0b0c0c" stroke="#ffffff" stroke-width="3" paint-order="stroke">${esc(p.code)}</text>`
        : '';
      return `<circle cx="${px(p.x)}" cy="${py(p.y)}" r="${r}" fill="${communityColour(p.community)}"${ring}><title>${esc(p.code)}</title></circle>${label}`;
    })
    .join('');
  return frame('network-people', title, description, lines + dots);
}
