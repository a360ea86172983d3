/** The comparator group page: its members, the characteristics to choose from, and its download. */
import type { ComparatorSet, IndicatorListRow } from '../model.ts';
import type { Cell } from './text.ts';

/** What comparators.njk shows; `values` are the submitted fields when a form is shown again. */
export function comparatorsPage(
  set: ComparatorSet | null,
  characteristics: IndicatorListRow[],
  values: Record<string, unknown> | undefined,
) {
  // The characteristics ticked: those submitted, else those of the current nearest-neighbour group, else LG Inform's.
  const chosen = new Set(
    values?.characteristics !== undefined
      ? ([] as unknown[]).concat(values.characteristics)
      : set?.method === 'nearest'
        ? set.characteristics.map((c) => c.split('@')[0])
        : characteristics.filter((c) => c.framework === 'lg_inform').map((c) => c.code),
  );
  const names = new Map(characteristics.map((c) => [c.code, c.name]));
  return {
    set,
    // The characteristics of a nearest-neighbour group by name and period ("code@period" as stored).
    usedCharacteristics: (set?.method === 'nearest' ? set.characteristics : []).map((c) => {
      const [code, period] = c.split('@');
      return { name: names.get(code) ?? code, period: period ?? '' };
    }),
    characteristics: characteristics.map((c) => ({ value: c.code, text: c.name, checked: chosen.has(c.code) })),
    memberRows: (set?.members ?? []).map((m): Cell[] => [
      { text: m.position, format: 'numeric' },
      { text: m.name },
      { text: m.area_code, classes: 'app-code' },
      { text: m.distance === null ? '–' : m.distance.toFixed(3), format: 'numeric' },
    ]),
    values: values ?? {
      k: set?.members.length || 8,
      codes: set?.method === 'manual' ? set.members.map((m) => m.area_code).join('\n') : '',
    },
  };
}

/** The group's members as CSV or JSON rows; JSON adds the method and the characteristics. */
export function comparatorsDownload(set: ComparatorSet | null) {
  return {
    rows: (set?.members ?? []).map((m) => ({
      position: m.position,
      area_code: m.area_code,
      name: m.name,
      distance: m.distance,
    })),
    extra: { method: set?.method ?? null, characteristics: set?.characteristics ?? [] },
  };
}
