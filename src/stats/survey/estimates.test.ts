import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  calibrationFromMargins,
  domainMoments,
  estimateIndicator,
  estimateMean,
  estimateMeanByDomain,
  estimateProportion,
  estimateProportionByDomain,
  indicator,
  logitInterval,
  prepareDesign,
} from './estimates.ts';
import { rake, type RakeMargin } from './raking.ts';

const i32 = (a: number[]): Int32Array => Int32Array.from(a);
const f64 = (a: number[]): Float64Array => Float64Array.from(a);

/**
 * Direct transliteration of R survey's code path, over all n respondents:
 *   svymean.survey.design2: x = δ·w·(y − ȳ_d)/W_d
 *   svyrecvar, class "raking": for (1:sweeps) for (margin) x ← x − psw·ave(x/psw, margin)
 *   onestrat (ids = ~1): n/(n−1) Σ (x − x̄)²
 * Used as the oracle for the fast category-space implementation.
 */
function naiveRVariance(
  w: ArrayLike<number>,
  y: ArrayLike<number>,
  inDomain: (i: number) => boolean,
  margins: { codes: Int32Array; size: number }[] | null,
  sweeps = 10,
  weightedMeans = false,
): number {
  const n = w.length;
  let W = 0;
  let Wy = 0;
  for (let i = 0; i < n; i++) {
    if (!inDomain(i) || Number.isNaN(y[i])) continue;
    W += w[i];
    Wy += w[i] * y[i];
  }
  const mean = Wy / W;
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = inDomain(i) && !Number.isNaN(y[i]) ? (w[i] * (y[i] - mean)) / W : 0;
  if (margins) {
    for (let it = 0; it < sweeps; it++) {
      for (const m of margins) {
        const sums = new Float64Array(m.size);
        const counts = new Float64Array(m.size);
        for (let i = 0; i < n; i++) {
          // R: unweighted ave(x/psw); the optional variant weights the mean by w.
          const a = weightedMeans ? w[i] : 1;
          sums[m.codes[i]] += (a * x[i]) / w[i];
          counts[m.codes[i]] += a;
        }
        for (let i = 0; i < n; i++) x[i] -= w[i] * (sums[m.codes[i]] / counts[m.codes[i]]);
      }
    }
  }
  let xbar = 0;
  for (let i = 0; i < n; i++) xbar += x[i];
  xbar /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (x[i] - xbar) ** 2;
  return (n / (n - 1)) * ss;
}

