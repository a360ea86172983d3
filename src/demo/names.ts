/**
 * Invented English-sounding place names built from syllables. Deliberately generic; any
 * resemblance to a real neighbourhood is coincidental.
 */
import type { RandomDraws as Rng } from '../stats/random.ts';

const FIRST = [
  'Ash',
  'Birk',
  'Bram',
  'Brook',
  'Crag',
  'Elm',
  'Fern',
  'Gill',
  'Hart',
  'Hazel',
  'Hol',
  'Lang',
  'Lind',
  'Marl',
  'Mill',
  'Moss',
  'Nor',
  'Oak',
  'Ravens',
  'Rush',
  'Sal',
  'Stan',
  'Thorn',
  'Wold',
  'Wes',
  'Whin',
  'Wil',
  'Yew',
];
const SECOND = [
  'by',
  'croft',
  'dale',
  'field',
  'ford',
  'gate',
  'ham',
  'holme',
  'hurst',
  'ley',
  'stead',
  'thorpe',
  'ton',
  'well',
  'wick',
  'wood',
  'worth',
  'bridge',
  'combe',
  'lees',
];
const QUALIFIER_AFTER = ['Green', 'Moor', 'Park', 'Common', 'Edge', 'Bank', 'Vale', 'Heights', 'Fold', 'Top'];
const QUALIFIER_BEFORE = ['Upper', 'Lower', 'North', 'South', 'East', 'West', 'Old', 'New', 'High'];

/** A generator of unique names; `next()` never repeats a name already produced by this generator. */
export function createNameGenerator(rng: Rng): { next(): string } {
  const used = new Set<string>();
  const usedStems = new Set<string>();
  const word = (): string => {
    const a = rng.pick(FIRST);
    const b = rng.pick(SECOND);
    // "Gill" + "lees" → "Gillees", not "Gilllees"
    return a.endsWith(b[0]) ? a + b.slice(1) : a + b;
  };
  const one = (): string => {
    const stem = word();
    const r = rng.next();
    if (r < 0.55 && !usedStems.has(stem)) return stem;
    if (r < 0.8) return `${stem} ${rng.pick(QUALIFIER_AFTER)}`;
    if (r < 0.95) return `${rng.pick(QUALIFIER_BEFORE)} ${stem}`;
    return `${stem} and ${word()}`;
  };
  return {
    next(): string {
      for (let attempt = 0; attempt < 1000; attempt++) {
        const name = one();
        const stem = name.split(' ').find((w) => /^[A-Z][a-z]+$/.test(w) && !QUALIFIER_BEFORE.includes(w)) ?? name;
        if (!used.has(name)) {
          used.add(name);
          usedStems.add(stem);
          return name;
        }
      }
      throw new Error('ran out of unique names');
    },
  };
}
