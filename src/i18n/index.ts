import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { markLang } from '../lib/lang-marks.ts';

/**
 * Message catalogues. Every user-facing string lives in locales/<lang>.json, keyed by dotted path.
 * Missing keys in a translation fall back to English; a key missing from English is a bug, shown as the key.
 */
export const LANGUAGES = ['en', 'cy'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'en';

type Catalogue = { [key: string]: string | Catalogue };

const MODULES_DIR = fileURLToPath(new URL('../modules/', import.meta.url));

function merge(into: Catalogue, from: Catalogue, where: string): Catalogue {
  for (const [k, v] of Object.entries(from)) {
    const existing = into[k];
    if (existing === undefined) into[k] = v;
    else if (typeof existing !== 'string' && typeof v !== 'string') merge(existing, v, `${where}.${k}`);
    else throw new Error(`message catalogue key ${where}.${k} is defined twice`);
  }
  return into;
}

/**
 * The shared catalogue (src/i18n/locales/<lang>.json) merged with each module's own
 * (src/modules/<module>/locales/<lang>.json), so modules keep their text beside their code.
 */
function load(lang: Language): Catalogue {
  const file = fileURLToPath(new URL(`./locales/${lang}.json`, import.meta.url));
  const cat = JSON.parse(readFileSync(file, 'utf8')) as Catalogue;
  for (const mod of readdirSync(MODULES_DIR).sort()) {
    const modFile = join(MODULES_DIR, mod, 'locales', `${lang}.json`);
    if (existsSync(modFile)) merge(cat, JSON.parse(readFileSync(modFile, 'utf8')) as Catalogue, mod);
  }
  return cat;
}

const catalogues: Record<Language, Catalogue> = { en: load('en'), cy: load('cy') };

function lookup(cat: Catalogue, key: string): string | undefined {
  let node: string | Catalogue | undefined = cat;
  for (const part of key.split('.')) {
    if (node === undefined || typeof node === 'string') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

export function isLanguage(x: unknown): x is Language {
  return typeof x === 'string' && (LANGUAGES as readonly string[]).includes(x);
}

/**
 * The language a council works in (its `contentLanguage` setting; English unless set): the language its staff
 * write stored text in, and of what the service sends for it when the recipient's own language is not known
 * (alerts, invitations, offers, reports made on the command line).
 */
export function councilLanguage(council: { readonly settings?: Readonly<Record<string, unknown>> } | null | undefined) {
  const lang = council?.settings?.contentLanguage;
  return isLanguage(lang) ? lang : DEFAULT_LANGUAGE;
}

/** Translates `key`, replacing `{name}` placeholders from params. */
export function translate(lang: Language, key: string, params?: Record<string, string | number>): string {
  const text = lookup(catalogues[lang], key) ?? lookup(catalogues.en, key) ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

export type Translate = (key: string, params?: Record<string, string | number>) => string;

export function translator(lang: Language): Translate {
  return Object.assign((key: string, params?: Record<string, string | number>) => translate(lang, key, params), {
    lang,
  });
}

/** The language a translator translates into (English for one made elsewhere, such as a test stub). */
export function langOf(t: Translate): Language {
  const lang = (t as { lang?: unknown }).lang;
  return isLanguage(lang) ? lang : DEFAULT_LANGUAGE;
}

/**
 * Stored text as HTML for the translator's page: translated when it is catalogue text, otherwise escaped and, when
 * written in another language (English unless said), wrapped in a span with that lang attribute (WCAG 3.1.2).
 */
export function storedHtml(value: string, t: Translate, written: Language = DEFAULT_LANGUAGE): string {
  const { text, lang } = storedText(value, langOf(t), written);
  const escaped = text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return lang ? `<span lang="${lang}">${escaped}</span>` : escaped;
}

/**
 * Stored text for a chart (src/charts) on the translator's page: translated when it is catalogue text, otherwise
 * as written and, when written in another language, marked with it (src/lib/lang-marks.ts), so that the chart's
 * title, summary, labels and table carry the lang attribute around it (WCAG 3.1.2), as the `stored` filter does.
 */
export function storedMarked(value: string, t: Translate, written: Language = DEFAULT_LANGUAGE): string {
  const { text, lang } = storedText(value, langOf(t), written);
  return markLang(text, lang);
}

/** Whether an English key exists (used by tests to check every key used in code is catalogued). */
export function hasKey(key: string, lang: Language = 'en'): boolean {
  return lookup(catalogues[lang], key) !== undefined;
}

/** All keys of a catalogue, flattened. */
export function keysOf(lang: Language): string[] {
  const out: string[] = [];
  const walk = (c: Catalogue, prefix: string) => {
    for (const [k, v] of Object.entries(c)) {
      const key = prefix ? `${prefix}.${k}` : k;
      if (typeof v === 'string') out.push(key);
      else walk(v, key);
    }
  };
  walk(catalogues[lang], '');
  return out;
}

/** English catalogue text -> its Welsh, for text stored in English that is also catalogue text (built-in questions). */
let welshOf: Map<string, string> | undefined;

/**
 * Stored text shown on a page in `page`'s language: the translation when the stored text is English catalogue text
 * with one Welsh translation, otherwise the text as written, with `lang` set when its language differs from the page's.
 */
export function storedText(value: string, page: Language, written: Language): { text: string; lang: Language | null } {
  if (page === written) return { text: value, lang: null };
  if (page === 'cy' && written === 'en') {
    if (!welshOf) {
      const seen = new Map<string, Set<string>>();
      for (const key of keysOf('en')) {
        const en = translate('en', key);
        const cy = translate('cy', key);
        if (en === cy) continue;
        seen.set(en, (seen.get(en) ?? new Set()).add(cy));
      }
      welshOf = new Map([...seen].filter(([, cys]) => cys.size === 1).map(([en, cys]) => [en, [...cys][0]]));
    }
    const cy = welshOf.get(value.trim());
    if (cy !== undefined) return { text: cy, lang: null };
  }
  return { text: value, lang: written };
}
