/**
 * The words charts write come from the message catalogues: src/charts keeps an English copy (it reads no files), which
 * must equal the English catalogue, and a chart drawn with the Welsh translator writes no English.
 */
import { describe, expect, it } from 'vitest';
import { barChartFigure, choroplethFigure, lineChartFigure, CHART_TEXT_EN } from '../../src/charts/index.ts';
import { hasKey, translate, translator } from '../../src/i18n/index.ts';
import { englishDetector } from '../e2e/welsh.ts';

const cy = translator('cy');
const detector = englishDetector();
const square = (x: number) => ({
  type: 'Polygon' as const,
  coordinates: [
    [
      [x, 0],
      [x, 1],
      [x + 1, 1],
      [x + 1, 0],
      [x, 0],
    ],
  ],
});

/** Every piece of text of a figure a reader meets: summary, table caption, headings and cells, and SVG text. */
function textsOf(f: {
  svg: string;
  summary: string;
  table: { caption: string; head: { text: string }[]; rows: { text: string }[][] };
}) {
  const svgText = [...f.svg.matchAll(/>([^<>]+)</g)].map((m) => m[1]);
  return [
    f.summary,
    f.table.caption,
    ...f.table.head.map((h) => h.text),
    ...f.table.rows.flat().map((c) => c.text),
    ...svgText,
  ];
}

describe('chart text', () => {
  it('is the English catalogue, key for key, and every key has Welsh', () => {
    for (const [key, en] of Object.entries(CHART_TEXT_EN)) {
      expect(translate('en', key), key).toBe(en);
      expect(hasKey(key, 'cy'), key).toBe(true);
    }
  });

  it('is Welsh throughout on a Welsh page: summaries, legends, tables and month names', () => {
    const bars = barChartFigure({
      text: cy,
      width: 600,
      title: 'Teitl',
      description: 'Disgrifiad',
      bars: [
        { label: 'Ashley', value: 0.4, lower: 0.3, upper: 0.5 },
        { label: 'Brook', value: 0.6, lower: 0.55, upper: 0.65 },
        { label: 'Cwm', value: null },
      ],
      reference: { value: 0.5, label: 'Cymru' },
    });
    const line = lineChartFigure({
      text: cy,
      width: 600,
      height: 300,
      title: 'Teitl',
      description: 'Disgrifiad',
      series: [
        {
          name: 'Ashley',
          points: [
            { x: new Date(Date.UTC(2026, 0, 5)), y: 2 },
            { x: new Date(Date.UTC(2026, 10, 30)), y: 3, lower: 2, upper: 4 },
          ],
        },
        { name: 'Brook', points: [{ x: new Date(Date.UTC(2026, 0, 5)), y: null }] },
      ],
    });
    const map = choroplethFigure({
      text: cy,
      width: 600,
      height: 400,
      title: 'Teitl',
      description: 'Disgrifiad',
      features: [0, 1, 2, 3].map((i) => ({ code: `W0500000${i}`, name: `Ward ${i}`, geometry: square(i) })),
      values: new Map([
        ['W05000000', 1],
        ['W05000001', 2],
        ['W05000002', 3],
      ]),
      classes: { type: 'quantile', count: 3 },
      highlight: 'W05000001',
    });
    const english = [bars, line, map].flatMap(textsOf).filter((s) => detector.why(s) !== null);
    expect(english).toEqual([]);
    expect(bars.summary).toMatch(/^Uchaf: Brook \(0\.60\)\. Isaf: Ashley \(0\.40\)\. Mae 1 o 2 yn uwch na Cymru/);
    expect(bars.table.head[0].text).toBe('Grŵp');
    expect(line.summary).toMatch(
      /^Cododd Ashley o 2\.00 \(5 Ion 2026\) i 3\.00 \(30 Tach 2026\); nid oes data ar gyfer Brook\.$/,
    );
    expect(map.table.rows.at(-1)?.[2].text).toBe('Dim data');
    for (const english of [
      'Highest',
      'Lowest',
      'No data',
      'Group',
      'rose from',
      'Jan',
      'Nov',
      'Highlighted',
      'to under',
    ]) {
      expect([bars, line, map].flatMap(textsOf).join('\n')).not.toContain(english);
    }
  });

  it('stays English by default', () => {
    const f = barChartFigure({
      width: 600,
      title: 'T',
      description: 'D',
      bars: [
        { label: 'A', value: 1 },
        { label: 'B', value: 2 },
      ],
    });
    expect(f.summary).toBe('Highest: B (2.00). Lowest: A (1.00).');
    expect(f.table.head[0].text).toBe('Group');
  });
});
