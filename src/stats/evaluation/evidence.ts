/**
 * Evidence labels: what an evaluation's design and its achieved diagnostics
 * allow a council to claim, on two published scales.
 *
 * Maryland Scientific Methods Scale (SMS; Sherman et al. 1997, "Preventing
 * crime: what works, what doesn't, what's promising", ch. 2; Farrington et al.
 * 2002; in the form used by the What Works Centre for Local Economic Growth,
 * "Guide to scoring evidence using the Maryland Scientific Methods Scale",
 * 2016). The project's rules, applied in order:
 *   5  randomised assignment (downgraded to 4 when baseline balance is reported
 *      and was not achieved: randomisation may have been compromised)
 *   4  a comparison group (matched, DiD, or matched DiD) with GOOD balance
 *      (every |SMD| ≤ 0.1 and variance ratios in [0.5, 2]), controls for
 *      observables, AND either two or more pre-treatment periods or a passed
 *      pre-trend check
 *   3  DiD (a comparison group observed before and after), or a matched
 *      comparison whose balance was ACHIEVED (every |SMD| ≤ 0.25, VR in [0.5, 2])
 *   2  pre/post change of participants without a comparison group; or a
 *      comparison that failed (an after-only matched comparison whose balance
 *      was not achieved or not assessed, or a DiD whose pre-trend check failed)
 *      when observables were controlled for
 *   1  a correlation or an after-only comparison, or a failed comparison
 *      without controls
 * A failed pre-trend check caps a DiD at 2: its identifying assumption is
 * visibly violated.
 *
 * Nesta Standards of Evidence (Puttick & Ludlow 2013, "Standards of Evidence:
 * an approach that balances the need for evidence with innovation", Nesta):
 *   1 you can describe what you do and why it matters (any evaluation here)
 *   2 you capture data that shows change, but cannot show you caused it (SMS 2)
 *   3 you can show causality using a control or comparison group (SMS ≥ 3)
 *   4 one or more independent replication evaluations confirm it (SMS ≥ 3 and
 *     the caller declares an independent replication)
 *   5 manuals, systems and procedures ensure consistent replication and
 *     positive impact at scale (level 4 and the caller declares it)
 * Levels 4–5 cannot be read off one data set: they are the caller's
 * declaration, and the reasons say so.
 *
 * Reasons are message-catalogue keys under `evaluation.evidence.*`, listed in
 * {@link EVIDENCE_REASONS}, in the order the rules were applied.
 */
import { check } from './errors.ts';
import type { BalanceAssessment } from './balance.ts';

export type EvaluationDesign =
  | 'randomised'
  /** Matched comparison, outcome after only. */
  | 'matched'
  /** Comparison group before and after (DiD / event study). */
  | 'did'
  /** Matched comparison group before and after. */
  | 'matched-did'
  /** Participants before and after, no comparison group. */
  | 'pre-post'
  /** Participants vs non-participants after only, no matching. */
  | 'after-only'
  /** Association across areas or people (no design for causality). */
  | 'correlation';

export interface EvidenceInput {
  readonly design: EvaluationDesign;
  /** Balance between the groups (after matching, or at baseline), if assessed. */
  readonly balance?: BalanceAssessment;
  /** Observables controlled for (matching covariates or regression adjustment). */
  readonly covariatesControlled?: boolean;
  /** Number of pre-treatment periods observed. */
  readonly prePeriods?: number;
  /** Outcome of an event-study pre-trend check. */
  readonly preTrend?: 'passed' | 'failed' | 'not-done';
  /** An independent replication evaluation confirms the finding (Nesta 4). */
  readonly independentReplication?: boolean;
  /** Manuals and systems for consistent replication at scale exist (Nesta 5). */
  readonly replicatedAtScale?: boolean;
}

export type SmsLevel = 1 | 2 | 3 | 4 | 5;

export interface EvidenceLabel {
  readonly sms: SmsLevel;
  readonly nesta: 1 | 2 | 3 | 4 | 5;
  readonly reasons: readonly string[];
}

