/**
 * End-to-end survey benchmark: the compiled commands against R's survey package, in the same run.
 *
 *   npm run bench:survey          (N=… ROUNDS=… SEED=… environment variables override the defaults)
 *
 * 1. Writes 200,000 synthetic responses (seeded) and four margins (age 6, sex 2, ethnic group 5, ward 12) to a
 *    temporary folder, once.
 * 2. Each round, alternating which goes first, runs ours two ways and R's once:
 *    - ours, one command: `node bin/cohesion.js survey estimate RESPONSES --margins … --var q1 --by ward --json`
 *      without --weights, which rakes to the margins and estimates in the same process (one read of the
 *      responses) — what an analyst runs; the headline ratio;
 *    - ours, two commands: `survey rake` (writing weights.csv) then `survey estimate --weights weights.csv
 *      --margins …`, as two child processes — the path where the weights are kept;
 *    both with start-up, reading and writing included; and R's — `Rscript bench/survey-r.R`, of which only the
 *    in-process time of rake() + svyby() counts (its own clock; reading the CSV and loading the package are
 *    left out).
 * 3. Prints each round's times, peak memory of every process (maximum resident set size), the ratios
 *    R / ours per round and their medians, checks that both of our paths give byte-identical estimates and
 *    that ours agree with R's.
 * Without Rscript the R side is skipped with a message.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDraws, cumulativeProbabilities } from '../src/stats/random.ts';
import { cohesionBin, load, median, mib, ms, repoRoot, requireBuild, runProcess, type ProcessRun } from './e2e.ts';

requireBuild();
const N = Number(process.env.N ?? 200_000);
const ROUNDS = Math.max(1, Number(process.env.ROUNDS ?? 3));
const SEED = Number(process.env.SEED ?? 20261202);
const dir = process.env.KEEP_DIR ?? mkdtempSync(join(tmpdir(), 'bench-survey-'));
if (!process.env.KEEP_DIR) process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

// --- data, once -----------------------------------------------------------------------------------
const rng = createDraws(SEED);
const vars = {
  age: {
    labels: ['16-24', '25-34', '35-44', '45-54', '55-64', '65+'],
    sample: [6, 10, 14, 18, 22, 30],
    pop: [14, 17, 17, 17, 15, 20],
  },
  sex: { labels: ['F', 'M'], sample: [58, 42], pop: [51, 49] },
  ethnic: { labels: ['White', 'Asian', 'Black', 'Mixed', 'Other'], sample: [88, 5, 3, 2, 2], pop: [80, 9, 5, 3, 3] },
  ward: {
    labels: Array.from({ length: 12 }, (_, i) => `Ward ${i + 1}`),
    sample: Array.from({ length: 12 }, (_, i) => 3 + (i % 5)),
    pop: Array.from({ length: 12 }, (_, i) => 4 + ((i * 7) % 6)),
  },
} as const;
const POPULATION = 250_000;
const names = Object.keys(vars) as (keyof typeof vars)[];
const cums = names.map((v) => cumulativeProbabilities(vars[v].sample));
const lines: string[] = ['id,age,sex,ethnic,ward,q1'];
for (let i = 0; i < N; i++) {
  const codes = cums.map((c) => rng.pickIndex(c));
  // q1 (1–5) depends on age and ward, so that raking moves the estimates.
  const q1 = Math.min(5, Math.max(1, Math.round(2 + codes[0] * 0.3 + (codes[3] % 3) * 0.4 + rng.normal())));
  lines.push(`R${String(i + 1).padStart(7, '0')},${names.map((v, k) => vars[v].labels[codes[k]]).join(',')},${q1}`);
}
const responses = join(dir, 'responses.csv');
writeFileSync(responses, lines.join('\n') + '\n');
lines.length = 0;
const marginRows = ['variable,category,population'];
for (const v of names) {
  const total = vars[v].pop.reduce((a, b) => a + b, 0);
  const counts = vars[v].pop.map((p) => Math.round((POPULATION * p) / total));
  counts[counts.length - 1] += POPULATION - counts.reduce((a, b) => a + b, 0); // every margin sums to POPULATION
  vars[v].labels.forEach((l, k) => marginRows.push(`${v},${l},${counts[k]}`));
}
const margins = join(dir, 'margins.csv');
writeFileSync(margins, marginRows.join('\n') + '\n');
const weights = join(dir, 'weights.csv');
const estimates = join(dir, 'estimates.json');

// --- runs -----------------------------------------------------------------------------------------
const hasR = !process.env.SKIP_R && spawnSync('Rscript', ['--version'], { stdio: 'ignore' }).status === 0;
const rScript = join(repoRoot, 'bench', 'survey-r.R');

interface Ours {
  /** The one command: rake and estimate in the same process. */
  single: ProcessRun;
  rake: ProcessRun;
  estimate: ProcessRun;
  /** The two commands, rake + estimate. */
  totalMs: number;
}
const estimatesSingle = join(dir, 'estimates-single.json');
function runOurs(): Ours {
  const single = runProcess(
    'node',
    [cohesionBin, 'survey', 'estimate', responses, '--margins', margins, '--var', 'q1', '--by', 'ward', '--json'],
    estimatesSingle,
  );
  const rake = runProcess('node', [cohesionBin, 'survey', 'rake', responses, '--margins', margins], weights);
  const estimate = runProcess(
    'node',
    [
      cohesionBin,
      'survey',
      'estimate',
      responses,
      '--weights',
      weights,
      '--margins',
      margins,
      '--var',
      'q1',
      '--by',
      'ward',
      '--json',
    ],
    estimates,
  );
  return { single, rake, estimate, totalMs: rake.wallMs + estimate.wallMs };
}
function cpuOf(o: Ours): number {
  return (o.rake.cpuMs ?? NaN) + (o.estimate.cpuMs ?? NaN);
}
function cpuOfSingle(o: Ours): number {
  return o.single.cpuMs ?? NaN;
}
interface RRun {
  inProcessMs: number;
  inProcessCpuMs: number;
  process: ProcessRun;
  result: { wards: string[]; estimates: number[]; se: number[] };
}
function runR(): RRun {
  const out = join(dir, 'r.json');
  const process = runProcess('Rscript', [rScript, responses, margins], out);
  const result = JSON.parse(readFileSync(out, 'utf8')) as RRun['result'] & { elapsed_s: number; cpu_s: number };
  return { inProcessMs: result.elapsed_s * 1000, inProcessCpuMs: result.cpu_s * 1000, process, result };
}

