/** The human-readable report of `cohesion segregation`. */
import { basename } from 'node:path';
import type {
  ExpectedDissimilarity,
  LocalContribution,
  Outcome,
  ScopeResult,
  TwoGroupIndices,
} from '../../../stats/segregation/index.ts';
import type { AnalysisRequest } from './analyse.ts';
import { DEFAULT_TOP } from './args.ts';
import type { CountsTable } from './load.ts';

function fixed(value: number | null | undefined, digits = 4): string {
  return value === null || value === undefined || !Number.isFinite(value) ? 'n/a' : value.toFixed(digits);
}

function whole(value: number): string {
  return Number.isInteger(value) ? value.toLocaleString('en-GB') : value.toFixed(2);
}

function percent(value: number | null): string {
  if (value === null) return 'n/a';
  const pct = value * 100;
  return `${pct === 0 || pct >= 1 ? pct.toFixed(1) : pct.toPrecision(2)}%`;
}

function table(rows: string[][], align: ('l' | 'r')[]): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) =>
    r
      .map((cell, c) => (align[c] === 'l' ? cell.padEnd(widths[c]) : cell.padStart(widths[c])))
      .join('  ')
      .trimEnd(),
  );
}

const INDEX_HEADINGS = ['D', 'Gini', 'Theil H', 'xPx', 'xPy', 'eta2', 'A(0.1)', 'A(0.5)', 'A(0.9)'];

function indexCells(outcome: Outcome<TwoGroupIndices>): string[] {
  if (!outcome.ok) return INDEX_HEADINGS.map(() => 'n/a');
  const v = outcome.value;
  return [
    v.dissimilarity,
    v.gini,
    v.entropy,
    v.isolation,
    v.interaction,
    v.correlationRatio,
    v.atkinson01,
    v.atkinson05,
    v.atkinson09,
  ].map((x) => fixed(x));
}

function expectedLine(label: string, outcome: Outcome<ExpectedDissimilarity>): string {
  if (!outcome.ok) return `  ${label}: n/a (${outcome.reason})`;
  const e = outcome.value;
  return `  ${label}: observed D ${fixed(e.observed)}, expected ${fixed(e.mean)} (sd ${fixed(e.sd)}, range ${fixed(e.min)}-${fixed(e.max)}), adjusted D ${fixed(e.adjusted)}`;
}

function impactLines(rows: readonly LocalContribution[], top: number): string[] {
  const ranked = [...rows]
    .sort((a, b) => (b.impact ?? -Infinity) - (a.impact ?? -Infinity) || (a.unit < b.unit ? -1 : 1))
    .slice(0, top);
  if (ranked.length === 0) return [];
  const cells = [['Place', 'Areas', 'Share of index', 'Share of areas', 'Impact', 'Scaled mean']];
  for (const r of ranked) {
    cells.push([
      r.unit,
      whole(r.areas),
      percent(r.indexShare),
      percent(r.areaShare),
      fixed(r.impact, 2),
      fixed(r.scaledMean, 2),
    ]);
  }
  return table(cells, ['l', 'r', 'r', 'r', 'r', 'r']).map((l) => `    ${l}`);
}

function scopeText(scope: ScopeResult, request: AnalysisRequest, top: number): string[] {
  const lines: string[] = [];
  const empty = scope.emptyAreas ? ` (${whole(scope.emptyAreas)} with no population, skipped)` : '';
  lines.push(`== ${scope.scope}: ${whole(scope.areas)} areas${empty}, population ${whole(scope.population)} ==`);
  if (scope.unallocated > 0)
    lines.push(`  People in none of the listed groups: ${whole(scope.unallocated)} (counted as one more group)`);
  lines.push(
    `  Diversity (entropy) ${fixed(scope.diversity)}   Simpson's interaction ${fixed(scope.simpsonsInteraction)}`,
  );
  const m = scope.multi;
  if (m.ok) {
    const v = m.value;
    lines.push(
      `  Multi-group: D ${fixed(v.multiDissimilarity)}  Gini ${fixed(v.multiGini)}  H ${fixed(v.informationTheory)}  ` +
        `normalised exposure ${fixed(v.normalizedExposure)}  squared CV ${fixed(v.squaredCoefficientOfVariation)}`,
    );
  } else {
    lines.push(`  Multi-group: n/a (${m.reason})`);
  }
  const rows = [['Group vs rest', 'Share', ...INDEX_HEADINGS]];
  for (const gr of scope.groups) rows.push([gr.group, percent(gr.share), ...indexCells(gr.indices)]);
  if (scope.pair) {
    rows.push([`${scope.pair.y} vs ${scope.pair.x}`, 'pair', ...indexCells(scope.pair.indices)]);
  }
  lines.push(...table(rows, ['l', 'r', ...INDEX_HEADINGS.map(() => 'r' as const)]).map((l) => `  ${l}`));
  if (scope.pair && !scope.pair.indices.ok)
    lines.push(`  ${scope.pair.y} vs ${scope.pair.x}: ${scope.pair.indices.reason}`);
  if (request.expected) {
    lines.push(
      `  Expected D under random allocation (${request.expected.draws} draws, seed ${request.expected.seed}):`,
    );
    if (scope.pair?.expected) lines.push(expectedLine(`${scope.pair.y} vs ${scope.pair.x}`, scope.pair.expected));
    for (const gr of scope.groups) if (gr.expected) lines.push(expectedLine(`${gr.group} vs rest`, gr.expected));
  }
  for (const t of scope.impacts) {
    const what = t.index === 'dissimilarity' && scope.pair ? `D (${scope.pair.y} vs ${scope.pair.x})` : 'multi-group D';
    if (!t.rows.ok) {
      lines.push(`  Local contributions to ${what} by ${t.level}: n/a (${t.rows.reason})`);
      continue;
    }
    const shown = Math.min(top, t.rows.value.length);
    lines.push(
      `  Local contributions to ${what} by ${t.level} (top ${shown} of ${whole(t.rows.value.length)} by impact):`,
    );
    lines.push(...impactLines(t.rows.value, top));
  }
  return lines;
}

/** Human-readable report. */
export function formatReport(
  tableInfo: CountsTable,
  request: AnalysisRequest,
  scopes: readonly ScopeResult[],
  top = DEFAULT_TOP,
): string {
  const m = tableInfo.matrix;
  const lines = [
    `Segregation indices for ${basename(tableInfo.file)}`,
    `Areas: column ${tableInfo.areaColumn}. Groups (${m.groups.length}): ${m.groups.join(', ')}.`,
    `Area population: ${tableInfo.totalColumn ? `column ${tableInfo.totalColumn}` : 'sum of the group columns'}` +
      (request.pair ? `; for ${request.pair.y} vs ${request.pair.x}, the two groups only.` : '.'),
    'Columns: D dissimilarity, Gini, Theil H entropy, xPx isolation, xPy interaction, eta2 correlation ratio, A(b) Atkinson.',
    '',
  ];
  for (const scope of scopes) lines.push(...scopeText(scope, request, top), '');
  return lines.join('\n');
}
