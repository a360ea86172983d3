import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SERIES_COLOURS } from './common.ts';
import { lineChartFigure, lineChartTable, renderLineChart, summariseLineChart, type LineChartOptions } from './line.ts';
import { overlaps, xAxisLabels } from './testing/axis.ts';
import { checkXml } from './testing/xml.ts';

const trend: LineChartOptions = {
  width: 640,
  height: 320,
  title: 'People who feel they belong',
  description: 'Survey estimate by year',
  series: [
    {
      name: 'Demoshire',
      points: [
        { x: 2019, y: 0.62, lower: 0.58, upper: 0.66 },
        { x: 2020, y: 0.64, lower: 0.6, upper: 0.68 },
        { x: 2021, y: null },
        { x: 2022, y: 0.7, lower: 0.66, upper: 0.74 },
        { x: 2023, y: 0.71, lower: 0.67, upper: 0.75 },
      ],
    },
    {
      name: 'England',
      points: [2019, 2020, 2021, 2022, 2023].map((x, i) => ({ x, y: 0.65 - i * 0.01 })),
    },
  ],
  referenceLines: [{ value: 0.6, label: 'Target' }],
};

const lines = (svg: string) =>
  checkXml(svg).elements.filter((e) => e.name === 'path' && e.attrs.class === 'app-chart__line');

describe('renderLineChart', () => {
  it('is a well-formed labelled image with one line per series, a band and a reference line', () => {
    const svg = renderLineChart(trend);
    const { problems, elements } = checkXml(svg);
    expect(problems).toEqual([]);
    expect(elements[0].attrs.role).toBe('img');
    const [t, d] = elements[0].attrs['aria-labelledby'].split(' ');
    expect(elements.some((e) => e.name === 'title' && e.attrs.id === t)).toBe(true);
    expect(elements.some((e) => e.name === 'desc' && e.attrs.id === d)).toBe(true);
    const ls = lines(svg);
    expect(ls).toHaveLength(2);
    expect(ls.map((l) => l.attrs.stroke)).toEqual([SERIES_COLOURS[0], SERIES_COLOURS[1]]);
    // the second series is dashed so colour is not the only difference
    expect(ls[0].attrs['stroke-dasharray']).toBeUndefined();
    expect(ls[1].attrs['stroke-dasharray']).toBeDefined();
    expect(elements.filter((e) => e.attrs.class === 'app-chart__band')).toHaveLength(1);
    expect(svg).toContain('Target: 0.60');
    expect(svg).toContain('>2019</text>');
    expect(svg).toContain('>2023</text>');
    expect(svg).not.toContain('NaN');
  });

  it('keeps the labels of close reference lines apart and draws them over the series', () => {
    const svg = renderLineChart({
      ...trend,
      referenceLines: [
        { value: 0.75, label: 'Baseline' },
        { value: 0.74, label: 'Target' },
      ],
    });
    const labels = checkXml(svg).elements.filter((e) => e.attrs.class === 'app-chart__reference-label');
    expect(labels).toHaveLength(2);
    const [a, b] = labels.map((l) => Number(l.attrs.y)).sort((p, q) => p - q);
    expect(b - a).toBeGreaterThanOrEqual(13);
    expect(svg.lastIndexOf('app-chart__reference-label')).toBeGreaterThan(svg.lastIndexOf('app-chart__line'));
  });

  it('breaks the line at missing values', () => {
    const svg = renderLineChart(trend);
    const d = lines(svg)[0].attrs.d;
    expect(d.match(/M/g)).toHaveLength(2); // two segments: 2019–2020 and 2022–2023
    const band = checkXml(svg).elements.find((e) => e.attrs.class === 'app-chart__band')!;
    expect(band.attrs.d.match(/M/g)).toHaveLength(2);
  });

  it('uses a UTC time scale for Dates, with month labels', () => {
    const months = Array.from({ length: 6 }, (_, i) => ({ x: new Date(Date.UTC(2024, i, 1)), y: 10 + i }));
    const svg = renderLineChart({
      ...trend,
      series: [{ name: 'Tension reports', points: months }],
      referenceLines: [],
    });
    expect(checkXml(svg).problems).toEqual([]);
    expect(svg).toContain('>Jan 2024</text>');
    expect(summariseLineChart({ series: [{ name: 'Tension reports', points: months }] })).toBe(
      'Tension reports rose from 10.0 in Jan 2024 to 15.0 in Jun 2024.',
    );
  });

  it('thins x-axis labels so twelve weekly dates never overlap (d3 gives a tick a week)', () => {
    const points = Array.from({ length: 12 }, (_, i) => ({ x: new Date(Date.UTC(2026, 7, 31 + 7 * i)), y: i % 5 }));
    const svg = renderLineChart({
      series: [{ name: 'Level', points }],
      width: 640,
      height: 320,
      title: 't',
      description: 'd',
    });
    const axis = /<g class="app-chart__x-axis">([\s\S]*?)<\/g>/.exec(svg)![1];
    const xs = [...axis.matchAll(/<text x="([\d.]+)"[^>]*>([^<]+)<\/text>/g)].map((m) => ({
      x: Number(m[1]),
      label: m[2],
    }));
    expect(xs.length).toBeGreaterThan(1);
    expect(xs.length).toBeLessThan(12);
    // At 12px Arial a label like "16 Nov 2026" is about 65px wide: neighbours must be further apart than that.
    for (let i = 1; i < xs.length; i++) expect(xs[i].x - xs[i - 1].x).toBeGreaterThan(65);
  });

  it('never overlaps x-axis labels nor lets them run off the chart, at any width from 320 px, keeping the ends', () => {
    const day = 86_400_000;
    const start = Date.UTC(2026, 8, 7);
    const ranges: Record<string, Date[] | number[]> = {
      '5 weeks': Array.from({ length: 5 }, (_, i) => new Date(start + 7 * i * day)),
      '12 weeks': Array.from({ length: 12 }, (_, i) => new Date(start + 7 * i * day)),
      '13 weeks ending 29 Nov': Array.from(
        { length: 13 },
        (_, i) => new Date(Date.UTC(2026, 10, 29) - 7 * (12 - i) * day),
      ),
      '52 weeks': Array.from({ length: 52 }, (_, i) => new Date(start + 7 * i * day)),
      '40 days': Array.from({ length: 40 }, (_, i) => new Date(start + i * day)),
      '36 months': Array.from({ length: 36 }, (_, i) => new Date(Date.UTC(2023, i, 1))),
      '2 dates': [new Date(start), new Date(start + 7 * day)],
      years: [2001, 2011, 2021, 2022, 2023, 2024, 2025],
    };
    for (const width of [320, 360, 480, 640, 960, 1280]) {
      for (const [name, xs] of Object.entries(ranges)) {
        const opts: LineChartOptions = {
          width,
          height: 300,
          title: 't',
          description: 'd',
          series: [{ name: 'Level', points: xs.map((x, i) => ({ x, y: i % 4 })) }],
        };
        const svg = renderLineChart(opts);
        const periods = lineChartTable(opts).rows.map((r) => r[0].text);
        const labels = xAxisLabels(svg);
        const where = `${name} at ${width} px`;
        expect(labels.length, where).toBeGreaterThanOrEqual(Math.min(2, xs.length));
        expect(overlaps(labels), where).toEqual([]);
        for (const l of labels) {
          expect(l.start, `${where}: ${l.label}`).toBeGreaterThanOrEqual(0);
          expect(l.end, `${where}: ${l.label}`).toBeLessThanOrEqual(width);
        }
        // The first and the last period are always labelled.
        expect(labels[0].label, where).toBe(periods[0]);
        expect(labels[labels.length - 1].label, where).toBe(periods[periods.length - 1]);
      }
    }
  });

  it('rejects a mix of Dates and numbers', () => {
    expect(() =>
      renderLineChart({
        ...trend,
        series: [
          {
            name: 'a',
            points: [
              { x: 2020, y: 1 },
              { x: new Date(0), y: 2 },
            ],
          },
        ],
      }),
    ).toThrow(TypeError);
  });

  it('escapes series names and shows a message when there is no data', () => {
    const svg = renderLineChart({ ...trend, series: [{ name: 'A & <B>', points: [{ x: 1, y: 2 }] }] });
    expect(checkXml(svg).problems).toEqual([]);
    expect(svg).toContain('A &amp; &lt;B&gt;');
    const empty = renderLineChart({ ...trend, series: [{ name: 'x', points: [{ x: 1, y: null }] }] });
    expect(empty).toContain('No data to show');
    expect(checkXml(empty).problems).toEqual([]);
  });

  it('is deterministic', () => {
    expect(renderLineChart(trend)).toBe(renderLineChart(trend));
  });

  it('never emits NaN for any data (property test)', () => {
    const y = fc.oneof(
      fc.constant(null),
      fc.constant(Number.NaN),
      fc.double({ min: -1e6, max: 1e6, noNaN: true }),
      fc.constant(0),
    );
    const point = fc.record({ x: fc.integer({ min: 2000, max: 2030 }), y, lower: fc.option(y), upper: fc.option(y) });
    fc.assert(
      fc.property(fc.array(fc.array(point, { maxLength: 12 }), { minLength: 1, maxLength: 4 }), (series) => {
        const opts: LineChartOptions = {
          ...trend,
          series: series.map((points, i) => ({
            name: `S${i}`,
            points: points.map((p) => ({ ...p, lower: p.lower, upper: p.upper })),
          })),
        };
        const svg = renderLineChart(opts);
        expect(svg).not.toContain('NaN');
        expect(svg).not.toContain('Infinity');
        expect(checkXml(svg).problems).toEqual([]);
        expect(summariseLineChart(opts)).not.toContain('NaN');
        expect(JSON.stringify(lineChartTable(opts))).not.toContain('NaN');
      }),
      { numRuns: 150, seed: 42 },
    );
  });
});