console.log(
  `survey end to end: ${N.toLocaleString('en-GB')} responses, 4 margins, rake then q1 by 12 wards; ` +
    `${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), Node ${process.version}, load average ${load()}`,
);
if (!hasR) console.log('Rscript not found: the R side is skipped (install r-base-core and r-cran-survey to compare).');

const rounds: { ours: Ours; r: RRun | null; load: string }[] = [];
for (let round = 0; round < ROUNDS; round++) {
  const rFirst = hasR && round % 2 === 1;
  const r1 = rFirst ? runR() : null;
  const ours = runOurs();
  const r = rFirst ? r1 : hasR ? runR() : null;
  rounds.push({ ours, r, load: load() });
  console.log(
    `round ${round + 1}${rFirst ? ' (R first)' : ''}: ours, one command ${ms(ours.single.wallMs)} wall, ` +
      `${ms(cpuOfSingle(ours))} CPU, peak ${mib(ours.single.peakMiB)}` +
      (r
        ? ` (ratio ${(r.inProcessMs / ours.single.wallMs).toFixed(1)}× wall, ` +
          `${(r.inProcessCpuMs / cpuOfSingle(ours)).toFixed(1)}× CPU)`
        : '') +
      `; ours, two commands ${ms(ours.totalMs)} wall, ${ms(cpuOf(ours))} CPU ` +
      `(rake ${ms(ours.rake.wallMs)}, ` +
      `peak ${mib(ours.rake.peakMiB)}; estimate ${ms(ours.estimate.wallMs)}, peak ${mib(ours.estimate.peakMiB)})` +
      (r
        ? ` (ratio ${(r.inProcessMs / ours.totalMs).toFixed(1)}× wall, ` +
          `${(r.inProcessCpuMs / cpuOf(ours)).toFixed(1)}× CPU); R rake+svyby ${ms(r.inProcessMs)} wall, ` +
          `${ms(r.inProcessCpuMs)} CPU in process (Rscript peak ${mib(r.process.peakMiB)})`
        : '') +
      `; load ${rounds[round].load}`,
  );
}

