/**
 * `cohesion network EDGES.csv [--nodes NODES.csv] [--group COL] [--json]`: the measures of an undirected network
 * from an edge list (src/stats/network). Loads no web framework, database or module.
 */
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { CsvReadError, readCsv } from '../../../lib/csv.ts';
import { NetworkError, summariseNetwork, type NetworkSummary, type Tie } from '../../../stats/network/index.ts';
import { CliError, type CliCommand, type CliIo } from '../../types.ts';

const HELP = `Usage: cohesion network EDGES.csv [--nodes NODES.csv] [--group COL] [--json]

Measures of an undirected network from an edge list.

EDGES.csv has columns from,to (one tie per row, treated as undirected); repeated ties and
self-ties are dropped and counted (the counts are printed on stderr).

Options:
  --nodes FILE   node list: column id, plus attributes; nodes without ties become isolates,
                 and a tie naming a node not in the list is an error
  --group COL    a column of the node list: share of ties crossing groups (needs --nodes)
  --seed N       seed of the Louvain community search (default 1)
  --brokers N    how many brokers (highest betweenness) to name (default 10)
  --json         print JSON: {"nodes", "edges", "components", "isolates", "modularity",
                 "communities", "cross_group_tie_share", "node": [{"id", "degree",
                 "betweenness", "component", "community"}], "brokers"}
  -h, --help     show this help

Betweenness counts each unordered pair once and is not normalised (Brandes 2001); modularity
is Newman's Q (resolution 1) of the communities printed; components and communities are
numbered from 0.
`;

export interface NetworkOptions {
  readonly edges: string;
  readonly nodes?: string;
  readonly group?: string;
  readonly seed: number;
  readonly brokers: number;
  readonly json: boolean;
}

function integer(value: string, flag: string, min: number): number {
  if (!/^-?\d+$/.test(value.trim())) throw new CliError(`${flag} must be a whole number, got "${value}"`);
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < min) throw new CliError(`${flag} must be a whole number ≥ ${min}, got ${value}`);
  return n;
}

export function parseNetworkArgs(argv: string[]): NetworkOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        nodes: { type: 'string' },
        group: { type: 'string' },
        seed: { type: 'string' },
        brokers: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    throw new CliError(`network: ${(error as Error).message.split('\n')[0]}`, 2);
  }
  const { values, positionals } = parsed;
  if (positionals.length === 0) throw new CliError('network: missing EDGES.csv', 2);
  if (positionals.length > 1) throw new CliError(`network: unexpected argument '${positionals[1]}'`, 2);
  if (values.group !== undefined && values.nodes === undefined) throw new CliError('network: --group needs --nodes');
  return {
    edges: positionals[0],
    ...(values.nodes !== undefined ? { nodes: values.nodes } : {}),
    ...(values.group !== undefined ? { group: values.group } : {}),
    seed: values.seed === undefined ? 1 : integer(values.seed, '--seed', -(2 ** 31)),
    brokers: values.brokers === undefined ? 10 : integer(values.brokers, '--brokers', 0),
    json: values.json ?? false,
  };
}

/** Ties from the edge list; a row with an empty end is an error naming its line. */
export async function loadTies(path: string): Promise<Tie[]> {
  const ties: Tie[] = [];
  let header: readonly string[] = [];
  for await (const { line, record } of readCsv(path, { onHeader: (h) => (header = h) })) {
    if (!header.includes('from') || !header.includes('to'))
      throw new CliError(`${path}: needs columns "from" and "to"`);
    const from = (record.from ?? '').trim();
    const to = (record.to ?? '').trim();
    if (from === '' || to === '') throw new CliError(`${path} line ${line}: "from" and "to" must not be empty`);
    if (CONTROL.test(from) || CONTROL.test(to))
      throw new CliError(`${path} line ${line}: "from" and "to" must not hold control characters`);
    ties.push([from, to]);
  }
  if (ties.length === 0 && !(header.includes('from') && header.includes('to')))
    throw new CliError(`${path}: needs columns "from" and "to"`);
  return ties;
}

/** Control characters (NUL, escape sequences that would drive the terminal the ids are printed to). */
const CONTROL = /\p{Cc}/u;

