/**
 * Disclosure control for published breakdowns (pure). Primary suppression comes from src/stats/suppression.ts:
 * a count from 1 to threshold − 1 is hidden. Secondary suppression then stops a hidden count being worked
 * out from the total:
 *
 *  - while the hidden counts of a table add up to less than the threshold (including when only one count
 *    is hidden: the total minus the shown counts would give it exactly), the smallest shown non-zero count
 *    is hidden as well;
 *  - if no shown count is left to hide, the total is hidden too.
 *
 * Zeros are shown (they reveal nothing about anyone). The method is described in docs/methods/tensions.md.
 */
import { suppressCount } from '../../stats/suppression.ts';

export type CellStatus = 'shown' | 'primary' | 'secondary';

export interface DisclosedCell<K extends string = string> {
  key: K;
  /** null when hidden */
  value: number | null;
  status: CellStatus;
}

export interface DisclosedTable<K extends string = string> {
  cells: DisclosedCell<K>[];
  total: { value: number | null; status: CellStatus };
}

/**
 * Applies primary and secondary suppression to a one-way breakdown whose cells add up to `total`
 * (or, when categories overlap, such as a report with two motivations, to at least `total`).
 */
export function discloseBreakdown<K extends string>(
  cells: readonly { key: K; n: number }[],
  total: number,
  threshold: number,
): DisclosedTable<K> {
  const out: DisclosedCell<K>[] = cells.map((c) => {
    const s = suppressCount(c.n, threshold);
    return { key: c.key, value: s.value, status: s.suppressed ? 'primary' : 'shown' };
  });
  const totalPrimary = suppressCount(total, threshold).suppressed;
  const hiddenSum = () => cells.reduce((acc, c, i) => acc + (out[i].status === 'shown' ? 0 : c.n), 0);
  const anyHidden = () => out.some((c) => c.status !== 'shown');
  let totalHidden = totalPrimary;
  while (!totalHidden && anyHidden() && hiddenSum() < threshold) {
    let pick = -1;
    cells.forEach((c, i) => {
      if (out[i].status === 'shown' && c.n > 0 && (pick < 0 || c.n < cells[pick].n)) pick = i;
    });
    if (pick < 0) {
      totalHidden = true;
      break;
    }
    out[pick] = { key: out[pick].key, value: null, status: 'secondary' };
  }
  return {
    cells: out,
    total: totalHidden
      ? { value: null, status: totalPrimary ? 'primary' : 'secondary' }
      : { value: total, status: 'shown' },
  };
}

/**
 * A breakdown whose categories overlap (a report can have several motivations), so it has no total that a hidden
 * count could be worked out from: only primary suppression applies (counts from 1 to threshold − 1 are hidden).
 * The total returned is the number of records, itself suppressed when small; it is not a sum of the cells.
 */
export function discloseOverlapping<K extends string>(
  cells: readonly { key: K; n: number }[],
  records: number,
  threshold: number,
): DisclosedTable<K> {
  const out: DisclosedCell<K>[] = cells.map((c) => {
    const s = suppressCount(c.n, threshold);
    return { key: c.key, value: s.value, status: s.suppressed ? 'primary' : 'shown' };
  });
  const t = suppressCount(records, threshold);
  return { cells: out, total: t.suppressed ? { value: null, status: 'primary' } : { value: records, status: 'shown' } };
}
