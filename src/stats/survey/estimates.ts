/**
 * Design-based estimates (weighted means and proportions, overall and by
 * domain) with linearisation standard errors that match R's `survey` package
 * for an independent-sampling design without finite population correction,
 * `svydesign(ids = ~1, weights = ~w)`, optionally followed by `rake()`.
 *
 * ── What R computes (survey 4.x: svymean.survey.design2 → svyrecvar → onestrat) ──
 *
 * For a mean in domain d (the whole sample when there is no domain) with final
 * weights w, domain indicator δ_i (0 also when y_i is missing, as svymean's
 * na.rm and svyby's subsetting of a calibrated design both zero the weight):
 *
 *   W_d = Σ δ_i w_i,   ȳ_d = Σ δ_i w_i y_i / W_d
 *   x_i = δ_i w_i (y_i − ȳ_d) / W_d                 (influence values; n of them, zeros outside d)
 *
 * Raking (`rake()` stores one post-stratification per margin, class "raking";
 * svyrecvar then back-fits the margins 10 times):
 *
 *   repeat 10 times: for each margin k:
 *     x_i ← x_i − psw_ki · mean_{j : c_k(j) = c_k(i)} (x_j / psw_kj)        (unweighted mean, over the *whole* sample)
 *
 * where psw_k are the weights just after margin k was post-stratified in
 * R's last raking sweep. Then, with every respondent its own PSU (ids = ~1):
 *
 *   Var = n/(n−1) Σ_i (x_i − x̄)²,    x̄ = Σ x_i / n,    n = full sample size.
 *
 * ── What this module does ──
 *
 * Exactly the above with psw_k = the final weights for every margin. At
 * convergence R's psw_k equal the final weights up to the raking tolerance, so
 * the two agree to about that relative precision (1e-6 with the defaults).
 * With psw = w the back-fitting acts on e_i = x_i / w_i and only ever subtracts
 * category constants, so after the sweeps e_i − a_i with a_i = Σ_k α_k[c_k(i)].
 * The coefficients α are found in "category space" from
 *   s = Σ_i m_i e_i  (sums of e by category) and G = Σ_i m_i m_iᵀ  (cross-tab counts),
 * and Σx, Σx² follow from precomputed Σ_i w_i m_i and H = Σ_i w_i² m_i m_iᵀ.
 * This is algebraically identical to running R's loop over n respondents, but
 * costs O(n·K) per estimate (one pass over the domain) instead of O(10·K·n),
 * and all domains of a by-variable are done in the same pass.
 *
 * Option (not R): CalibrationSpec.projection = 'weighted' takes weight-weighted
 * category means instead; see the methods note for when that is preferable.
 *
 * The "plain" SE (`seUncalibrated`) is the same with no back-fitting — what R
 * gives for `svydesign(ids=~1, weights=~w)` without rake(), and for a mean
 * with equal weights it is exactly s/√n.
 */

import { SurveyError, check } from './errors.ts';
import type { CalibrationData, SurveyDesign } from './design.ts';
import { normalQuantile, studentTQuantile } from '../intervals.ts';
import { DEFAULT_MIN_N, suppressEstimate } from '../suppression.ts';

export {
  R_RAKING_VARIANCE_SWEEPS,
  calibrationFromMargins,
  prepareDesign,
  type CalibrationSpec,
  type DesignInput,
  type SurveyDesign,
} from './design.ts';

/**
 * Raw moments of one domain (internal, exported for tests and advanced callers).
 * Variances are of the domain mean; null when they cannot be computed (n < 2 or no valid respondents).
 */
export interface DomainMoments {
  /** Respondents in the domain (whatever their y). */
  nDomain: number;
  /** Respondents in the domain with a valid (non-missing) y. */
  n: number;
  /** Σ w over those respondents. */
  weightedN: number;
  mean: number | null;
  varUncalibrated: number | null;
  /** Equal to varUncalibrated when the design is not calibrated. */
  varCalibrated: number | null;
}

/**
 * Back-fits the margins in category space: given s = Σ m_i e_i, returns α such
 * that e − Mα is what R's `for (1:sweeps) for (margin) x ← x − psw·ave(x/psw)` leaves.
 * For the 'weighted' projection s = Σ m_i w_i e_i and the Gram matrix is Σ w m mᵀ,
 * which makes every step subtract a weighted category mean instead.
 */
