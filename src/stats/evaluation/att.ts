/**
 * Average treatment effect on the treated (ATT) after matching, as MatchIt's
 * "Estimating Effects After Matching" vignette (Greifer, MatchIt 4.x) does it:
 *
 *   md  <- match.data(m)                                   # matched rows, weights, subclass
 *   fit <- lm(y ~ treat [+ covariates], data = md, weights = weights)
 *   coeftest(fit, vcov. = vcovCL, cluster = ~subclass)     # sandwich::vcovCL, type "HC1"
 *
 * i.e. weighted least squares of the outcome on the treatment indicator in the
 * matched sample, with the matching weights, and a cluster-robust (CR1)
 * standard error clustered on the matched sets (Abadie & Spiess 2022,
 * "Robust post-matching inference", JASA 117: 983–995, show that clustering on
 * matched sets gives valid SEs for matching without replacement). The ATT is
 * the coefficient of the treatment. Adding covariates ("doubly robust"
 * adjustment) is optional. The t reference has G − 1 degrees of freedom, G
 * the number of matched sets (see regression.ts).
 */
import { EvaluationError, checkLength } from './errors.ts';
import type { Covariates } from './logistic.ts';
import type { MatchResult } from './matching.ts';
import { coefficient, fitWls, type WlsFit } from './regression.ts';

export interface AttOptions {
  /** Covariates to adjust for in the outcome regression (optional). */
  readonly covariates?: Covariates;
  /** Confidence level (default 0.95). */
  readonly level?: number;
}

export interface EffectEstimate {
  readonly estimate: number;
  readonly se: number;
  readonly ciLow: number;
  readonly ciHigh: number;
  readonly pValue: number;
  /** Rows in the analysis. */
  readonly n: number;
  /** Clusters (matched sets, or the cluster column), null without clustering. */
  readonly clusters: number | null;
  /** Degrees of freedom of the t reference. */
  readonly df: number;
}

export interface AttResult extends EffectEstimate {
  readonly treated: number;
  readonly controls: number;
  /** The full outcome regression. */
  readonly fit: WlsFit;
}

/** Name the treatment coefficient takes in the outcome regression. */
export const TREATMENT = 'treat';

/** ATT from a match: outcome on treatment in the matched sample, CR1 by matched set. */
export function estimateAtt(
  outcome: ArrayLike<number>,
  treat: ArrayLike<number>,
  match: MatchResult,
  options: AttOptions = {},
): AttResult {
  const n = outcome.length;
  checkLength(treat, n, 'treat');
  checkLength(match.weights, n, 'match weights');
  const covariates: Record<string, ArrayLike<number>> = { [TREATMENT]: treat };
  for (const [name, col] of Object.entries(options.covariates ?? {})) {
    if (name === TREATMENT)
      throw new EvaluationError('INVALID_INPUT', `covariate name '${TREATMENT}' is reserved for the treatment`);
    covariates[name] = col;
  }
  let treated = 0;
  let controls = 0;
  for (let i = 0; i < n; i++) {
    if (match.weights[i] > 0) {
      if (treat[i] === 1) treated++;
      else controls++;
    }
  }
  const fit = fitWls(outcome, covariates, {
    weights: match.weights,
    variance: 'CR1',
    cluster: match.subclass,
    level: options.level,
  });
  const row = coefficient(fit, TREATMENT);
  return {
    estimate: row.estimate,
    se: row.se,
    ciLow: row.ciLow,
    ciHigh: row.ciHigh,
    pValue: row.pValue,
    n: fit.n,
    clusters: fit.clusters,
    df: fit.df,
    treated,
    controls,
    fit,
  };
}
