import { describe, expect, it } from 'vitest';
import { translator } from '../../../i18n/index.ts';
import { domainText, midSentence, positionText } from './text.ts';
import { indicatorPage } from './indicator.ts';

const t = translator('en');

describe('insight wording', () => {
  it('names domains in words, never as raw keys', () => {
    expect(domainText(t, 'english_proficiency')).toBe('English proficiency');
    expect(domainText(t, 'council_survey')).toBe('Council survey');
    expect(domainText(t, 'cohesion')).toBe('Cohesion');
  });

  it('reads a level name inside a sentence in lower case, keeping abbreviations', () => {
    expect(positionText(t, { rank: 10, of: 15, quartile: 3, among: 'siblings', level: 'ward' })).toContain(
      '10th of 15 wards',
    );
    expect(midSentence('LSOAs')).toBe('LSOAs');
    expect(midSentence('Output areas')).toBe('output areas');
  });
});

describe('the indicator page', () => {
  const indicator = {
    code: 'gla.x',
    name: 'X',
    framework: 'gla_social_integration',
    domain: 'council_survey',
    unit: 'percent',
    higher_is_better: null as boolean | null,
  } as unknown as Parameters<typeof indicatorPage>[1];
  const view = { values: [], benchmark: { rank: { rank: 15, of: 15, quartile: 4 } } } as unknown as Parameters<
    typeof indicatorPage
  >[3];

  it('ranks only an indicator with a direction, and names its domain in words', () => {
    const neither = indicatorPage(t, indicator, null, view, 8);
    expect(neither.rankText).toBeNull();
    expect(neither.domainName).toBe('Council survey');
    const higher = indicatorPage(t, { ...indicator, higher_is_better: true }, null, view, 8);
    expect(higher.rankText).toContain('15th of 15');
  });
});
