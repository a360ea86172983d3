/**
 * A survey design prepared once for many estimates: the final weights and, for a raked design, the category
 * structure of the margins that the variance back-fitting needs (see estimates.ts for the method).
 */
import { SurveyError, check } from './errors.ts';
import type { RakeMargin } from './raking.ts';

/** Number of back-fitting sweeps R's svyrecvar applies for a raked design (hard-coded there). */
export const R_RAKING_VARIANCE_SWEEPS = 10;

export interface CalibrationSpec {
  /** One array of category codes per raking margin (0 ≤ code < size), as given to rake(). */
  codes: readonly Int32Array[];
  /** Number of categories in each margin. */
  sizes: readonly number[];
  /** Back-fitting sweeps in the variance (default 10, as R). */
  sweeps?: number;
  /**
   * How category means are taken when projecting out the margins:
   * 'unweighted' (default) — R's svyrecvar for rake(): plain means of x/w;
   * 'weighted' — means weighted by the final weights (a weighted least-squares
   * projection; NOT what R does). In simulations where non-response depends on a
   * margin variable and the base weights are 1, 'unweighted' overstated domain
   * (e.g. ward) SEs and 'weighted' did not; see docs/methods/survey.md §6.2.
   */
  projection?: 'unweighted' | 'weighted';
}

export interface DesignInput {
  /** Final analysis weights, finite and > 0. */
  weights: ArrayLike<number>;
  /** The raking margins, when SEs should account for the calibration. */
  calibration?: CalibrationSpec;
}

export interface CalibrationData {
  K: number;
  C: number;
  codes: Int32Array[];
  /** rowIndex[i·K + k] = offsets[k] + codes[k][i]: respondent i's category row in margin k. */
  rowIndex: Int32Array;
  offsets: Int32Array;
  sizes: Int32Array;
  /** C×C unweighted cross-tab counts Σ m mᵀ. */
  gram: Float64Array;
  /** C×C Σ w m mᵀ (used by the 'weighted' projection). */
  gramW: Float64Array;
  /** C×C Σ w² m mᵀ. */
  gramW2: Float64Array;
  /** Σ w m (weighted category totals). */
  catWeight: Float64Array;
  sweeps: number;
  weightedProjection: boolean;
}

/** A prepared design: build once with {@link prepareDesign}, reuse for every estimate. */
export interface SurveyDesign {
  readonly n: number;
  readonly weights: Float64Array;
  /** True when SEs account for raking. */
  readonly calibrated: boolean;
  /** @internal precomputed calibration matrices. */
  readonly cal: CalibrationData | null;
}

/** Builds the CalibrationSpec for the margins used in {@link rake}. */
export function calibrationFromMargins(margins: readonly RakeMargin[]): CalibrationSpec {
  return { codes: margins.map((m) => m.codes), sizes: margins.map((m) => m.targets.length) };
}

/** Validates weights (and calibration codes) and precomputes what every estimate needs. */
export function prepareDesign(input: DesignInput): SurveyDesign {
  const n = input.weights.length;
  check(n > 0, 'the design needs at least one respondent');
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const w = input.weights[i];
    check(Number.isFinite(w) && w > 0, `weight of respondent ${i + 1} must be a finite number > 0 (got ${String(w)})`);
    weights[i] = w;
  }
  const cal = input.calibration ? prepareCalibration(input.calibration, weights) : null;
  return { n, weights, calibrated: cal !== null, cal };
}

// Passes over the respondents that run once per margin, each a small function: optimised after its first call.

/** The first respondent whose code is outside 0..size−1, or −1. */
function firstOutOfRange(codes: Int32Array, size: number): number {
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    if (!(c >= 0 && c < size)) return i;
  }
  return -1;
}

/** rowIndex[i·K + k] = offset + codes[i]. */
function fillRows(rowIndex: Int32Array, codes: Int32Array, offset: number, k: number, K: number): void {
  for (let i = 0; i < codes.length; i++) rowIndex[i * K + k] = offset + codes[i];
}

function prepareCalibration(spec: CalibrationSpec, w: Float64Array): CalibrationData {
  const n = w.length;
  const K = spec.codes.length;
  check(K > 0, 'calibration needs at least one margin');
  check(spec.sizes.length === K, 'calibration sizes must give one size per margin');
  const sweeps = spec.sweeps ?? R_RAKING_VARIANCE_SWEEPS;
  check(Number.isInteger(sweeps) && sweeps >= 1, 'calibration sweeps must be a positive integer');
  const projection = spec.projection ?? 'unweighted';
  check(
    projection === 'unweighted' || projection === 'weighted',
    "calibration projection must be 'unweighted' or 'weighted'",
  );
  const offsets = new Int32Array(K);
  const sizes = new Int32Array(K);
  let C = 0;
  for (let k = 0; k < K; k++) {
    const size = spec.sizes[k];
    check(
      Number.isInteger(size) && size > 0,
      `calibration margin ${k + 1} must have a positive whole number of categories`,
    );
    check(
      spec.codes[k].length === n,
      `calibration margin ${k + 1} has ${spec.codes[k].length} codes but there are ${n} respondents`,
    );
    offsets[k] = C;
    sizes[k] = size;
    C += size;
  }
  const codes = spec.codes.map((c) => c);
  for (let k = 0; k < K; k++) {
    const i = firstOutOfRange(codes[k], sizes[k]);
    if (i >= 0) {
      const c = codes[k][i];
      throw new SurveyError(
        'UNKNOWN_CATEGORY',
        `respondent ${i + 1} has a category (${c}) not in calibration margin ${k + 1}`,
        {
          margin: k,
          respondent: i,
          code: c,
        },
      );
    }
  }
  const rowIndex = new Int32Array(n * K);
  for (let k = 0; k < K; k++) fillRows(rowIndex, codes[k], offsets[k], k, K);
  const gram = new Float64Array(C * C);
  const gramW = new Float64Array(C * C);
  const gramW2 = new Float64Array(C * C);
  const catWeight = new Float64Array(C);
  for (let i = 0; i < n; i++) {
    const wi = w[i];
    const w2 = wi * wi;
    const at = i * K;
    for (let k = 0; k < K; k++) {
      const r = rowIndex[at + k];
      catWeight[r] += wi;
      const base = r * C;
      for (let j = k; j < K; j++) {
        const q = base + rowIndex[at + j];
        gram[q] += 1;
        gramW[q] += wi;
        gramW2[q] += w2;
      }
    }
  }
  // Mirror the upper blocks (j > k) into the lower ones. Diagonal blocks are diagonal.
  for (let k = 0; k < K; k++) {
    for (let j = k + 1; j < K; j++) {
      for (let a = offsets[k]; a < offsets[k] + sizes[k]; a++) {
        for (let b = offsets[j]; b < offsets[j] + sizes[j]; b++) {
          gram[b * C + a] = gram[a * C + b];
          gramW[b * C + a] = gramW[a * C + b];
          gramW2[b * C + a] = gramW2[a * C + b];
        }
      }
    }
  }
  return {
    K,
    C,
    codes,
    rowIndex,
    offsets,
    sizes,
    gram,
    gramW,
    gramW2,
    catWeight,
    sweeps,
    weightedProjection: projection === 'weighted',
  };
}
