import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { hasKey, keysOf, translate } from '../../src/i18n/index.ts';

function files(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) files(p, out);
    else if (/\.(njk|ts)$/.test(name) && !name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

describe('message catalogues', () => {
  it('has an English entry for every literal key used in templates and code', () => {
    const missing: string[] = [];
    const keyPattern = /\bt\(\s*["']([a-z][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)+)["']/g;
    for (const file of files('src')) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(keyPattern)) if (!hasKey(m[1])) missing.push(`${file}: ${m[1]}`);
    }
    expect(missing).toEqual([]);
  });

  it('has no key with a dot inside it, which a lookup (split on dots) could never reach', () => {
    const dotted: string[] = [];
    const walk = (file: string, node: unknown, path: string) => {
      if (node === null || typeof node !== 'object') return;
      for (const [k, v] of Object.entries(node)) {
        if (k.includes('.')) dotted.push(`${file}: ${path}${k}`);
        walk(file, v, `${path}${k}.`);
      }
    };
    const catalogues = (dir: string, out: string[] = []): string[] => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        if (statSync(p).isDirectory()) catalogues(p, out);
        else if (/^(en|cy)\.json$/.test(name) && dir.endsWith('locales')) out.push(p);
      }
      return out;
    };
    const found = catalogues('src');
    expect(found.length).toBeGreaterThan(20);
    for (const file of found) walk(file, JSON.parse(readFileSync(file, 'utf8')), '');
    expect(dotted).toEqual([]);
  });

  it('has no Welsh key that English lacks, and translates into Welsh', () => {
    const en = new Set(keysOf('en'));
    expect(keysOf('cy').filter((k) => !en.has(k))).toEqual([]);
    expect(translate('cy', 'auth.signIn.title')).toBe('Mewngofnodi');
    expect(translate('cy', 'auth.signIn.help')).not.toBe(translate('en', 'auth.signIn.help'));
    // A key missing from both is shown as itself, so the gap is visible rather than blank.
    expect(translate('cy', 'no.such.key')).toBe('no.such.key');
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('en', 'nav.signedInAs', { name: 'Sam' })).toBe('Signed in as Sam');
    expect(translate('en', 'nav.signedInAs')).toBe('Signed in as {name}');
  });
});
