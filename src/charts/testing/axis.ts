/**
 * Test helper: the tick labels of a chart's x axis as drawn, with the horizontal span each covers in the SVG's own
 * coordinates. Widths are estimated at 0.6 em a character, a little wider than the charts' own Arial estimate, so a
 * test that finds no overlap also holds for a somewhat wider fallback font.
 */
export interface DrawnLabel {
  label: string;
  anchor: string;
  x: number;
  start: number;
  end: number;
}

export function xAxisLabels(svg: string, fontSize = 13): DrawnLabel[] {
  const plot = /<g transform="translate\(([-\d.]+),([-\d.]+)\)"/.exec(svg);
  const left = plot ? Number(plot[1]) : 0;
  const axis = /<g class="app-chart__x-axis">([\s\S]*?)<\/g>/.exec(svg);
  if (!axis) return [];
  const texts = [...axis[1].matchAll(/<text x="([-\d.]+)" y="([-\d.]+)" text-anchor="(\w+)">([^<]*)<\/text>/g)];
  // The tick row is the first row of text under the axis (an axis title sits lower down).
  const row = Math.min(...texts.map((m) => Number(m[2])));
  return texts
    .filter((m) => Number(m[2]) === row)
    .map(([, xs, , anchor, label]) => {
      const x = left + Number(xs);
      const w = label.length * fontSize * 0.6;
      const start = anchor === 'start' ? x : anchor === 'end' ? x - w : x - w / 2;
      return { label, anchor, x, start, end: start + w };
    });
}

/** Pairs of neighbouring labels that touch or overlap, as "a|b" strings (empty when all are clear). */
export function overlaps(labels: readonly DrawnLabel[], gap = 2): string[] {
  const sorted = [...labels].sort((a, b) => a.x - b.x);
  const out: string[] = [];
  for (let i = 1; i < sorted.length; i++)
    if (sorted[i].start < sorted[i - 1].end + gap) out.push(`${sorted[i - 1].label}|${sorted[i].label}`);
  return out;
}
