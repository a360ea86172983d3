/**
 * Minimum detectable effects (MDE) for planning an evaluation.
 *
 * The MDE is the smallest true effect that a test of size α would detect with
 * probability `power` (Bloom 1995, "Minimum detectable effects: a simple way to
 * report the statistical power of experimental designs", Evaluation Review
 * 19(5): 547–556):
 *   MDE = M · SE(estimate),   M = z_{1−α/2} + z_{power}   (two-sided; z_{1−α} one-sided)
 * With α = 0.05 two-sided and 80% power, M = 1.959964 + 0.841621 = 2.801585.
 * Given `df`, Student t quantiles replace z (Bloom's small-sample multiplier).
 *
 * Clustering inflates variances by the design effect (Kish 1965, "Survey
 * Sampling", §5.4): deff = 1 + (m − 1)·ICC for mean cluster size m, unless a
 * deff is given directly. Standard errors (σ the outcome SD; Djimeu &
 * Houndolo 2016, "Power calculation for causal inference in social science:
 * sample size and minimum detectable effect determination", J. Development
 * Effectiveness 8(4): 508–527, eq. 1–9):
 *   two groups, mean:       SE = σ √(deff (1/n_T + 1/n_C))
 *   two groups, proportion: SE = √(deff (p₁(1 − p₁)/n_T + p₀(1 − p₀)/n_C)),
 *                           p₁ = p₀ ± MDE, solved for the MDE by bisection
 *                           (the equation MDE = M·SE(MDE) has one root in range)
 *   DiD, panel with correlation ρ between waves (change scores, Frison &
 *   Pocock 1992, Statistics in Medicine 11: 1685–1704):
 *                           SE = σ √(deff · 2(1 − ρ) (1/n_T + 1/n_C))
 *                           (ρ = 0 gives repeated cross-sections of the same sizes)
 *   pre-post, n participants: SE = σ √(deff · 2(1 − ρ) / n)
 * Results are on the outcome's scale (and, for means, also in SD units).
 */
import { EvaluationError, check } from './errors.ts';
import { normalQuantile, studentTQuantile } from './distributions.ts';

export interface PowerOptions {
  /** Test size (default 0.05). */
  readonly alpha?: number;
  /** Power (default 0.8). */
  readonly power?: number;
  /** Two-sided test (default true). */
  readonly twoSided?: boolean;
  /** Design effect (default 1, or from icc and clusterSize). */
  readonly designEffect?: number;
  /** Intra-cluster correlation, with clusterSize, when designEffect is not given. */
  readonly icc?: number;
  /** Mean cluster size m. */
  readonly clusterSize?: number;
  /** Degrees of freedom for t multipliers (default: normal multipliers). */
  readonly df?: number;
}

export interface MdeResult {
  /** Minimum detectable effect on the outcome's scale (percentage points ÷ 100 for proportions). */
  readonly mde: number;
  /** MDE in outcome SDs (null for proportions). */
  readonly standardisedMde: number | null;
  /** M = critical value + power quantile. */
  readonly multiplier: number;
  /** Standard error of the estimate at the MDE. */
  readonly se: number;
  readonly designEffect: number;
}

/** The multiplier M and the design effect for the options. */
export function mdeMultiplier(options: PowerOptions = {}): { multiplier: number; designEffect: number } {
  const alpha = options.alpha ?? 0.05;
  const power = options.power ?? 0.8;
  const twoSided = options.twoSided ?? true;
  check(alpha > 0 && alpha < 1, 'alpha must lie strictly between 0 and 1');
  check(power > 0 && power < 1, 'power must lie strictly between 0 and 1');
  const q = (p: number): number => (options.df === undefined ? normalQuantile(p) : studentTQuantile(p, options.df));
  if (options.df !== undefined) check(options.df > 0, 'df must be > 0');
  const multiplier = q(1 - (twoSided ? alpha / 2 : alpha)) + q(power);
  return { multiplier, designEffect: designEffect(options) };
}

/** deff from the options: given directly, 1 + (m − 1)·ICC, or 1. */
export function designEffect(options: PowerOptions): number {
  if (options.designEffect !== undefined) {
    check(Number.isFinite(options.designEffect) && options.designEffect > 0, 'designEffect must be > 0');
    return options.designEffect;
  }
  if (options.icc !== undefined || options.clusterSize !== undefined) {
    const icc = options.icc;
    const m = options.clusterSize;
    check(icc !== undefined && m !== undefined, 'icc and clusterSize must be given together');
    check(icc >= 0 && icc <= 1, 'icc must lie in [0, 1]');
    check(m >= 1, 'clusterSize must be ≥ 1');
    return 1 + (m - 1) * icc;
  }
  return 1;
}

