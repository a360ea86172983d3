/** The pure analysis of a loaded table (src/stats/segregation) for the whole file and each --by value. */
import { CliError } from '../../types.ts';
import { analyseScopes, SegregationError, type Grouping, type ScopeResult } from '../../../stats/segregation/index.ts';
import type { CountsTable } from './load.ts';

/** The same grouping with its labels in sorted order (scopes are listed alphabetically). */
function sortedGrouping(grouping: Grouping): Grouping {
  const order = grouping.labels
    .map((label, k) => ({ label, k }))
    .sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
  const remap = new Int32Array(order.length);
  order.forEach(({ k }, position) => {
    remap[k] = position;
  });
  const index = new Int32Array(grouping.index.length);
  for (let a = 0; a < index.length; a++) index[a] = remap[grouping.index[a]];
  return { labels: order.map((o) => o.label), index };
}

export interface AnalysisRequest {
  readonly by?: string;
  readonly levels?: readonly string[];
  readonly pair?: { readonly y: string; readonly x: string };
  readonly expected?: { readonly draws: number; readonly seed: number };
}

/** Run every index for the whole table and each --by value. */
export function analyseTable(table: CountsTable, request: AnalysisRequest): ScopeResult[] {
  const { matrix } = table;
  if (request.pair) {
    for (const name of [request.pair.y, request.pair.x]) {
      if (!matrix.groups.includes(name)) {
        throw new CliError(`--pair: "${name}" is not one of the group columns (${matrix.groups.join(', ')})`);
      }
    }
    if (request.pair.y === request.pair.x) throw new CliError('--pair needs two different groups');
  }
  const levelOf = (column: string): Grouping => {
    const grouping = table.categories.get(column);
    if (!grouping) throw new CliError(`column "${column}" was not loaded`);
    return grouping;
  };
  const by = request.by ? sortedGrouping(levelOf(request.by)) : null;
  const levels = (request.levels ?? []).map((name) => ({ name, grouping: levelOf(name) }));
  try {
    return analyseScopes(matrix, by, {
      ...(request.pair ? { pair: request.pair } : {}),
      ...(levels.length ? { levels } : {}),
      ...(request.expected ? { expected: request.expected } : {}),
    });
  } catch (error) {
    if (error instanceof SegregationError) throw new CliError(error.message);
    throw error;
  }
}
