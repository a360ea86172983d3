import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { nearestNeighbours, rankAmong } from './neighbours.ts';

describe('nearestNeighbours', () => {
  it('ranks candidates by standardised Euclidean distance (hand-worked)', () => {
    // Characteristic 1 ranges 0..30 (sd large), characteristic 2 is constant except one place.
    const target = { code: 'T', values: [10, 5] };
    const candidates = [
      { code: 'A', values: [12, 5] },
      { code: 'B', values: [30, 5] },
      { code: 'C', values: [10, 6] },
      { code: 'D', values: [0, 5] },
    ];
    const { neighbours } = nearestNeighbours(target, candidates, { k: 4 });
    // pool values c1: 10,12,30,10,0 → mean 12.4, sd = sqrt((2.4²+0.4²+17.6²+2.4²+12.4²)/5) = sqrt(475.2/5)
    const sd1 = Math.sqrt(475.2 / 5);
    // c2: 5,5,5,6,5 → mean 5.2, sd = sqrt((4·0.04 + 0.64)/5) = 0.4
    const dA = Math.sqrt(((2 / sd1) ** 2 + 0) / 2);
    const dC = Math.sqrt((0 + (1 / 0.4) ** 2) / 2);
    expect(neighbours[0]).toEqual({ code: 'A', distance: expect.closeTo(dA, 12), position: 1 });
    // D differs by 10 on c1 (z 1.03), B by 20 (z 2.05), C by 1 on c2 (z 2.5).
    expect(neighbours.map((n) => n.code)).toEqual(['A', 'D', 'B', 'C']);
    expect(neighbours.find((n) => n.code === 'C')!.distance).toBeCloseTo(dC, 12);
    expect(neighbours.map((n) => n.position)).toEqual([1, 2, 3, 4]);
  });

  it('takes the k nearest, leaves out candidates with missing values and the target itself', () => {
    const res = nearestNeighbours(
      { code: 'T', values: [1] },
      [
        { code: 'T', values: [1] },
        { code: 'A', values: [2] },
        { code: 'B', values: [null] },
        { code: 'C', values: [5] },
      ],
      { k: 1 },
    );
    expect(res.neighbours.map((n) => n.code)).toEqual(['A']);
    expect(res.excluded).toEqual(['B']);
  });

  it('weights characteristics, and ignores one with no spread', () => {
    const target = { code: 'T', values: [0, 0, 7] };
    const cands = [
      { code: 'A', values: [1, 0, 7] },
      { code: 'B', values: [0, 1, 7] },
    ];
    expect(nearestNeighbours(target, cands, { k: 1, weights: [10, 1, 1] }).neighbours[0].code).toBe('B');
    expect(nearestNeighbours(target, cands, { k: 1, weights: [1, 10, 1] }).neighbours[0].code).toBe('A');
  });

  it('refuses a target without values, k < 1 and bad weights', () => {
    expect(() => nearestNeighbours({ code: 'T', values: [null] }, [], { k: 1 })).toThrow(RangeError);
    expect(() => nearestNeighbours({ code: 'T', values: [1] }, [], { k: 0 })).toThrow(RangeError);
    expect(() => nearestNeighbours({ code: 'T', values: [1] }, [], { k: 1, weights: [0] })).toThrow(RangeError);
    expect(() => nearestNeighbours({ code: 'T', values: [] }, [], { k: 1 })).toThrow(RangeError);
  });

  it('does not depend on the order of candidates (property)', () => {
    const place = fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 2, maxLength: 2 });
    fc.assert(
      fc.property(
        place,
        fc.array(place, { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 5 }),
        (t, cs, k) => {
          const cands = cs.map((values, i) => ({ code: `C${String(i).padStart(2, '0')}`, values }));
          const a = nearestNeighbours({ code: 'T', values: t }, cands, { k });
          const b = nearestNeighbours({ code: 'T', values: t }, [...cands].reverse(), { k });
          expect(b.neighbours).toEqual(a.neighbours);
          for (const n of a.neighbours) expect(n.distance).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });
});

describe('rankAmong', () => {
  const values = [
    { code: 'A', value: 10 },
    { code: 'B', value: 20 },
    { code: 'C', value: 20 },
    { code: 'D', value: 40 },
    { code: 'E', value: null },
  ];
  it('ranks highest first when higher is better, with shared ranks for ties and quartiles', () => {
    expect(rankAmong(values, 'D', true)).toEqual({ rank: 1, of: 4, quartile: 1 });
    expect(rankAmong(values, 'C', true)).toEqual({ rank: 2, of: 4, quartile: 2 });
    expect(rankAmong(values, 'A', true)).toEqual({ rank: 4, of: 4, quartile: 4 });
  });
  it('ranks lowest first when lower is better', () => {
    expect(rankAmong(values, 'A', false)).toEqual({ rank: 1, of: 4, quartile: 1 });
    expect(rankAmong(values, 'D', false)).toEqual({ rank: 4, of: 4, quartile: 4 });
  });
  it('returns null for a place without a value', () => {
    expect(rankAmong(values, 'E', true)).toBeNull();
    expect(rankAmong(values, 'Z', null)).toBeNull();
    // No direction, no ranking (an indicator where neither direction is better is not placed 1st or 15th).
    expect(rankAmong(values, 'A', null)).toBeNull();
  });
});