describe('estimates: hand-computed standard errors', () => {
  it('equal weights: mean SE is s/√n exactly', () => {
    // y = 1..5, ȳ = 3, Σ(y−ȳ)² = 10, s² = 10/4 = 2.5.
    // x_i = (y_i − 3)/5 (w = 1, W = 5); Σx = 0; Var = 5/4 · Σ (y_i−3)²/25 = 5/4 · 10/25 = 0.5 = s²/n.
    const d = prepareDesign({ weights: f64([1, 1, 1, 1, 1]) });
    const e = estimateMean(d, f64([1, 2, 3, 4, 5]), { minN: 0 });
    expect(e.estimate).toBe(3);
    expect(e.se).toBeCloseTo(Math.sqrt(0.5), 14);
    expect(e.se).toBeCloseTo(Math.sqrt(2.5 / 5), 14);
    // Scaling all weights by a constant changes nothing.
    const d7 = prepareDesign({ weights: f64([7, 7, 7, 7, 7]) });
    expect(estimateMean(d7, f64([1, 2, 3, 4, 5]), { minN: 0 }).se).toBeCloseTo(Math.sqrt(0.5), 14);
  });

  it('equal weights: proportion SE is √(p(1−p)/(n−1))', () => {
    // y = 1,1,0,0: p = 0.5, s² = Σ(y−0.5)²/(n−1) = 1/3, Var = s²/n = 1/12.
    const d = prepareDesign({ weights: f64([2, 2, 2, 2]) });
    const e = estimateProportion(d, i32([1, 1, 0, 0]), 1, { minN: 0 });
    expect(e.estimate).toBe(0.5);
    expect(e.se).toBeCloseTo(Math.sqrt(1 / 12), 14);
  });

  it('unequal weights: linearisation by hand', () => {
    // w = 1,2,3; y = 0,1,1. W = 6, ȳ = 5/6.
    // x = w(y − 5/6)/6 = (−5/36, 2/36, 3/36), Σx = 0.
    // Var = 3/2 · (25 + 4 + 9)/1296 = 57/1296.
    const d = prepareDesign({ weights: f64([1, 2, 3]) });
    const e = estimateMean(d, f64([0, 1, 1]), { minN: 0 });
    expect(e.estimate).toBeCloseTo(5 / 6, 15);
    expect(e.se).toBeCloseTo(Math.sqrt(57 / 1296), 14);
  });

  it('domain uses the whole sample (zeros outside), not a subset', () => {
    // n = 4, w = 1, y = 1,3,5,7; domain 0 = first two.
    // x = ((1−2)/2, (3−2)/2, 0, 0) = (−0.5, 0.5, 0, 0); Var = 4/3 · 0.5 = 2/3.
    // (Subsetting would give s²/n_d = 2/2 = 1.)
    const d = prepareDesign({ weights: f64([1, 1, 1, 1]) });
    const [a, b] = estimateMeanByDomain(d, f64([1, 3, 5, 7]), i32([0, 0, 1, 1]), 2, { minN: 0 });
    expect(a.estimate).toBe(2);
    expect(a.se).toBeCloseTo(Math.sqrt(2 / 3), 14);
    expect(b.estimate).toBe(6);
    expect(b.se).toBeCloseTo(Math.sqrt(2 / 3), 14);
  });

  it('missing values are excluded like svymean(na.rm = TRUE)', () => {
    // Same as the domain case: respondents 3, 4 missing.
    const d = prepareDesign({ weights: f64([1, 1, 1, 1]) });
    const e = estimateMean(d, f64([1, 3, NaN, NaN]), { minN: 0 });
    expect(e.n).toBe(2);
    expect(e.estimate).toBe(2);
    expect(e.se).toBeCloseTo(Math.sqrt(2 / 3), 14);
  });

  it('post-stratification (one raking margin) gives the stratified SE with R’s n/(n−1) factors', () => {
    // Strata A: y = 1,2,3 (n_A = 3), N_A = 60; B: y = 4,6 (n_B = 2), N_B = 80. N = 140, n = 5.
    // Raking one margin: w_A = 20, w_B = 40. W_A = 3/7, W_B = 4/7.
    // ȳ = 3/7·2 + 4/7·5 = 26/7.
    // After projecting out the stratum means, x_i = (w_i/N)(y_i − ȳ_h), so
    //   Var = n/(n−1) Σ_h W_h² Σ_{i∈h}(y_i − ȳ_h)² / n_h²
    //       = 5/4 · [ (9/49)(2)/9 + (16/49)(2)/4 ] = 5/4 · 10/49 = 50/196.
    // Textbook stratified formula Σ W_h² s_h²/n_h = 9/49·1/3 + 16/49·2/2 = 19/49; R's value is that
    // formula with each term multiplied by (n/(n−1))·((n_h−1)/n_h) (= 5/4·2/3 and 5/4·1/2 here).
    const strata = i32([0, 0, 0, 1, 1]);
    const margin: RakeMargin = { name: 'stratum', codes: strata, targets: [60, 80] };
    const r = rake([margin]);
    expect(Array.from(r.weights)).toEqual([20, 20, 20, 40, 40]);
    const d = prepareDesign({ weights: r.weights, calibration: calibrationFromMargins([margin]) });
    const y = f64([1, 2, 3, 4, 6]);
    const e = estimateMean(d, y, { minN: 0 });
    expect(e.estimate).toBeCloseTo(26 / 7, 14);
    expect(e.se).toBeCloseTo(Math.sqrt(50 / 196), 14);
    const textbook = (9 / 49) * (1 / 3) * (5 / 4) * (2 / 3) + (16 / 49) * (2 / 2) * (5 / 4) * (1 / 2);
    expect(e.se! ** 2).toBeCloseTo(textbook, 14);
    // Uncalibrated SE for comparison: x = w(y − ȳ)/N.
    const plain = naiveRVariance(r.weights, y, () => true, null);
    expect(e.seUncalibrated).toBeCloseTo(Math.sqrt(plain), 14);
    expect(e.se!).toBeLessThan(e.seUncalibrated!);
  });

  it('the proportion in a raking category is known exactly: calibrated SE 0 for one margin', () => {
    const codes = i32([0, 0, 1, 1, 1, 2]);
    const margin: RakeMargin = { name: 'm', codes, targets: [10, 20, 30] };
    const r = rake([margin]);
    const d = prepareDesign({ weights: r.weights, calibration: calibrationFromMargins([margin]) });
    const e = estimateProportion(d, codes, 1, { minN: 0 });
    expect(e.estimate).toBeCloseTo(20 / 60, 14);
    expect(e.se).toBeCloseTo(0, 14);
    expect(e.seUncalibrated!).toBeGreaterThan(0.1);
  });
});

