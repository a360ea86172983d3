/**
 * Finds English on a page shown in Welsh. The page reports every piece of text a reader can meet (text nodes,
 * the text of block elements, and the alt, title, aria-label and placeholder attributes) that is not inside an
 * element marked lang="en"; this module decides which of them are English:
 *
 * 1. the whole text is an English catalogue value whose Welsh differs (placeholders match any text);
 * 2. the text contains an English catalogue value of four words or more;
 * 3. the text has two or more different English function words ("the", "and", "with" …) that Welsh never uses:
 *    English that is in no catalogue, such as text hard-coded in a template or entered by staff.
 *
 * A value that is also some Welsh value ("PDF", "Ward") never counts, so words shared by both languages do not
 * trip it.
 */
import { keysOf, translate } from '../../src/i18n/index.ts';

export interface PageText {
  text: string;
  /** A CSS-like path to the element, to say where the text is. */
  where: string;
}

const normalise = (s: string) => s.replace(/\s+/g, ' ').trim();
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const words = (s: string) => s.match(/\p{L}+/gu) ?? [];

/** English words that are not Welsh words, so two of them in one text mean English. */
export const ENGLISH_FUNCTION_WORDS = new Set(
  'the and of with for from this that these those your you have has not will been by they their there which what when where who how or are was were be it its can should would could into than'.split(
    ' ',
  ),
);

export interface EnglishDetector {
  /** Why this text is English, or null when it is not. */
  why(text: string): string | null;
}

export function englishDetector(
  pairs: readonly (readonly [en: string, cy: string])[] = cataloguePairs(),
): EnglishDetector {
  const welsh = new Set(pairs.map(([, cy]) => normalise(cy)));
  const exact = new Set<string>();
  const patterns: RegExp[] = [];
  const phrases: string[] = [];
  for (const [rawEn, rawCy] of pairs) {
    const en = normalise(rawEn);
    if (en === normalise(rawCy) || welsh.has(en) || words(en).length === 0) continue;
    const literal = en.replace(/\{\w+\}/g, ' ');
    if (/\{\w+\}/.test(en)) {
      if (words(literal).filter((w) => w.length >= 2).length >= 2)
        patterns.push(
          new RegExp(
            `^${en
              .split(/\{\w+\}/)
              .map(escapeRe)
              .join('.+?')}$`,
            'u',
          ),
        );
    } else {
      exact.add(en);
      if (words(en).length >= 4) phrases.push(en);
    }
  }
  return {
    why(raw) {
      const text = normalise(raw);
      if (!text || welsh.has(text)) return null;
      if (exact.has(text)) return 'an English catalogue value';
      if (patterns.some((p) => p.test(text))) return 'an English catalogue message';
      const phrase = phrases.find((p) => text.includes(p));
      if (phrase) return `contains the English catalogue value "${phrase}"`;
      const fn = new Set(words(text.toLowerCase()).filter((w) => ENGLISH_FUNCTION_WORDS.has(w)));
      if (fn.size >= 2) return `English words: ${[...fn].join(', ')}`;
      return null;
    },
  };
}

/** Every catalogue key's English and Welsh text (the merged catalogues, as the service uses them). */
export function cataloguePairs(): [string, string][] {
  return keysOf('en').map((k) => [translate('en', k), translate('cy', k)]);
}

/** Runs in the page: the text a reader meets outside lang="en" blocks. Serialised by Playwright. */
export function collectPageText(): PageText[] {
  const out: { text: string; where: string }[] = [];
  const isEnglish = (el: Element | null) => {
    const marked = el?.closest('[lang]');
    return !!marked && /^en\b/i.test(marked.getAttribute('lang') ?? '');
  };
  const where = (el: Element) => {
    const parts: string[] = [];
    for (let e: Element | null = el; e && parts.length < 4; e = e.parentElement)
      parts.unshift(e.tagName.toLowerCase() + (e.id ? `#${e.id}` : ''));
    return parts.join(' > ');
  };
  const skip = (el: Element | null) => !!el?.closest('script, style, noscript, template');
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || skip(el) || isEnglish(el)) continue;
    const text = (n.textContent ?? '').trim();
    if (text) out.push({ text, where: where(el) });
  }
  const blocks = 'p, li, h1, h2, h3, h4, td, th, label, legend, dt, dd, caption, button, a, summary, title, desc';
  for (const el of Array.from(document.body.querySelectorAll(blocks))) {
    if (skip(el) || isEnglish(el) || el.querySelector('[lang]')) continue;
    const text = (el.textContent ?? '').trim();
    if (text) out.push({ text, where: where(el) });
  }
  for (const el of Array.from(document.body.querySelectorAll('[alt], [title], [aria-label], [placeholder]'))) {
    if (skip(el) || isEnglish(el)) continue;
    for (const a of ['alt', 'title', 'aria-label', 'placeholder']) {
      const v = el.getAttribute(a);
      if (v && v.trim()) out.push({ text: v, where: `${where(el)}[${a}]` });
    }
  }
  // The title cannot carry a lang attribute for part of it; it may repeat a heading that is marked as English.
  const title = (document.querySelector('head > title')?.textContent ?? '').trim();
  const marked = Array.from(document.body.querySelectorAll('[lang]'))
    .filter((el) => /^en\b/i.test(el.getAttribute('lang') ?? ''))
    .map((el) => (el.textContent ?? '').trim())
    .filter((s) => s.length > 0);
  if (title && !marked.some((m) => title.startsWith(m))) out.push({ text: title, where: 'title' });
  return out;
}
