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
  placeAxisLabels,
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

describe('placeAxisLabels', () => {
  const dates = (count: number, spacing: number) =>
    Array.from({ length: count }, (_, i) => ({ x: i * spacing, label: `${(i % 28) + 1} Nov 2026` }));
  const clear = (ls: ReturnType<typeof placeAxisLabels>, gap: number) =>
    ls.every((l, i) => i === 0 || l.start >= ls[i - 1].end + gap);

  it('keeps every label that fits and anchors the ends inside the chart', () => {
    const ls = placeAxisLabels(dates(4, 200), { min: -40, max: 616, fontSize: 13 });
    expect(ls.map((l) => l.index)).toEqual([0, 1, 2, 3]);
    expect(ls[0].anchor).toBe('middle');
    expect(ls[3].anchor).toBe('end');
    expect(ls[3].end).toBeLessThanOrEqual(616);
  });

  it('thins evenly, keeps the first and the last, and leaves a gap between neighbours at 320 px', () => {
    for (const [count, plotW] of [
      [13, 270],
      [12, 1200],
      [52, 270],
      [5, 270],
    ]) {
      const ls = placeAxisLabels(dates(count, plotW / (count - 1)), { min: -30, max: plotW + 16, fontSize: 13 });
      expect(ls[0].index).toBe(0);
      expect(ls[ls.length - 1].index).toBe(count - 1);
      expect(ls.length).toBeGreaterThan(1);
      expect(clear(ls, 13)).toBe(true);
      expect(ls.every((l) => l.start >= -30 && l.end <= plotW + 16)).toBe(true);
    }
  });

  it('drops the label before the last when the end-anchored last one would sit on it', () => {
    // Two weeks apart at the right edge: "15 Nov 2026" and "29 Nov 2026" used to be drawn on top of each other.
    const ticks = [
      { x: 0, label: '1 Nov 2026' },
      { x: 200, label: '15 Nov 2026' },
      { x: 260, label: '29 Nov 2026' },
    ];
    const ls = placeAxisLabels(ticks, { min: -30, max: 276, fontSize: 13 });
    expect(ls.map((l) => l.label)).toEqual(['1 Nov 2026', '29 Nov 2026']);
  });

  it('prefers more labels when ticks are unevenly spaced, and shows one label when two cannot fit', () => {
    const years = [2001, 2011, 2021, 2022, 2023, 2024, 2025].map((y) => ({ x: (y - 2001) * 11, label: String(y) }));
    const ls = placeAxisLabels(years, { min: -30, max: 280, fontSize: 13 });
    expect(ls.map((l) => l.label)).toEqual(['2001', '2011', '2021', '2025']);
    expect(placeAxisLabels(dates(2, 20), { min: 0, max: 40, fontSize: 13 })).toHaveLength(1);
    expect(placeAxisLabels([], { min: 0, max: 40, fontSize: 13 })).toEqual([]);
  });
});