function backfit(cal: CalibrationData, s: Float64Array, sOffset: number, alpha: Float64Array): void {
  const { K, C, offsets, sizes, sweeps } = cal;
  const gram = cal.weightedProjection ? cal.gramW : cal.gram;
  alpha.fill(0);
  for (let it = 0; it < sweeps; it++) {
    for (let k = 0; k < K; k++) {
      const end = offsets[k] + sizes[k];
      for (let r = offsets[k]; r < end; r++) {
        const base = r * C;
        const count = gram[base + r];
        if (count === 0) continue;
        let ga = 0;
        for (let q = 0; q < C; q++) ga += gram[base + q] * alpha[q];
        // Mean of the current residual e − Mα over category r; subtracting it is α_r += mean.
        alpha[r] += (s[sOffset + r] - ga) / count;
      }
    }
  }
}

/**
 * Weighted mean of y in each domain with uncalibrated and calibrated variances.
 *
 * @param y        one value per respondent; NaN = missing (excluded, as R's na.rm = TRUE).
 * @param domains  domain code per respondent (0 ≤ code < nDomains; negative = in no domain), or null for the whole sample.
 */
export function domainMoments(
  design: SurveyDesign,
  y: ArrayLike<number>,
  domains: Int32Array | null,
  nDomains: number,
): DomainMoments[] {
  const n = design.n;
  const w = design.weights;
  check(y.length === n, `the variable has ${y.length} values but the design has ${n} respondents`);
  if (domains === null) {
    check(nDomains === 1, 'without domain codes nDomains must be 1');
  } else {
    check(domains.length === n, `domain codes have ${domains.length} values but the design has ${n} respondents`);
    check(Number.isInteger(nDomains) && nDomains >= 0, 'nDomains must be a whole number ≥ 0');
  }
  const D = nDomains;
  const nDom = new Float64Array(D);
  const nValid = new Float64Array(D);
  const sw = new Float64Array(D);
  const swy = new Float64Array(D);
  for (let i = 0; i < n; i++) {
    const d = domains === null ? 0 : domains[i];
    if (d < 0) continue;
    if (d >= D)
      throw new SurveyError(
        'INVALID_INPUT',
        `respondent ${i + 1} has domain code ${d} but there are only ${D} domains`,
      );
    nDom[d]++;
    const v = y[i];
    if (Number.isNaN(v)) continue;
    if (!Number.isFinite(v))
      throw new SurveyError('INVALID_INPUT', `respondent ${i + 1} has a non-finite value (${v})`);
    nValid[d]++;
    sw[d] += w[i];
    swy[d] += w[i] * v;
  }
  const mean = new Float64Array(D);
  for (let d = 0; d < D; d++) mean[d] = sw[d] > 0 ? swy[d] / sw[d] : 0;

  const cal = design.cal;
  const C = cal ? cal.C : 0;
  const K = cal ? cal.K : 0;
  const rowIndex = cal ? cal.rowIndex : null;
  const weighted = cal ? cal.weightedProjection : false;
  const swe = new Float64Array(D);
  const sw2e2 = new Float64Array(D);
  const s = new Float64Array(D * C); // Σ m e per domain (Σ m w e for the weighted projection)
  const u = new Float64Array(D * C); // Σ m w² e per domain
  for (let i = 0; i < n; i++) {
    const d = domains === null ? 0 : domains[i];
    if (d < 0) continue;
    const v = y[i];
    if (Number.isNaN(v)) continue;
    const wi = w[i];
    const e = (v - mean[d]) / sw[d];
    swe[d] += wi * e;
    const w2e = wi * wi * e;
    sw2e2[d] += w2e * e;
    if (rowIndex !== null) {
      const base = d * C;
      const at = i * K;
      const se = weighted ? wi * e : e;
      for (let k = 0; k < K; k++) {
        const r = base + rowIndex[at + k];
        s[r] += se;
        u[r] += w2e;
      }
    }
  }

  const out: DomainMoments[] = [];
  const alpha = new Float64Array(C);
  const scale = n > 1 ? n / (n - 1) : NaN;
  for (let d = 0; d < D; d++) {
    if (nValid[d] === 0) {
      out.push({ nDomain: nDom[d], n: 0, weightedN: 0, mean: null, varUncalibrated: null, varCalibrated: null });
      continue;
    }
    let varPlain: number | null = null;
    let varCal: number | null = null;
    if (n > 1) {
      varPlain = Math.max(0, scale * (sw2e2[d] - (swe[d] * swe[d]) / n));
      varCal = varPlain;
      if (cal) {
        backfit(cal, s, d * C, alpha);
        // x_i = w_i (e_i − a_i), a_i = Σ_k α[c_k(i)]
        let sumX = swe[d];
        let cross = 0;
        for (let r = 0; r < C; r++) {
          sumX -= alpha[r] * cal.catWeight[r];
          cross += alpha[r] * u[d * C + r];
        }
        let quad = 0;
        for (let r = 0; r < C; r++) {
          const ar = alpha[r];
          if (ar === 0) continue;
          const base = r * C;
          let acc = 0;
          for (let q = 0; q < C; q++) acc += cal.gramW2[base + q] * alpha[q];
          quad += ar * acc;
        }
        const sumX2 = sw2e2[d] - 2 * cross + quad;
        varCal = Math.max(0, scale * (sumX2 - (sumX * sumX) / n));
      }
    }
    out.push({
      nDomain: nDom[d],
      n: nValid[d],
      weightedN: sw[d],
      mean: mean[d],
      varUncalibrated: varPlain,
      varCalibrated: varCal,
    });
  }
  return out;
}

