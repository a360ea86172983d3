/**
 * Survey benchmark: 1,000,000 synthetic respondents (seeded, deterministic),
 * raked to four margins (age×sex 12, ethnic group 5, ward 20, tenure 4), then
 * 10 questions estimated overall and for every ward with raking-aware SEs.
 *
 *   npm run bench:survey            (N=… SEED=… environment variables override the defaults)
 *   npm run bench:survey -- --se-simulation   (Monte Carlo check of the raked SEs instead)
 *
 * Prints readable lines and then one JSON line with the figures.
 */

import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import {
  calibrationFromMargins,
  estimateIndicator,
  estimateMean,
  estimateMeanByDomain,
  indicator,
  marginError,
  marginTotals,
  prepareDesign,
  rake,
  weightDiagnostics,
  type Estimate,
  type RakeMargin,
} from '../src/stats/survey/index.ts';
import { createDraws, cumulativeProbabilities } from '../src/stats/random.ts';

if (process.argv.includes('--se-simulation')) {
  runSeSimulation();
  process.exit(0);
}

/**
 * Monte Carlo check of the raked standard errors (docs/methods/survey.md §6.2):
 * a fixed population of 200,000 with ward (20) and age (6) and an answer related
 * to age; repeated samples of 4,000 (at random, or with older people up to 6×
 * likelier to respond), raked to the population margins; compares the true spread of
 * the estimates with the average SE of each method.
 */
function runSeSimulation(): void {
  const r = createDraws(12);
  const NP = 200_000;
  const n = 4_000;
  const reps = Number(process.env.REPS ?? 300);
  const pw = Int32Array.from({ length: NP }, () => r.below(20));
  const pa = Int32Array.from({ length: NP }, (_, i) => (r.next() < 0.5 ? pw[i] % 6 : r.below(6)));
  const py = Float64Array.from({ length: NP }, (_, i) => pa[i] + r.normal());
  const [tw, ta] = marginTotals([pw, pa], [20, 6], new Float64Array(NP).fill(1));
  for (const informative of [false, true]) {
    const labels = ['overall', 'ward 1', 'ward 2'];
    const est: number[][] = [];
    const se = { r: [] as number[][], simple: [] as number[][], weighted: [] as number[][] };
    for (let rep = 0; rep < reps; rep++) {
      const idx: number[] = [];
      while (idx.length < n) {
        const j = r.below(NP);
        if (!informative || r.next() < (1 + pa[j]) / 6) idx.push(j);
      }
      const w = Int32Array.from(idx, (j) => pw[j]);
      const a = Int32Array.from(idx, (j) => pa[j]);
      const y = Float64Array.from(idx, (j) => py[j]);
      const m: RakeMargin[] = [
        { name: 'ward', codes: w, targets: Array.from(tw) },
        { name: 'age', codes: a, targets: Array.from(ta) },
      ];
      const weights = rake(m, { maxIterations: 1000 }).weights;
      const pick = (d: ReturnType<typeof prepareDesign>): Estimate[] => [
        estimateMean(d, y, { minN: 0 }),
        ...estimateMeanByDomain(d, y, w, 20, { minN: 0 }).slice(0, 2),
      ];
      const rDesign = pick(prepareDesign({ weights, calibration: calibrationFromMargins(m) }));
      const wDesign = pick(
        prepareDesign({ weights, calibration: { ...calibrationFromMargins(m), projection: 'weighted' } }),
      );
      est.push(rDesign.map((e) => e.estimate ?? 0));
      se.r.push(rDesign.map((e) => e.se ?? 0));
      se.simple.push(rDesign.map((e) => e.seUncalibrated ?? 0));
      se.weighted.push(wDesign.map((e) => e.se ?? 0));
    }
    labels.forEach((label, k) => {
      const xs = est.map((e) => e[k]);
      const mu = xs.reduce((s, v) => s + v, 0) / reps;
      const sd = Math.sqrt(xs.reduce((s, v) => s + (v - mu) ** 2, 0) / (reps - 1));
      const avg = (a: number[][]): string => (a.reduce((s, v) => s + v[k], 0) / reps).toFixed(4);
      console.log(
        `${informative ? 'informative response' : 'random sample'} ${label}: true SD ${sd.toFixed(4)}, ` +
          `raked SE (R) ${avg(se.r)}, simple SE ${avg(se.simple)}, weighted-projection SE ${avg(se.weighted)}`,
      );
    });
  }
}

