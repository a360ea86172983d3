/** `cohesion survey estimate` output rows and the plain-text table. */
import type { Estimate } from '../../../stats/survey/index.ts';

export interface OutputRow {
  by: string | null;
  level: string | null;
  category?: string;
  n: number;
  estimate: number | null;
  se: number | null;
  ci_low: number | null;
  ci_high: number | null;
  suppressed: boolean;
}

export function toRow(by: string | null, level: string | null, category: string | undefined, e: Estimate): OutputRow {
  const row: OutputRow = {
    by,
    level,
    n: e.n,
    estimate: e.estimate,
    se: e.se,
    ci_low: e.ciLow,
    ci_high: e.ciHigh,
    suppressed: e.suppressed,
  };
  if (category !== undefined) {
    return {
      by,
      level,
      category,
      n: row.n,
      estimate: row.estimate,
      se: row.se,
      ci_low: row.ci_low,
      ci_high: row.ci_high,
      suppressed: row.suppressed,
    };
  }
  return row;
}

export function renderTable(
  rows: OutputRow[],
  kind: 'mean' | 'proportion',
  varName: string,
  design: string,
  minN: number,
): string {
  const pct = kind === 'proportion';
  const num = (x: number | null, digits: number): string =>
    x === null ? '' : pct ? (x * 100).toFixed(digits) : x.toFixed(digits + 1);
  const header = [
    'by',
    'level',
    ...(pct ? ['category'] : []),
    'n',
    pct ? 'estimate %' : 'mean',
    pct ? 'se (pts)' : 'se',
    '95% CI',
  ];
  const body = rows.map((r) => [
    r.by ?? '(all)',
    r.level ?? '',
    ...(pct ? [r.category ?? ''] : []),
    String(r.n),
    r.suppressed ? 'suppressed' : num(r.estimate, 1),
    r.suppressed ? '' : num(r.se, 1),
    r.suppressed ? '' : `${num(r.ci_low, 1)} to ${num(r.ci_high, 1)}`,
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((b) => b[c].length)));
  const right = new Set(['n', 'estimate %', 'mean', 'se (pts)', 'se']);
  const line = (cells: string[]): string =>
    cells
      .map((cell, c) => (right.has(header[c]) ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
      .join('  ')
      .trimEnd();
  const title =
    `${varName}: ${pct ? 'weighted proportions' : 'weighted mean'}; ` +
    `SEs ${design === 'raked' ? 'account for raking' : 'from the weights alone (no calibration)'}; ` +
    `suppressed when n < ${minN}`;
  return [title, line(header), ...body.map(line)].join('\n') + '\n';
}