/** Node ids and, with `group`, each node's value in that column. */
export async function loadNodes(path: string, group?: string): Promise<{ ids: string[]; groups?: string[] }> {
  const ids: string[] = [];
  const groups: string[] = [];
  const seen = new Set<string>();
  let header: readonly string[] = [];
  const checkHeader = (h: readonly string[]) => {
    header = h;
    if (!h.includes('id')) throw new CliError(`${path}: needs a column "id"`);
    if (group !== undefined && !h.includes(group)) throw new CliError(`${path}: no column "${group}" for --group`);
  };
  for await (const { line, record } of readCsv(path, { onHeader: checkHeader })) {
    const id = (record.id ?? '').trim();
    if (id === '') throw new CliError(`${path} line ${line}: "id" must not be empty`);
    const value = group === undefined ? '' : (record[group] ?? '');
    if (CONTROL.test(id) || CONTROL.test(value))
      throw new CliError(`${path} line ${line}: ids and groups must not hold control characters`);
    if (seen.has(id)) throw new CliError(`${path} line ${line}: node "${id}" appears twice`);
    seen.add(id);
    ids.push(id);
    if (group !== undefined) groups.push((record[group] ?? '').trim());
  }
  if (header.length === 0) checkHeader([]);
  return group === undefined ? { ids } : { ids, groups };
}

/** The JSON contract of issue 14. */
export function networkJson(s: NetworkSummary): Record<string, unknown> {
  return {
    nodes: s.graph.nodeCount,
    edges: s.graph.edgeCount,
    components: s.components,
    isolates: s.isolates,
    modularity: s.modularity,
    communities: s.communities,
    cross_group_tie_share: s.mixing ? s.mixing.observedCrossShare : null,
    node: s.nodes.map((n) => ({
      id: n.id,
      degree: n.degree,
      betweenness: n.betweenness,
      component: n.component,
      community: n.community,
    })),
    brokers: s.brokers.map((b) => b.id),
  };
}

function fmt(x: number | null, digits = 4): string {
  return x === null ? 'n/a' : String(Number(x.toFixed(digits)));
}

export function networkText(s: NetworkSummary): string {
  const lines = [
    `nodes ${s.graph.nodeCount}, ties ${s.graph.edgeCount}`,
    `components ${s.components} (largest ${Math.max(0, ...s.componentSizes)}), isolates ${s.isolates.length}`,
    `communities ${s.communities} (Louvain, seed ${s.seed}), modularity ${fmt(s.modularity)}`,
  ];
  if (s.mixing)
    lines.push(
      `ties crossing groups ${fmt(s.mixing.observedCrossShare)} (expected by chance ${fmt(s.mixing.expectedCrossShare)})`,
    );
  lines.push(`brokers: ${s.brokers.map((b) => `${b.id} (${fmt(b.betweenness, 2)})`).join(', ') || 'none'}`);
  return lines.join('\n') + '\n';
}

async function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

export const networkCommand: CliCommand = {
  name: 'network',
  summary: 'Network measures (components, betweenness, communities, brokers) from an edge list CSV',
  help: HELP,
  async run(argv: string[], io: CliIo): Promise<number> {
    const options = parseNetworkArgs(argv);
    try {
      const ties = await loadTies(options.edges);
      const nodes = options.nodes ? await loadNodes(options.nodes, options.group) : undefined;
      const summary = summariseNetwork({
        ties,
        ...(nodes ? { nodes: nodes.ids } : {}),
        ...(nodes?.groups ? { groups: nodes.groups } : {}),
        seed: options.seed,
        brokers: options.brokers,
      });
      const { duplicateTies, selfTies } = summary.graph;
      if (duplicateTies > 0 || selfTies > 0)
        io.stderr.write(`network: dropped ${duplicateTies} repeated tie(s) and ${selfTies} self-tie(s)\n`);
      await write(io.stdout, options.json ? JSON.stringify(networkJson(summary)) + '\n' : networkText(summary));
      return 0;
    } catch (error) {
      if (error instanceof CsvReadError || error instanceof NetworkError) throw new CliError(error.message);
      throw error;
    }
  },
};