function checkN(n: number, what: string): void {
  check(Number.isFinite(n) && n > 0, `${what} must be a positive number`);
}

function checkSd(sd: number): void {
  check(Number.isFinite(sd) && sd > 0, 'sd must be a positive number');
}

/** MDE for a difference in means between two groups. */
export function mdeMean(args: { sd: number; nTreated: number; nControl: number } & PowerOptions): MdeResult {
  checkSd(args.sd);
  checkN(args.nTreated, 'nTreated');
  checkN(args.nControl, 'nControl');
  const { multiplier, designEffect: deff } = mdeMultiplier(args);
  const se = args.sd * Math.sqrt(deff * (1 / args.nTreated + 1 / args.nControl));
  return { mde: multiplier * se, standardisedMde: (multiplier * se) / args.sd, multiplier, se, designEffect: deff };
}

/**
 * MDE for a difference in proportions from a baseline (control) proportion p₀,
 * for an increase (default) or a decrease. Throws INSUFFICIENT_DATA when even
 * a change to 0 or 1 would not be detectable.
 */
export function mdeProportion(
  args: { baseline: number; nTreated: number; nControl: number; direction?: 'increase' | 'decrease' } & PowerOptions,
): MdeResult {
  const p0 = args.baseline;
  check(p0 > 0 && p0 < 1, 'baseline must lie strictly between 0 and 1');
  checkN(args.nTreated, 'nTreated');
  checkN(args.nControl, 'nControl');
  const { multiplier, designEffect: deff } = mdeMultiplier(args);
  const sign = args.direction === 'decrease' ? -1 : 1;
  const room = sign > 0 ? 1 - p0 : p0;
  const seAt = (delta: number): number => {
    const p1 = p0 + sign * delta;
    return Math.sqrt(deff * ((p1 * (1 - p1)) / args.nTreated + (p0 * (1 - p0)) / args.nControl));
  };
  // h(δ) = δ − M·SE(δ) is convex with h(0) < 0, so it has at most one root in (0, room].
  if (room - multiplier * seAt(room) < 0) {
    throw new EvaluationError(
      'INSUFFICIENT_DATA',
      'the samples are too small to detect any change from this baseline proportion',
    );
  }
  let lo = 0;
  let hi = room;
  for (let it = 0; it < 200 && hi - lo > 1e-15; it++) {
    const mid = 0.5 * (lo + hi);
    if (mid - multiplier * seAt(mid) < 0) lo = mid;
    else hi = mid;
  }
  const mde = 0.5 * (lo + hi);
  return { mde, standardisedMde: null, multiplier, se: seAt(mde), designEffect: deff };
}

function checkCorrelation(rho: number): void {
  check(Number.isFinite(rho) && rho > -1 && rho < 1, 'correlation must lie strictly between −1 and 1');
}

/** MDE for a difference-in-differences with a panel (correlation ρ between the waves). */
export function mdeDid(
  args: { sd: number; nTreated: number; nControl: number; correlation?: number } & PowerOptions,
): MdeResult {
  checkSd(args.sd);
  checkN(args.nTreated, 'nTreated');
  checkN(args.nControl, 'nControl');
  const rho = args.correlation ?? 0;
  checkCorrelation(rho);
  const { multiplier, designEffect: deff } = mdeMultiplier(args);
  const se = args.sd * Math.sqrt(deff * 2 * (1 - rho) * (1 / args.nTreated + 1 / args.nControl));
  return { mde: multiplier * se, standardisedMde: (multiplier * se) / args.sd, multiplier, se, designEffect: deff };
}

/** MDE for a paired pre/post change in n participants (no comparison group). */
export function mdePrePost(args: { sd: number; n: number; correlation?: number } & PowerOptions): MdeResult {
  checkSd(args.sd);
  checkN(args.n, 'n');
  const rho = args.correlation ?? 0;
  checkCorrelation(rho);
  const { multiplier, designEffect: deff } = mdeMultiplier(args);
  const se = args.sd * Math.sqrt((deff * 2 * (1 - rho)) / args.n);
  return { mde: multiplier * se, standardisedMde: (multiplier * se) / args.sd, multiplier, se, designEffect: deff };
}
