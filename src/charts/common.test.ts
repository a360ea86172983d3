import { describe, expect, it } from 'vitest';
import { markLang } from '../lib/lang-marks.ts';
import { BAR_COLOUR, BAR_HIGHLIGHT_COLOUR, REFERENCE_COLOUR, barChartFigure } from './bar.ts';
import { lineChartFigure } from './line.ts';
import {
  SECONDARY_TEXT_COLOUR,
  SEQUENTIAL_BLUES,
  SERIES_COLOURS,
  TEXT_COLOUR,
  chartId,
  contrastRatio,
  escapeXml,
  formatNumber,
  formatPercent,
  joinNames,
  n,
} from './common.ts';
import { checkXml } from './testing/xml.ts';

describe('escapeXml', () => {
  it('escapes markup characters and strips characters XML forbids', () => {
    expect(escapeXml(`<b a="1">Tom & 'Jerry'</b>\u0007`)).toBe(
      '&lt;b a=&quot;1&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/b&gt;',
    );
  });
});

describe('colours', () => {
  it('every line/stroke colour has at least 3:1 contrast with white (WCAG 1.4.11)', () => {
    for (const c of [...SERIES_COLOURS, BAR_COLOUR, BAR_HIGHLIGHT_COLOUR, REFERENCE_COLOUR, SECONDARY_TEXT_COLOUR]) {
      expect(contrastRatio(c, '#ffffff'), c).toBeGreaterThanOrEqual(3);
    }
    expect(contrastRatio(TEXT_COLOUR, '#ffffff')).toBeGreaterThan(4.5);
  });
  it('contrast ratio matches known values', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#1d70b8', '#ffffff')).toBeCloseTo(5.17, 2);
  });
  it('sequential palettes get darker class by class (distinguishable steps)', () => {
    for (const [k, palette] of Object.entries(SEQUENTIAL_BLUES)) {
      expect(palette).toHaveLength(Number(k));
      for (let i = 1; i < palette.length; i++) {
        // each class is darker than the previous by a visible margin
        expect(contrastRatio(palette[i], '#ffffff') / contrastRatio(palette[i - 1], '#ffffff')).toBeGreaterThan(1.15);
      }
    }
  });
});

describe('formatting', () => {
  it('formats numbers without locale dependence and never as NaN', () => {
    expect(formatNumber(0.8234)).toBe('0.82');
    expect(formatNumber(0.1)).toBe('0.10');
    expect(formatNumber(-0.001)).toBe('0.00');
    expect(formatNumber(12.345)).toBe('12.3');
    expect(formatNumber(1234567.8)).toBe('1,234,568');
    expect(formatNumber(-1234)).toBe('-1,234');
    expect(formatNumber(Number.NaN)).toBe('no data');
    expect(formatPercent(0.1234)).toBe('12.3%');
    expect(formatPercent(-0.0001)).toBe('0.0%');
    expect(n(Number.NaN)).toBe('0');
    expect(n(1.23456)).toBe('1.23');
  });
  it('joins names for summaries', () => {
    expect(joinNames(['A'])).toBe('A');
    expect(joinNames(['A', 'B'])).toBe('A and B');
    expect(joinNames(['A', 'B', 'C', 'D'])).toBe('A, B and 2 others');
  });
  it('makes deterministic, valid ids', () => {
    expect(chartId('map', undefined, 'Title')).toBe(chartId('map', undefined, 'Title'));
    expect(chartId('map', undefined, 'Title')).not.toBe(chartId('map', undefined, 'Other'));
    expect(chartId('map', '1 bad id"')).toBe('c-1-bad-id-');
  });
});

describe('checkXml (test helper)', () => {
  it('accepts well-formed XML and rejects broken XML', () => {
    expect(checkXml('<svg a="1"><g><path d="M0,0"/></g><text>a &amp; b</text></svg>').problems).toEqual([]);
    expect(checkXml('<svg><g></svg>').problems.length).toBeGreaterThan(0);
    expect(checkXml('<svg><text>a & b</text></svg>').problems[0]).toMatch(/bare &/);
    expect(checkXml('<svg><text>a < b</text></svg>').problems.length).toBeGreaterThan(0);
    expect(checkXml('<svg a="1" a="2"></svg>').problems[0]).toMatch(/duplicate/);
    expect(checkXml('<svg></svg><svg></svg>').problems[0]).toMatch(/one root/);
  });
});

describe('names marked as another language (src/lib/lang-marks.ts)', () => {
  it('carry lang="en" into the SVG title, desc and text, the summary HTML and the table, and nowhere else', () => {
    const question = markLang('Do people here mix well?', 'en');
    const bars = barChartFigure({
      width: 600,
      title: `${question}, fesul grŵp`,
      description: 'Siart bar',
      valueLabel: question,
      bars: [
        { label: markLang('Friends of the park', 'en'), value: 0.4 },
        { label: 'Eraill', value: 0.6 },
      ],
      reference: { value: 0.5, label: markLang('National survey', 'en') },
    });
    expect(checkXml(bars.svg).problems).toEqual([]);
    expect(bars.svg).toContain('<title id="');
    expect(bars.svg).toMatch(
      /<title id="[^"]+-title"><span lang="en">Do people here mix well\?<\/span>, fesul grŵp<\/title>/,
    );
    expect(bars.svg).toContain('<tspan lang="en">Friends of the park</tspan>');
    expect(bars.svg).toContain('<tspan lang="en">National survey</tspan>');
    expect(bars.svg).not.toMatch(/[\uE000-\uE002]/);
    expect(bars.summary).not.toMatch(/[\uE000-\uE002]/);
    expect(bars.summaryHtml).toContain('<span lang="en">Friends of the park</span>');
    expect(bars.table.caption).toBe('Do people here mix well?, fesul grŵp');
    expect(bars.table.captionHtml).toBe('<span lang="en">Do people here mix well?</span>, fesul grŵp');
    expect(bars.table.head[1]).toMatchObject({
      text: 'Do people here mix well?',
      html: '<span lang="en">Do people here mix well?</span>',
    });
    expect(bars.table.rows.flat().find((c) => c.text === 'Eraill')?.html).toBeUndefined();

    const line = lineChartFigure({
      width: 600,
      height: 300,
      title: 'Tuedd',
      description: 'Siart llinell',
      series: [
        {
          name: markLang('Gwent Friends', 'en'),
          points: [
            { x: 2020, y: 1 },
            { x: 2021, y: 2 },
          ],
        },
      ],
    });
    expect(checkXml(line.svg).problems).toEqual([]);
    expect(line.svg).toContain('<title><span lang="en">Gwent Friends</span></title>');
    expect(line.svg).not.toMatch(/[\uE000-\uE002]/);
  });
});
