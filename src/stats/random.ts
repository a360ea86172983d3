/**
 * Seeded pseudo-random numbers and exact discrete samplers.
 *
 * Everything here is deterministic for a given seed, so simulation results
 * (expected indices under random allocation, bootstrap intervals) can be
 * reproduced exactly by quoting the seed.
 *
 * - Generator: xoshiro128** (Blackman & Vigna, "Scrambled linear pseudorandom
 *   number generators", ACM TOMS 2021), state seeded with splitmix32.
 *   Period 2^128 − 1; passes BigCrush. Not cryptographically secure.
 * - Samplers: binomial and hypergeometric variates by exact inversion,
 *   searching outwards from the mode (expected cost O(standard deviation)).
 * - Draws for synthetic data ({@link createDraws}): uniforms, integers, normals,
 *   picks and shuffles, one 32-bit word per uniform.
 *
 * This is the project's one random number generator: the demo council, the
 * benchmarks and the statistics all draw from it.
 */

/** A source of uniform random numbers. */
export interface Rng {
  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number;
  /** A uniform double in [0, 1) with 53 random bits. */
  next(): number;
}

/** Full-avalanche 32-bit mixer (splitmix32 finaliser). */
function mix32(value: number): number {
  let z = value | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** xoshiro128** generator. Construct through {@link createRng}. */
class Xoshiro128 implements Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seedLo: number, seedHi: number) {
    // splitmix32 sequence from the seed gives four well-mixed state words.
    let a = (seedLo ^ mix32(seedHi ^ 0x6a09e667)) | 0;
    const words: number[] = [];
    for (let k = 0; k < 4; k++) {
      a = (a + 0x9e3779b9) | 0;
      words.push(mix32(a));
    }
    this.s0 = words[0] | 0;
    this.s1 = words[1] | 0;
    this.s2 = words[2] | 0;
    this.s3 = words[3] | 0;
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1; // all-zero state is forbidden
  }

  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  next(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }
}

/**
 * Create a seeded generator. The seed must be a safe integer (negative values
 * are allowed); the same seed always gives the same sequence.
 */
export function createRng(seed: number): Rng {
  if (!Number.isSafeInteger(seed)) {
    throw new RangeError(`seed must be a safe integer, got ${seed}`);
  }
  const lo = seed >>> 0; // low 32 bits (two's complement for negatives)
  const hi = Math.floor(seed / 4294967296) | 0;
  return new Xoshiro128(lo, hi);
}

/** A uniform integer in [0, n). n must be a positive integer ≤ 2^32. */
export function randomInt(rng: Rng, n: number): number {
  return Math.floor(rng.next() * n);
}

// ---------------------------------------------------------------------------
// Draws for simulated and generated data
// ---------------------------------------------------------------------------

/**
 * Everyday draws over one seeded generator, for synthetic data (the demo council, benchmarks, property tests):
 * each uniform uses one 32-bit word of the stream, so a seed gives the same data on every platform.
 */
export interface RandomDraws {
  /** Uniform double in [0, 1) with 32 random bits. */
  next(): number;
  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number;
  /** Uniform integer in [0, n); `n` must be a positive integer ≤ 2^32. */
  below(n: number): number;
  /** Standard normal deviate (Box–Muller; two uniforms per value). */
  normal(): number;
  /** One of `items`, uniformly (`items` must not be empty). */
  pick<T>(items: readonly T[]): T;
  /**
   * Index drawn from a discrete distribution given as *cumulative* probabilities (non-decreasing, last entry
   * ≈ 1, see {@link cumulativeProbabilities}): the first index whose cumulative probability exceeds a uniform
   * draw; a draw beyond the last entry (rounding) gives the last index.
   */
  pickIndex(cumulative: ArrayLike<number>): number;
  /** A shuffled copy of `items` (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[];
}

/** Draws from the generator seeded with the low 32 bits of `Math.trunc(seed)`; `seed` must be finite. */
export function createDraws(seed: number): RandomDraws {
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);
  const source = createRng(Math.trunc(seed) >>> 0);
  const next = (): number => source.nextUint32() / 4294967296;
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    below(n) {
      if (!(Number.isInteger(n) && n > 0 && n <= 4294967296)) {
        throw new RangeError(`n must be a positive integer ≤ 2^32, got ${n}`);
      }
      return Math.floor(next() * n);
    },
    normal() {
      const u = 1 - next(); // (0, 1], so the logarithm never sees 0
      const v = next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    pick: (items) => items[Math.floor(next() * items.length)],
    pickIndex(cumulative) {
      const u = next();
      const last = cumulative.length - 1;
      for (let i = 0; i < last; i++) if (u < cumulative[i]) return i;
      return last;
    },
    shuffle(items) {
      const out = [...items];
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [out[i], out[j]] = [out[j], out[i]];
      }
      return out;
    },
  };
}

