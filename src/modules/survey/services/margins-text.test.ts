import { describe, expect, it } from 'vitest';
import type { Question } from '../model.ts';
import { agree, wardQuestion, WARDS } from '../testing/stubs.ts';
import { parseMargins } from './margins-text.ts';

// An answer code with a comma in it: only a CSV reader keeps it in one cell.
const tenure: Question = {
  ...agree,
  code: 'tenure',
  options: [
    { code: 'owned', label: 'Owned' },
    { code: 'rented, social', label: 'Rented from the council or a housing association' },
  ],
};
const questions = [tenure, { ...wardQuestion, code: 'ward' }];
const parse = (text: string) => parseMargins(text, questions, WARDS);

describe('margins typed as CSV lines', () => {
  it('reads a quoted category that holds a comma as one value, after an optional header', async () => {
    const { problems, byVariable } = await parse(
      'Variable, Category, Population\ntenure,"rented, social",2500\n"tenure","owned","7500"\n\nward,X05000001,10000',
    );
    expect(problems).toEqual([]);
    expect(byVariable.get('tenure')).toEqual(
      new Map([
        ['rented, social', 2500],
        ['owned', 7500],
      ]),
    );
    expect(byVariable.get('ward')).toEqual(new Map([['X05000001', 10000]]));
  });

  it('reports each bad row by its line: wrong number of values, a broken quote, an unknown category', async () => {
    const { problems } = await parse(
      [
        'tenure,owned,7500',
        'tenure,rented, social,2500', // unquoted comma: four values
        'tenure,"rented"social,2500', // text after a closing quote
        'tenure,rented,2500', // not an answer code
        'ward,X05000001,10000',
      ].join('\r\n'),
    );
    expect(problems).toEqual([
      { line: 2, key: 'survey.weighting.errors.threeCells', params: {} },
      { line: 3, key: 'survey.weighting.errors.quotes', params: {} },
      {
        line: 4,
        key: 'survey.weighting.errors.unknownCategory',
        params: { category: 'rented', question: 'tenure' },
      },
    ]);
  });

  it('reports the line a quote is opened on and never closed', async () => {
    const { problems, byVariable } = await parse('ward,X05000001,10000\ntenure,"owned,7500');
    expect(problems).toEqual([{ line: 2, key: 'survey.weighting.errors.quotes', params: {} }]);
    expect(byVariable.size).toBe(1);
  });

  it('reports a repeated category and a text with no margins', async () => {
    expect((await parse('ward,X05000001,1\nward, X05000001 ,2')).problems).toEqual([
      { line: 2, key: 'survey.weighting.errors.duplicateCategory', params: { category: 'X05000001' } },
    ]);
    expect((await parse('variable,category,population\n\n')).problems).toEqual([
      { line: 1, key: 'survey.weighting.errors.noRows', params: {} },
    ]);
  });
});
