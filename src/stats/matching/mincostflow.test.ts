import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { maxWeightTransport, verifyCertificate, type TransportProblem } from './mincostflow.ts';
import { MatchingError } from './types.ts';
import { bruteForceTransport, transportArbitrary } from './testing.ts';
import { createRng, randomInt } from '../random.ts';

const problem = (left: number, capacity: number[], pairs: [number, number, number][]): TransportProblem => ({
  leftCount: left,
  capacity,
  pairLeft: Int32Array.from(pairs, (x) => x[0]),
  pairRight: Int32Array.from(pairs, (x) => x[1]),
  weight: Float64Array.from(pairs, (x) => x[2]),
});

describe('maxWeightTransport: worked examples', () => {
  it('moves an earlier placement when that frees room for a better total', () => {
    // Greedy gives left 0 → right 0 (10) and then left 1 has nowhere (total 10);
    // the optimum puts left 0 → right 1 (9) and left 1 → right 0 (8): 17.
    const s = maxWeightTransport(
      problem(
        2,
        [1, 1],
        [
          [0, 0, 10],
          [0, 1, 9],
          [1, 0, 8],
        ],
      ),
    );
    expect(Array.from(s.right)).toEqual([1, 0]);
    expect(s.total).toBe(17);
  });

  it('leaves people unplaced rather than use a non-positive pair, and respects capacity', () => {
    const s = maxWeightTransport(
      problem(
        4,
        [2, 0],
        [
          [0, 0, 5],
          [1, 0, 0],
          [2, 0, -1],
          [3, 0, 7],
          [3, 1, 100],
        ],
      ),
    );
    expect(Array.from(s.right)).toEqual([0, -1, -1, 0]);
    expect(s.total).toBe(12);
    expect(
      verifyCertificate(
        problem(
          4,
          [2, 0],
          [
            [0, 0, 5],
            [1, 0, 0],
            [2, 0, -1],
            [3, 0, 7],
            [3, 1, 100],
          ],
        ),
        s,
      ),
    ).toBe(true);
  });

  it('rejects repeated pairs, fractional weights and out-of-range nodes', () => {
    expect(() =>
      maxWeightTransport(
        problem(
          1,
          [1],
          [
            [0, 0, 1],
            [0, 0, 2],
          ],
        ),
      ),
    ).toThrow(MatchingError);
    expect(() => maxWeightTransport(problem(1, [1], [[0, 0, 1.5]]))).toThrow(MatchingError);
    expect(() => maxWeightTransport(problem(1, [1], [[1, 0, 1]]))).toThrow(MatchingError);
  });
});

describe('maxWeightTransport: properties', () => {
  it('equals the brute-force optimum, never exceeds capacity, places each left at most once', () => {
    fc.assert(
      fc.property(transportArbitrary(), (p) => {
        const s = maxWeightTransport(p);
        expect(s.total).toBe(bruteForceTransport(p));
        const used = new Array<number>(p.capacity.length).fill(0);
        let total = 0;
        for (let l = 0; l < p.leftCount; l++) {
          if (s.right[l] < 0) continue;
          const k = s.pair[l];
          expect(p.pairLeft[k]).toBe(l);
          expect(p.pairRight[k]).toBe(s.right[l]);
          expect(p.weight[k]).toBeGreaterThan(0);
          used[s.right[l]]++;
          total += p.weight[k];
        }
        used.forEach((u, r) => expect(u).toBeLessThanOrEqual(p.capacity[r]));
        expect(total).toBe(s.total);
        expect(verifyCertificate(p, s)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('larger random cases carry a valid dual certificate (optimal by LP duality)', () => {
    const rng = createRng(99);
    for (let run = 0; run < 20; run++) {
      const L = 50 + randomInt(rng, 300);
      const R = 5 + randomInt(rng, 30);
      const pairs: [number, number, number][] = [];
      for (let l = 0; l < L; l++) {
        for (let r = 0; r < R; r++) if (rng.next() < 0.15) pairs.push([l, r, randomInt(rng, 1000) - 50]);
      }
      const p = problem(
        L,
        Array.from({ length: R }, () => randomInt(rng, 12)),
        pairs,
      );
      expect(verifyCertificate(p, maxWeightTransport(p))).toBe(true);
    }
  });
});
