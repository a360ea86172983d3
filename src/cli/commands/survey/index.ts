/**
 * `cohesion survey rake` and `cohesion survey estimate`.
 *
 * rake:     RESPONSES.csv + MARGINS.csv (variable,category,population) → id,weight CSV on stdout,
 *           one diagnostics line on stderr.
 * estimate: RESPONSES.csv + WEIGHTS.csv (id,weight) → weighted mean (numeric variable) or
 *           one proportion per category (categorical variable), overall and by a domain
 *           variable, with design-based SEs (accounting for raking when --margins is given).
 *
 * See docs/methods/survey.md for the statistics.
 */
export { surveyRakeCommand } from './rake.ts';
export { surveyEstimateCommand } from './estimate.ts';
export { buildRakeMargins, parseMargins } from './margins.ts';
export { isMissing, naturalSort } from './shared.ts';
