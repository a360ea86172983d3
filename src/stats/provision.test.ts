import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { provision } from './provision.ts';

const wards = [
  { code: 'W1', name: 'One', total: 1000, counts: [800, 200] },
  { code: 'W2', name: 'Two', total: 3000, counts: [1500, 1500] },
  { code: 'W3', name: 'Three', total: 1000, counts: [1000, 0] },
];

describe('provision', () => {
  it('shares capacity by population, finds uncovered wards, and computes reach and representation by hand', () => {
    const p = provision(['A', 'B'], wards, [
      { id: 's1', capacity: 40, areas: ['W1', 'W2'], serves: [] },
      { id: 's2', capacity: 20, areas: ['W2'], serves: ['B'] },
    ]);
    // s1: 40 × 1000/4000 = 10 to W1, 30 to W2; s2: 20 to W2.
    expect(p.wards.map((w) => w.places)).toEqual([10, 50, 0]);
    expect(p.wards.map((w) => w.placesPer1000)).toEqual([10, 50 / 3, 0]);
    expect(p.wards.map((w) => w.gap)).toEqual([false, false, true]);
    expect(p.services[0]).toEqual({ id: 's1', areaPopulation: 4000, servedShare: 1 });
    expect(p.services[1]).toEqual({ id: 's2', areaPopulation: 3000, servedShare: 0.5 });
    // All targeted places go to B, which is 1700 / 5000 of residents.
    expect(p.groups[1].placesShare).toBe(1);
    expect(p.groups[1].ratio).toBeCloseTo(5000 / 1700, 12);
    expect(p.groups[0].ratio).toBe(0);
  });

  it('never creates or loses places: ward places add up to the capacity of services with residents', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            capacity: fc.option(fc.integer({ min: 0, max: 500 }), { nil: null }),
            areas: fc.subarray(['W1', 'W2', 'W3']),
            serves: fc.subarray(['A', 'B']),
          }),
          { maxLength: 8 },
        ),
        (specs) => {
          const services = specs.map((s, i) => ({ id: `s${i}`, ...s }));
          const p = provision(['A', 'B'], wards, services);
          const placed = p.wards.reduce((a, w) => a + w.places, 0);
          const capacity = services.reduce((a, s) => a + (s.capacity ?? 0), 0);
          expect(placed).toBeCloseTo(capacity, 6);
          for (const r of p.services) expect(r.servedShare ?? 0).toBeLessThanOrEqual(1 + 1e-12);
        },
      ),
      { seed: 17, numRuns: 200 },
    );
  });
});
