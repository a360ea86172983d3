/**
 * Comparisons of survey estimates: change between two waves, and against a
 * national (or other external) benchmark value.
 */

import { changeTest } from '../intervals.ts';
import { check } from './errors.ts';
import type { Estimate } from './estimates.ts';

export interface WaveChange {
  /** later − earlier. */
  difference: number;
  /** √(se₁² + se₂²): the waves are treated as independent samples. */
  se: number;
  z: number;
  pValue: number;
  /** p < alpha (default 0.05). */
  significant: boolean;
}

/**
 * Change from `earlier` to `later`. Returns null when either estimate is
 * suppressed (a change must not be published if one end of it is not).
 */
export function compareWaves(earlier: Estimate, later: Estimate, alpha = 0.05): WaveChange | null {
  if (earlier.suppressed || later.suppressed) return null;
  if (earlier.estimate === null || earlier.se === null || later.estimate === null || later.se === null) return null;
  const r = changeTest(earlier.estimate, earlier.se, later.estimate, later.se, alpha);
  return { difference: r.difference, se: r.se, z: r.z, pValue: r.pValue, significant: r.significant };
}

export interface BenchmarkComparison {
  /** estimate − benchmark. */
  difference: number;
  /** True when the benchmark is outside the estimate's confidence interval. */
  outsideCi: boolean;
  /** 'above' / 'below' when outsideCi (local estimate above / below the benchmark), else 'similar'. */
  verdict: 'above' | 'below' | 'similar';
}

/**
 * Compares a local estimate with a benchmark treated as a known constant (its
 * own sampling error is ignored — appropriate for large national surveys).
 * Returns null when the estimate is suppressed.
 */
export function compareWithBenchmark(estimate: Estimate, benchmark: number): BenchmarkComparison | null {
  check(Number.isFinite(benchmark), 'benchmark must be a finite number');
  if (estimate.suppressed || estimate.estimate === null || estimate.ciLow === null || estimate.ciHigh === null)
    return null;
  const outside = benchmark < estimate.ciLow || benchmark > estimate.ciHigh;
  return {
    difference: estimate.estimate - benchmark,
    outsideCi: outside,
    verdict: !outside ? 'similar' : estimate.estimate > benchmark ? 'above' : 'below',
  };
}
