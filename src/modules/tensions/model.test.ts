import { describe, expect, it } from 'vitest';
import { translator } from '../../i18n/index.ts';
import { QUESTION_SCHEMAS } from './model.ts';

const issue = (r: { success: boolean; error?: { issues: { message: string }[] } }) => r.error?.issues[0]?.message;

describe('report validation messages', () => {
  it('tells a well-formed date that does not exist (31/2/2026) apart from a malformed one', () => {
    expect(issue(QUESTION_SCHEMAS.when.safeParse({ happenedOn: '2026-02-31' }))).toBe(
      'tensions.validation.dateNotReal',
    );
    expect(issue(QUESTION_SCHEMAS.when.safeParse({ happenedOn: '2026-2-3x' }))).toBe(
      'tensions.report.errors.dateInvalid',
    );
    expect(translator('en')('tensions.validation.dateNotReal')).toContain('real date');
  });

  it('asks for more than a character or two about what happened', () => {
    expect(issue(QUESTION_SCHEMAS.what.safeParse({ what: '' }))).toBe('tensions.report.errors.whatRequired');
    expect(issue(QUESTION_SCHEMAS.what.safeParse({ what: 'x' }))).toBe('tensions.validation.whatTooShort');
    expect(issue(QUESTION_SCHEMAS.what.safeParse({ what: '   ab      ' }))).toBe('tensions.validation.whatTooShort');
    expect(QUESTION_SCHEMAS.what.safeParse({ what: 'Shouting at the bus stop' }).success).toBe(true);
  });
});
