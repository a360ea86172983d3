/**
 * Connect benchmark (issue 14), each task in its own child process so its peak memory is its own:
 * 1. network: betweenness (Brandes, exact) and Louvain communities of a 5,000-respondent, 25,000-tie network
 *    (src/stats/network; planted partition, fixed seed, as bench/network.ts);
 * 2. esol: placement of 10,000 learners into 400 classes, maxKm 5 (src/stats/matching, data of bench/matching.ts);
 * 3. linking: school linking of 1,000 classes in 100 schools, maxKm 15.
 * Target: each under 5 s on the 2-core machine.
 *
 *   npm run bench:connect            (RUNS=… repeats each task; TASK=network|esol|linking runs one in-process)
 *
 * Prints, per task, the best and worst wall time of the runs, CPU time, and the child's peak RSS.
 */
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createRng, randomInt } from '../src/stats/random.ts';
import { betweenness, buildGraph, louvain, type Tie } from '../src/stats/network/index.ts';
import { linkSchoolClasses, placeEsolLearners } from '../src/stats/matching/index.ts';
import { syntheticEsol, syntheticLinking } from './matching.ts';

const RUNS = Math.max(1, Number(process.env.RUNS ?? 3));
const TASKS = ['network', 'esol', 'linking'] as const;
type Task = (typeof TASKS)[number];
const TARGET_MS = 5000;

function network(): () => string {
  const NODES = 5000;
  const TIES = 25000;
  const GROUP = 100;
  const rng = createRng(2024);
  const ties: Tie[] = [];
  const seen = new Set<number>();
  while (ties.length < TIES) {
    const a = randomInt(rng, NODES);
    const b = rng.next() < 0.8 ? Math.floor(a / GROUP) * GROUP + randomInt(rng, GROUP) : randomInt(rng, NODES);
    if (a === b || b >= NODES) continue;
    const key = Math.min(a, b) * NODES + Math.max(a, b);
    if (seen.has(key)) continue;
    seen.add(key);
    ties.push([`n${a}`, `n${b}`]);
  }
  return () => {
    const g = buildGraph({ ties });
    const b = betweenness(g);
    const c = louvain(g, { seed: 1 });
    return `${g.nodeCount} nodes, ${g.edgeCount} ties; ${c.count} communities, Q=${c.modularity.toFixed(4)}; max betweenness ${Math.max(...b.nodes).toFixed(0)}`;
  };
}

function esol(): () => string {
  const { learners, classes } = syntheticEsol(1, 10000, 400);
  return () => {
    const r = placeEsolLearners(learners, classes, { maxKm: 5 });
    return `${learners.length} learners, ${classes.length} classes: placed ${r.placed}, objective ${r.objective.toFixed(3)}`;
  };
}

function linking(): () => string {
  const classes = syntheticLinking(2, 1000);
  return () => {
    const r = linkSchoolClasses(classes, { maxKm: 15 });
    return `${classes.length} classes, ${r.candidateEdges} candidate pairs: ${r.pairs.length} links, objective ${r.objective.toFixed(4)}`;
  };
}

function runTask(task: Task): void {
  const make = task === 'network' ? network : task === 'esol' ? esol : linking;
  const run = make();
  const walls: number[] = [];
  let cpu = 0;
  let what = '';
  for (let i = 0; i < RUNS; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    what = run();
    walls.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu = Math.max(cpu, (c.user + c.system) / 1000);
  }
  const best = Math.min(...walls);
  const worst = Math.max(...walls);
  const rss = process.resourceUsage().maxRSS / 1024;
  console.log(
    `${task.padEnd(8)} best ${best.toFixed(0)} ms, worst ${worst.toFixed(0)} ms (cpu ≤ ${cpu.toFixed(0)} ms), peak RSS ${rss.toFixed(0)} MB, ` +
      `${worst < TARGET_MS ? 'under' : 'OVER'} the 5 s target | ${what}`,
  );
}

const only = process.env.TASK as Task | undefined;
if (only) {
  if (!TASKS.includes(only)) throw new Error(`TASK must be one of ${TASKS.join(', ')}`);
  runTask(only);
} else {
  console.log(`bench:connect on ${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${RUNS} runs each`);
  for (const task of TASKS)
    process.stdout.write(
      execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
        env: { ...process.env, TASK: task },
        encoding: 'utf8',
      }),
    );
}
