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
import { estimateTextWidth, formatPercent } from './common.ts';
import { overlaps, xAxisLabels } from './testing/axis.ts';
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

describe('value labels and whiskers', () => {
  /** Each bar's value label as an x-interval (estimated width, as the chart lays it out) and its whisker's span. */
  function geometry(svg: string) {
    const labels = [
      ...svg.matchAll(
        /<text class="app-chart__value" data-bar="(\d+)" x="([-\d.]+)" y="[-\d.]+" text-anchor="(start|end)"[^>]*>([^<]*)<\/text>/g,
      ),
    ].map(([, i, x, anchor, text]) => {
      const w = estimateTextWidth(text, 13);
      const at = Number(x);
      return { i: Number(i), from: anchor === 'start' ? at : at - w, to: anchor === 'start' ? at + w : at };
    });
    const whiskers = new Map(
      [
        ...svg.matchAll(/<g class="app-chart__interval" data-bar="(\d+)"[^>]*><line x1="([-\d.]+)" x2="([-\d.]+)"/g),
      ].map(([, i, l, u]) => [Number(i), [Number(l), Number(u)] as const]),
    );
    const width = Number(/viewBox="0 0 ([\d.]+)/.exec(svg)?.[1]);
    const left = Number(/<g transform="translate\(([-\d.]+),/.exec(svg)?.[1]);
    return { labels, whiskers, width, left };
  }

  it('never draws a value label over its whisker, and keeps it inside the chart when there is room', () => {
    const bar = fc.record({
      value: fc.double({ min: -1, max: 1, noNaN: true }),
      below: fc.double({ min: 0, max: 0.5, noNaN: true }),
      above: fc.double({ min: 0, max: 0.5, noNaN: true }),
    });
    fc.assert(
      fc.property(fc.array(bar, { minLength: 1, maxLength: 8 }), fc.integer({ min: 320, max: 900 }), (bs, width) => {
        const svg = renderBarChart({
          width,
          title: 't',
          description: 'd',
          format: (v) => formatPercent(v, 0),
          bars: bs.map((b, i) => ({
            label: `Group ${i}`,
            value: b.value,
            lower: b.value - b.below,
            upper: b.value + b.above,
          })),
        });
        const g = geometry(svg);
        expect(g.labels).toHaveLength(bs.length);
        for (const l of g.labels) {
          const w = g.whiskers.get(l.i);
          expect(w).toBeDefined();
          const [lo, hi] = w as readonly [number, number];
          // Disjoint x-ranges: the label ends before the whisker starts or starts after it ends.
          expect(l.to <= lo || l.from >= hi, `bar ${l.i}: label ${l.from}–${l.to}, whisker ${lo}–${hi}`).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('puts the label beyond the whisker end, or inside the bar when the whisker runs to the edge', () => {
    // A narrow chart whose right margin (a quarter of the width) cannot hold "90 per cent" after a whisker that
    // runs to the end of the axis.
    const svg = renderBarChart({
      width: 320,
      title: 't',
      description: 'd',
      domain: [0, 1],
      format: (v) => `${(v * 100).toFixed(0)} per cent`,
      bars: [
        { label: 'A', value: 0.5, lower: 0.4, upper: 0.6 },
        { label: 'B', value: 0.9, lower: 0.8, upper: 1 },
      ],
    });
    const g = geometry(svg);
    const [a, b] = g.labels;
    expect(a.from).toBeGreaterThan((g.whiskers.get(0) as readonly [number, number])[1]);
    expect(b.to).toBeLessThan((g.whiskers.get(1) as readonly [number, number])[0]);
    expect(svg).toMatch(/data-bar="1"[^>]*text-anchor="end" fill="#ffffff"/);
  });

  it('never overlaps value-axis labels, even with wide numbers at 320 px', () => {
    for (const width of [320, 400, 640, 960]) {
      for (const [max, format] of [
        [1, (v: number) => formatPercent(v, 0)],
        [2_500_000, (v: number) => `${Math.round(v).toLocaleString('en-GB')} people`],
        [0.004, (v: number) => v.toFixed(4)],
      ] as const) {
        const svg = renderBarChart({
          ...groups,
          width,
          format,
          reference: undefined,
          bars: [0.2, 0.5, 1].map((f, i) => ({ label: `Group ${i}`, value: f * max })),
        });
        const labels = xAxisLabels(svg);
        const where = `${format(max)} at ${width} px`;
        expect(labels.length, where).toBeGreaterThanOrEqual(2);
        expect(overlaps(labels), where).toEqual([]);
        for (const l of labels) expect(l.end, where).toBeLessThanOrEqual(width);
      }
    }
  });
});
