import { describe, expect, it } from 'vitest';
import { WARD_DONT_KNOW, categoryOf, importValue, validateAnswer } from './questions.ts';
import { wardQuestion } from './testing/stubs.ts';

const wards = [
  { code: 'X05000001', name: 'Abbey' },
  { code: 'X05000002', name: 'Bridge' },
];

describe('the ward question', () => {
  it('accepts "Don\'t know", online and in imports, and counts it as missing (no ward, no weighting cell)', () => {
    expect(validateAnswer(wardQuestion, WARD_DONT_KNOW, wards)).toBe(WARD_DONT_KNOW);
    expect(validateAnswer(wardQuestion, 'X05000001', wards)).toBe('X05000001');
    expect(validateAnswer(wardQuestion, 'X05000009', wards)).toBeNull();
    expect(importValue(wardQuestion, "Don't know", wards)).toBe(WARD_DONT_KNOW);
    expect(importValue(wardQuestion, 'bridge', wards)).toBe('X05000002');
    expect(categoryOf(wardQuestion, WARD_DONT_KNOW, false)).toBeNull();
    expect(categoryOf(wardQuestion, 'X05000001', false)).toBe('X05000001');
  });
});
