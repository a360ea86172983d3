import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildGraph } from './graph.ts';
import { mixing } from './mixing.ts';
import { betweenness } from './centrality.ts';
import { bridgingTies, brokers, quantile7 } from './brokers.ts';
import { NetworkError } from './types.ts';
import { graphArbitrary } from './testing.ts';

describe('mixing by a node attribute', () => {
  // a1–a2, a2–b1, b1–b2, b2–a1, a1–b1: groups A = {a1, a2}, B = {b1, b2}
  const g = buildGraph({
    ties: [
      ['a1', 'a2'],
      ['a2', 'b1'],
      ['b1', 'b2'],
      ['b2', 'a1'],
      ['a1', 'b1'],
    ],
  });
  const groups = ['A', 'A', 'B', 'B'];

  it('worked example: observed 3/5 cross, expected 1 − Σ (d_g/2m)² = 1/2, r = 1 − 0.6/0.5 = −0.2', () => {
    // degrees: a1 3, a2 2, b1 3, b2 2 → d_A = 5, d_B = 5, 2m = 10
    const r = mixing(g, groups);
    expect(r.ties).toBe(5);
    expect(r.crossTies).toBe(3);
    expect(r.observedCrossShare).toBeCloseTo(0.6, 15);
    expect(r.expectedCrossShare).toBeCloseTo(0.5, 15);
    expect(r.assortativity).toBeCloseTo(-0.2, 15);
    expect(r.groups[0]).toEqual({
      group: 'A',
      nodes: 2,
      degree: 5,
      within: 1,
      cross: 3,
      crossShare: 0.6,
      expectedCrossShare: 0.5,
    });
  });

  it('leaves out nodes without a group and their ties; one group only → r null', () => {
    const r = mixing(g, ['A', 'A', null, 'A']);
    expect(r.ties).toBe(2);
    expect(r.skippedTies).toBe(3);
    expect(r.assortativity).toBeNull();
    expect(r.expectedCrossShare).toBe(0);
    expect(() => mixing(g, [null, 'A', null, 'A'])).toThrow(NetworkError);
  });

  it('property: r = 1 − observed/expected, and r = 1 when no tie crosses', () => {
    fc.assert(
      fc.property(
        graphArbitrary(16, 50),
        fc.array(fc.constantFrom('x', 'y', 'z'), { minLength: 16, maxLength: 16 }),
        (g, labels) => {
          fc.pre(g.edgeCount > 0);
          const r = mixing(g, labels.slice(0, g.nodeCount));
          expect(r.observedCrossShare).toBeGreaterThanOrEqual(0);
          expect(r.observedCrossShare).toBeLessThanOrEqual(1);
          if (r.assortativity !== null) {
            expect(r.assortativity).toBeCloseTo(1 - r.observedCrossShare / r.expectedCrossShare, 12);
            if (r.crossTies === 0) expect(r.assortativity).toBeCloseTo(1, 12);
          }
          expect(r.groups.reduce((s, x) => s + x.degree, 0)).toBe(2 * r.ties);
        },
      ),
      { numRuns: 100, seed: 1801 },
    );
  });
});

describe('brokers and bridging ties', () => {
  // Two triangles joined through c–d: c and d carry every path between sides.
  const g = buildGraph({
    ties: [
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'a'],
      ['c', 'd'],
      ['d', 'e'],
      ['e', 'f'],
      ['f', 'd'],
    ],
  });
  const b = betweenness(g);

  it('top k by betweenness, ties in value broken by node order', () => {
    expect(brokers(g, b.nodes, { top: 1 }).map((x) => x.id)).toEqual(['c']);
    // c lies on every path from {a, b} to {d, e, f}: 2 × 3 = 6 pairs
    expect(brokers(g, b.nodes, { top: 5 }).map((x) => [x.id, x.betweenness])).toEqual([
      ['c', 6],
      ['d', 6],
    ]);
  });

  it('above a quantile (R type 7)', () => {
    expect(quantile7(Float64Array.from([1, 2, 3, 4]), 0.5)).toBe(2.5);
    expect(brokers(g, b.nodes, { quantile: 0.5 }).map((x) => x.id)).toEqual(['c', 'd']);
    expect(() => brokers(g, b.nodes, { quantile: 1 })).toThrow(NetworkError);
  });

  it('the tie between the triangles is the one bridging tie, carrying all 3 × 3 cross pairs', () => {
    const r = bridgingTies(g, [0, 0, 0, 1, 1, 1], b.ties);
    expect(r.ties.map((t) => [t.from, t.to, t.betweenness])).toEqual([['c', 'd', 9]]);
    expect(r.pairs).toEqual([{ a: 0, b: 1, ties: 1 }]);
  });
});
