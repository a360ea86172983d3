import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { median } from './median.ts';

describe('median', () => {
  it('is the middle value, or the mean of the two middle values, whatever the order', () => {
    expect(median([])).toBeNull();
    expect(median([7])).toBe(7);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([10, -5])).toBe(2.5);
  });

  it('leaves its input unsorted and has as many values at or below it as at or above it', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 50 }), (values) => {
        const before = [...values];
        const m = median(values) as number;
        expect(values).toEqual(before);
        expect(values.filter((v) => v <= m).length * 2).toBeGreaterThanOrEqual(values.length);
        expect(values.filter((v) => v >= m).length * 2).toBeGreaterThanOrEqual(values.length);
      }),
    );
  });
});
