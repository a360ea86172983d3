/**
 * Stored text on a page in another language: the `stored` filter wraps it in a span with its own lang, and for
 * elements that hold no markup (a select's option) `storedPlain` gives the text and `storedLang` the lang attribute.
 * Catalogue text (a built-in indicator's name) is shown translated, with no lang of its own.
 */
import { describe, expect, it } from 'vitest';
import { createViewEnv } from '../../src/server/plugins/views.ts';

const env = createViewEnv();
const render = (src: string, ctx: Record<string, unknown>) => env.renderString(src, ctx).replace(/\s+/g, ' ').trim();
const option = `{% from "govuk/components/select/macro.njk" import govukSelect %}{{ govukSelect({ id: "x", name: "x", label: { text: "X" }, items: [{ value: "1", text: name | storedPlain, attributes: { lang: name | storedLang } if (name | storedLang) else {} }] }) }}`;

describe('stored text filters', () => {
  it('marks staff-written English on a Welsh page and leaves it alone on an English one', () => {
    expect(render('{{ v | stored }}', { lang: 'cy', v: 'Youth <league>' })).toBe(
      '<span lang="en">Youth &#60;league&#62;</span>',
    );
    expect(render('{{ v | stored }}', { lang: 'en', v: 'Youth league' })).toBe('Youth league');
    expect(render('[{{ v | storedLang }}]', { lang: 'cy', v: 'Youth league' })).toBe('[en]');
    expect(render('[{{ v | storedLang }}]', { lang: 'en', v: 'Youth league' })).toBe('[]');
    expect(render('[{{ v | storedLang }}]', { lang: 'cy', contentLang: 'cy', v: 'Cynghrair ieuenctid' })).toBe('[]');
  });

  it('translates a built-in name and gives it no lang of its own', () => {
    const name = 'Residents who cannot speak English well or at all';
    expect(render('{{ v | storedPlain }}|{{ v | storedLang }}', { lang: 'cy', v: name })).toBe(
      'Preswylwyr nad ydynt yn gallu siarad Saesneg yn dda neu o gwbl|',
    );
    expect(render('{{ v | stored }}', { lang: 'cy', v: name })).toBe(
      'Preswylwyr nad ydynt yn gallu siarad Saesneg yn dda neu o gwbl',
    );
  });

  it('puts the lang on a select option, which holds no markup', () => {
    expect(render(option, { lang: 'cy', name: 'Youth league' })).toMatch(
      /<option value="1" lang="en">Youth league<\/option>/,
    );
    expect(render(option, { lang: 'en', name: 'Youth league' })).toMatch(/<option value="1" ?>Youth league<\/option>/);
  });
});
