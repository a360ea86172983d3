/**
 * The `cohesion network` JSON contract (issue 14), checked against R igraph 1.3.5 on the fixtures of
 * src/stats/network/fixtures (make-fixtures.R): counts, degree, betweenness, components, the modularity of the
 * printed communities, and the cross-group tie share.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureIo } from '../../../../test/helpers/cli.ts';
import { main } from '../../main.ts';
import { buildGraph, modularity } from '../../../stats/network/index.ts';

interface Case {
  name: string;
  nodes: string[];
  ties: [string, string][];
  expected: {
    nodeCount: number;
    edgeCount: number;
    duplicateTies: number;
    selfTies: number;
    degree: number[];
    betweenness: number[];
    components: { membership: number[]; count: number };
    louvainModularity: number;
    assortativity: { types: string[]; observedCrossShare: number };
  };
}

const fixture = JSON.parse(
  readFileSync(new URL('../../../stats/network/fixtures/igraph-reference.json', import.meta.url), 'utf8'),
) as { cases: Case[] };

const dir = mkdtempSync(join(tmpdir(), 'cohesion-network-'));

async function run(...argv: string[]) {
  const c = captureIo({});
  const code = await main(argv, c.io);
  return { code, stdout: c.stdout, stderr: c.stderr };
}

interface Output {
  nodes: number;
  edges: number;
  components: number;
  isolates: string[];
  modularity: number | null;
  communities: number;
  cross_group_tie_share: number | null;
  node: { id: string; degree: number; betweenness: number; component: number; community: number }[];
  brokers: string[];
}

describe('cohesion network --json', () => {
  for (const c of fixture.cases) {
    it(`${c.name}: matches igraph`, async () => {
      const edges = join(dir, `${c.name}-edges.csv`);
      const nodes = join(dir, `${c.name}-nodes.csv`);
      writeFileSync(edges, 'from,to\n' + c.ties.map(([a, b]) => `${a},${b}`).join('\n') + '\n');
      writeFileSync(
        nodes,
        'id,group\n' + c.nodes.map((id, i) => `${id},${c.expected.assortativity.types[i]}`).join('\n') + '\n',
      );
      const r = await run('network', edges, '--nodes', nodes, '--group', 'group', '--json');
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout) as Output;
      expect(Object.keys(out)).toEqual([
        'nodes',
        'edges',
        'components',
        'isolates',
        'modularity',
        'communities',
        'cross_group_tie_share',
        'node',
        'brokers',
      ]);
      const x = c.expected;
      expect(out.nodes).toBe(x.nodeCount);
      expect(out.edges).toBe(x.edgeCount);
      expect(out.components).toBe(x.components.count);
      const isolated = c.nodes.filter((_, i) => x.degree[i] === 0);
      expect(out.isolates).toEqual(isolated);
      expect(out.node.map((n) => n.id)).toEqual(c.nodes);
      expect(out.node.map((n) => n.degree)).toEqual(x.degree);
      expect(out.node.map((n) => n.component)).toEqual(x.components.membership);
      out.node.forEach((n, i) => expect(Math.abs(n.betweenness - x.betweenness[i])).toBeLessThan(1e-9));
      // Modularity is Newman's Q of the communities printed (igraph's modularity() on the same membership
      // is checked in src/stats/network/reference.test.ts), and close to igraph's best Louvain partition.
      const g = buildGraph({ nodes: c.nodes, ties: c.ties });
      const membership = out.node.map((n) => n.community);
      expect(Math.abs((out.modularity ?? NaN) - modularity(g, membership))).toBeLessThan(1e-12);
      expect(out.modularity ?? NaN).toBeGreaterThan(x.louvainModularity - 0.02);
      expect(new Set(membership).size).toBe(out.communities);
      expect(Math.abs((out.cross_group_tie_share ?? NaN) - x.assortativity.observedCrossShare)).toBeLessThan(1e-9);
      // Brokers: the highest betweenness first.
      const byId = new Map(out.node.map((n) => [n.id, n.betweenness]));
      const top = [...out.node].sort((a, b) => b.betweenness - a.betweenness)[0];
      if (top.betweenness > 0) expect(byId.get(out.brokers[0])).toBe(top.betweenness);
      if (x.duplicateTies + x.selfTies > 0)
        expect(r.stderr).toBe(`network: dropped ${x.duplicateTies} repeated tie(s) and ${x.selfTies} self-tie(s)\n`);
    });
  }

  it('drops and counts repeated ties and self-ties; a path has a broker in the middle', async () => {
    const edges = join(dir, 'small.csv');
    writeFileSync(edges, 'from,to\na,b\nb,a\nb,c\nc,c\nc,d\n');
    const r = await run('network', edges, '--json');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('network: dropped 1 repeated tie(s) and 1 self-tie(s)\n');
    const out = JSON.parse(r.stdout) as Output;
    expect(out).toMatchObject({ nodes: 4, edges: 3, components: 1, isolates: [], cross_group_tie_share: null });
    // Path a–b–c–d: b lies on a–c and a–d, c on a–d and b–d (unordered pairs, not normalised).
    expect(out.node.map((n) => n.betweenness)).toEqual([0, 2, 2, 0]);
    expect(out.brokers).toEqual(['b', 'c']);
  });

  it('keeps isolates from the node list; no ties gives a null modularity', async () => {
    const edges = join(dir, 'none.csv');
    const nodes = join(dir, 'none-nodes.csv');
    writeFileSync(edges, 'from,to\n');
    writeFileSync(nodes, 'id\nx\ny\n');
    const out = JSON.parse((await run('network', edges, '--nodes', nodes, '--json')).stdout) as Output;
    expect(out).toMatchObject({ nodes: 2, edges: 0, components: 2, isolates: ['x', 'y'], modularity: null });
    expect(out.communities).toBe(2);
  });

  it('fails in one line: control characters, missing file, bad columns, empty end, unknown node, --group without --nodes', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'source,target\na,b\n');
    const empty = join(dir, 'empty-end.csv');
    writeFileSync(empty, 'from,to\na,b\nc,\n');
    const good = join(dir, 'good.csv');
    writeFileSync(good, 'from,to\na,b\n');
    const nodes = join(dir, 'n.csv');
    writeFileSync(nodes, 'id\na\n');
    // An escape sequence in an id drove the terminal it was printed to; a NUL went through.
    const escape = join(dir, 'escape.csv');
    writeFileSync(escape, 'from,to\n\u001b[31mred,b\na\u0000,b\n');
    const escapeNodes = join(dir, 'escape-nodes.csv');
    writeFileSync(escapeNodes, 'id,g\na,x\u001b[2J\nb,y\n');
    const cases: [string[], RegExp][] = [
      [['network', escape], /line 2: "from" and "to" must not hold control characters/],
      [['network', good, '--nodes', escapeNodes, '--group', 'g'], /line 2: ids and groups must not hold control/],
      [['network', join(dir, 'nope.csv'), '--json'], /no such file/],
      [['network', bad, '--json'], /needs columns "from" and "to"/],
      [['network', empty, '--json'], /line 3: "from" and "to" must not be empty/],
      [['network', good, '--nodes', nodes], /not in the node list/],
      [['network', empty, '--group', 'x'], /--group needs --nodes/],
      [['network', good, '--nodes', nodes, '--group', 'x'], /no column "x"/],
    ];
    for (const [argv, message] of cases) {
      const r = await run(...argv);
      expect(r.code, argv.join(' ')).not.toBe(0);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
