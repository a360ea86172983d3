import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Position } from 'geojson';
import { checkShape, findSelfIntersections, isDegenerateRing, MAX_POSITIONS_PER_FEATURE } from './validity.ts';

const square: Position[] = [
  [0, 0],
  [1, 0],
  [1, 1],
  [0, 1],
  [0, 0],
];
// A figure of eight: (0,0) → (1,1) → (1,0) → (0,1) → back, crossing at (0.5, 0.5).
const bowtie: Position[] = [
  [0, 0],
  [1, 1],
  [1, 0],
  [0, 1],
  [0, 0],
];

describe('boundary shape checks', () => {
  it('accepts a simple polygon, and a ring that touches itself at one vertex', () => {
    expect(findSelfIntersections(square)).toEqual([]);
    // Two triangles joined at (1,1): a legal "touching" ring.
    const touching: Position[] = [
      [0, 0],
      [1, 1],
      [2, 0],
      [2, 2],
      [1, 1],
      [0, 2],
      [0, 0],
    ];
    expect(findSelfIntersections(touching)).toEqual([]);
    expect(checkShape([[square]])).toEqual({ polygons: [[square]], dropped: 0 });
  });

  it('refuses a figure of eight, naming the crossing and the share of area it cuts off', () => {
    expect(findSelfIntersections(bowtie)).toEqual([[0, 2]]);
    expect(checkShape([[bowtie]])).toMatch(
      /ring 0 crosses itself \(for example the segments starting at positions 0 and 2\), cutting off \d+% of the area/,
    );
  });

  it('tolerates a sliver crossing that cuts off a tiny loop, as generalised ONS boundaries have', () => {
    // A large square whose top edge has a tiny bow-tie kink near (50, 100).
    const big: Position[] = [
      [0, 0],
      [100, 0],
      [100, 100],
      [50.02, 100],
      [49.98, 100.01],
      [49.98, 100],
      [50.02, 100.01],
      [0, 100],
      [0, 0],
    ];
    expect(findSelfIntersections(big).length).toBeGreaterThan(0);
    const checked = checkShape([[big]]);
    expect(typeof checked).not.toBe('string');
  });

  it('drops degenerate rings and refuses a feature with nothing left, such as 200,001 identical points', () => {
    const line: Position[] = [
      [0, 0],
      [1, 1],
      [2, 2],
      [0, 0],
    ];
    expect(isDegenerateRing(line)).toBe(true);
    expect(checkShape([[square], [line]])).toEqual({ polygons: [[square]], dropped: 1 });
    const same: Position[] = Array.from({ length: 200_001 }, () => [1, 1]);
    expect(checkShape([[same]])).toMatch(/200,001 positions, more than the 200,000 allowed/);
    const fewSame: Position[] = Array.from({ length: 1_000 }, () => [1, 1]);
    expect(checkShape([[fewSame]])).toMatch(/no ring that encloses an area/);
    expect(MAX_POSITIONS_PER_FEATURE).toBe(200_000);
  });

  it('never reports a crossing for a convex polygon (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }), { minLength: 3, maxLength: 60 }),
        (angles) => {
          const sorted = [...new Set(angles.map((a) => Math.round(a * 1e6) / 1e6))].sort((a, b) => a - b);
          if (sorted.length < 3) return;
          const ring: Position[] = sorted.map((a) => [Math.cos(a) * 10, Math.sin(a) * 10]);
          ring.push(ring[0]);
          expect(findSelfIntersections(ring)).toEqual([]);
        },
      ),
      { seed: 42, numRuns: 300 },
    );
  });
});
