/**
 * Evaluation benchmark on synthetic data (fixed seeds):
 * 1. propensity-score matching: TREATED (10,000) treated among CANDIDATES (100,000) untreated, four
 *    covariates — logistic fit, greedy nearest-neighbour matching with a 0.2 SD caliper, balance, ATT with
 *    standard errors clustered on matched sets;
 * 2. a difference-in-differences on RESPONSES (200,000) survey responses in 400 wards over two waves, with
 *    weights and two covariates, CR1 standard errors clustered by ward.
 *
 *   node --import tsx bench/evaluation.ts   (TREATED=… CANDIDATES=… RESPONSES=… RUNS=…)
 *
 * Prints wall and CPU time for each and peak memory (maxRSS).
 */
import { performance } from 'node:perf_hooks';
import { createDraws } from '../src/stats/random.ts';
import { balanceTable, estimateAtt, estimateDid, fitLogistic, matchNearest } from '../src/stats/evaluation/index.ts';

const TREATED = Number(process.env.TREATED ?? 10_000);
const CANDIDATES = Number(process.env.CANDIDATES ?? 100_000);
const RESPONSES = Number(process.env.RESPONSES ?? 200_000);
const RUNS = Math.max(1, Number(process.env.RUNS ?? 3));

function timed<T>(label: string, fn: () => T): T {
  let out: T | undefined;
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    out = fn();
    walls.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpus.push((c.user + c.system) / 1000);
  }
  const ms = (v: number[]) => `${Math.min(...v).toFixed(0)}–${Math.max(...v).toFixed(0)} ms`;
  console.log(`${label}: wall ${ms(walls)}, CPU ${ms(cpus)} (${RUNS} runs)`);
  return out as T;
}

// 1. Matching.
{
  const rng = createDraws(2026);
  const n = TREATED + CANDIDATES;
  const treat = new Float64Array(n);
  const cov = {
    age: new Float64Array(n),
    dep: new Float64Array(n),
    female: new Float64Array(n),
    tenure: new Float64Array(n),
  };
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t = i < TREATED ? 1 : 0;
    treat[i] = t;
    cov.age[i] = 18 + rng.next() * 60 + t * 6;
    cov.dep[i] = rng.normal() + t * 0.4;
    cov.female[i] = rng.next() < 0.5 + t * 0.1 ? 1 : 0;
    cov.tenure[i] = rng.next() * 20;
    y[i] = 0.02 * cov.age[i] + 0.3 * cov.dep[i] + 0.5 * t + rng.normal();
  }
  const result = timed(
    `match ${TREATED.toLocaleString('en-GB')} treated among ${CANDIDATES.toLocaleString('en-GB')}`,
    () => {
      const ps = fitLogistic(treat, cov);
      const m = matchNearest(treat, ps.fitted, { caliper: 0.2 });
      const bal = balanceTable(treat, cov, m.weights);
      const att = estimateAtt(y, treat, m);
      return { m, bal, att };
    },
  );
  console.log(
    `  matched ${result.m.matchedTreated} treated; max |SMD| after ${Math.max(...result.bal.rows.map((r) => Math.abs(r.smdAfter ?? 0))).toFixed(3)}; ATT ${result.att.estimate.toFixed(3)} (SE ${result.att.se.toFixed(3)})`,
  );
}

// 2. Clustered DiD.
{
  const rng = createDraws(2027);
  const n = RESPONSES;
  const y = new Float64Array(n);
  const treat = new Float64Array(n);
  const post = new Float64Array(n);
  const weights = new Float64Array(n);
  const age = new Float64Array(n);
  const female = new Float64Array(n);
  const ward = new Int32Array(n);
  const wardEffect = Array.from({ length: 400 }, () => rng.normal() * 0.3);
  for (let i = 0; i < n; i++) {
    const w = Math.floor(rng.next() * 400);
    ward[i] = w;
    treat[i] = w < 40 ? 1 : 0;
    post[i] = rng.next() < 0.5 ? 1 : 0;
    age[i] = 16 + rng.next() * 70;
    female[i] = rng.next() < 0.52 ? 1 : 0;
    weights[i] = 0.3 + rng.next() * 3;
    y[i] = wardEffect[w] + 0.01 * age[i] + 0.2 * post[i] + 0.1 * treat[i] * post[i] + rng.normal();
  }
  const r = timed(`clustered DiD on ${RESPONSES.toLocaleString('en-GB')} responses`, () =>
    estimateDid(y, treat, post, { covariates: { age, female }, weights, cluster: ward }),
  );
  console.log(`  estimate ${r.estimate.toFixed(4)} (SE ${r.se.toFixed(4)}, ${r.clusters} clusters)`);
}

console.log(`peak memory (maxRSS): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
