/**
 * Small dense linear algebra for the evaluation library: symmetric positive
 * definite systems of the size of a regression's normal equations (a handful
 * to a few dozen coefficients), stored row-major in Float64Arrays.
 *
 * - Cholesky factorisation A = L Lᵀ (Golub & Van Loan, "Matrix Computations",
 *   4th ed., Algorithm 4.2.1), with a rank check: column j is reported as
 *   linearly dependent on columns 0..j−1 when its pivot falls below
 *   `tol · A_jj`. The pivot is the squared length of what is left of column j
 *   after projecting out the earlier columns, so `pivot / A_jj = 1 − R²_j`
 *   (R²_j of column j regressed on the earlier ones, without intercept).
 * - Solves and inverse by forward/back substitution on L.
 * - Design standardisation: covariates are centred and scaled before forming
 *   normal equations (conditioning), and coefficients / covariance matrices are
 *   mapped back exactly (β = T γ, V_β = T V_γ Tᵀ); see {@link standardiseDesign}.
 */

/** Outcome of {@link cholesky}: the factor, or the first column found to be dependent. */
export type CholeskyResult =
  { readonly ok: true; readonly factor: Float64Array } | { readonly ok: false; readonly column: number };

/** Default relative pivot tolerance: 1 − R² below 1e-10 (variance inflation above 10^10) counts as collinear. */
export const RANK_TOLERANCE = 1e-10;

/**
 * Cholesky factor L (lower triangular, row-major p×p) of the symmetric matrix
 * `a` (only the lower triangle is read). Returns `{ ok: false, column }` when
 * the pivot of `column` is ≤ tol·a[column][column] (or a diagonal is ≤ 0).
 */
export function cholesky(a: Float64Array, p: number, tol = RANK_TOLERANCE): CholeskyResult {
  const L = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    const ajj = a[j * p + j];
    let d = ajj;
    for (let k = 0; k < j; k++) d -= L[j * p + k] * L[j * p + k];
    if (!(ajj > 0) || !(d > tol * ajj)) return { ok: false, column: j };
    const ljj = Math.sqrt(d);
    L[j * p + j] = ljj;
    for (let i = j + 1; i < p; i++) {
      let s = a[i * p + j];
      for (let k = 0; k < j; k++) s -= L[i * p + k] * L[j * p + k];
      L[i * p + j] = s / ljj;
    }
  }
  return { ok: true, factor: L };
}

/** Solves L Lᵀ x = b for x, given the Cholesky factor L. */
export function choleskySolve(L: Float64Array, p: number, b: ArrayLike<number>): Float64Array {
  const x = Float64Array.from(b);
  for (let i = 0; i < p; i++) {
    let s = x[i];
    for (let k = 0; k < i; k++) s -= L[i * p + k] * x[k];
    x[i] = s / L[i * p + i];
  }
  for (let i = p - 1; i >= 0; i--) {
    let s = x[i];
    for (let k = i + 1; k < p; k++) s -= L[k * p + i] * x[k];
    x[i] = s / L[i * p + i];
  }
  return x;
}

/** (L Lᵀ)⁻¹ as a full symmetric row-major p×p matrix. */
export function choleskyInverse(L: Float64Array, p: number): Float64Array {
  const inv = new Float64Array(p * p);
  const e = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    e.fill(0);
    e[j] = 1;
    const col = choleskySolve(L, p, e);
    for (let i = 0; i < p; i++) inv[i * p + j] = col[i];
  }
  // Symmetrise (removes rounding asymmetry).
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < i; j++) {
      const v = 0.5 * (inv[i * p + j] + inv[j * p + i]);
      inv[i * p + j] = v;
      inv[j * p + i] = v;
    }
  }
  return inv;
}

