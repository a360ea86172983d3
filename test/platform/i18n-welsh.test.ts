import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every message catalogue, found by looking: the shared one (src/i18n/locales) and each module's
 * (src/modules/<module>/locales), so a module added later is checked without changing this test.
 */
function catalogueDirs(): string[] {
  const dirs = ['src/i18n/locales'];
  for (const mod of readdirSync('src/modules').sort()) {
    const dir = join('src/modules', mod, 'locales');
    if (existsSync(join(dir, 'en.json'))) dirs.push(dir);
  }
  return dirs;
}

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = '', out = new Map<string, string>()): Map<string, string> {
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else flatten(v, key, out);
  }
  return out;
}

function read(file: string): Map<string, string> {
  return existsSync(file) ? flatten(JSON.parse(readFileSync(file, 'utf8')) as Tree) : new Map();
}

/** Interpolation tokens ({name}) and HTML tags, sorted: a translation must keep exactly the same ones. */
export function tokensOf(text: string): string[] {
  return (text.match(/\{\w+\}|<\/?[a-zA-Z][^>]*>/g) ?? []).sort();
}

describe('Welsh catalogues', () => {
  const dirs = catalogueDirs();

  it('finds the shared catalogue and every module catalogue', () => {
    expect(dirs).toContain('src/i18n/locales');
    expect(dirs).toEqual(expect.arrayContaining(['src/modules/insight/locales', 'src/modules/tensions/locales']));
  });

  it.each(dirs)('%s: every English key has a Welsh value with the same placeholders and tags', (dir) => {
    const en = read(join(dir, 'en.json'));
    const cy = read(join(dir, 'cy.json'));
    const missing = [...en.keys()].filter((k) => !cy.has(k));
    const extra = [...cy.keys()].filter((k) => !en.has(k));
    const tokens = [...en].filter(([k, v]) => cy.has(k) && tokensOf(v).join() !== tokensOf(cy.get(k) ?? '').join());
    const empty = [...en].filter(([k, v]) => v.trim() !== '' && (cy.get(k) ?? 'x').trim() === '').map(([k]) => k);
    expect({ missing, extra, empty, tokens: tokens.map(([k]) => k) }).toEqual({
      missing: [],
      extra: [],
      empty: [],
      tokens: [],
    });
  });

  it.each(dirs)('%s: no sentence is left in English in the Welsh catalogue', (dir) => {
    const en = read(join(dir, 'en.json'));
    const cy = read(join(dir, 'cy.json'));
    // A single word or name can be the same in both languages ("Ward", "Gini"); a sentence of three words or
    // more cannot. Machine-read text with no spaces (a CSV header such as "id,level,slot") is the same in both.
    const words = (v: string) =>
      v
        .replace(/\{\w+\}/g, '')
        .split(/\s+/)
        .filter((w) => /\p{L}{2,}/u.test(w));
    const copied = [...en].filter(([k, v]) => cy.get(k) === v && words(v).length >= 3).map(([k]) => k);
    expect(copied).toEqual([]);
  });

  it('compares placeholders and tags, not wording', () => {
    expect(tokensOf('Week {week}: {from} to {to}')).toEqual(tokensOf('Wythnos {week}: {from} i {to}'));
    expect(tokensOf('{n} of {total}')).not.toEqual(tokensOf('{n} o {cyfanswm}'));
    expect(tokensOf('Read <a href="/x">this</a>')).not.toEqual(tokensOf('Darllenwch hwn'));
  });
});
