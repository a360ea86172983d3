/**
 * Evaluation methods: propensity scores, matching, balance, effect estimates
 * (ATT after matching, difference-in-differences, event studies, pre/post),
 * power, and evidence labels. Pure functions, no I/O; every random draw in
 * tests and simulations comes from src/stats/random.ts.
 */

export { EvaluationError, type EvaluationErrorCode } from './errors.ts';
export {
  logGamma,
  logBeta,
  incompleteBeta,
  erfc,
  normalCdf,
  normalPdf,
  normalQuantile,
  studentTCdf,
  studentTPdf,
  studentTQuantile,
  studentTTwoSidedP,
} from './distributions.ts';
export {
  fitLogistic,
  univariateSeparators,
  type Covariates,
  type LogisticFit,
  type LogisticOptions,
} from './logistic.ts';
export { matchNearest, sampleSd, type MatchOptions, type MatchResult } from './matching.ts';
export {
  balanceTable,
  lovePlotData,
  assessBalance,
  type BalanceRow,
  type BalanceTable,
  type LovePlotPoint,
  type BalanceThresholds,
  type BalanceAssessment,
} from './balance.ts';
export {
  fitWls,
  coefficient,
  type WlsFit,
  type WlsOptions,
  type Coefficient,
  type VarianceType,
} from './regression.ts';
export { estimateAtt, TREATMENT, type AttOptions, type AttResult, type EffectEstimate } from './att.ts';
export {
  estimateDid,
  estimateEventStudy,
  preTrendTest,
  periodOrder,
  type PreTrendTest,
  type DidOptions,
  type DidResult,
  type EventStudyOptions,
  type EventStudyResult,
  type PeriodEffect,
} from './did.ts';
export { estimatePrePost, PRE_POST_DESIGN, type PrePostResult } from './prepost.ts';
export {
  mdeMean,
  mdeProportion,
  mdeDid,
  mdePrePost,
  mdeMultiplier,
  designEffect,
  type PowerOptions,
  type MdeResult,
} from './power.ts';
export {
  evidenceLabel,
  EVIDENCE_REASONS,
  type EvaluationDesign,
  type EvidenceInput,
  type EvidenceLabel,
  type SmsLevel,
} from './evidence.ts';
