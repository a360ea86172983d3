/**
 * Text in another language inside a plain string. Charts (src/charts) build their titles, summaries, labels and
 * tables from plain strings, often the page's catalogue text with a stored name put in (a survey question, an
 * organisation, an area typed by staff). So that such a name can still be marked with the language it was written
 * in (WCAG 3.1.2) wherever it ends up, `markLang` wraps it in three private-use characters that no catalogue or
 * stored text holds: U+E000, the language code, U+E001, the text, U+E002. The marks survive message placeholders
 * and joining; whoever writes the string out turns them into markup (`markedMarkup`) or drops them (`unmarked`).
 */

const OPEN = '\uE000';
const SEP = '\uE001';
const CLOSE = '\uE002';
const MARKS = /[\uE000-\uE002]/g;
const MARKED = /\uE000([a-z]{2,3}(?:-[A-Za-z0-9]{1,8})*)\uE001([^\uE000-\uE002]*)\uE002/g;
const LANG = /^[a-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/;

/** `text` marked as written in `lang`; unchanged when lang is null (the page's own language) or not a code. */
export function markLang(text: string, lang: string | null | undefined): string {
  const clean = unmarked(text);
  if (!lang || !LANG.test(lang) || clean === '') return clean;
  return `${OPEN}${lang}${SEP}${clean}${CLOSE}`;
}

/** Whether the text holds a marked part. */
export function hasMarks(text: string): boolean {
  return text.includes(OPEN);
}

/** The text as a reader sees it, without marks (for attributes, PDFs, CSV and plain-text output). */
export function unmarked(text: string): string {
  if (!text.includes(OPEN) && !text.includes(SEP) && !text.includes(CLOSE)) return text;
  return text.replace(MARKED, '$2').replace(MARKS, '');
}

/** The text's parts in order, each with the language it is marked with (null: the surrounding language). */
export function markedParts(text: string): { text: string; lang: string | null }[] {
  const parts: { text: string; lang: string | null }[] = [];
  let at = 0;
  for (const m of text.matchAll(MARKED)) {
    if (m.index > at) parts.push({ text: text.slice(at, m.index).replace(MARKS, ''), lang: null });
    parts.push({ text: m[2], lang: m[1] });
    at = m.index + m[0].length;
  }
  if (at < text.length) parts.push({ text: text.slice(at).replace(MARKS, ''), lang: null });
  return parts.filter((p) => p.text !== '');
}

/**
 * The text escaped for HTML or XML element content by `escape`, each marked part in `<tag lang="…">` (a `span`
 * in HTML and in SVG `title` and `desc`, a `tspan` inside SVG `text`).
 */
export function markedMarkup(text: string, escape: (s: string) => string, tag: 'span' | 'tspan' = 'span'): string {
  return markedParts(text)
    .map((p) => (p.lang ? `<${tag} lang="${p.lang}">${escape(p.text)}</${tag}>` : escape(p.text)))
    .join('');
}

/** Shortens marked text to `max` visible characters (ending in an ellipsis), keeping the marks of what is left. */
export function truncateMarked(text: string, max: number): string {
  const plain = unmarked(text);
  if (plain.length <= max) return text;
  let left = Math.max(1, max - 1);
  let out = '';
  for (const p of markedParts(text)) {
    if (left <= 0) break;
    const piece = p.text.slice(0, left);
    left -= piece.length;
    const last = left <= 0;
    const shown = last ? piece.trimEnd() : piece;
    out += p.lang ? markLang(shown, p.lang) : shown;
  }
  return `${out}…`;
}
