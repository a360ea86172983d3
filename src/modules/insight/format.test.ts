import { describe, expect, it } from 'vitest';
import { formatChange, formatValue, ordinal } from './format.ts';

describe('insight number formats', () => {
  it('formats values by unit', () => {
    expect(formatValue('percent', 12.345)).toBe('12.3%');
    expect(formatValue('proportion', 0.5)).toBe('50.0%');
    expect(formatValue('index', 0.85213)).toBe('0.852');
    expect(formatValue('count', 12345.6)).toBe('12,346');
    expect(formatValue('percent', null)).toBe('–');
    expect(formatValue('index', Number.NaN)).toBe('–');
  });
  it('formats changes with a sign, and none when the change rounds to zero', () => {
    expect(formatChange('percent', 2.04)).toBe('+2.0 pts');
    expect(formatChange('percent', -0.5)).toBe('−0.5 pts');
    expect(formatChange('percent', -0.02)).toBe('0.0 pts');
    expect(formatChange('index', -0.1234)).toBe('−0.123');
  });
  it('writes ordinals', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 101].map(ordinal)).toEqual([
      '1st',
      '2nd',
      '3rd',
      '4th',
      '11th',
      '12th',
      '13th',
      '21st',
      '22nd',
      '101st',
    ]);
  });
});
