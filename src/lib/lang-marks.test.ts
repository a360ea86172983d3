import { describe, expect, it } from 'vitest';
import { hasMarks, markLang, markedMarkup, markedParts, truncateMarked, unmarked } from './lang-marks.ts';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

describe('text marked as another language', () => {
  it('keeps its mark through placeholders and joining, and turns into a lang span or plain text', () => {
    const name = markLang('Friends & neighbours <survey>', 'en');
    expect(hasMarks(name)).toBe(true);
    const sentence = `Pobl yn ${name}, fesul ward`;
    expect(unmarked(sentence)).toBe('Pobl yn Friends & neighbours <survey>, fesul ward');
    expect(markedMarkup(sentence, esc)).toBe(
      'Pobl yn <span lang="en">Friends &amp; neighbours &lt;survey></span>, fesul ward',
    );
    expect(markedMarkup(sentence, esc, 'tspan')).toContain('<tspan lang="en">');
    expect(markedParts(sentence).map((p) => p.lang)).toEqual([null, 'en', null]);
  });

  it('leaves text in the page’s own language, empty text and bad codes unmarked', () => {
    expect(markLang('Arolwg', null)).toBe('Arolwg');
    expect(markLang('', 'en')).toBe('');
    expect(markLang('x', 'en"><script>')).toBe('x');
    // A mark inside a mark is flattened: the text is marked once.
    expect(markedParts(markLang(markLang('Abbey', 'en'), 'en'))).toEqual([{ text: 'Abbey', lang: 'en' }]);
    // Stray mark characters (a broken or cut mark) never reach the output.
    expect(unmarked('a\uE000en\uE001b')).toBe('aenb');
  });

  it('shortens to visible characters, keeping the mark on what is left', () => {
    const text = `Cwestiwn: ${markLang('How often do you use local parks?', 'en')}`;
    const short = truncateMarked(text, 20);
    expect(unmarked(short)).toBe('Cwestiwn: How often…');
    expect(markedParts(short)).toEqual([
      { text: 'Cwestiwn: ', lang: null },
      { text: 'How often', lang: 'en' },
      { text: '…', lang: null },
    ]);
    expect(truncateMarked(text, 200)).toBe(text);
  });
});
