/**
 * Survey statistics: raking, weight diagnostics, design-based estimates.
 * Pure functions, no I/O. See docs/methods/survey.md for the methods.
 */

export { SurveyError, type SurveyErrorCode } from './errors.ts';
export {
  rake,
  marginError,
  marginTotals,
  trimBounds,
  RAKE_DEFAULTS,
  type RakeMargin,
  type RakeOptions,
  type RakeResult,
  type TrimOptions,
  type TrimReport,
} from './raking.ts';
export { weightDiagnostics, type WeightDiagnostics } from './diagnostics.ts';
export {
  prepareDesign,
  calibrationFromMargins,
  domainMoments,
  estimateMean,
  estimateMeanByDomain,
  estimateProportion,
  estimateProportionByDomain,
  estimateIndicator,
  indicator,
  logitInterval,
  R_RAKING_VARIANCE_SWEEPS,
  type CalibrationSpec,
  type DesignInput,
  type SurveyDesign,
  type DomainMoments,
  type Estimate,
  type EstimateOptions,
  type CiMethod,
} from './estimates.ts';
export { compareWaves, compareWithBenchmark, type WaveChange, type BenchmarkComparison } from './compare.ts';
