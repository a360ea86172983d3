/** The figures of connect's linking and friendship report sections, and the safe total, on hand-worked fixtures. */
import { describe, expect, it } from 'vitest';
import type { ProgrammeKind } from './model.ts';
import { friendshipFigures, linkingFigures, safeTotal, type LinkClassFact } from './report-figures.ts';

const Q3 = { from: new Date('2026-07-01T00:00:00Z'), to: new Date('2026-10-01T00:00:00Z') };
const programme = (id: string, kind: ProgrammeKind, lastRun: string | null, created = '2026-01-05') => ({
  id,
  kind,
  name: `Programme ${id}`,
  last_run_at: lastRun === null ? null : new Date(`${lastRun}T12:00:00Z`),
  created_at: new Date(`${created}T09:00:00Z`),
});

describe('school linking figures', () => {
  const cls = (id: string, programme_id: string, school: string, share: number, partner_id: string | null) =>
    ({ id, programme_id, school, share, partner_id }) satisfies LinkClassFact;
  const programmes = [
    programme('L1', 'linking', '2026-08-10'),
    programme('L2', 'linking', '2026-10-05'), // run again after the quarter
    programme('L3', 'linking', null), // never run
    programme('L4', 'linking', '2026-10-03', '2026-10-02'), // created after the quarter
    programme('E1', 'esol', '2026-08-01'),
  ];
  const classes = [
    cls('c1', 'L1', 'North', 0.1, 'c2'),
    cls('c2', 'L1', 'South', 0.7, 'c1'),
    cls('c3', 'L1', 'North', 0.2, 'c4'),
    cls('c4', 'L1', 'East', 0.6, 'c3'),
    cls('c5', 'L1', 'West', 0.5, null),
    cls('d1', 'L2', 'North', 0.1, 'd2'),
    cls('d2', 'L2', 'South', 0.9, 'd1'),
    cls('e1', 'L3', 'North', 0.3, null),
    cls('e2', 'L3', 'South', 0.4, null),
    cls('f1', 'L4', 'North', 0.3, 'f2'),
    cls('f2', 'L4', 'South', 0.4, 'f1'),
  ];

  it('counts linked classes and their schools and averages the contrast over pairs, by the quarter’s end', () => {
    const [l1, l2, l3, ...rest] = linkingFigures(programmes, classes, Q3);
    expect(rest).toEqual([]);
    // Pairs c1–c2 (|0.1 − 0.7| = 0.6) and c3–c4 (|0.2 − 0.6| = 0.4): 4 classes from North, South and East; mean 0.5.
    expect(l1).toMatchObject({ programme: 'Programme L1', state: 'by', classes: 5, linked: 4, schools: 3 });
    expect(l1.meanContrast).toBeCloseTo(0.5, 12);
    // Run again after the quarter: the links it had then are gone, so nothing but its classes is shown.
    expect(l2).toMatchObject({ state: 'after', classes: 2, linked: null, schools: null, meanContrast: null });
    expect(l3).toMatchObject({ state: 'never', classes: 2, linked: 0, schools: 0, meanContrast: null });
  });
});

describe('friendship figures', () => {
  const programmes = [
    programme('F1', 'friendship', '2026-09-01'),
    programme('F2', 'friendship', null),
    programme('F3', 'friendship', '2026-12-01'),
  ];
  const v = (programme_id: string, side: 'older' | 'younger', paired: boolean) => ({ programme_id, side, paired });
  const volunteers = [
    v('F1', 'older', true),
    v('F1', 'older', true),
    v('F1', 'older', false),
    v('F1', 'younger', true),
    v('F1', 'younger', true),
    v('F1', 'younger', false),
    v('F1', 'younger', false),
    v('F2', 'older', false),
    v('F2', 'younger', false),
    v('F2', 'younger', false),
    v('F3', 'older', true),
    v('F3', 'younger', true),
  ];

  it('counts the pairs made and everyone still without a partner', () => {
    expect(friendshipFigures(programmes, volunteers, Q3)).toEqual([
      // Two older–younger pairs; one older and two younger volunteers unpaired.
      { programme: 'Programme F1', state: 'by', lastRun: programmes[0].last_run_at, pairs: 2, waiting: 3 },
      // Never run: everyone is waiting.
      { programme: 'Programme F2', state: 'never', lastRun: null, pairs: 0, waiting: 3 },
      { programme: 'Programme F3', state: 'after', lastRun: programmes[2].last_run_at, pairs: null, waiting: null },
    ]);
  });
});

describe('safe totals', () => {
  it('withholds a total that would give away a suppressed count, and only then', () => {
    expect(safeTotal([6, 2])).toBeNull(); // 8 − 6 = 2
    expect(safeTotal([3])).toBeNull();
    expect(safeTotal([6, 0])).toBe(6);
    expect(safeTotal([6, 2, 3])).toBe(11); // the hidden 2 and 3 add up to 5: neither can be told apart
    expect(safeTotal([10, 5])).toBe(15);
    expect(safeTotal([0, 0])).toBe(0);
  });
});