/** Turns non-negative weights into cumulative probabilities for {@link RandomDraws.pickIndex}. */
export function cumulativeProbabilities(weights: ArrayLike<number>): Float64Array {
  let total = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i];
    if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError('weights must be finite and ≥ 0');
    total += w;
  }
  if (!(total > 0)) throw new RangeError('weights must not all be zero');
  const out = new Float64Array(weights.length);
  let acc = 0;
  for (let i = 0; i < weights.length; i++) {
    acc += weights[i];
    out[i] = acc / total;
  }
  out[out.length - 1] = 1;
  return out;
}

// ---------------------------------------------------------------------------
// log n!
// ---------------------------------------------------------------------------

const LOG_FACTORIAL_TABLE_SIZE = 4096;
const logFactorialTable = new Float64Array(LOG_FACTORIAL_TABLE_SIZE);
for (let k = 2; k < LOG_FACTORIAL_TABLE_SIZE; k++) {
  logFactorialTable[k] = logFactorialTable[k - 1] + Math.log(k);
}
const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/**
 * ln(n!) for a non-negative integer n: a table (cumulative sums of logs)
 * below 4096, Stirling's series with three correction terms above (absolute
 * error < 1e-15 there).
 */
export function logFactorial(n: number): number {
  if (n < LOG_FACTORIAL_TABLE_SIZE) return logFactorialTable[n];
  const inv = 1 / n;
  const inv2 = inv * inv;
  return (n + 0.5) * Math.log(n) - n + HALF_LOG_TWO_PI + inv * (1 / 12 - inv2 * (1 / 360 - inv2 / 1260));
}

/**
 * ln(a! / (a − k)!) = Σ_{j<k} ln(a − j), for integers 0 ≤ k ≤ a. When k is
 * tiny next to a (the usual case when placing one area's residents among
 * millions) this is k ln a + Σ_j ln(1 − j/a), and the second sum is a fast
 * power series in 1/a (truncation error below k (k/a)^5 / 5, with k/a ≤ 0.001),
 * so one logarithm replaces two Stirling evaluations.
 */
export function logFallingFactorial(a: number, k: number): number {
  if (k === 0) return 0;
  if (a < LOG_FACTORIAL_TABLE_SIZE || k * 1000 > a) return logFactorial(a) - logFactorial(a - k);
  const m = k - 1; // Σ_{j=0}^{k-1} j^p uses m = k − 1
  const s1 = (m * k) / 2;
  const s2 = (m * k * (2 * m + 1)) / 6;
  const s3 = s1 * s1;
  const s4 = (m * k * (2 * m + 1) * (3 * m * m + 3 * m - 1)) / 30;
  const inv = 1 / a;
  return k * Math.log(a) - inv * (s1 + inv * (s2 / 2 + inv * (s3 / 3 + (inv * s4) / 4)));
}

function assertCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  }
}

// Both samplers below use exact inversion, visiting outcomes outwards from the
// mode (alternately one above, one below). Any fixed visiting order gives an
// exact sample; this one needs O(standard deviation) steps on average.
// Probabilities come from log-factorials, accurate to ~1e-7 relative at worst
// (arguments ~10^8), so the running total can fall a hair short of u: then the
// draw is retried with a fresh u. The loops are written out (no closures) so
// that the hot path allocates nothing.

