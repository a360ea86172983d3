import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { discloseBreakdown, discloseOverlapping } from './disclosure.ts';
import { levelText } from './pdf.ts';
import { translator } from '../../i18n/index.ts';

describe('discloseBreakdown', () => {
  it('shows everything when no count is small', () => {
    const t = discloseBreakdown(
      [
        { key: 'a', n: 6 },
        { key: 'b', n: 0 },
        { key: 'c', n: 12 },
      ],
      18,
      5,
    );
    expect(t.cells.map((c) => c.value)).toEqual([6, 0, 12]);
    expect(t.total).toEqual({ value: 18, status: 'shown' });
  });

  it('one small count: the next smallest is hidden too, so the total cannot give it away', () => {
    const t = discloseBreakdown(
      [
        { key: 'a', n: 3 },
        { key: 'b', n: 9 },
        { key: 'c', n: 7 },
      ],
      19,
      5,
    );
    expect(t.cells.map((c) => c.status)).toEqual(['primary', 'shown', 'secondary']);
    expect(t.cells.map((c) => c.value)).toEqual([null, 9, null]);
    expect(t.total.value).toBe(19);
  });

  it('two small counts adding to less than the threshold: a third is hidden', () => {
    const t = discloseBreakdown(
      [
        { key: 'a', n: 1 },
        { key: 'b', n: 2 },
        { key: 'c', n: 8 },
        { key: 'd', n: 20 },
      ],
      31,
      5,
    );
    expect(t.cells.map((c) => c.status)).toEqual(['primary', 'primary', 'secondary', 'shown']);
  });

  it('hides the total when nothing else can be hidden', () => {
    const t = discloseBreakdown(
      [
        { key: 'a', n: 3 },
        { key: 'b', n: 0 },
      ],
      3,
      5,
    );
    expect(t.total).toEqual({ value: null, status: 'primary' });
    const u = discloseBreakdown(
      [
        { key: 'a', n: 2 },
        { key: 'b', n: 0 },
        { key: 'c', n: 0 },
      ],
      2,
      1,
    );
    expect(u.total.status).toBe('shown'); // threshold 1 hides nothing
  });

  it('no hidden count can be recovered exactly from the total and the shown counts (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat({ max: 30 }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 2, max: 10 }),
        (ns, k) => {
          const total = ns.reduce((a, b) => a + b, 0);
          const t = discloseBreakdown(
            ns.map((n, i) => ({ key: String(i), n })),
            total,
            k,
          );
          const hidden = t.cells.filter((c) => c.status !== 'shown');
          if (t.total.value === null || hidden.length === 0) return true;
          const shownSum = t.cells.reduce((a, c) => a + (c.value ?? 0), 0);
          // At least two counts are hidden, and together they are not a small number.
          return hidden.length >= 2 && total - shownSum >= k;
        },
      ),
    );
  });
});

describe('discloseOverlapping (motivations: no total to difference)', () => {
  it('hides only small counts, never a larger one beside them', () => {
    const t = discloseOverlapping(
      [
        { key: 'race', n: 40 },
        { key: 'religion', n: 6 },
        { key: 'disability', n: 2 },
        { key: 'other', n: 0 },
      ],
      45,
      5,
    );
    expect(t.cells.map((c) => [c.key, c.value, c.status])).toEqual([
      ['race', 40, 'shown'],
      ['religion', 6, 'shown'],
      ['disability', null, 'primary'],
      ['other', 0, 'shown'],
    ]);
    // The same counts as a table with a total would also hide religion (secondary suppression).
    const withTotal = discloseBreakdown(
      t.cells.map((c) => ({ key: c.key, n: c.value ?? 2 })),
      48,
      5,
    );
    expect(withTotal.cells.find((c) => c.key === 'religion')?.status).toBe('secondary');
  });
});

describe('the weekly PDF level text', () => {
  it('puts the override note in one pair of brackets', () => {
    const t = translator('en');
    expect(levelText({ final_level: 3, override_level: 3 }, t)).toBe(`3 ${t('tensions.levels.3')} (set by an officer)`);
    expect(levelText({ final_level: 2, override_level: null }, t)).toBe(`2 ${t('tensions.levels.2')}`);
    expect(levelText(null, t)).toBe(t('tensions.reports.notAssessed'));
  });
});