const N = Number(process.env.N ?? 1_000_000);
const SEED = Number(process.env.SEED ?? 20240601);
const POPULATION = 250_000;

const rng = createDraws(SEED);

/** Sample (respondent) and population distributions; the sample over-represents older people and owners. */
const vars = {
  // 6 age bands × 2 sexes: code = band*2 + sex
  ageSex: {
    sample: [3, 3, 5, 5, 7, 8, 9, 10, 11, 12, 12, 15],
    population: [7, 7, 10, 10, 9, 9, 9, 9, 8, 8, 6, 8],
  },
  ethnic: { sample: [88, 4, 4, 2, 2], population: [80, 8, 6, 3, 3] },
  ward: {
    sample: Array.from({ length: 20 }, (_, i) => 3 + (i % 5)),
    population: Array.from({ length: 20 }, (_, i) => 4 + ((i * 7) % 6)),
  },
  tenure: { sample: [40, 30, 15, 15], population: [30, 30, 17, 23] },
} as const;

function drawCodes(dist: readonly number[]): Int32Array {
  const cum = cumulativeProbabilities(dist);
  const out = new Int32Array(N);
  for (let i = 0; i < N; i++) out[i] = rng.pickIndex(cum);
  return out;
}

function targets(pop: readonly number[]): number[] {
  const s = pop.reduce((a, b) => a + b, 0);
  return pop.map((p) => (POPULATION * p) / s);
}

const mem = (): number => process.resourceUsage().maxRSS / 1024; // MiB

/**
 * Like drawCodes, but the distribution is tilted per respondent by `tilt(i)` (a category index
 * whose probability is multiplied by `factor`), so the raking variables are associated and IPF
 * has real work to do.
 */
function drawAssociated(dist: readonly number[], tilt: (i: number) => number, factor: number): Int32Array {
  const cums = dist.map((_, t) => cumulativeProbabilities(dist.map((p, c) => (c === t ? p * factor : p))));
  const out = new Int32Array(N);
  for (let i = 0; i < N; i++) out[i] = rng.pickIndex(cums[tilt(i) % dist.length]);
  return out;
}

const tGen0 = performance.now();
const ward = drawCodes(vars.ward.sample);
const ageSex = drawAssociated(vars.ageSex.sample, (i) => (ward[i] * 5) % 12, 3);
const ethnic = drawAssociated(vars.ethnic.sample, (i) => 1 + (ward[i] % 4), 4);
const tenure = drawAssociated(vars.tenure.sample, (i) => (ageSex[i] >> 1) % 4, 2.5);

// 6 agree/disagree 5-point items (1 = strongly disagree … 5 = strongly agree), -1 = missing,
// and 4 ONS wellbeing items 0–10 (NaN = missing). Answers depend on age, tenure, ward.
const AGREE_ITEMS = 6;
const WELLBEING_ITEMS = ['life_satisfaction', 'worthwhile', 'happiness', 'anxiety'] as const;
const agree: Int32Array[] = [];
for (let q = 0; q < AGREE_ITEMS; q++) {
  const codes = new Int32Array(N);
  for (let i = 0; i < N; i++) {
    if (rng.next() < 0.02) {
      codes[i] = -1;
      continue;
    }
    const band = ageSex[i] >> 1;
    const shift = 0.15 * band - 0.3 * (tenure[i] === 3 ? 1 : 0) + 0.05 * ((ward[i] + q) % 7) - 0.4;
    const z = rng.normal() + shift;
    codes[i] = z < -1.2 ? 1 : z < -0.4 ? 2 : z < 0.2 ? 3 : z < 1.1 ? 4 : 5;
  }
  agree.push(codes);
}
const wellbeing: Float64Array[] = WELLBEING_ITEMS.map((_, q) => {
  const y = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    if (rng.next() < 0.01) {
      y[i] = NaN;
      continue;
    }
    const band = ageSex[i] >> 1;
    const base = q === 3 ? 3 : 7.4;
    const v =
      base + 0.1 * band - (q === 3 ? -0.2 : 0.3) * (tenure[i] === 3 ? 1 : 0) + 0.02 * ward[i] + 1.8 * rng.normal();
    y[i] = Math.min(10, Math.max(0, Math.round(v)));
  }
  return y;
});
const tGen = performance.now() - tGen0;

