/**
 * Wide tables on the Act, Learn and Connect pages scroll inside their own box at 320 px (GOV.UK's pattern: a
 * focusable region named by the caption) instead of widening the whole page. Templates use `appTable` (govukTable
 * in the box) or wrap a hand-written table in `{% call appTableScroll(label) %}`; this keeps it that way.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createViewEnv } from '../../src/server/plugins/views.ts';

const MODULES = ['plans', 'commissioning', 'evaluation', 'connect', 'directory', 'networks'];
const templates = MODULES.flatMap((m) => {
  const dir = join('src/modules', m, 'views');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.njk'))
    .map((f) => join(dir, f));
});

describe('tables in a scrolling box', () => {
  it.each(templates)('%s puts every table in a scrolling box', (file) => {
    const src = readFileSync(file, 'utf8');
    expect(src).not.toMatch(/govukTable\(/);
    const bare = src.split('<table').slice(1);
    const opened = (src.match(/\{%-?\s*call appTableScroll\(/g) ?? []).length;
    expect(opened).toBeGreaterThanOrEqual(bare.length);
  });

  it('renders the box as a focusable region named by the caption, around the table', () => {
    const env = createViewEnv();
    const html = env.renderString(
      '{% from "macros/table.njk" import appTable, appTableScroll %}{{ appTable({ caption: "Grants", head: [{ text: "A" }], rows: [[{ text: "1" }]] }) }}{% call appTableScroll("People") %}<table></table>{% endcall %}',
      {},
    );
    expect(html).toMatch(/<div class="app-table-scroll" role="region" aria-label="Grants" tabindex="0">\s*<table/);
    expect(html).toContain(
      '<div class="app-table-scroll" role="region" aria-label="People" tabindex="0"><table></table></div>',
    );
  });
});