describe('summariseLineChart and lineChartTable', () => {
  it('describes the change in each series', () => {
    expect(summariseLineChart(trend)).toBe(
      'Demoshire rose from 0.62 in 2019 to 0.71 in 2023; England fell from 0.65 in 2019 to 0.61 in 2023.',
    );
    expect(
      summariseLineChart({
        series: [
          {
            name: 'Flat',
            points: [
              { x: 1, y: 2 },
              { x: 2, y: 2 },
            ],
          },
        ],
      }),
    ).toBe('Flat was unchanged at 2.00 between 1 and 2.');
    expect(summariseLineChart({ series: [{ name: 'Empty', points: [] }] })).toBe('Empty has no data.');
  });

  it('tabulates each period with values and intervals', () => {
    const t = lineChartTable(trend);
    expect(t.head.map((h) => h.text)).toEqual(['Period', 'Demoshire', 'Demoshire: confidence interval', 'England']);
    expect(t.rows).toHaveLength(5);
    expect(t.rows[0].map((c) => c.text)).toEqual(['2019', '0.62', '0.58 to 0.66', '0.65']);
    expect(t.rows[2].map((c) => c.text)).toEqual(['2021', 'No data', 'No data', '0.63']);
    const fig = lineChartFigure(trend);
    expect(fig.summary).toBe(summariseLineChart(trend));
  });
});