const margins: RakeMargin[] = [
  { name: 'age_sex', codes: ageSex, targets: targets(vars.ageSex.population) },
  { name: 'ethnic_group', codes: ethnic, targets: targets(vars.ethnic.population) },
  { name: 'ward', codes: ward, targets: targets(vars.ward.population) },
  { name: 'tenure', codes: tenure, targets: targets(vars.tenure.population) },
];

const tRake0 = performance.now();
const raked = rake(margins, { epsilon: 1e-6, maxIterations: 200 });
const tRake = performance.now() - tRake0;
const diag = weightDiagnostics(raked.weights);
const checkErr = marginError(margins, raked.weights);

const tEst0 = performance.now();
const design = prepareDesign({ weights: raked.weights, calibration: calibrationFromMargins(margins) });
const tPrepare = performance.now() - tEst0;
const results: { question: string; overall: Estimate; wards: Estimate[] }[] = [];
agree.forEach((codes, q) => {
  const top = indicator(codes, [4, 5]); // "agree" + "strongly agree" (top box); -1 (missing) → NaN
  results.push({
    question: `agree_${q + 1}`,
    overall: estimateIndicator(design, top)[0],
    wards: estimateIndicator(design, top, ward, 20),
  });
});
wellbeing.forEach((y, q) => {
  results.push({
    question: WELLBEING_ITEMS[q],
    overall: estimateMean(design, y),
    wards: estimateMeanByDomain(design, y, ward, 20),
  });
});
const tEst = performance.now() - tEst0;
const estimatesCount = results.reduce((s, r) => s + 1 + r.wards.length, 0);

// SE ratio calibrated / plain, to show the calibration matters.
const ratios = results.flatMap((r) => [r.overall, ...r.wards]).map((e) => (e.se ?? 0) / (e.seUncalibrated ?? 1));
const meanRatio = ratios.reduce((a, b) => a + b, 0) / ratios.length;

const cpu = cpus()[0]?.model ?? 'unknown';
const ms = (x: number): string => `${x.toFixed(0)} ms`;
const first = results[0];
const ls = results[6];
console.log(`survey benchmark — ${new Date().toISOString()} — ${cpu} (${cpus().length} cpus), Node ${process.version}`);
console.log(
  `respondents: ${N.toLocaleString('en-GB')}, seed ${SEED}, margins: age_sex 12, ethnic_group 5, ward 20, tenure 4`,
);
console.log(`generate data: ${ms(tGen)}`);
console.log(
  `rake: ${ms(tRake)}, ${raked.iterations} iterations, max margin error ${raked.maxError.toExponential(2)} (recheck ${checkErr.toExponential(2)})`,
);
console.log(
  `weights: deff ${diag.deff.toFixed(3)}, ESS ${diag.ess.toFixed(0)}, min ${diag.min.toFixed(4)}, max ${diag.max.toFixed(4)}, cv ${diag.cv.toFixed(3)}`,
);
console.log(
  `estimate: ${ms(tEst)} for ${estimatesCount} estimates (10 questions × (overall + 20 wards), raking-aware SEs; design prep ${ms(tPrepare)})`,
);
console.log(`mean SE ratio calibrated/plain: ${meanRatio.toFixed(3)}`);
console.log(
  `example: ${first.question} overall ${(first.overall.estimate! * 100).toFixed(2)}% ± ${(1.96 * first.overall.se! * 100).toFixed(2)}; ` +
    `${ls.question} overall ${ls.overall.estimate!.toFixed(3)} (se ${ls.overall.se!.toFixed(4)})`,
);
console.log(`peak memory (maxRSS): ${mem().toFixed(0)} MiB`);
console.log(
  JSON.stringify({
    bench: 'survey',
    date: new Date().toISOString(),
    cpu,
    node: process.version,
    n: N,
    seed: SEED,
    generate_ms: Math.round(tGen),
    rake_ms: Math.round(tRake),
    rake_iterations: raked.iterations,
    rake_max_error: raked.maxError,
    deff: diag.deff,
    ess: diag.ess,
    estimate_ms: Math.round(tEst),
    estimates: estimatesCount,
    se_ratio_calibrated_over_plain: meanRatio,
    max_rss_mib: Math.round(mem()),
  }),
);
