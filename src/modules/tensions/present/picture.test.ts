import { describe, expect, it } from 'vitest';
import { translator } from '../../../i18n/index.ts';
import { wrapLabel } from '../../../charts/choropleth.ts';
import { overlaps, xAxisLabels } from '../../../charts/testing/axis.ts';
import { LEVEL_COLOURS, levelChangeHtml, pictureMap, pictureTrend, raisedTrend, wardPage } from './picture.ts';

const t = translator('en');
const square = (x: number, y: number, size: number) => ({
  type: 'Polygon' as const,
  coordinates: [
    [
      [x, y],
      [x, y + size],
      [x + size, y + size],
      [x + size, y],
      [x, y],
    ],
  ],
});
const weeks = ['2026-W33', '2026-W34', '2026-W35', '2026-W36', '2026-W37'];
const trend = {
  rows: weeks.map((w, i) => ({ iso_week: w, computed_level: 2 + (i % 3), final_level: 2 + (i % 3) })),
  weeks: weeks.map((week, i) => ({
    week,
    maxLevel: 2 + (i % 3),
    raised: i % 3,
    computed: 2 + (i % 3),
    final: 2 + (i % 3),
  })),
} as unknown as Parameters<typeof pictureTrend>[0];
const yTickLabels = (svg: string) =>
  [...svg.matchAll(/<text[^>]*text-anchor="end"[^>]*>([^<]*)<\/text>/g)]
    .map((m) => m[1])
    .filter((label) => !/^\d{1,2} \w{3} \d{4}$/.test(label)); // x-axis dates may be end-anchored too

describe('the tension picture presenters', () => {
  it('draws the trend of levels on an axis of whole levels 1 to 5, worded "on" a day', () => {
    const f = pictureTrend(trend, t);
    expect(f.svg).not.toMatch(/>[^<]*\d\.\d\d[^<]*</);
    const ticks = yTickLabels(f.svg);
    expect(ticks.length).toBeGreaterThan(0);
    for (const tick of ticks) expect(tick).toMatch(/^[1-5]$/);
    expect(f.summary).toMatch(/rose from 2 – Low on \d{1,2} \w{3} 2026 to 3 – Moderate on/);
    expect(f.summary).not.toMatch(/ in \d{1,2} \w{3}/);
  });

  it('draws the number of raised wards on its own chart, with whole-number ticks', () => {
    const f = raisedTrend(trend, t);
    for (const tick of yTickLabels(f.svg)) expect(tick).toMatch(/^\d+$/);
    expect(pictureTrend(trend, t).svg).not.toContain(t('tensions.picture.raised'));
  });

  it("keeps a ward's trend to whole levels", () => {
    const page = wardPage({ code: 'X05000001', name: 'Abbey' }, '2026-W37', trend, t);
    for (const tick of yTickLabels(page.figure.svg)) expect(tick).toMatch(/^[1-5]$/);
  });

  it('gives the map legend the words and colours of the level tags, and names the areas', () => {
    const picture = {
      wards: [
        { code: 'X05000001', name: 'Abbey' },
        { code: 'X05000002', name: 'Bridge' },
      ],
      rows: [
        { code: 'X05000001', level: { final_level: 3 } },
        { code: 'X05000002', level: { final_level: 1 } },
      ],
    } as unknown as Parameters<typeof pictureMap>[0];
    const map = pictureMap(
      picture,
      [
        { code: 'X05000001', geometry: square(0, 0, 1) },
        { code: 'X05000002', geometry: square(1, 0, 1) },
      ],
      '2026-W37',
      '/c/demo/tensions',
      t,
    );
    if (!map) throw new Error('no map');
    for (const level of [1, 2, 3, 4, 5]) {
      expect(map.svg).toContain(`>${level} ${t(`tensions.levels.${level}`)}<`);
      expect(map.svg).toContain(`fill="${LEVEL_COLOURS[level]}"`);
    }
    expect(map.svg).not.toContain('Under 2');
    // Accessible names on the focusable links, titles on hover, and visible labels where they fit.
    expect(map.svg).toContain('aria-label="Abbey: 3 Moderate"');
    expect(map.svg).toContain('<title>Bridge: 1 Normal</title>');
    expect(map.svg).toMatch(/<g class="app-chart__area-labels" aria-hidden="true">.*>Abbey<\/text>.*>Bridge<\/text>/);
  });

  it('wraps long legend labels onto a second line instead of cutting them off', () => {
    expect(wrapLabel('2 Low', 200, 13)).toEqual(['2 Low']);
    const lines = wrapLabel('Agree that people from different backgrounds get on well', 150, 13);
    expect(lines).toHaveLength(2);
    expect(lines[0].endsWith('…')).toBe(false);
    expect(lines.join(' ').startsWith('Agree that people from')).toBe(true);
  });
});

describe('line chart axis labels', () => {
  it('keeps the last date label inside the chart and clear of the one before it', () => {
    const f = pictureTrend(trend, t);
    const labels = [
      ...f.svg.matchAll(/<text x="([\d.]+)" y="[\d.]+" text-anchor="(\w+)">(\d{1,2} \w{3} \d{4})<\/text>/g),
    ];
    expect(labels.length).toBeGreaterThan(1);
    expect(labels[labels.length - 1][2]).toBe('end');
    expect(labels[0][2]).not.toBe('end');
    // Thirteen weeks once drew the last two dates as one ("15 Nov 202629 Nov 2026"). The SVG scales with its
    // viewBox, so no overlap in its own coordinates means none at 320 px either.
    const weeks13 = Array.from({ length: 13 }, (_, i) => `2026-W${36 + i}`);
    const long = {
      rows: [],
      weeks: weeks13.map((week, i) => ({ week, maxLevel: 1 + (i % 5), raised: i % 3, computed: 1, final: 1 })),
    } as unknown as Parameters<typeof pictureTrend>[0];
    for (const fig of [pictureTrend(long, t), raisedTrend(long, t)]) {
      const drawn = xAxisLabels(fig.svg);
      expect(drawn.length).toBeGreaterThan(2);
      expect(overlaps(drawn)).toEqual([]);
      expect(drawn[0].label).toBe('31 Aug 2026');
      expect(drawn[drawn.length - 1].label).toBe('23 Nov 2026');
      expect(drawn[drawn.length - 1].end).toBeLessThanOrEqual(640);
    }
  });
});

describe('levelChangeHtml', () => {
  it('shows a fall with a true minus sign, never a hyphen, and says the change in words for screen readers', () => {
    const html = levelChangeHtml(-1, t);
    expect(html).toContain('<span aria-hidden="true">\u22121</span>');
    expect(html).not.toMatch(/>-\d/);
    expect(html).toContain('<span class="govuk-visually-hidden">1 lower than last week</span>');
    expect(levelChangeHtml(2, t)).toContain('<span aria-hidden="true">+2</span>');
    expect(levelChangeHtml(2, t)).toContain('2 higher than last week');
    expect(levelChangeHtml(0, t)).toBe('No change');
  });

  it('says it in Welsh on a Welsh page', () => {
    const cy = translator('cy');
    expect(levelChangeHtml(-1, cy)).toContain('1 yn is na’r wythnos diwethaf');
    expect(levelChangeHtml(0, cy)).toBe('Dim newid');
  });
});
