import { describe, expect, it } from 'vitest';
import { hasControlCharacters, neutraliseBidi, neutraliseBidiIn } from './text.ts';

describe('text hygiene', () => {
  it('refuses C0 controls and DEL but keeps tab and line breaks', () => {
    expect(hasControlCharacters('a\u0000b')).toBe(true);
    expect(hasControlCharacters('bell\u0007')).toBe(true);
    expect(hasControlCharacters('del\u007F')).toBe(true);
    expect(hasControlCharacters('tab\tand\r\nlines')).toBe(false);
  });

  it('removes every embedding, override and isolate control, and keeps the implicit marks', () => {
    const controls = ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069'];
    for (const c of controls) expect(neutraliseBidi(`evil${c}gpj.exe`)).toBe('evilgpj.exe');
    expect(neutraliseBidi('\u05E9\u05DC\u05D5\u05DD!\u200F')).toBe('\u05E9\u05DC\u05D5\u05DD!\u200F');
    expect(neutraliseBidi('\u200Eleft\u061C')).toBe('\u200Eleft\u061C');
  });

  it('cleans every string of a parsed body in place, at any depth, and leaves files alone', () => {
    const file = Buffer.from('\u202Ekept in the file');
    let deep: unknown[] = ['\u202Edeep'];
    for (let i = 0; i < 20_000; i++) deep = [deep];
    const body: Record<string, unknown> = {
      name: 'Faith \u202Eforum',
      list: ['a\u2066b', { inner: 'c\u202Dd' }],
      count: 3,
      file,
      deep,
    };
    const cycle: Record<string, unknown> = { text: 'x\u202Ey' };
    cycle.self = cycle;
    body.cycle = cycle;
    expect(neutraliseBidiIn(body)).toBe(body);
    expect(body.name).toBe('Faith forum');
    expect(body.list).toEqual(['ab', { inner: 'cd' }]);
    expect(body.count).toBe(3);
    expect(body.file).toBe(file);
    expect(file.toString()).toContain('\u202E');
    expect(cycle.text).toBe('xy');
    let innermost: unknown = body.deep;
    while (Array.isArray(innermost) && Array.isArray(innermost[0])) innermost = innermost[0];
    expect(innermost).toEqual(['deep']);
    expect(neutraliseBidiIn('plain \u202Etext')).toBe('plain text');
    const nullProto = Object.assign(Object.create(null) as Record<string, unknown>, { q: 'a\u202Eb' });
    expect(neutraliseBidiIn(nullProto).q).toBe('ab');
    // A parsed query string's object (fast-querystring) has an empty prototype of its own.
    const Empty = function () {} as unknown as new () => Record<string, unknown>;
    Empty.prototype = Object.create(null) as object;
    const parsed = Object.assign(new Empty(), { name: 'Faith \u202Eforum' });
    expect(neutraliseBidiIn(parsed).name).toBe('Faith forum');
    const date = new Date(0);
    expect(neutraliseBidiIn({ date }).date).toBe(date);
  });
});