/** A B Aᵀ for a p×p matrix A and symmetric p×p B (row-major). */
export function sandwichProduct(A: Float64Array, B: Float64Array, p: number): Float64Array {
  const AB = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let k = 0; k < p; k++) {
      const aik = A[i * p + k];
      if (aik === 0) continue;
      for (let j = 0; j < p; j++) AB[i * p + j] += aik * B[k * p + j];
    }
  }
  const out = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let k = 0; k < p; k++) s += AB[i * p + k] * A[j * p + k];
      out[i * p + j] = s;
    }
  }
  return out;
}

/** A v for a row-major p×p matrix A. */
export function matVec(A: Float64Array, p: number, v: ArrayLike<number>): Float64Array {
  const out = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = 0;
    for (let k = 0; k < p; k++) s += A[i * p + k] * v[k];
    out[i] = s;
  }
  return out;
}

/**
 * A standardised design with an intercept: column 0 is all ones and column
 * j ≥ 1 is z_j = (x_j − m_j)/s_j, with m_j the weighted mean and s_j the
 * weighted root-mean-square deviation of covariate j (weights w).
 *
 * A linear predictor β₀ + Σ β_j x_j equals γ₀ + Σ γ_j z_j with
 *   β_j = γ_j / s_j,   β₀ = γ₀ − Σ_j γ_j m_j / s_j,
 * i.e. β = T γ with T[0][0] = 1, T[0][j] = −m_j/s_j, T[j][j] = 1/s_j.
 */
export interface StandardisedDesign {
  /** n×p row-major design (p = covariates + 1). */
  readonly z: Float64Array;
  readonly n: number;
  readonly p: number;
  /** The p×p back-transform T. */
  readonly transform: Float64Array;
  /** Index of a covariate (0-based among covariates) that is constant over positive-weight rows, or −1. */
  readonly constantColumn: number;
}

/**
 * Builds the standardised design from covariate columns (each of length n).
 * Rows with zero weight are kept (they simply contribute nothing).
 */
export function standardiseDesign(
  columns: readonly ArrayLike<number>[],
  w: ArrayLike<number>,
  n: number,
): StandardisedDesign {
  const p = columns.length + 1;
  const z = new Float64Array(n * p);
  const transform = new Float64Array(p * p);
  transform[0] = 1;
  let W = 0;
  for (let i = 0; i < n; i++) W += w[i];
  let constantColumn = -1;
  for (let i = 0; i < n; i++) z[i * p] = 1;
  for (let j = 1; j < p; j++) {
    const x = columns[j - 1];
    let m = 0;
    for (let i = 0; i < n; i++) m += w[i] * x[i];
    m /= W;
    let ss = 0;
    for (let i = 0; i < n; i++) ss += w[i] * (x[i] - m) * (x[i] - m);
    let s = Math.sqrt(ss / W);
    // A covariate that does not vary is collinear with the intercept; keep s = 1 so the
    // caller's rank check (which sees an all-zero column) reports it.
    if (!(s > 0) || s <= 1e-14 * Math.max(1, Math.abs(m))) {
      if (constantColumn < 0) constantColumn = j - 1;
      s = 1;
    }
    for (let i = 0; i < n; i++) z[i * p + j] = (x[i] - m) / s;
    transform[j] = -m / s;
    transform[j * p + j] = 1 / s;
  }
  return { z, n, p, transform, constantColumn };
}

/** Xᵀ W X for a row-major n×p design and weights w (full symmetric result). */
export function weightedGram(X: Float64Array, n: number, p: number, w: ArrayLike<number>): Float64Array {
  const G = new Float64Array(p * p);
  for (let i = 0; i < n; i++) {
    const wi = w[i];
    if (wi === 0) continue;
    const row = i * p;
    for (let a = 0; a < p; a++) {
      const v = wi * X[row + a];
      if (v === 0) continue;
      for (let b = 0; b <= a; b++) G[a * p + b] += v * X[row + b];
    }
  }
  for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) G[b * p + a] = G[a * p + b];
  return G;
}
