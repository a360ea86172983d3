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

describe("a council's own question as an indicator", () => {
  it('takes its direction from its positive answers: higher is better; a scale of its own has none', async () => {
    const { directionOf } = await import('./services/publication.ts');
    const { own } = await import('./testing/stubs.ts');
    expect(directionOf({ ...own, code: 'safe_after_dark', options: [{ ...own.options[0], positive: true }] })).toBe(
      true,
    );
    expect(directionOf({ ...own, code: 'own_scale', kind: 'scale', options: [] })).toBeNull();
  });
});