const MAX_INVERSION_ATTEMPTS = 64;

/**
 * Binomial(n, p) variate: the number of successes in n independent trials.
 */
export function sampleBinomial(rng: Rng, n: number, p: number): number {
  assertCount('n', n);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`p must be in [0, 1], got ${p}`);
  if (n === 0 || p === 0) return 0;
  if (p === 1) return n;
  const q = 1 - p;
  const odds = p / q;
  const mode = Math.min(n, Math.floor((n + 1) * p));
  const pMode = Math.exp(
    logFactorial(n) - logFactorial(mode) - logFactorial(n - mode) + mode * Math.log(p) + (n - mode) * Math.log(q),
  );
  for (let attempt = 0; attempt < MAX_INVERSION_ATTEMPTS; attempt++) {
    let u = rng.next() - pMode;
    if (u < 0) return mode;
    let left = mode;
    let right = mode;
    let pLeft = pMode;
    let pRight = pMode;
    while (left > 0 || right < n) {
      if (right < n) {
        pRight *= ((n - right) / (right + 1)) * odds; // P(k+1)/P(k)
        right++;
        u -= pRight;
        if (u < 0) return right;
      }
      if (left > 0) {
        pLeft *= left / (n - left + 1) / odds; // P(k-1)/P(k)
        left--;
        u -= pLeft;
        if (u < 0) return left;
      }
    }
  }
  return mode;
}

/**
 * Hypergeometric variate: the number of marked items when `draws` items are
 * taken without replacement from `population` items of which `successes`
 * are marked.
 */
export function sampleHypergeometric(rng: Rng, population: number, successes: number, draws: number): number {
  assertCount('population', population);
  assertCount('successes', successes);
  assertCount('draws', draws);
  if (successes > population || draws > population) {
    throw new RangeError('successes and draws must not exceed population');
  }
  return hypergeometricUnchecked(rng, population, successes, draws);
}

/**
 * {@link sampleHypergeometric} without argument checks, for hot loops whose
 * arguments are already known to be valid (whole numbers, K ≤ N, n ≤ N).
 */
export function hypergeometricUnchecked(rng: Rng, N: number, K: number, n: number): number {
  const lo = Math.max(0, n - (N - K));
  const hi = Math.min(n, K);
  if (lo === hi) return lo;
  const mode = Math.min(hi, Math.max(lo, Math.floor(((n + 1) * (K + 1)) / (N + 2))));
  // P(mode) = C(K, mode) C(N−K, n−mode) / C(N, n)
  //         = [K!/(K−mode)!] [(N−K)!/(N−K−n+mode)!] / [N!/(N−n)!] · n! / (mode! (n−mode)!)
  const pMode = Math.exp(
    logFallingFactorial(K, mode) +
      logFallingFactorial(N - K, n - mode) -
      logFallingFactorial(N, n) +
      logFactorial(n) -
      logFactorial(mode) -
      logFactorial(n - mode),
  );
  const rest = N - K - n; // P(k) ∝ C(K,k) C(N-K, n-k)
  for (let attempt = 0; attempt < MAX_INVERSION_ATTEMPTS; attempt++) {
    let u = rng.next() - pMode;
    if (u < 0) return mode;
    let left = mode;
    let right = mode;
    let pLeft = pMode;
    let pRight = pMode;
    while (left > lo || right < hi) {
      if (right < hi) {
        pRight *= ((K - right) * (n - right)) / ((right + 1) * (rest + right + 1));
        right++;
        u -= pRight;
        if (u < 0) return right;
      }
      if (left > lo) {
        pLeft *= (left * (rest + left)) / ((K - left + 1) * (n - left + 1));
        left--;
        u -= pLeft;
        if (u < 0) return left;
      }
    }
  }
  return mode;
}
