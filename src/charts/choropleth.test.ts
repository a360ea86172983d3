import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  choroplethFigure,
  choroplethTable,
  classifyValues,
  renderChoropleth,
  summariseChoropleth,
  type ChoroplethOptions,
} from './choropleth.ts';
import { SEQUENTIAL_BLUES, formatPercent } from './common.ts';
import { squareGrid } from './testing/fixtures.ts';
import { checkXml } from './testing/xml.ts';

const features = squareGrid(5, 2); // 10 areas E01000001…E01000010
const values = new Map(features.map((f, i) => [f.code, i / 10])); // 0.0 … 0.9

const base = (over: Partial<ChoroplethOptions> = {}): ChoroplethOptions => ({
  features,
  values,
  width: 640,
  height: 400,
  title: 'Share of residents',
  description: 'Map of the share by area',
  ...over,
});

function areaPaths(svg: string) {
  return checkXml(svg).elements.filter((e) => e.name === 'path' && 'data-code' in e.attrs);
}

describe('renderChoropleth', () => {
  it('is a well-formed, labelled image with one path per feature', () => {
    const svg = renderChoropleth(base());
    const { problems, elements } = checkXml(svg);
    expect(problems).toEqual([]);
    const root = elements[0];
    expect(root.name).toBe('svg');
    expect(root.attrs.role).toBe('img');
    const [titleId, descId] = root.attrs['aria-labelledby'].split(' ');
    expect(elements.find((e) => e.name === 'title' && e.attrs.id === titleId)).toBeDefined();
    expect(elements.find((e) => e.name === 'desc' && e.attrs.id === descId)).toBeDefined();
    expect(svg).toContain(`<title id="${titleId}">Share of residents</title>`);
    expect(areaPaths(svg).map((p) => p.attrs['data-code'])).toEqual(features.map((f) => f.code));
    expect(svg).toContain('<title>Area 1: 0.00</title>');
    expect(svg).toContain('<title>Area 10: 0.90</title>');
    expect(svg).not.toContain('NaN');
  });

  it('fits the projection inside the drawing', () => {
    const svg = renderChoropleth(base());
    for (const p of areaPaths(svg)) {
      const nums = p.attrs.d.match(/-?\d+(\.\d+)?/g)!.map(Number);
      expect(nums.length).toBeGreaterThan(0);
      for (const v of nums) {
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(640);
      }
    }
  });

  it('escapes names, titles and links', () => {
    const weird = squareGrid(2, 1, (i) => (i === 0 ? `Bow <East> & "Mile End"` : `O'Brien's`));
    const svg = renderChoropleth({
      ...base({ features: weird, values: new Map([[weird[0].code, 1]]) }),
      title: 'A <b> & "c"',
      description: 'd & e',
      linkFor: (code) => `/areas/${code}?a=1&b="2"`,
    });
    expect(checkXml(svg).problems).toEqual([]);
    expect(svg).toContain('Bow &lt;East&gt; &amp; &quot;Mile End&quot;: 1.00');
    expect(svg).toContain('O&#39;Brien&#39;s: no data');
    expect(svg).toContain('A &lt;b&gt; &amp; &quot;c&quot;');
    expect(svg).toContain(`href="/areas/${weird[0].code}?a=1&amp;b=&quot;2&quot;"`);
    expect(svg).not.toMatch(/<b>|& |"Mile/);
  });

  it('shows 5 quantile classes in the legend by default, coloured light to dark', () => {
    const svg = renderChoropleth(base());
    const legend = checkXml(svg).elements.filter((e) => e.attrs.class === 'app-chart__legend-class');
    expect(legend).toHaveLength(5);
    const fills = areaPaths(svg).map((p) => p.attrs.fill);
    expect(fills[0]).toBe(SEQUENTIAL_BLUES[5][0]);
    expect(fills[9]).toBe(SEQUENTIAL_BLUES[5][4]);
    expect(new Set(fills).size).toBe(5);
    expect(svg).not.toContain('No data');
  });

  it('hatches areas without a value and lists "No data" in the legend', () => {
    const v = new Map<string, number | null>(values);
    v.set(features[0].code, null);
    v.set(features[1].code, Number.NaN);
    v.delete(features[2].code);
    const svg = renderChoropleth(base({ values: v }));
    const paths = areaPaths(svg);
    expect(paths).toHaveLength(10);
    const noData = paths.filter((p) => /^url\(#.+-nodata\)$/.test(p.attrs.fill));
    expect(noData.map((p) => p.attrs['data-code'])).toEqual(features.slice(0, 3).map((f) => f.code));
    expect(svg).toContain('>No data</text>');
    expect(svg).toContain('<title>Area 2: no data</title>');
    expect(svg).toMatch(/<pattern id="[^"]+-nodata"/);
    expect(svg).not.toContain('NaN');
  });

  it('uses fixed breaks with open-ended first and last classes', () => {
    const svg = renderChoropleth(
      base({ classes: { type: 'breaks', breaks: [0.25, 0.5] }, format: (x) => formatPercent(x, 0) }),
    );
    expect(svg).toContain('>Under 25%</text>');
    expect(svg).toContain('>25% to under 50%</text>');
    expect(svg).toContain('>50% and over</text>');
    const fills = areaPaths(svg).map((p) => p.attrs.fill);
    // 0.0,0.1,0.2 | 0.3,0.4 | 0.5…0.9
    expect(fills).toEqual([0, 0, 0, 1, 1, 2, 2, 2, 2, 2].map((k) => SEQUENTIAL_BLUES[3][k]));
  });

  it('outlines highlighted areas and names them in the legend', () => {
    const svg = renderChoropleth(base({ highlight: [features[3].code] }));
    expect(svg).toContain('class="app-chart__highlight"');
    expect(svg).toContain('Highlighted: Area 4');
    expect(areaPaths(svg)).toHaveLength(10);
  });

  it('wraps areas in links when linkFor is given and keeps them reachable (role=group)', () => {
    const svg = renderChoropleth(base({ linkFor: (c) => (c === features[0].code ? undefined : `/a/${c}`) }));
    const els = checkXml(svg).elements;
    expect(els[0].attrs.role).toBe('group');
    const links = els.filter((e) => e.name === 'a');
    expect(links).toHaveLength(9);
    expect(links[0].attrs['aria-label']).toBe('Area 2: 0.10');
  });

  it('is deterministic', () => {
    expect(renderChoropleth(base())).toBe(renderChoropleth(base()));
  });

  it('handles no features and no values', () => {
    const empty = renderChoropleth(base({ features: [] }));
    expect(checkXml(empty).problems).toEqual([]);
    expect(empty).toContain('No areas to show');
    const none = renderChoropleth(base({ values: new Map() }));
    expect(checkXml(none).problems).toEqual([]);
    expect(none.match(/-nodata\)"/g)!.length).toBe(10 + 1); // 10 areas + legend swatch
  });

  it('rejects bad sizes and class specs', () => {
    expect(() => renderChoropleth(base({ width: 0 }))).toThrow(RangeError);
    expect(() => renderChoropleth(base({ classes: { type: 'quantile', count: 9 } }))).toThrow(RangeError);
    expect(() => renderChoropleth(base({ classes: { type: 'breaks', breaks: [2, 1] } }))).toThrow(/increasing/);
  });

  it('never emits NaN and stays well-formed for any values (property test)', () => {
    const valueArb = fc.oneof(
      fc.constant(null),
      fc.constant(Number.NaN),
      fc.constant(0.5),
      fc.double({ min: -1e9, max: 1e9, noNaN: true }),
      fc.integer({ min: -3, max: 3 }),
    );
    fc.assert(
      fc.property(
        fc.array(valueArb, { minLength: 10, maxLength: 10 }),
        fc.integer({ min: 1, max: 7 }),
        fc.boolean(),
        (vals, count, legendBelow) => {
          const v = new Map(features.map((f, i) => [f.code, vals[i]]));
          const opts = base({ values: v, classes: { type: 'quantile', count }, width: legendBelow ? 320 : 640 });
          const svg = renderChoropleth(opts);
          expect(svg).not.toContain('NaN');
          expect(svg).not.toContain('Infinity');
          expect(checkXml(svg).problems).toEqual([]);
          expect(areaPaths(svg)).toHaveLength(10);
          const distinct = new Set(vals.filter((x): x is number => typeof x === 'number' && Number.isFinite(x)));
          const legendClasses = (svg.match(/app-chart__legend-class"/g) ?? []).length;
          expect(legendClasses).toBeLessThanOrEqual(Math.min(count, distinct.size));
          if (distinct.size > 0) expect(legendClasses).toBeGreaterThanOrEqual(1);
          const hasNoData = vals.some((x) => x === null || Number.isNaN(x));
          expect(svg.includes('app-chart__legend-nodata')).toBe(hasNoData);
          const summary = summariseChoropleth(opts);
          expect(summary).not.toContain('NaN');
          expect(JSON.stringify(choroplethTable(opts))).not.toContain('NaN');
        },
      ),
      { numRuns: 150, seed: 20240601 },
    );
  });
});

describe('classifyValues', () => {
  it('collapses repeated values into fewer classes', () => {
    const c = classifyValues([1, 1, 1, 1, 2], { type: 'quantile', count: 5 });
    expect(c.classes.map((k) => k.label)).toEqual(['1.00 to under 2.00', '2.00']);
    expect(c.classes.map((k) => k.count)).toEqual([4, 1]);
    expect(classifyValues([3, 3, 3]).classes.map((k) => k.label)).toEqual(['3.00']);
    expect(classifyValues([null, Number.NaN]).classes).toEqual([]);
  });
  it('never makes a class whose bounds print the same ("1.5 to under 1.5")', () => {
    const oneDecimal = (v: number) => v.toFixed(1);
    const data = [1.46, 1.48, 1.49, 1.52, 1.53, 2.9, 3.3, 5.0, 7.5, 7.9];
    const c = classifyValues(data, { type: 'quantile', count: 5 }, oneDecimal);
    for (const k of c.classes) expect(k.label).not.toMatch(/^(\S+) to under \1$/);
    expect(c.classes[0].label).toBe('1.5 to under 3.3');
    expect(c.classes.reduce((s, k) => s + k.count, 0)).toBe(data.length);
  });
  it('puts every value in exactly one class', () => {
    const data = [0.1, 0.5, 0.2, 0.9, 0.3, 0.7, 0.05, 0.95];
    const c = classifyValues(data, { type: 'quantile', count: 4 });
    expect(c.classes.reduce((s, k) => s + k.count, 0)).toBe(data.length);
    expect(c.classOf(0.05)).toBe(0);
    expect(c.classOf(0.95)).toBe(3);
    expect(c.classOf(null)).toBe(-1);
  });
});

describe('summariseChoropleth and choroplethTable', () => {
  it('names the highest and lowest areas and counts missing ones', () => {
    const v = new Map<string, number | null>(values);
    v.set(features[9].code, null);
    expect(summariseChoropleth({ features, values: v })).toBe(
      'Highest: Area 9 (0.80). Lowest: Area 1 (0.00). No data for 1 area.',
    );
    const ties = new Map(features.map((f, i) => [f.code, i < 2 ? 0.82 : 0.1]));
    expect(summariseChoropleth({ features, values: ties })).toBe(
      'Highest: Area 1 and Area 2 (0.82). Lowest: Area 10, Area 3 and 6 others (0.10).',
    );
    expect(summariseChoropleth({ features, values: new Map() })).toBe('No data for any of the 10 areas.');
    expect(summariseChoropleth({ features, values: new Map(features.map((f) => [f.code, 2])) })).toBe(
      'All 10 areas with data have the same value (2.00).',
    );
  });

  it('returns a table sorted by value with no-data rows last', () => {
    const v = new Map<string, number | null>(values);
    v.set(features[9].code, null);
    const t = choroplethTable(base({ values: v, valueLabel: 'Share' }));
    expect(t.caption).toBe('Share of residents');
    expect(t.head.map((h) => h.text)).toEqual(['Area', 'Code', 'Share', 'Map class']);
    expect(t.rows).toHaveLength(10);
    expect(t.rows[0].map((c) => c.text)).toEqual(['Area 9', 'E01000009', '0.80', '0.70 to 0.80']);
    expect(t.rows[9].map((c) => c.text)).toEqual(['Area 10', 'E01000010', 'No data', 'No data']);
    const fig = choroplethFigure(base());
    expect(fig.summary).toMatch(/^Highest: Area 10/);
    expect(fig.table.rows).toHaveLength(10);
  });
});
