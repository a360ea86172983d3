/**
 * Segregation benchmark on the national 2011 Census file: 181,408 output
 * areas of England and Wales × 14 ethnic groups (population = Persons).
 *
 *   npm run bench:segregation                 (RUNS=… DRAWS=… override the defaults)
 *
 * 1. parse: read ../shared/data/census2011/ethnic_group_oa.csv.gz (gzip + CSV
 *    + checks) into a counts matrix and the LSOA/LAD/RGN geographies;
 * 2. compute, for the whole country and each of the 348 local authorities:
 *    every two-group index of every group against the rest, Bangladeshi vs
 *    White British as a pair, every multi-group index, and local contributions
 *    (impacts) at LSOA → LAD → RGN, first of the pair's D, then of the
 *    multi-group D;
 * 3. expected D under random allocation (national, Bangladeshi vs White British).
 *
 * Prints wall and CPU times for parse and compute separately, peak memory
 * (maxRSS), then one JSON line with the figures. Exits 0 with a message when
 * the data are absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import {
  analyseTable,
  loadCountsTable,
  type AnalysisRequest,
  type CountsTable,
} from '../src/cli/commands/segregation/index.ts';
import { expectedDissimilarity, pairCounts, type ScopeResult } from '../src/stats/segregation/index.ts';

const repoRoot = fileURLToPath(new URL('../', import.meta.url));
const file = join(repoRoot, '..', 'shared', 'data', 'census2011', 'ethnic_group_oa.csv.gz');
const GROUPS = [
  'WhiteBrit',
  'Irish',
  'OtherWhite',
  'Mixed',
  'Indian',
  'Pakistani',
  'Bangladeshi',
  'Chinese',
  'OtherAsian',
  'BlkAfrican',
  'BlkCaribbean',
  'OtherBlk',
  'Arab',
  'Other',
];
const LEVELS = ['LSOA', 'LAD', 'RGN'];
const PAIR = { y: 'Bangladeshi', x: 'WhiteBrit' };
const RUNS = Math.max(1, Number(process.env.RUNS ?? 5));
const DRAWS = Math.max(1, Number(process.env.DRAWS ?? 100));

interface Timing {
  wallMs: number;
  cpuMs: number;
}

function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    if (line) return line.split(':')[1].trim();
  } catch {
    // not Linux
  }
  return cpus()[0]?.model ?? 'unknown';
}

async function timed<T>(work: () => T | Promise<T>): Promise<{ value: T; timing: Timing }> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await work();
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { value, timing: { wallMs, cpuMs: (cpu.user + cpu.system) / 1000 } };
}

const fmt = (t: Timing) => `${t.wallMs.toFixed(0)} ms wall, ${t.cpuMs.toFixed(0)} ms CPU`;

/** Run a batch RUNS times: first (cold, includes JIT warm-up) and best. */
async function batch(
  table: CountsTable,
  request: AnalysisRequest,
): Promise<{ scopes: ScopeResult[]; first: Timing; best: Timing }> {
  let scopes: ScopeResult[] = [];
  let first: Timing | null = null;
  let best: Timing | null = null;
  for (let run = 0; run < RUNS; run++) {
    const { value, timing } = await timed(() => analyseTable(table, request));
    scopes = value;
    first ??= timing;
    if (!best || timing.wallMs < best.wallMs) best = timing;
  }
  return { scopes, first: first as Timing, best: best as Timing };
}

function d3(value: number | undefined): string {
  return value === undefined ? 'n/a' : value.toFixed(4);
}

