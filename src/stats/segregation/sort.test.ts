import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { argsortNonNegative } from './sort.ts';

function expectSorted(keys: Float64Array, order: Uint32Array): void {
  expect(order.length).toBe(keys.length);
  expect(new Set(order).size).toBe(keys.length); // a permutation
  for (let i = 1; i < order.length; i++) expect(keys[order[i - 1]]).toBeLessThanOrEqual(keys[order[i]]);
}

describe('argsortNonNegative', () => {
  it('sorts small inputs (insertion sort path)', () => {
    const keys = Float64Array.from([0.5, 0, 0.25, 1, 0.25]);
    expect([...argsortNonNegative(keys)].map((i) => keys[i])).toEqual([0, 0.25, 0.25, 0.5, 1]);
  });

  it('handles empty and single inputs', () => {
    expect(argsortNonNegative(new Float64Array(0)).length).toBe(0);
    expect([...argsortNonNegative(Float64Array.from([3]))]).toEqual([0]);
  });

  it('sorts any non-negative doubles (8-bit and 11-bit radix paths)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1e6, noNaN: true, noDefaultInfinity: true }), {
          minLength: 0,
          maxLength: 6000,
        }),
        (values) => {
          const keys = Float64Array.from(values, (v) => v + 0); // normalise −0
          expectSorted(keys, argsortNonNegative(keys));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('sorts shares with many ties, including long runs that share their high 32 bits', () => {
    const n = 5000;
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      // every third key is 0; others sit within 2^-40 of 0.5 (same high word) in scrambled order
      keys[i] = i % 3 === 0 ? 0 : 0.5 + ((i * 7919) % 1000) * 2 ** -40;
    }
    expectSorted(keys, argsortNonNegative(keys));
  });

  it('sorts shares y/t like those of census areas', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 1, max: 400 })), {
          minLength: 33,
          maxLength: 5000,
        }),
        (pairs) => {
          const keys = Float64Array.from(pairs, ([y, t]) => Math.min(y, t) / t);
          expectSorted(keys, argsortNonNegative(keys));
        },
      ),
      { numRuns: 40 },
    );
  });

  it('respects the n argument (sorts a prefix of a larger buffer)', () => {
    const keys = Float64Array.from([3, 2, 1, 0, 9, 9, 9]);
    const order = argsortNonNegative(keys, 4);
    expect([...order]).toEqual([3, 2, 1, 0]);
  });
});
