import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BAR_COLOUR,
  BAR_HIGHLIGHT_COLOUR,
  barChartFigure,
  barChartTable,
  renderBarChart,
  summariseBarChart,
  type BarChartOptions,
} from './bar.ts';
import { formatPercent } from './common.ts';
import { checkXml } from './testing/xml.ts';

const groups: BarChartOptions = {
  width: 600,
  title: 'Agree people from different backgrounds get on well',
  description: 'Survey estimate by age group with 95% confidence intervals',
  format: (v) => formatPercent(v, 0),
  bars: [
    { label: '16 to 24', value: 0.72, lower: 0.65, upper: 0.79 },
    { label: '25 to 49', value: 0.81, lower: 0.78, upper: 0.84 },
    { label: '50 to 64', value: 0.85, lower: 0.82, upper: 0.88, highlight: true },
    { label: '65 & over <old>', value: null },
  ],
  reference: { value: 0.8, label: 'England' },
};

const rects = (svg: string) => checkXml(svg).elements.filter((e) => e.name === 'rect');

describe('renderBarChart', () => {
  it('is a well-formed labelled image with bars, whiskers, a reference line and a no-data row', () => {
    const svg = renderBarChart(groups);
    const { problems, elements } = checkXml(svg);
    expect(problems).toEqual([]);
    expect(elements[0].attrs.role).toBe('img');
    const [t, d] = elements[0].attrs['aria-labelledby'].split(' ');
    expect(elements.some((e) => e.name === 'title' && e.attrs.id === t)).toBe(true);
    expect(elements.some((e) => e.name === 'desc' && e.attrs.id === d)).toBe(true);
    const bars = rects(svg);
    expect(bars).toHaveLength(3);
    expect(bars.map((b) => b.attrs.fill)).toEqual([BAR_COLOUR, BAR_COLOUR, BAR_HIGHLIGHT_COLOUR]);
    // bars are proportional to value (shared zero)
    const w = bars.map((b) => Number(b.attrs.width));
    expect(w[1] / w[0]).toBeCloseTo(0.81 / 0.72, 1);
    expect(elements.filter((e) => e.attrs.class === 'app-chart__interval')).toHaveLength(3);
    expect(svg).toContain('England: 80%');
    expect(svg).toContain('65 &amp; over &lt;old&gt;');
    expect(svg).toContain('>No data</text>');
    expect(svg).toContain('<title>16 to 24: 72% (65% to 79%)</title>');
    expect(Number(elements[0].attrs.height)).toBeGreaterThan(4 * 25);
  });

  it('sorts when asked, keeping no-data last', () => {
    const svg = renderBarChart({ ...groups, sort: 'descending' });
    const labels = [...svg.matchAll(/text-anchor="end"(?: font-weight="bold")?>([^<]+)</g)].map((m) => m[1]);
    expect(labels).toEqual(['50 to 64', '25 to 49', '16 to 24', '65 &amp; over &lt;old&gt;']);
  });

  it('draws negative values to the left of zero', () => {
    const svg = renderBarChart({
      ...groups,
      format: undefined,
      reference: undefined,
      bars: [
        { label: 'a', value: -2 },
        { label: 'b', value: 3 },
      ],
    });
    const [a, b] = rects(svg);
    expect(Number(a.attrs.x) + Number(a.attrs.width)).toBeCloseTo(Number(b.attrs.x), 1);
  });

  it('never emits NaN for any data (property test)', () => {
    const v = fc.oneof(
      fc.constant(null),
      fc.constant(Number.NaN),
      fc.constant(0),
      fc.double({ min: -1e6, max: 1e6, noNaN: true }),
    );
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ label: fc.string({ maxLength: 30 }), value: v, lower: v, upper: v, highlight: fc.boolean() }),
          { maxLength: 12 },
        ),
        fc.option(v),
        (bars, ref) => {
          const opts: BarChartOptions = {
            ...groups,
            format: undefined,
            bars,
            reference: ref === null ? undefined : { value: ref as number, label: 'Ref' },
          };
          const svg = renderBarChart(opts);
          expect(svg).not.toContain('NaN');
          expect(svg).not.toContain('Infinity');
          expect(checkXml(svg).problems).toEqual([]);
          expect(summariseBarChart(opts)).not.toContain('NaN');
          expect(JSON.stringify(barChartTable(opts))).not.toContain('NaN');
        },
      ),
      { numRuns: 200, seed: 7 },
    );
  });
});

describe('summariseBarChart and barChartTable', () => {
  it('names highest and lowest and compares with the reference, using the intervals', () => {
    expect(summariseBarChart(groups)).toBe(
      'Highest: 50 to 64 (85%). Lowest: 16 to 24 (72%). 2 of 3 are above England (80%), 1 of them with the whole confidence interval above it.',
    );
    expect(
      summariseBarChart({
        bars: [
          { label: 'a', value: 1 },
          { label: 'b', value: 1 },
        ],
      }),
    ).toBe('All 2 have the same value (1.00).');
    expect(summariseBarChart({ bars: [] })).toBe('There is no data to show.');
  });

  it('tabulates values, intervals and the reference', () => {
    const t = barChartTable(groups);
    expect(t.head.map((h) => h.text)).toEqual(['Group', 'Value', 'Confidence interval']);
    expect(t.rows.map((r) => r.map((c) => c.text))).toEqual([
      ['16 to 24', '72%', '65% to 79%'],
      ['25 to 49', '81%', '78% to 84%'],
      ['50 to 64', '85%', '82% to 88%'],
      ['65 & over <old>', 'No data', 'Not available'],
      ['England (reference)', '80%', ''],
    ]);
    expect(barChartFigure(groups).svg).toBe(renderBarChart(groups));
  });
});
