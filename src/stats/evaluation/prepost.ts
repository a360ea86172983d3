/**
 * Paired pre/post change for participant-only designs (no comparison group).
 *
 * With d_i = post_i − pre_i for the n participants measured at both waves
 * (the paired t procedure; Student 1908; any textbook, e.g. Altman 1991,
 * "Practical Statistics for Medical Research", §9.6):
 *   d̄ = Σ d_i / n,   s_d² = Σ (d_i − d̄)² / (n − 1),   SE = s_d / √n
 *   t = d̄ / SE on n − 1 df;   interval d̄ ± t_{1−α/2, n−1} · SE
 * R: `t.test(post, pre, paired = TRUE)`.
 *
 * This is the weakest design the library supports (Maryland SMS level 2,
 * see evidence.ts): the change includes everything else that happened
 * between the waves (trends, regression to the mean, seasonality), so it is
 * not an effect of the intervention. Every result carries the `design` label
 * 'pre-post (no comparison group)' so that callers and reports cannot present
 * it as a causal estimate by accident.
 */
import { EvaluationError, check, checkFinite, checkLength } from './errors.ts';
import { studentTQuantile, studentTTwoSidedP } from './distributions.ts';

export const PRE_POST_DESIGN = 'pre-post (no comparison group)';

export interface PrePostResult {
  readonly design: typeof PRE_POST_DESIGN;
  /** Mean change d̄ = mean(post − pre). */
  readonly estimate: number;
  readonly se: number;
  readonly ciLow: number;
  readonly ciHigh: number;
  readonly pValue: number;
  readonly df: number;
  readonly n: number;
  readonly meanPre: number;
  readonly meanPost: number;
  /** SD of the individual changes. */
  readonly sdChange: number;
  /** Pearson correlation between the waves (null when either wave is constant). */
  readonly correlation: number | null;
}

/** Mean paired change post − pre with a t interval. */
export function estimatePrePost(
  pre: ArrayLike<number>,
  post: ArrayLike<number>,
  options: { level?: number } = {},
): PrePostResult {
  const n = pre.length;
  checkLength(post, n, 'post');
  checkFinite(pre, 'pre');
  checkFinite(post, 'post');
  const level = options.level ?? 0.95;
  check(level > 0 && level < 1, 'level must lie strictly between 0 and 1');
  if (n < 2) throw new EvaluationError('INSUFFICIENT_DATA', 'a paired change needs at least two participants');
  let sPre = 0;
  let sPost = 0;
  for (let i = 0; i < n; i++) {
    sPre += pre[i];
    sPost += post[i];
  }
  const meanPre = sPre / n;
  const meanPost = sPost / n;
  const estimate = meanPost - meanPre;
  let ssD = 0;
  let ssPre = 0;
  let ssPost = 0;
  let sp = 0;
  for (let i = 0; i < n; i++) {
    const a = pre[i] - meanPre;
    const b = post[i] - meanPost;
    ssD += (b - a) * (b - a);
    ssPre += a * a;
    ssPost += b * b;
    sp += a * b;
  }
  const df = n - 1;
  const sdChange = Math.sqrt(ssD / df);
  const se = sdChange / Math.sqrt(n);
  const crit = studentTQuantile(1 - (1 - level) / 2, df);
  const pValue = se > 0 ? studentTTwoSidedP(estimate / se, df) : estimate === 0 ? 1 : 0;
  const correlation = ssPre > 0 && ssPost > 0 ? sp / Math.sqrt(ssPre * ssPost) : null;
  return {
    design: PRE_POST_DESIGN,
    estimate,
    se,
    ciLow: estimate - crit * se,
    ciHigh: estimate + crit * se,
    pValue,
    df,
    n,
    meanPre,
    meanPost,
    sdChange,
    correlation,
  };
}