export type CiMethod = 'normal' | 'logit';

export interface EstimateOptions {
  /** Confidence level for the interval (default 0.95). */
  confLevel?: number;
  /** Estimates from fewer valid respondents than this are suppressed (default 30). */
  minN?: number;
  /**
   * Interval for proportions: 'normal' (default; estimate ± z·SE, truncated to
   * [0, 1]) or 'logit' (R's svyciprop(method = "xlogit"): computed on the
   * logit scale with SE/(p(1−p)) and a Student t quantile on nDomain − 1
   * degrees of freedom, then transformed back; stays inside (0, 1)).
   * Means always use the normal interval.
   */
  ciMethod?: CiMethod;
}

export interface Estimate {
  /** Respondents in the domain with a valid answer (unweighted). */
  n: number;
  /** Sum of their weights. */
  weightedN: number;
  /** Weighted mean or proportion; null when suppressed. */
  estimate: number | null;
  /** Standard error — calibrated when the design is, otherwise plain linearisation; null when suppressed. */
  se: number | null;
  /** Plain linearisation SE ignoring calibration; null when suppressed. */
  seUncalibrated: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  /** True when n < minN (or the estimate cannot be computed); estimate, SEs and CI are then null. */
  suppressed: boolean;
}

type Kind = 'mean' | 'proportion';

function suppressedEstimate(m: DomainMoments): Estimate {
  return {
    n: m.n,
    weightedN: m.weightedN,
    estimate: null,
    se: null,
    seUncalibrated: null,
    ciLow: null,
    ciHigh: null,
    suppressed: true,
  };
}

function finalize(m: DomainMoments, kind: Kind, opts: EstimateOptions, calibrated: boolean): Estimate {
  const minN = opts.minN ?? DEFAULT_MIN_N;
  const confLevel = opts.confLevel ?? 0.95;
  if (suppressEstimate(m.n, minN) || m.mean === null) return suppressedEstimate(m);
  const varCal = calibrated ? m.varCalibrated : m.varUncalibrated;
  if (varCal === null || m.varUncalibrated === null) return suppressedEstimate(m);
  const est = m.mean;
  const se = Math.sqrt(varCal);
  const alpha = 1 - confLevel;
  let low: number;
  let high: number;
  if (kind === 'proportion' && opts.ciMethod === 'logit') {
    [low, high] = logitInterval(est, se, alpha, m.nDomain - 1);
  } else {
    const z = normalQuantile(1 - alpha / 2);
    low = est - z * se;
    high = est + z * se;
    if (kind === 'proportion') {
      low = Math.max(0, low);
      high = Math.min(1, high);
    }
  }
  return {
    n: m.n,
    weightedN: m.weightedN,
    estimate: est,
    se,
    seUncalibrated: Math.sqrt(m.varUncalibrated),
    ciLow: low,
    ciHigh: high,
    suppressed: false,
  };
}

/**
 * Logit-transformed interval (R svyciprop "xlogit"): expit(logit(p) ± q·se/(p(1−p))),
 * q the Student t quantile on df degrees of freedom (normal when df < 1).
 * Degenerate [p, p] when p is 0 or 1 or se is 0.
 */
