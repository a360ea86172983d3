import { describe, expect, it } from 'vitest';
import type { BalanceAssessment } from './balance.ts';
import { EVIDENCE_REASONS as R, evidenceLabel } from './evidence.ts';

const good: BalanceAssessment = { maxAbsSmd: 0.05, achieved: true, good: true, failing: [] };
const ok: BalanceAssessment = { maxAbsSmd: 0.2, achieved: true, good: false, failing: [] };
const poor: BalanceAssessment = { maxAbsSmd: 0.4, achieved: false, good: false, failing: ['age'] };

describe('evidenceLabel', () => {
  it('SMS 1: correlation and after-only comparisons', () => {
    expect(evidenceLabel({ design: 'correlation' })).toEqual({ sms: 1, nesta: 1, reasons: [R.correlationOnly] });
    expect(evidenceLabel({ design: 'after-only' }).sms).toBe(1);
  });

  it('SMS 2: pre/post without a comparison group', () => {
    expect(evidenceLabel({ design: 'pre-post' })).toEqual({ sms: 2, nesta: 2, reasons: [R.noComparisonGroup] });
  });

  it('SMS 3: DiD, or matching with balance achieved', () => {
    const did = evidenceLabel({ design: 'did' });
    expect(did.sms).toBe(3);
    expect(did.nesta).toBe(3);
    expect(did.reasons).toEqual([
      R.comparisonGroup,
      R.prePostComparison,
      R.balanceNotAssessed,
      R.noCovariates,
      R.noPreTrendEvidence,
    ]);
    const matched = evidenceLabel({ design: 'matched', balance: ok, covariatesControlled: true });
    expect(matched).toEqual({
      sms: 3,
      nesta: 3,
      reasons: [R.comparisonGroup, R.balanceAchieved, R.covariatesControlled],
    });
  });

  it('SMS 4: good balance, controls, and several pre-periods or a passed pre-trend check', () => {
    expect(evidenceLabel({ design: 'matched-did', balance: good, covariatesControlled: true, prePeriods: 3 }).sms).toBe(
      4,
    );
    const l = evidenceLabel({ design: 'did', balance: good, covariatesControlled: true, preTrend: 'passed' });
    expect(l.sms).toBe(4);
    expect(l.reasons).toContain(R.preTrendPassed);
    // Good balance but a single pre-period and no check: 3.
    expect(evidenceLabel({ design: 'matched-did', balance: good, covariatesControlled: true, prePeriods: 1 }).sms).toBe(
      3,
    );
    // No controls: 3.
    expect(evidenceLabel({ design: 'matched', balance: good, prePeriods: 2 }).sms).toBe(3);
  });

  it('SMS 5: randomised, downgraded to 4 when balance failed', () => {
    expect(evidenceLabel({ design: 'randomised' })).toEqual({ sms: 5, nesta: 3, reasons: [R.randomised] });
    expect(evidenceLabel({ design: 'randomised', balance: poor })).toEqual({
      sms: 4,
      nesta: 3,
      reasons: [R.randomised, R.randomisationImbalance],
    });
  });

  it('failed comparisons fall back', () => {
    expect(evidenceLabel({ design: 'matched', balance: poor, covariatesControlled: true }).sms).toBe(2);
    expect(evidenceLabel({ design: 'matched', balance: poor }).sms).toBe(1);
    expect(evidenceLabel({ design: 'matched' }).sms).toBe(1); // balance never checked, no controls
    expect(evidenceLabel({ design: 'matched-did', balance: poor }).sms).toBe(3); // still a DiD
    const failedTrend = evidenceLabel({
      design: 'did',
      balance: good,
      covariatesControlled: true,
      preTrend: 'failed',
      prePeriods: 3,
    });
    expect(failedTrend.sms).toBe(2);
    expect(failedTrend.reasons).toContain(R.preTrendFailed);
  });

  it('Nesta 4 and 5 need declared replication on top of a causal design', () => {
    expect(evidenceLabel({ design: 'did', independentReplication: true }).nesta).toBe(4);
    const five = evidenceLabel({ design: 'randomised', independentReplication: true, replicatedAtScale: true });
    expect(five.nesta).toBe(5);
    expect(five.reasons).toEqual([R.randomised, R.independentReplication, R.replicatedAtScale]);
    expect(evidenceLabel({ design: 'pre-post', independentReplication: true }).nesta).toBe(2);
  });

  it('every reason is a catalogue key under evaluation.evidence', () => {
    for (const key of Object.values(R)) expect(key).toMatch(/^evaluation\.evidence\.[a-zA-Z]+$/);
    expect(() => evidenceLabel({ design: 'guess' as never })).toThrow();
  });
});