describe('estimates: agreement with the R algorithm (naive oracle)', () => {
  const designArb = fc
    .record({
      n: fc.integer({ min: 3, max: 40 }),
      sizes: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }),
      nDomains: fc.integer({ min: 1, max: 3 }),
    })
    .chain(({ n, sizes, nDomains }) =>
      fc.record({
        n: fc.constant(n),
        sizes: fc.constant(sizes),
        nDomains: fc.constant(nDomains),
        codes: fc.tuple(
          ...sizes.map((k) => fc.array(fc.integer({ min: 0, max: k - 1 }), { minLength: n, maxLength: n })),
        ),
        w: fc.array(fc.double({ min: 0.1, max: 50, noNaN: true }), { minLength: n, maxLength: n }),
        y: fc.array(fc.oneof(fc.double({ min: -10, max: 10, noNaN: true }), fc.constant(NaN)), {
          minLength: n,
          maxLength: n,
        }),
        dom: fc.array(fc.integer({ min: -1, max: nDomains - 1 }), { minLength: n, maxLength: n }),
        sweeps: fc.integer({ min: 1, max: 12 }),
      }),
    );

  it('calibrated and plain variances equal the n-space R loop, overall and by domain', () => {
    fc.assert(
      fc.property(designArb, ({ n, sizes, nDomains, codes, w, y, dom, sweeps }) => {
        // Keep only categories that are used (R's ave has no empty groups either way).
        const margins = codes.map((c, k) => ({ codes: Int32Array.from(c), size: sizes[k] }));
        const d = prepareDesign({
          weights: f64(w),
          calibration: { codes: margins.map((m) => m.codes), sizes: margins.map((m) => m.size), sweeps },
        });
        const yy = f64(y);
        const domains = i32(dom);
        const moments = domainMoments(d, yy, domains, nDomains);
        for (let g = 0; g < nDomains; g++) {
          const m = moments[g];
          const inDom = (i: number): boolean => dom[i] === g;
          const valid = y.filter((v, i) => inDom(i) && !Number.isNaN(v)).length;
          expect(m.n).toBe(valid);
          if (valid === 0) {
            expect(m.mean).toBeNull();
            continue;
          }
          const plain = naiveRVariance(w, y, inDom, null);
          const cal = naiveRVariance(w, y, inDom, margins, sweeps);
          const scale = Math.max(plain, 1e-12);
          expect(Math.abs(m.varUncalibrated! - plain) / scale).toBeLessThan(1e-8);
          expect(Math.abs(m.varCalibrated! - cal) / scale).toBeLessThan(1e-8);
        }
        // Overall (no domain codes).
        const overall = domainMoments(d, yy, null, 1)[0];
        if (overall.n > 0) {
          const plain = naiveRVariance(w, y, () => true, null);
          const cal = naiveRVariance(w, y, () => true, margins, sweeps);
          const scale = Math.max(plain, 1e-12);
          expect(Math.abs(overall.varCalibrated! - cal) / scale).toBeLessThan(1e-8);
        }
        void n;
      }),
      { numRuns: 300 },
    );
  });

  it("the 'weighted' projection option equals the weighted-mean loop", () => {
    fc.assert(
      fc.property(designArb, ({ sizes, nDomains, codes, w, y, dom, sweeps }) => {
        const margins = codes.map((c, k) => ({ codes: Int32Array.from(c), size: sizes[k] }));
        const d = prepareDesign({
          weights: f64(w),
          calibration: {
            codes: margins.map((m) => m.codes),
            sizes: margins.map((m) => m.size),
            sweeps,
            projection: 'weighted',
          },
        });
        const moments = domainMoments(d, f64(y), i32(dom), nDomains);
        for (let g = 0; g < nDomains; g++) {
          if (moments[g].n === 0) continue;
          const inDom = (i: number): boolean => dom[i] === g;
          const plain = naiveRVariance(w, y, inDom, null);
          const cal = naiveRVariance(w, y, inDom, margins, sweeps, true);
          expect(Math.abs(moments[g].varCalibrated! - cal) / Math.max(plain, 1e-12)).toBeLessThan(1e-8);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('two raking margins after rake(): fast SE equals the R loop', () => {
    const ageSex = i32([0, 0, 1, 1, 2, 2, 0, 1, 2, 0, 1, 2]);
    const ward = i32([0, 1, 0, 1, 0, 1, 1, 1, 0, 0, 1, 0]);
    const margins: RakeMargin[] = [
      { name: 'age_sex', codes: ageSex, targets: [300, 500, 200] },
      { name: 'ward', codes: ward, targets: [450, 550] },
    ];
    const r = rake(margins, { epsilon: 1e-12, maxIterations: 1000 });
    const d = prepareDesign({ weights: r.weights, calibration: calibrationFromMargins(margins) });
    const y = f64([3, 5, 2, 8, 6, 7, 1, 4, 9, 5, 6, 2]);
    const e = estimateMean(d, y, { minN: 0 });
    const oracle = naiveRVariance(
      r.weights,
      y,
      () => true,
      margins.map((m) => ({ codes: m.codes, size: m.targets.length })),
    );
    expect(e.se).toBeCloseTo(Math.sqrt(oracle), 12);
    const byWard = estimateMeanByDomain(d, y, ward, 2, { minN: 0 });
    for (let g = 0; g < 2; g++) {
      const o = naiveRVariance(
        r.weights,
        y,
        (i) => ward[i] === g,
        margins.map((m) => ({ codes: m.codes, size: m.targets.length })),
      );
      expect(byWard[g].se).toBeCloseTo(Math.sqrt(o), 12);
    }
  });
});

describe('estimates: suppression, intervals, helpers', () => {
  const n = 40;
  const w = f64(Array.from({ length: n }, (_, i) => 1 + (i % 3)));
  const d = prepareDesign({ weights: w });
  const codes = i32(Array.from({ length: n }, (_, i) => i % 5)); // 5-point scale, 0..4

  it('suppresses estimates below minN with null estimate/se/ci', () => {
    const domains = i32(Array.from({ length: n }, (_, i) => (i < 35 ? 0 : 1)));
    const [big, small] = estimateProportionByDomain(d, codes, [3, 4], domains, 2);
    expect(big.suppressed).toBe(false);
    expect(big.n).toBe(35);
    expect(small).toMatchObject({
      n: 5,
      suppressed: true,
      estimate: null,
      se: null,
      seUncalibrated: null,
      ciLow: null,
      ciHigh: null,
    });
    const none = estimateMeanByDomain(d, f64(Array(n).fill(1)), domains, 3, { minN: 0 })[2];
    expect(none).toMatchObject({ n: 0, suppressed: true, estimate: null });
  });

  it('normal CI is estimate ± 1.96 SE (truncated to [0,1] for proportions)', () => {
    const e = estimateProportion(d, codes, [3, 4]);
    const z = 1.959963984540054;
    expect(e.ciLow).toBeCloseTo(e.estimate! - z * e.se!, 12);
    expect(e.ciHigh).toBeCloseTo(e.estimate! + z * e.se!, 12);
    const e90 = estimateProportion(d, codes, [3, 4], { confLevel: 0.9 });
    expect(e90.ciHigh! - e90.ciLow!).toBeCloseTo(2 * 1.6448536269514722 * e.se!, 12);
    const rare = estimateProportion(d, i32(Array.from({ length: n }, (_, i) => (i === 0 ? 1 : 0))), 1);
    expect(rare.ciLow).toBe(0);
  });

  it('logit CI matches svyciprop "xlogit" and stays inside (0,1)', () => {
    const rareCodes = i32(Array.from({ length: n }, (_, i) => (i === 0 ? 1 : 0)));
    const e = estimateProportion(d, rareCodes, 1, { ciMethod: 'logit' });
    const p = e.estimate!;
    const seEta = e.se! / (p * (1 - p));
    const t = 2.0226909117347285; // R: qt(0.975, 39); jStat's t quantile is accurate to ~1e-8
    const eta = Math.log(p / (1 - p));
    expect(e.ciLow).toBeCloseTo(1 / (1 + Math.exp(-(eta - t * seEta))), 7);
    expect(e.ciHigh).toBeCloseTo(1 / (1 + Math.exp(-(eta + t * seEta))), 7);
    expect(e.ciLow!).toBeGreaterThan(0);
    expect(logitInterval(0, 0, 0.05, 10)).toEqual([0, 0]);
    expect(logitInterval(1, 0.1, 0.05, 10)).toEqual([1, 1]);
  });

  it('indicator recodes categories, missing codes become NaN', () => {
    const ind = indicator(i32([0, 3, 4, -1, 2]), [3, 4]);
    expect(Array.from(ind)).toEqual([0, 1, 1, NaN, 0]);
    expect(
      estimateIndicator(
        d,
        Float64Array.from(codes, (c) => (c >= 3 ? 1 : 0)),
      )[0].estimate,
    ).toBeCloseTo(estimateProportion(d, codes, [3, 4]).estimate!, 15);
    expect(() => estimateIndicator(d, f64(Array(n).fill(2)))).toThrow(/must be 0, 1 or NaN/);
  });

  it('rejects bad input instead of returning NaN', () => {
    expect(() => prepareDesign({ weights: f64([1, 0]) })).toThrow(/weight of respondent 2/);
    expect(() => prepareDesign({ weights: f64([]) })).toThrow(/at least one respondent/);
    expect(() => estimateMean(d, f64([1, 2]))).toThrow(/has 2 values/);
    expect(() => estimateMean(d, f64(Array(n).fill(Infinity)))).toThrow(/non-finite/);
    expect(() => prepareDesign({ weights: f64([1, 1]), calibration: { codes: [i32([0, 2])], sizes: [2] } })).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_CATEGORY' }),
    );
    expect(() => estimateMean(d, f64(Array(n).fill(1)), { confLevel: 1 })).toThrow(/confLevel/);
  });

  it('never returns NaN for a single respondent', () => {
    const one = prepareDesign({ weights: f64([2]) });
    const e = estimateMean(one, f64([5]), { minN: 0 });
    expect(e.suppressed).toBe(true);
    expect(e.estimate).toBeNull();
  });
});