const K = 'evaluation.evidence.';
export const EVIDENCE_REASONS = {
  randomised: `${K}randomised`,
  randomisationImbalance: `${K}randomisationImbalance`,
  comparisonGroup: `${K}comparisonGroup`,
  prePostComparison: `${K}prePostComparison`,
  balanceGood: `${K}balanceGood`,
  balanceAchieved: `${K}balanceAchieved`,
  balanceNotAchieved: `${K}balanceNotAchieved`,
  balanceNotAssessed: `${K}balanceNotAssessed`,
  covariatesControlled: `${K}covariatesControlled`,
  noCovariates: `${K}noCovariates`,
  multiplePrePeriods: `${K}multiplePrePeriods`,
  preTrendPassed: `${K}preTrendPassed`,
  preTrendFailed: `${K}preTrendFailed`,
  noPreTrendEvidence: `${K}noPreTrendEvidence`,
  noComparisonGroup: `${K}noComparisonGroup`,
  afterOnly: `${K}afterOnly`,
  correlationOnly: `${K}correlationOnly`,
  independentReplication: `${K}independentReplication`,
  replicatedAtScale: `${K}replicatedAtScale`,
} as const;

const R = EVIDENCE_REASONS;

function smsFor(input: EvidenceInput, reasons: string[]): SmsLevel {
  const { design, balance } = input;
  const controlled = input.covariatesControlled === true;
  if (design === 'randomised') {
    reasons.push(R.randomised);
    if (balance && !balance.achieved) {
      reasons.push(R.randomisationImbalance);
      return 4;
    }
    return 5;
  }
  if (design === 'correlation') {
    reasons.push(R.correlationOnly);
    return 1;
  }
  if (design === 'after-only') {
    reasons.push(R.afterOnly);
    return 1;
  }
  if (design === 'pre-post') {
    reasons.push(R.noComparisonGroup);
    return 2;
  }
  // A comparison group: matched, did, matched-did.
  reasons.push(R.comparisonGroup);
  const hasPrePost = design === 'did' || design === 'matched-did';
  if (hasPrePost) reasons.push(R.prePostComparison);
  if (!balance) reasons.push(R.balanceNotAssessed);
  else if (balance.good) reasons.push(R.balanceGood);
  else if (balance.achieved) reasons.push(R.balanceAchieved);
  else reasons.push(R.balanceNotAchieved);
  reasons.push(controlled ? R.covariatesControlled : R.noCovariates);
  const multiPre = (input.prePeriods ?? 0) >= 2;
  if (multiPre) reasons.push(R.multiplePrePeriods);
  if (input.preTrend === 'passed') reasons.push(R.preTrendPassed);
  if (input.preTrend === 'failed') {
    reasons.push(R.preTrendFailed);
    return controlled ? 2 : 1;
  }
  const failedMatch = design === 'matched' && balance !== undefined && !balance.achieved;
  const unassessedMatch = design === 'matched' && balance === undefined;
  if (failedMatch || unassessedMatch) return controlled ? 2 : 1;
  if (balance?.good && controlled && (multiPre || input.preTrend === 'passed')) return 4;
  if (!multiPre && input.preTrend !== 'passed' && hasPrePost) reasons.push(R.noPreTrendEvidence);
  return 3;
}

/** The SMS and Nesta levels, with catalogue-key reasons, for a design and what it achieved. */
export function evidenceLabel(input: EvidenceInput): EvidenceLabel {
  const designs: readonly EvaluationDesign[] = [
    'randomised',
    'matched',
    'did',
    'matched-did',
    'pre-post',
    'after-only',
    'correlation',
  ];
  check(designs.includes(input.design), `unknown design '${String(input.design)}'`);
  if (input.prePeriods !== undefined)
    check(Number.isInteger(input.prePeriods) && input.prePeriods >= 0, 'prePeriods must be a whole number ≥ 0');
  const reasons: string[] = [];
  const sms = smsFor(input, reasons);
  let nesta: EvidenceLabel['nesta'] = sms >= 3 ? 3 : sms === 2 ? 2 : 1;
  if (nesta === 3 && input.independentReplication === true) {
    reasons.push(R.independentReplication);
    nesta = 4;
    if (input.replicatedAtScale === true) {
      reasons.push(R.replicatedAtScale);
      nesta = 5;
    }
  }
  return { sms, nesta, reasons };
}
