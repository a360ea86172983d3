import { describe, expect, it } from 'vitest';
import { suppressCount, suppressEstimate } from './suppression.ts';

describe('suppressCount', () => {
  it('suppresses 1–4 by default, keeps 0 and ≥ 5', () => {
    expect(suppressCount(0)).toEqual({ value: 0, suppressed: false });
    expect(suppressCount(1)).toEqual({ value: null, suppressed: true });
    expect(suppressCount(4)).toEqual({ value: null, suppressed: true });
    expect(suppressCount(5)).toEqual({ value: 5, suppressed: false });
    expect(suppressCount(120)).toEqual({ value: 120, suppressed: false });
  });

  it('custom threshold and zero handling', () => {
    expect(suppressCount(9, 10).suppressed).toBe(true);
    expect(suppressCount(10, 10).suppressed).toBe(false);
    expect(suppressCount(0, 5, { suppressZero: true })).toEqual({ value: null, suppressed: true });
  });

  it('rejects non-counts', () => {
    expect(() => suppressCount(-1)).toThrow(RangeError);
    expect(() => suppressCount(2.5)).toThrow(RangeError);
    expect(() => suppressCount(NaN)).toThrow(RangeError);
    expect(() => suppressCount(3, -1)).toThrow(RangeError);
  });
});

describe('suppressEstimate', () => {
  it('suppresses below 30 by default and always at 0', () => {
    expect(suppressEstimate(29)).toBe(true);
    expect(suppressEstimate(30)).toBe(false);
    expect(suppressEstimate(10, 10)).toBe(false);
    expect(suppressEstimate(0, 0)).toBe(true);
    expect(() => suppressEstimate(-3)).toThrow(RangeError);
  });
});
