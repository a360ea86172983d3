/**
 * The methods notes (docs/methods/*.md) as pages of the service: each note's Markdown rendered once to HTML with
 * GOV.UK Frontend's classes. The notes are the project's own files, written in English; raw HTML in them is shown
 * as text, and links to other notes go to their pages here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Marked, type Tokens } from 'marked';
import { projectRoot } from '../../lib/paths.ts';
import { escapeHtml } from '../../lib/html.ts';

/** The notes the service serves, by their address under /methods/. */
export const METHOD_TOPICS = [
  'indicators',
  'segregation',
  'survey',
  'tensions',
  'plans',
  'evaluation',
  'grants',
  'network',
  'matching',
  'provision',
] as const;
export type MethodTopic = (typeof METHOD_TOPICS)[number];

export interface MethodNote {
  topic: MethodTopic;
  /** The note's first heading. */
  title: string;
  /** The note's body after its first heading, as HTML. */
  html: string;
}

const HEADING_CLASS: Record<number, string> = { 2: 'govuk-heading-m', 3: 'govuk-heading-s' };

/** Where a link in a note goes: another note's page, an outside address, or nowhere (a file of the repository). */
export function methodHref(href: string): string | null {
  if (/^https?:\/\//.test(href)) return href;
  const note = /^(?:\.\/|docs\/methods\/)?([a-z]+)\.md(#[\w-]+)?$/.exec(href);
  if (note && (METHOD_TOPICS as readonly string[]).includes(note[1])) return `/methods/${note[1]}${note[2] ?? ''}`;
  if (href.startsWith('#')) return href;
  return null;
}

function markdown(): Marked {
  return new Marked({
    gfm: true,
    renderer: {
      heading({ tokens, depth }) {
        // The page's h1 is the note's title; the note's sections (## and any further #) are h2, and so on down.
        const level = Math.max(2, Math.min(depth, 6));
        const cls = HEADING_CLASS[Math.min(level, 3)] ?? 'govuk-heading-s';
        return `<h${level} class="${cls}">${this.parser.parseInline(tokens)}</h${level}>\n`;
      },
      paragraph({ tokens }) {
        return `<p class="govuk-body">${this.parser.parseInline(tokens)}</p>\n`;
      },
      list(token: Tokens.List) {
        const tag = token.ordered ? 'ol' : 'ul';
        const items = token.items.map((item) => this.listitem(item)).join('');
        return `<${tag} class="govuk-list govuk-list--${token.ordered ? 'number' : 'bullet'}">${items}</${tag}>\n`;
      },
      link({ href, tokens }) {
        const text = this.parser.parseInline(tokens);
        const to = methodHref(href);
        return to ? `<a class="govuk-link" href="${escapeHtml(to)}">${text}</a>` : text;
      },
      table(token: Tokens.Table) {
        const cell = (c: Tokens.TableCell, tag: 'th' | 'td') =>
          `<${tag} class="govuk-table__${tag === 'th' ? 'header' : 'cell'}"${tag === 'th' ? ' scope="col"' : ''}>${this.parser.parseInline(c.tokens)}</${tag}>`;
        const head = `<tr class="govuk-table__row">${token.header.map((c) => cell(c, 'th')).join('')}</tr>`;
        const body = token.rows
          .map((r) => `<tr class="govuk-table__row">${r.map((c) => cell(c, 'td')).join('')}</tr>`)
          .join('');
        // In a box of its own that scrolls (by keyboard too) when the table is wider than a small screen.
        return `<div class="app-method-scroll" tabindex="0"><table class="govuk-table"><thead class="govuk-table__head">${head}</thead><tbody class="govuk-table__body">${body}</tbody></table></div>\n`;
      },
      code({ text }) {
        return `<pre class="app-method-code" tabindex="0"><code>${escapeHtml(text)}</code></pre>\n`;
      },
      html({ text }) {
        return escapeHtml(text);
      },
      hr() {
        return '<hr class="govuk-section-break govuk-section-break--m govuk-section-break--visible">\n';
      },
    },
  });
}

/** The notes, read from docs/methods/ and rendered on first use. */
export class MethodsService {
  private readonly cache = new Map<MethodTopic, MethodNote>();
  constructor(private readonly dir: string = join(projectRoot(), 'docs', 'methods')) {}

  note(topic: MethodTopic): MethodNote {
    const cached = this.cache.get(topic);
    if (cached) return cached;
    const source = readFileSync(join(this.dir, `${topic}.md`), 'utf8');
    const title = /^#\s+(.+)$/m.exec(source)?.[1].trim() ?? topic;
    const body = source.replace(/^#\s+.+$/m, '');
    const note = { topic, title, html: markdown().parse(body, { async: false }) };
    this.cache.set(topic, note);
    return note;
  }

  list(): MethodNote[] {
    return METHOD_TOPICS.map((t) => this.note(t));
  }
}
