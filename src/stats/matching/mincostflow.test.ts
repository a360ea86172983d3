import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { certify } from './certificate.ts';
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

describe('maxWeightTransport: regressions', () => {
  // The certificate's Bellman–Ford once counted relaxations per node (at most
  // R + 2) as its negative-cycle test and so rejected these optimal matchings:
  // one pass lowers a node once per incoming edge, here once per left node
  // placed, as their weights fall in pair order.
  it('one right node of capacity 4 filled by weights 4, 3, 2, 1', () => {
    const p = problem(
      4,
      [4],
      [
        [0, 0, 4],
        [1, 0, 3],
        [2, 0, 2],
        [3, 0, 1],
      ],
    );
    const s = maxWeightTransport(p);
    expect(Array.from(s.right)).toEqual([0, 0, 0, 0]);
    expect(s.total).toBe(10);
    expect(verifyCertificate(p, s)).toBe(true);
  });

  it('a full right node next to an empty one (shrunk from a property failure)', () => {
    const p = problem(
      3,
      [3, 2],
      [
        [0, 0, 15],
        [0, 1, 4],
        [1, 0, 13],
        [2, 0, 12],
        [2, 1, 2],
      ],
    );
    const s = maxWeightTransport(p);
    expect(Array.from(s.right)).toEqual([0, 0, 0]);
    expect(s.total).toBe(40);
    expect(verifyCertificate(p, s)).toBe(true);
  });

  it('the certificate still rejects a matching that is not optimal', () => {
    // Same problem, left 0 moved to right 1: total 29 < 40.
    const p = problem(
      3,
      [3, 2],
      [
        [0, 0, 15],
        [0, 1, 4],
        [1, 0, 13],
        [2, 0, 12],
        [2, 1, 2],
      ],
    );
    const useful = Int32Array.from([0, 1, 2, 3, 4]);
    expect(() => certify(p, useful, Int32Array.from([1, 0, 0]), Int32Array.from([1, 2, 3]))).toThrow(/not optimal/);
    expect(certify(p, useful, Int32Array.from([0, 0, 0]), Int32Array.from([0, 2, 3])).total).toBe(40);
  });
});

describe('maxWeightTransport: properties (fixed seeds)', () => {
  const checkSolution = (p: TransportProblem): void => {
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
  };

  it('equals the brute-force optimum, never exceeds capacity, places each left at most once', () => {
    fc.assert(fc.property(transportArbitrary(), checkSolution), { numRuns: 2000, seed: 20240613 });
  });

  it('the same with many tied weights and capacities up to 5', () => {
    fc.assert(fc.property(transportArbitrary(8, 3, 3, 5), checkSolution), { numRuns: 1000, seed: 20240614 });
  });

  it('the certificate accepts every optimal matching and rejects every other one', () => {
    // Matchings over the usable pairs (weight > 0, capacity > 0), either random
    // or the solver's optimum with a few left nodes moved: the certificate must
    // exist exactly when the total is the brute-force optimum.
    let accepted = 0;
    let rejected = 0;
    fc.assert(
      fc.property(
        transportArbitrary(7, 3, 6, 5),
        fc.boolean(),
        fc.array(fc.nat(), { minLength: 7, maxLength: 7 }),
        (p, fromOptimum, choice) => {
          const useful: number[] = [];
          const options: number[][] = Array.from({ length: p.leftCount }, () => []);
          for (let k = 0; k < p.pairLeft.length; k++) {
            if (p.weight[k] > 0 && p.capacity[p.pairRight[k]] > 0) {
              useful.push(k);
              options[p.pairLeft[k]].push(k);
            }
          }
          const start = fromOptimum ? maxWeightTransport(p) : null;
          const right = start ? Int32Array.from(start.right) : new Int32Array(p.leftCount).fill(-1);
          const pair = start ? Int32Array.from(start.pair) : new Int32Array(p.leftCount).fill(-1);
          const used = new Array<number>(p.capacity.length).fill(0);
          for (let l = 0; l < p.leftCount; l++) if (right[l] >= 0) used[right[l]]++;
          for (let l = 0; l < p.leftCount; l++) {
            // From the optimum, move one left node in four; otherwise draw every one.
            if (start && choice[l] % 4 !== 0) continue;
            if (right[l] >= 0) used[right[l]]--;
            right[l] = -1;
            pair[l] = -1;
            const c = (start ? choice[l] >> 2 : choice[l]) % (options[l].length + 1);
            if (c === 0) continue;
            const k = options[l][c - 1];
            const r = p.pairRight[k];
            if (used[r] === p.capacity[r]) continue;
            used[r]++;
            right[l] = r;
            pair[l] = k;
          }
          let total = 0;
          for (let l = 0; l < p.leftCount; l++) if (pair[l] >= 0) total += p.weight[pair[l]];
          const certifyIt = () => certify(p, Int32Array.from(useful), right, pair);
          if (total === bruteForceTransport(p)) {
            accepted++;
            const s = certifyIt();
            expect(s.total).toBe(total);
            expect(verifyCertificate(p, s)).toBe(true);
          } else {
            rejected++;
            expect(certifyIt).toThrow(MatchingError);
          }
        },
      ),
      { numRuns: 1500, seed: 20240615 },
    );
    expect(accepted).toBeGreaterThan(300);
    expect(rejected).toBeGreaterThan(300);
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
