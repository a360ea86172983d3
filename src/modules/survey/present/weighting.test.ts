import { describe, expect, it } from 'vitest';
import { translator } from '../../../i18n/index.ts';
import { agree, wardQuestion } from '../testing/stubs.ts';
import { marginTables, variableName } from './weighting.ts';

describe('weighting margins by name', () => {
  const questions = [
    { ...wardQuestion, code: 'ward' },
    { ...agree, code: 'ethnic_group' },
  ];

  it('names a margin by its question, in the page language, never by its stored code', () => {
    const en = translator('en');
    const cy = translator('cy');
    expect(variableName('ward', questions, en)).toBe('Ward');
    expect(variableName('ethnic_group:group', questions, en)).toBe('Ethnic group (broad groups)');
    expect(variableName('ethnic_group:group', questions, cy)).toBe('Grŵp ethnig (grwpiau eang)');
    // A variable of no question of the wave keeps its code: there is nothing else to call it.
    expect(variableName('tenure', questions, en)).toBe('tenure');
  });

  it('gives each margin table its name', () => {
    const margins = [
      { variable: 'ethnic_group:group', category: 'asian', population: 10, source: 'census' },
      { variable: 'ethnic_group:group', category: 'white', population: 90, source: 'census' },
    ];
    const [table] = marginTables(margins, new Map(), questions, translator('en'));
    expect(table).toMatchObject({ variable: 'ethnic_group:group', name: 'Ethnic group (broad groups)', total: 100 });
  });
});
