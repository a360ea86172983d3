/**
 * Reflow at 320 px (WCAG 1.4.10), the markup half (test/e2e/platform.e2e.test.ts measures the pages in Chromium):
 * wide tables scroll in their own focusable, named region; the overview's key indicators are a plain list, not a
 * summary list whose narrow key column broke names mid-word ("Resident s who…"); and no style breaks words anywhere.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/index.ts';
import { createViewEnv } from '../../src/server/plugins/views.ts';

const env = createViewEnv();
const css = readFileSync(new URL('../../public/app.css', import.meta.url), 'utf8');

describe('reflow at 320 px', () => {
  it('puts a table in a horizontally scrolling region that takes focus and is named by its caption', () => {
    const html = env.renderString(
      '{% from "macros/table.njk" import appTable %}{{ appTable({ caption: "Ward levels & changes", head: [{ text: "Ward" }], rows: [[{ text: "Abbey" }]] }) }}',
      {},
    );
    expect(html).toMatch(
      /^<div class="app-table-scroll" role="region" aria-label="Ward levels &amp; changes" tabindex="0">\s*<table class="govuk-table"/,
    );
    expect(css).toMatch(/\.app-table-scroll \{[^}]*overflow-x: auto/);
    expect(css).toMatch(/\.app-table-scroll:focus \{[^}]*outline/);
  });

  it('lists key indicators with each name whole above its value', () => {
    const html = env.render('insight/views/_dashboard-panel.njk', {
      t: translator('en'),
      lang: 'en',
      council: { slug: 'demo', areaCode: 'E06000001' },
      data: {
        rows: [
          { code: 'a.b', name: 'Residents who cannot speak English well or at all', value: '1.8%', period: '2021' },
        ],
      },
    });
    expect(html).toContain('<ul class="govuk-list app-insight-key-indicators">');
    expect(html).not.toContain('govuk-summary-list');
    expect(html).toMatch(/>Residents who cannot speak English well or at all<\/a><br>\s*<strong>1.8%<\/strong>/);
    expect(css).toMatch(/\.app-insight-key-indicators li \{[^}]*word-break: normal/);
  });

  it('wraps long unbroken strings only where they cannot fit, and never breaks words anywhere else', () => {
    expect(css).toMatch(/\.govuk-main-wrapper \{ overflow-wrap: break-word; \}/);
    const breakAll = [...css.matchAll(/([^{}]+)\{[^}]*word-break: break-all/g)].map((m) => m[1].trim());
    // Only the survey's codes and links (genuinely unbreakable strings) may break anywhere.
    expect(breakAll).toEqual(['.app-survey-break']);
  });
});
