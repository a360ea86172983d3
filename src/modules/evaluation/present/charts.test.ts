import { describe, expect, it } from 'vitest';
import { lovePlotSvg } from './charts.ts';
import type { BalanceLine } from '../model.ts';

const line = (covariate: string, smdBefore: number, smdAfter: number): BalanceLine => ({
  covariate,
  meanTreatedBefore: null,
  meanControlBefore: null,
  smdBefore,
  smdAfter,
  varianceRatioAfter: null,
});
const labels = {
  title: 'Balance',
  desc: 'Standardised mean differences',
  before: 'Before matching',
  after: 'After matching',
  axis: 'Absolute standardised mean difference',
};
/** Right-aligned covariate labels: each ends at x, so it starts about 0.55 em per character to the left. */
const labelStarts = (svg: string) =>
  [...svg.matchAll(/<text x="([\d.]+)"[^>]*font-size="13" text-anchor="end"[^>]*>([^<]*)<\/text>/g)].map(
    ([, x, text]) => Number(x) - text.length * 13 * 0.55,
  );

describe('love plot', () => {
  it('wraps a long covariate name inside the chart instead of clipping it at the left edge', () => {
    const svg = lovePlotSvg([line('age', 0.8, 0.01), line('Answer before the programme', 0.35, 0.08)], labels);
    expect(svg).not.toContain('>Answer before the programme<');
    expect(svg).toContain('>Answer before the<');
    expect(svg).toContain('>programme<');
    for (const start of labelStarts(svg)) expect(start).toBeGreaterThanOrEqual(0);
  });

  it('starts the second legend entry after the first, however long the translation', () => {
    const long = { ...labels, before: 'Cyn paru’r grwpiau â’i gilydd yn ofalus', after: 'Ar ôl paru' };
    const svg = lovePlotSvg([line('oed', 0.5, 0.05)], long);
    const before = /<text x="([\d.]+)" y="18"[^>]*>Cyn paru/.exec(svg);
    const after = /<circle cx="([\d.]+)" cy="14" r="5"/.exec(svg);
    expect(before && after).toBeTruthy();
    const beforeEnd = Number(before?.[1]) + long.before.length * 13 * 0.55;
    expect(Number(after?.[1])).toBeGreaterThan(beforeEnd);
    const viewWidth = Number(/viewBox="0 0 ([\d.]+)/.exec(svg)?.[1]);
    expect(viewWidth).toBeGreaterThan(Number(after?.[1]) + 12 + long.after.length * 13 * 0.55);
  });
});
