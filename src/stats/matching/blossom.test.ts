import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { maxWeightMatching } from './blossom.ts';
import { bruteForceMatching, subsetDpMatching } from './testing.ts';
import { createRng, randomInt } from '../random.ts';
import { MatchingError } from './types.ts';

function run(n: number, edges: [number, number, number][]): { mate: Int32Array; total: number } {
  const mate = maxWeightMatching(
    n,
    Int32Array.from(edges, (e) => e[0]),
    Int32Array.from(edges, (e) => e[1]),
    Float64Array.from(edges, (e) => e[2]),
  );
  const w = new Map(edges.map(([a, b, x]) => [`${Math.min(a, b)}:${Math.max(a, b)}`, x]));
  let total = 0;
  for (let v = 0; v < n; v++) {
    const u = mate[v];
    if (u < 0) continue;
    expect(mate[u]).toBe(v);
    if (v < u) total += w.get(`${v}:${u}`) ?? NaN;
  }
  return { mate, total };
}

describe('maxWeightMatching: worked examples', () => {
  it('prefers two light edges to one heavy one when they weigh more', () => {
    // path 0–1–2–3 with weights 6, 8, 6: {0–1, 2–3} = 12 beats {1–2} = 8
    expect(
      run(4, [
        [0, 1, 6],
        [1, 2, 8],
        [2, 3, 6],
      ]).total,
    ).toBe(12);
  });

  it('triangle with a tail: needs a blossom (odd cycle) to find the optimum', () => {
    // triangle 0,1,2 (weights 10) and pendant 2–3 (weight 4): best 0–1 + 2–3 = 14
    const r = run(4, [
      [0, 1, 10],
      [1, 2, 10],
      [0, 2, 10],
      [2, 3, 4],
    ]);
    expect(r.total).toBe(14);
  });

  it('nested blossoms and an expansion (two pentagons joined)', () => {
    const edges: [number, number, number][] = [
      [0, 1, 8],
      [1, 2, 8],
      [2, 3, 8],
      [3, 4, 8],
      [4, 0, 8],
      [5, 6, 8],
      [6, 7, 8],
      [7, 8, 8],
      [8, 9, 8],
      [9, 5, 8],
      [0, 5, 2],
      [2, 10, 12],
      [7, 11, 14],
    ];
    expect(run(12, edges).total).toBe(bruteForceMatching(12, edges));
  });

  it('ignores non-positive edges and rejects odd weights', () => {
    expect(run(2, [[0, 1, -2]]).total).toBe(0);
    expect(() => maxWeightMatching(2, Int32Array.of(0), Int32Array.of(1), Float64Array.of(3))).toThrow(MatchingError);
  });
});

describe('maxWeightMatching: properties', () => {
  const graph = (maxN: number, maxW: number, density: number) =>
    fc.integer({ min: 1, max: maxN }).chain((n) =>
      fc
        .array(fc.option(fc.integer({ min: -2, max: maxW }), { freq: Math.round(1 / density) }), {
          minLength: (n * (n - 1)) / 2,
          maxLength: (n * (n - 1)) / 2,
        })
        .map((cells) => {
          const edges: [number, number, number][] = [];
          let k = 0;
          for (let a = 0; a < n; a++)
            for (let b = a + 1; b < n; b++, k++) if (cells[k] !== null) edges.push([a, b, 2 * (cells[k] as number)]);
          return { n, edges };
        }),
    );

  it('equals the brute-force optimum on small random graphs (many ties)', () => {
    fc.assert(
      fc.property(graph(10, 5, 0.5), ({ n, edges }) => {
        expect(run(n, edges).total).toBe(bruteForceMatching(n, edges));
      }),
      { numRuns: 1500, seed: 20240616 },
    );
  });

  it('equals the brute-force optimum on small random graphs (distinct weights)', () => {
    fc.assert(
      fc.property(graph(12, 1000, 0.35), ({ n, edges }) => {
        expect(run(n, edges).total).toBe(bruteForceMatching(n, edges));
      }),
      { numRuns: 700, seed: 20240617 },
    );
  });

  it('equals the subset dynamic programme on 50 random graphs of 16–18 vertices', () => {
    const rng = createRng(5);
    for (let trial = 0; trial < 50; trial++) {
      const n = 16 + randomInt(rng, 3);
      const p = 0.15 + 0.5 * rng.next();
      const maxW = trial % 2 ? 6 : 100000;
      const edges: [number, number, number][] = [];
      for (let a = 0; a < n; a++)
        for (let b = a + 1; b < n; b++) if (rng.next() < p) edges.push([a, b, 2 * (1 + randomInt(rng, maxW))]);
      expect(run(n, edges).total).toBe(subsetDpMatching(n, edges));
    }
  });
});
