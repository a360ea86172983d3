/**
 * End-to-end segregation benchmark: the compiled command on the national output-area file, as an analyst runs
 * it, against PySAL's segregation package.
 *
 *   npm run bench:segregation        (ROUNDS=… overrides the default 5)
 *
 * Ours: `node bin/cohesion.js segregation ethnic_group_oa.csv.gz --total Persons --json` as a child process —
 * start-up, gunzip, parsing and checking 181,408 rows, every two-group index of each of the 14 groups against
 * the rest, every multi-group index, and writing the JSON — timed from outside, with its peak memory
 * (maximum resident set size).
 *
 * PySAL: Debian has python3-libpysal (the core library) but not the segregation package, and PyPI is not
 * reachable from this machine, so PySAL cannot be run here. The ratio is then taken against the figure
 * recorded in issue 10 — 313 s for PySAL's five single-group indices (dissimilarity, Gini, entropy,
 * isolation, exposure) of the 14 groups on the same file — and is printed as such: a recorded figure, not
 * measured in this run. If `python3 -c "import segregation"` works, that is said instead (the timing script is
 * left for that day).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { cohesionBin, load, median, mib, ms, repoRoot, requireBuild, runProcess, type ProcessRun } from './e2e.ts';

requireBuild();
const file = join(repoRoot, '..', 'shared', 'data', 'census2011', 'ethnic_group_oa.csv.gz');
if (!existsSync(file)) {
  console.log(`segregation end to end: ${file} is absent; nothing to measure.`);
  process.exit(0);
}
const ROUNDS = Math.max(1, Number(process.env.ROUNDS ?? 5));
const PYSAL_RECORDED_S = 313;
const TARGET_RATIO = 100;
const MEMORY_LIMIT_MIB = 400;
const out = join(tmpdir(), `bench-segregation-${process.pid}.json`);
process.on('exit', () => rmSync(out, { force: true }));

const pysal = spawnSync('python3', ['-c', 'import segregation'], { stdio: 'ignore' }).status === 0;
console.log(
  `segregation end to end: 181,408 output areas × 14 groups, every index; ` +
    `${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), Node ${process.version}, load average ${load()}`,
);
console.log(
  pysal
    ? 'PySAL segregation is importable here, but this script does not time it yet; ratios below use the recorded figure.'
    : 'PySAL segregation is not installed (not in Debian; PyPI unreachable): ratios use the figure recorded in ' +
        `issue 10 (${PYSAL_RECORDED_S} s for its five single-group indices of the 14 groups), not measured in this run.`,
);

const runs: { run: ProcessRun; timings: string; load: string }[] = [];
for (let round = 0; round < ROUNDS; round++) {
  const run = runProcess('node', [cohesionBin, 'segregation', file, '--total', 'Persons', '--json', '--timings'], out);
  const timings = run.stderr.trim().split('\n').pop() ?? '';
  runs.push({ run, timings, load: load() });
  console.log(
    `round ${round + 1}: ${ms(run.wallMs)} wall, ${run.cpuMs === null ? 'n/a' : ms(run.cpuMs)} CPU, peak ${mib(run.peakMiB)}; ` +
      `ratio to PySAL (recorded) ${((PYSAL_RECORDED_S * 1000) / run.wallMs).toFixed(0)}×; ${timings}; load ${runs[round].load}`,
  );
}
const doc = JSON.parse(readFileSync(out, 'utf8')) as {
  scopes: { groups: Record<string, { dissimilarity: number | null }>; indices: Record<string, number | null> }[];
};
const national = doc.scopes[0];
const groups = Object.keys(national.groups).length;
const wall = median(runs.map((r) => r.run.wallMs));
const best = Math.min(...runs.map((r) => r.run.wallMs));
const peak = Math.max(...runs.map((r) => r.run.peakMiB ?? 0));
const cpu = median(runs.map((r) => r.run.cpuMs ?? NaN));
console.log(
  `check: ${groups} groups; D Bangladeshi vs rest ${national.groups.Bangladeshi?.dissimilarity?.toFixed(4)}, ` +
    `multi-group D ${national.indices.multi_dissimilarity?.toFixed(4)}`,
);
console.log(
  `median ${ms(wall)} (best ${ms(best)}); ratio to PySAL's recorded ${PYSAL_RECORDED_S} s: ` +
    `${((PYSAL_RECORDED_S * 1000) / wall).toFixed(0)}× at the median wall time, ` +
    `${((PYSAL_RECORDED_S * 1000) / cpu).toFixed(0)}× at the median CPU time ${ms(cpu)} (target ≥ ${TARGET_RATIO}×); ` +
    `peak memory ${mib(peak)} (limit ${MEMORY_LIMIT_MIB} MiB)`,
);
console.log(
  JSON.stringify({
    rounds: runs.map((r) => ({
      wallMs: Math.round(r.run.wallMs),
      cpuMs: r.run.cpuMs,
      peakMiB: r.run.peakMiB,
      timings: r.timings,
      load: r.load,
    })),
    medianMs: Math.round(wall),
    medianCpuMs: Math.round(cpu),
    ratioToRecordedPySal: Number(((PYSAL_RECORDED_S * 1000) / wall).toFixed(1)),
    ratioToRecordedPySalCpu: Number(((PYSAL_RECORDED_S * 1000) / cpu).toFixed(1)),
    pysalMeasured: false,
    peakMiB: peak,
  }),
);
