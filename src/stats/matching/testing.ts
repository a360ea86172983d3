/**
 * Test helpers: fast-check generators and brute-force optima by exhaustive
 * enumeration (exponential; small cases only). Used only by the colocated tests.
 */
import fc from 'fast-check';
import type { TransportProblem } from './mincostflow.ts';

/** A small transportation problem with whole-number weights (some ≤ 0, some tied). */
export function transportArbitrary(
  maxLeft = 7,
  maxRight = 3,
  maxWeight = 20,
  maxCapacity = 3,
): fc.Arbitrary<TransportProblem> {
  return fc
    .record({
      left: fc.integer({ min: 0, max: maxLeft }),
      capacity: fc.array(fc.integer({ min: 0, max: maxCapacity }), { minLength: 1, maxLength: maxRight }),
    })
    .chain(({ left, capacity }) =>
      fc
        .array(fc.option(fc.integer({ min: -3, max: maxWeight }), { freq: 3 }), {
          minLength: left * capacity.length,
          maxLength: left * capacity.length,
        })
        .map((cells) => {
          const pl: number[] = [];
          const pr: number[] = [];
          const w: number[] = [];
          cells.forEach((c, i) => {
            if (c === null) return;
            pl.push(Math.floor(i / capacity.length));
            pr.push(i % capacity.length);
            w.push(c);
          });
          return {
            leftCount: left,
            capacity,
            pairLeft: Int32Array.from(pl),
            pairRight: Int32Array.from(pr),
            weight: Float64Array.from(w),
          };
        }),
    );
}

/** Best total weight by trying every assignment (each left: nothing or one of its pairs). */
export function bruteForceTransport(p: TransportProblem): number {
  const pairsOf: number[][] = Array.from({ length: p.leftCount }, () => []);
  for (let k = 0; k < p.pairLeft.length; k++) pairsOf[p.pairLeft[k]].push(k);
  const used = new Array<number>(p.capacity.length).fill(0);
  let best = 0;
  const visit = (l: number, total: number): void => {
    if (l === p.leftCount) {
      best = Math.max(best, total);
      return;
    }
    visit(l + 1, total);
    for (const k of pairsOf[l]) {
      const r = p.pairRight[k];
      if (used[r] >= p.capacity[r]) continue;
      used[r]++;
      visit(l + 1, total + p.weight[k]);
      used[r]--;
    }
  };
  visit(0, 0);
  return best;
}

/** Best total weight of a matching in a general graph (n ≤ ~12) by recursion on the lowest free vertex. */
export function bruteForceMatching(n: number, edges: readonly (readonly [number, number, number])[]): number {
  const w = new Map<number, number>();
  for (const [a, b, x] of edges)
    w.set(Math.min(a, b) * n + Math.max(a, b), Math.max(x, w.get(Math.min(a, b) * n + Math.max(a, b)) ?? -Infinity));
  const free = new Array<boolean>(n).fill(true);
  const visit = (): number => {
    let v = 0;
    while (v < n && !free[v]) v++;
    if (v === n) return 0;
    free[v] = false;
    let best = visit(); // v stays single
    for (let u = v + 1; u < n; u++) {
      const x = w.get(v * n + u);
      if (!free[u] || x === undefined || x <= 0) continue;
      free[u] = false;
      best = Math.max(best, x + visit());
      free[u] = true;
    }
    free[v] = true;
    return best;
  };
  return visit();
}

/** Best matching weight by dynamic programming over vertex subsets, O(2^n · n); n ≤ ~20. */
export function subsetDpMatching(n: number, edges: readonly (readonly [number, number, number])[]): number {
  const w = new Float64Array(n * n).fill(-Infinity);
  for (const [a, b, x] of edges) {
    w[a * n + b] = Math.max(w[a * n + b], x);
    w[b * n + a] = w[a * n + b];
  }
  const best = new Float64Array(1 << n);
  for (let mask = 1; mask < 1 << n; mask++) {
    const v = 31 - Math.clz32(mask & -mask);
    const rest = mask & ~(1 << v);
    let value = best[rest];
    for (let u = v + 1; u < n; u++) {
      if (rest & (1 << u) && w[v * n + u] > 0) value = Math.max(value, w[v * n + u] + best[rest & ~(1 << u)]);
    }
    best[mask] = value;
  }
  return best[(1 << n) - 1];
}
