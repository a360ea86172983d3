import { describe, expect, it } from 'vitest';
import ref from './fixtures/distributions.json' with { type: 'json' };
import {
  erfc,
  incompleteBeta,
  logGamma,
  normalCdf,
  normalQuantile,
  studentTCdf,
  studentTQuantile,
  studentTTwoSidedP,
} from './distributions.ts';

/** |a − b| ≤ tol · max(1e-300, |b|). */
function expectRel(a: number, b: number, tol: number): void {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * Math.max(1e-300, Math.abs(b)));
}

describe('known values', () => {
  it('matches the values quoted in the brief', () => {
    expect(studentTQuantile(0.975, 10)).toBeCloseTo(2.228138851986, 11);
    expect(studentTCdf(-2, 5)).toBeCloseTo(0.05096973941, 10);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 14);
  });

  it('log Γ at integers and ½', () => {
    expectRel(logGamma(0.5), 0.5 * Math.log(Math.PI), 1e-14);
    expectRel(logGamma(10), Math.log(362880), 1e-14);
    expectRel(logGamma(171), 706.5730622457874, 1e-14);
  });

  it('erfc and the incomplete beta', () => {
    expectRel(erfc(0), 1, 1e-15);
    expectRel(erfc(1), 0.15729920705028513, 1e-14);
    expectRel(erfc(-1), 1.8427007929497148, 1e-15);
    expectRel(erfc(6), 2.1519736712498913e-17, 1e-12);
    expectRel(incompleteBeta(0.3, 2, 3), 0.3483, 1e-13); // 1 − Σ_{k<2} C(4,k) .3^k .7^(4−k)
    expect(incompleteBeta(0, 2, 3)).toBe(0);
    expect(incompleteBeta(1, 2, 3)).toBe(1);
  });

  it('t(1) is Cauchy and t(∞) is normal', () => {
    expectRel(studentTCdf(1, 1), 0.75, 1e-14);
    expectRel(studentTQuantile(0.9, 1), Math.tan(Math.PI * 0.4), 1e-14);
    expectRel(studentTQuantile(1e-12, 1), -1 / Math.tan(Math.PI * 1e-12), 1e-14);
    expectRel(studentTCdf(-1.5, Infinity), normalCdf(-1.5), 1e-15);
    expect(studentTTwoSidedP(0, 7)).toBe(1);
  });

  it('rejects bad arguments', () => {
    expect(() => normalQuantile(0)).toThrow(RangeError);
    expect(() => studentTQuantile(0.5, 0)).toThrow(RangeError);
    expect(() => studentTCdf(Number.NaN, 3)).toThrow(RangeError);
  });
});

describe('against R 4.2 (fixtures/distributions.json)', () => {
  it('pt(t, df) to 1e-12 relative (1e-11 for df = 1e5)', () => {
    ref.pt.t.forEach((t, i) => {
      const df = ref.pt.df[i];
      expectRel(studentTCdf(t, df), ref.pt.value[i], df >= 1e5 ? 1e-11 : 1e-12);
    });
  });

  it('qt(p, df) to 1e-12 relative', () => {
    ref.qt.p.forEach((p, i) => {
      const r = ref.qt.value[i];
      const mine = studentTQuantile(p, ref.qt.df[i]);
      if (r === 0) expect(Math.abs(mine)).toBeLessThan(1e-15);
      else expectRel(mine, r, 1e-12);
    });
  });

  it('pnorm to 1e-12 and qnorm to 1e-13 relative', () => {
    ref.pnorm.z.forEach((z, i) => expectRel(normalCdf(z), ref.pnorm.value[i], 1e-12));
    ref.qnorm.p.forEach((p, i) => expectRel(normalQuantile(p), ref.qnorm.value[i], 1e-13));
  });

  it('quantiles invert the CDFs', () => {
    for (const df of [1.5, 3, 7, 25, 400]) {
      for (const p of [1e-9, 0.003, 0.2, 0.5, 0.81, 0.9999]) {
        expectRel(studentTCdf(studentTQuantile(p, df), df), p, 1e-12);
      }
    }
  });
});
