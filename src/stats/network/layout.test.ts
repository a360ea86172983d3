import { describe, expect, it } from 'vitest';
import { buildGraph } from './graph.ts';
import { forceLayout } from './layout.ts';

function twoCliques() {
  const ties: [string, string][] = [];
  for (const side of ['a', 'b'])
    for (let i = 0; i < 6; i++) for (let j = i + 1; j < 6; j++) ties.push([`${side}${i}`, `${side}${j}`]);
  ties.push(['a0', 'b0']);
  return buildGraph({ ties });
}

const dist = (l: { x: Float64Array; y: Float64Array }, u: number, v: number) =>
  Math.hypot(l.x[u] - l.x[v], l.y[u] - l.y[v]);

describe('forceLayout', () => {
  it('is reproducible for a seed and stays in the unit square', () => {
    const g = twoCliques();
    const a = forceLayout(g, { seed: 3 });
    const b = forceLayout(g, { seed: 3 });
    expect(Array.from(a.x)).toEqual(Array.from(b.x));
    expect(Array.from(a.y)).toEqual(Array.from(b.y));
    for (const v of [...a.x, ...a.y]) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }
  });

  it('draws tied nodes closer than untied ones: each clique is tighter than the distance between them', () => {
    const g = twoCliques();
    const l = forceLayout(g, { seed: 11 });
    const ids = g.ids;
    const side = (p: string) => ids.flatMap((id, v) => (id.startsWith(p) ? [v] : []));
    const mean = (pairs: [number, number][]) => pairs.reduce((s, [u, v]) => s + dist(l, u, v), 0) / pairs.length;
    const a = side('a');
    const b = side('b');
    const within = mean(a.flatMap((u, i) => a.slice(i + 1).map((v): [number, number] => [u, v])));
    const between = mean(a.flatMap((u) => b.map((v): [number, number] => [u, v])));
    expect(within).toBeLessThan(between / 2);
  });

  it('handles no nodes, one node and isolates', () => {
    expect(forceLayout(buildGraph({ ties: [] }), { seed: 1 }).x.length).toBe(0);
    const one = forceLayout(buildGraph({ ties: [], nodes: ['x'] }), { seed: 1 });
    expect([one.x[0], one.y[0]]).toEqual([0.5, 0.5]);
    const l = forceLayout(buildGraph({ ties: [['a', 'b']], nodes: ['a', 'b', 'c'] }), { seed: 1 });
    expect(l.x.every((v) => Number.isFinite(v))).toBe(true);
  });
});
