/**
 * Seeded random numbers for reproducible synthetic survey data (benchmarks, property tests, demos), with the
 * draws survey simulation needs. The uniform stream comes from the project's one generator,
 * xoshiro128** in src/stats/random.ts. Not for anything security related.
 */
import { createRng as createSource } from '../random.ts';

export interface Rng {
  /** Uniform double in [0, 1) with 32 bits of randomness. */
  next(): number;
  /** Uniform integer in [0, n). `n` must be a positive integer ≤ 2^32. */
  int(n: number): number;
  /** Standard normal deviate (Box–Muller; one value per call, the pair's second value is cached). */
  normal(): number;
  /**
   * Index drawn from a discrete distribution given as *cumulative* probabilities
   * (non-decreasing, last entry ≈ 1). Returns the first index whose cumulative
   * probability exceeds a uniform draw; a draw beyond the last entry (rounding) returns the last index.
   */
  pick(cumulative: ArrayLike<number>): number;
}

/** Creates a generator from any finite number (only its low 32 integer bits are used). */
export function createRng(seed: number): Rng {
  if (!Number.isFinite(seed)) throw new RangeError('createRng: seed must be a finite number');
  const source = createSource(Math.trunc(seed) >>> 0);
  let spare: number | null = null;
  const next = (): number => source.nextUint32() / 4294967296;

  return {
    next,
    int(n: number): number {
      if (!(Number.isInteger(n) && n > 0 && n <= 4294967296)) {
        throw new RangeError('Rng.int: n must be a positive integer ≤ 2^32');
      }
      return Math.floor(next() * n);
    },
    normal(): number {
      if (spare !== null) {
        const v = spare;
        spare = null;
        return v;
      }
      // 1 - next() is in (0, 1], so log never sees 0.
      const u = 1 - next();
      const v = next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
    pick(cumulative: ArrayLike<number>): number {
      const u = next();
      const last = cumulative.length - 1;
      for (let i = 0; i < last; i++) if (u < cumulative[i]) return i;
      return last;
    },
  };
}

/** Turns non-negative weights into cumulative probabilities for {@link Rng.pick}. */
export function cumulativeProbabilities(weights: ArrayLike<number>): Float64Array {
  let total = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i];
    if (!(w >= 0) || !Number.isFinite(w))
      throw new RangeError('cumulativeProbabilities: weights must be finite and ≥ 0');
    total += w;
  }
  if (!(total > 0)) throw new RangeError('cumulativeProbabilities: weights must not all be zero');
  const out = new Float64Array(weights.length);
  let acc = 0;
  for (let i = 0; i < weights.length; i++) {
    acc += weights[i];
    out[i] = acc / total;
  }
  out[out.length - 1] = 1;
  return out;
}