// Do our two paths agree? (They must: the weights file holds every weight exactly.)
if (readFileSync(estimatesSingle, 'utf8') !== readFileSync(estimates, 'utf8')) {
  console.error('the one-command and two-command estimates differ');
  process.exit(1);
}
console.log('ours, one command and two commands: byte-identical estimates');
// Do both tools agree? (the R references of the tests are the real check; this guards the benchmark itself)
const ourDoc = JSON.parse(readFileSync(estimates, 'utf8')) as {
  estimates: { by: string | null; level: string | null; estimate: number; se: number }[];
};
const last = rounds[rounds.length - 1].r;
let agreement: { maxEstimateDiff: number; maxSeRelDiff: number } | null = null;
if (last) {
  let maxEstimateDiff = 0;
  let maxSeRelDiff = 0;
  last.result.wards.forEach((ward, k) => {
    const row = ourDoc.estimates.find((e) => e.level === ward);
    if (!row) throw new Error(`no estimate for ${ward}`);
    maxEstimateDiff = Math.max(maxEstimateDiff, Math.abs(row.estimate - last.result.estimates[k]));
    maxSeRelDiff = Math.max(maxSeRelDiff, Math.abs(row.se - last.result.se[k]) / last.result.se[k]);
  });
  agreement = { maxEstimateDiff, maxSeRelDiff };
  console.log(
    `agreement with R: largest difference in a ward mean ${maxEstimateDiff.toExponential(2)}, ` +
      `in a standard error ${(maxSeRelDiff * 100).toFixed(4)}% (relative)`,
  );
}
const oursMedian = median(rounds.map((r) => r.ours.totalMs));
const singleMedian = median(rounds.map((r) => r.ours.single.wallMs));
const ratios = rounds.flatMap((r) => (r.r ? [r.r.inProcessMs / r.ours.totalMs] : []));
const cpuRatios = rounds.flatMap((r) => (r.r ? [r.r.inProcessCpuMs / cpuOf(r.ours)] : []));
const singleRatios = rounds.flatMap((r) => (r.r ? [r.r.inProcessMs / r.ours.single.wallMs] : []));
const singleCpuRatios = rounds.flatMap((r) => (r.r ? [r.r.inProcessCpuMs / cpuOfSingle(r.ours)] : []));
console.log(
  `median: ours, one command ${ms(singleMedian)}; ours, two commands ${ms(oursMedian)}` +
    (ratios.length
      ? `; R ${ms(median(rounds.flatMap((r) => (r.r ? [r.r.inProcessMs] : []))))}; ratio (median of same-round ` +
        `ratios): one command ${median(singleRatios).toFixed(1)}× wall, ${median(singleCpuRatios).toFixed(1)}× CPU ` +
        `(target ≥ 20×); two commands ${median(ratios).toFixed(1)}× wall, ${median(cpuRatios).toFixed(1)}× CPU`
      : ''),
);
console.log(
  JSON.stringify({
    n: N,
    rounds: rounds.map((r) => ({
      singleMs: Math.round(r.ours.single.wallMs),
      singleCpuMs: Math.round(cpuOfSingle(r.ours)),
      singlePeakMiB: r.ours.single.peakMiB,
      singleRatio: r.r ? Number((r.r.inProcessMs / r.ours.single.wallMs).toFixed(2)) : null,
      oursMs: Math.round(r.ours.totalMs),
      oursCpuMs: Math.round(cpuOf(r.ours)),
      rakeMs: Math.round(r.ours.rake.wallMs),
      estimateMs: Math.round(r.ours.estimate.wallMs),
      rakePeakMiB: r.ours.rake.peakMiB,
      estimatePeakMiB: r.ours.estimate.peakMiB,
      rMs: r.r ? Math.round(r.r.inProcessMs) : null,
      rCpuMs: r.r ? Math.round(r.r.inProcessCpuMs) : null,
      rPeakMiB: r.r?.process.peakMiB ?? null,
      ratio: r.r ? Number((r.r.inProcessMs / r.ours.totalMs).toFixed(2)) : null,
      load: r.load,
    })),
    medianSingleRatio: singleRatios.length ? Number(median(singleRatios).toFixed(2)) : null,
    medianSingleCpuRatio: singleCpuRatios.length ? Number(median(singleCpuRatios).toFixed(2)) : null,
    medianRatio: ratios.length ? Number(median(ratios).toFixed(2)) : null,
    medianCpuRatio: cpuRatios.length ? Number(median(cpuRatios).toFixed(2)) : null,
    agreement,
  }),
);
