import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

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

/** Translates `key`, replacing `{name}` placeholders from params. */
export function translate(lang: Language, key: string, params?: Record<string, string | number>): string {
  const text = lookup(catalogues[lang], key) ?? lookup(catalogues.en, key) ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

export type Translate = (key: string, params?: Record<string, string | number>) => string;

export function translator(lang: Language): Translate {
  return (key, params) => translate(lang, key, params);
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