export function logitInterval(p: number, se: number, alpha: number, df: number): [number, number] {
  if (p <= 0 || p >= 1 || se === 0) return [p, p];
  const q = df >= 1 ? studentTQuantile(1 - alpha / 2, df) : normalQuantile(1 - alpha / 2);
  const eta = Math.log(p / (1 - p));
  const seEta = se / (p * (1 - p));
  const expit = (x: number): number => 1 / (1 + Math.exp(-x));
  return [expit(eta - q * seEta), expit(eta + q * seEta)];
}

function validateOptions(opts: EstimateOptions): void {
  if (opts.confLevel !== undefined)
    check(opts.confLevel > 0 && opts.confLevel < 1, 'confLevel must be between 0 and 1');
  if (opts.minN !== undefined) check(Number.isInteger(opts.minN) && opts.minN >= 0, 'minN must be a whole number ≥ 0');
  if (opts.ciMethod !== undefined)
    check(opts.ciMethod === 'normal' || opts.ciMethod === 'logit', "ciMethod must be 'normal' or 'logit'");
}

function run(
  design: SurveyDesign,
  y: ArrayLike<number>,
  kind: Kind,
  domains: Int32Array | null,
  nDomains: number,
  opts: EstimateOptions,
): Estimate[] {
  validateOptions(opts);
  return domainMoments(design, y, domains, nDomains).map((m) => finalize(m, kind, opts, design.calibrated));
}

/** Weighted mean of y (NaN = missing) over the whole sample. */
export function estimateMean(design: SurveyDesign, y: ArrayLike<number>, opts: EstimateOptions = {}): Estimate {
  return run(design, y, 'mean', null, 1, opts)[0];
}

/**
 * Weighted mean of y in every domain (e.g. ward): domains[i] is respondent i's
 * domain code (negative = none). Domain SEs use the whole sample (as svyby).
 */
export function estimateMeanByDomain(
  design: SurveyDesign,
  y: ArrayLike<number>,
  domains: Int32Array,
  nDomains: number,
  opts: EstimateOptions = {},
): Estimate[] {
  return run(design, y, 'mean', domains, nDomains, opts);
}

/**
 * 0/1 indicator of `categories` for categorical codes; negative codes (missing)
 * become NaN. Use for a single category or a "top box" recode (e.g. agree + strongly agree).
 */
export function indicator(codes: Int32Array, categories: number | readonly number[]): Float64Array {
  const list = typeof categories === 'number' ? [categories] : categories;
  let max = -1;
  for (let i = 0; i < codes.length; i++) if (codes[i] > max) max = codes[i];
  // Lookup table over the codes present: 1 = counted, 0 = not.
  const hit = new Uint8Array(max + 1);
  for (const c of list) if (Number.isInteger(c) && c >= 0 && c <= max) hit[c] = 1;
  const out = new Float64Array(codes.length);
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    out[i] = c < 0 ? NaN : hit[c];
  }
  return out;
}

/** Weighted proportion of respondents (with a valid code) whose code is in `categories`. */
export function estimateProportion(
  design: SurveyDesign,
  codes: Int32Array,
  categories: number | readonly number[],
  opts: EstimateOptions = {},
): Estimate {
  return run(design, indicator(codes, categories), 'proportion', null, 1, opts)[0];
}

/** {@link estimateProportion} in every domain. */
export function estimateProportionByDomain(
  design: SurveyDesign,
  codes: Int32Array,
  categories: number | readonly number[],
  domains: Int32Array,
  nDomains: number,
  opts: EstimateOptions = {},
): Estimate[] {
  return run(design, indicator(codes, categories), 'proportion', domains, nDomains, opts);
}

/** Proportion estimate from a ready-made 0/1 (NaN = missing) variable, overall or by domain. */
export function estimateIndicator(
  design: SurveyDesign,
  y01: ArrayLike<number>,
  domains: Int32Array | null = null,
  nDomains = 1,
  opts: EstimateOptions = {},
): Estimate[] {
  for (let i = 0; i < y01.length; i++) {
    const v = y01[i];
    check(
      Number.isNaN(v) || v === 0 || v === 1,
      `indicator value of respondent ${i + 1} must be 0, 1 or NaN (got ${v})`,
    );
  }
  return run(design, y01, 'proportion', domains, nDomains, opts);
}