async function main(): Promise<void> {
  if (!existsSync(file)) {
    console.log(`bench:segregation skipped: ${file} not found (the shared 2011 Census data are not available here).`);
    return;
  }
  const started = new Date();
  console.log(`Segregation benchmark, ${started.toISOString()}`);
  console.log(
    `Node ${process.version}; ${cpus().length} CPUs (${cpuModel()}); load average ${loadavg()
      .map((v) => v.toFixed(2))
      .join(' ')}`,
  );
  console.log(`Data: ${file}`);

  const parsed = await timed(() =>
    loadCountsTable(file, { total: 'Persons', groups: GROUPS, by: 'LAD', levels: LEVELS }),
  );
  const table = parsed.value;
  console.log(
    `\nParse: ${table.matrix.areas.toLocaleString('en-GB')} areas × ${table.matrix.groups.length} groups: ${fmt(parsed.timing)}`,
  );

  const withPair = await batch(table, { by: 'LAD', levels: LEVELS, pair: PAIR });
  const multiLevels = await batch(table, { by: 'LAD', levels: LEVELS });
  const noLevels = await batch(table, { by: 'LAD', pair: PAIR });
  const scopes = withPair.scopes.length;
  console.log(`\nCompute (${scopes} scopes: ALL + ${scopes - 1} local authorities; first run / best of ${RUNS}):`);
  console.log(
    `  all indices + pair + impacts of the pair's D at ${LEVELS.join(', ')}: ${fmt(withPair.first)} / ${fmt(withPair.best)}`,
  );
  console.log(
    `  all indices + impacts of the multi-group D at ${LEVELS.join(', ')}: ${fmt(multiLevels.first)} / ${fmt(multiLevels.best)}`,
  );
  console.log(`  all indices + pair, no impacts: ${fmt(noLevels.first)} / ${fmt(noLevels.best)}`);
  const fullBest = withPair.best.wallMs + multiLevels.best.wallMs;
  console.log(`  full batch (both impact sets), best: ${fullBest.toFixed(0)} ms wall`);

  const expected = await timed(() =>
    expectedDissimilarity(pairCounts(table.matrix, PAIR.y, PAIR.x), { draws: DRAWS, seed: 1 }, PAIR),
  );
  console.log(
    `\nExpected D under random allocation, ${PAIR.y} vs ${PAIR.x}, national, ${DRAWS} draws: ${fmt(expected.timing)} ` +
      `(${(expected.timing.wallMs / DRAWS).toFixed(1)} ms per draw); observed ${d3(expected.value.observed)}, ` +
      `expected ${d3(expected.value.mean)} (sd ${d3(expected.value.sd)}), adjusted ${d3(expected.value.adjusted)}`,
  );

  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  console.log(`\nPeak memory (maxRSS): ${maxRssMb.toFixed(0)} MB`);

  const all = withPair.scopes[0];
  const pair = all.pair?.indices;
  const multi = all.multi;
  console.log(
    `Check: national D ${PAIR.y} vs ${PAIR.x} = ${d3(pair?.ok ? pair.value.dissimilarity : undefined)} (MLID: 0.852); ` +
      `multi-group D = ${d3(multi.ok ? multi.value.multiDissimilarity : undefined)}, H = ${d3(multi.ok ? multi.value.informationTheory : undefined)}`,
  );

  console.log(
    JSON.stringify({
      bench: 'segregation',
      date: started.toISOString(),
      node: process.version,
      cpus: cpus().length,
      cpu: cpuModel(),
      areas: table.matrix.areas,
      groups: table.matrix.groups.length,
      scopes,
      parse_ms: Math.round(parsed.timing.wallMs),
      compute_pair_levels_first_ms: Math.round(withPair.first.wallMs),
      compute_pair_levels_best_ms: Math.round(withPair.best.wallMs),
      compute_multi_levels_best_ms: Math.round(multiLevels.best.wallMs),
      compute_no_levels_best_ms: Math.round(noLevels.best.wallMs),
      expected_draws: DRAWS,
      expected_ms: Math.round(expected.timing.wallMs),
      max_rss_mb: Math.round(maxRssMb),
      national_d: pair?.ok ? pair.value.dissimilarity : null,
    }),
  );
}

await main();
