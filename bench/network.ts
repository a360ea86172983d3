/**
 * Network benchmark: betweenness (with closeness) and Louvain communities on
 * a synthetic graph of 5,000 nodes and 25,000 ties (planted partition: 50
 * groups of 100, 80% of ties inside a group), generated from a fixed seed.
 *
 *   node --import tsx bench/network.ts        (NODES=… TIES=… RUNS=… override)
 *
 * Prints wall and CPU time of each step and peak memory (maxRSS).
 */
import { performance } from 'node:perf_hooks';
import { createRng, randomInt } from '../src/stats/random.ts';
import { buildGraph, centralities, louvain, modularity, type Tie } from '../src/stats/network/index.ts';

const NODES = Number(process.env.NODES ?? 5000);
const TIES = Number(process.env.TIES ?? 25000);
const RUNS = Math.max(1, Number(process.env.RUNS ?? 3));
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

function timed<T>(f: () => T): { value: T; wallMs: number; cpuMs: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = f();
  const wallMs = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { value, wallMs, cpuMs: (c.user + c.system) / 1000 };
}

for (let run = 0; run < RUNS; run++) {
  const g = timed(() => buildGraph({ ties }));
  const c = timed(() => centralities(g.value));
  const l = timed(() => louvain(g.value, { seed: 1 }));
  const q = modularity(g.value, l.value.membership);
  console.log(
    `run ${run + 1}: n=${g.value.nodeCount} m=${g.value.edgeCount} | build ${g.wallMs.toFixed(0)} ms | ` +
      `betweenness+closeness ${c.wallMs.toFixed(0)} ms (cpu ${c.cpuMs.toFixed(0)}) | ` +
      `louvain ${l.wallMs.toFixed(0)} ms (cpu ${l.cpuMs.toFixed(0)}), ${l.value.count} communities, Q=${l.value.modularity.toFixed(4)} (recomputed ${q.toFixed(4)}) | ` +
      `total ${(g.wallMs + c.wallMs + l.wallMs).toFixed(0)} ms`,
  );
}
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
