/** View models for the notices: council text in the page's language, or in the other one marked with its own lang. */
import type { Language } from '../../i18n/index.ts';

export interface LocalisedText {
  paragraphs: string[];
  /** Set when the text is not in the page's language, so the block gets its own lang attribute. */
  lang: Language | null;
}

/** Paragraphs of council-written text: split on blank lines, trimmed, empty ones dropped. */
export function paragraphs(text: string): string[] {
  return text
    .split(/\r?\n\s*\r?\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

/**
 * The council's text for a page in `lang`: the version in that language when there is one; otherwise the other
 * version, marked with its language (WCAG 3.1.2), so a screen reader reads it with the right voice.
 */
export function localised(en: string, cy: string, lang: Language): LocalisedText | null {
  const own = lang === 'cy' ? cy : en;
  const other = lang === 'cy' ? en : cy;
  if (paragraphs(own).length) return { paragraphs: paragraphs(own), lang: null };
  if (paragraphs(other).length) return { paragraphs: paragraphs(other), lang: lang === 'cy' ? 'en' : 'cy' };
  return null;
}

/** A date as "2 December 2026" or "2 Rhagfyr 2026". */
export function longDate(d: Date | string, lang: Language): string {
  const date = typeof d === 'string' ? new Date(`${d}T12:00:00Z`) : d;
  return date.toLocaleDateString(lang === 'cy' ? 'cy-GB' : 'en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Europe/London',
  });
}

/**
 * The day the automated accessibility checks last ran with no violations: axe-core (WCAG 2.2 A and AA rules) on
 * every page the browser tests visit (test/e2e), including the 320 px reflow check. The accessibility statement
 * gives it as the date of the last automated check: move it on when the browser tests pass for a release.
 */
export const LAST_AUTOMATED_CHECK = '2026-12-02';
