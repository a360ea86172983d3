import { describe, expect, it } from 'vitest';
import { hasKey, translate } from '../../i18n/index.ts';
import { LINKABLE_KINDS } from './services/evaluations.ts';

describe('link kind names', () => {
  // Kinds hold dots ("plan.outcome"), so their names are nested keys; a flat key with a dot was never found and the
  // page showed "evaluation.linkKinds.plan.action".
  it.each(LINKABLE_KINDS)('%s has a name in English and Welsh', (kind) => {
    expect(hasKey(`evaluation.linkKinds.${kind}`, 'en')).toBe(true);
    expect(hasKey(`evaluation.linkKinds.${kind}`, 'cy')).toBe(true);
    expect(translate('cy', `evaluation.linkKinds.${kind}`)).not.toMatch(/^evaluation\./);
  });
});
