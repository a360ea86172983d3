import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvFromRows } from '../../../lib/csv-write.ts';
import { idWeightLine } from './rake.ts';

describe('survey rake output', () => {
  it('writes each id,weight line exactly as the one CSV writer does (seeded)', () => {
    const id = fc.string({
      unit: fc.constantFrom('a', 'Z', '0', ' ', ',', '"', '\n', '\r', '=', '+', '-', '@', '\t', 'é', "'"),
      minLength: 1,
      maxLength: 8,
    });
    const weight = fc.oneof(fc.double(), fc.double({ min: 0.01, max: 50, noNaN: true }));
    fc.assert(
      fc.property(id, weight, (i, w) => {
        expect(idWeightLine(i, w)).toBe(csvFromRows([[i, w]], { lineEnding: '\n' }));
      }),
      { seed: 11, numRuns: 3000 },
    );
    expect(idWeightLine('R0000001', 1.25)).toBe('R0000001,1.25\n');
  });
});
