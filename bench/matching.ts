/**
 * Matching benchmark on synthetic London-sized data (fixed seeds):
 * 1. ESOL placement: LEARNERS (10,000) learners into CLASSES (400) classes,
 *    six levels, fifteen weekly slots, British National Grid coordinates
 *    over Greater London (≈ 58 × 45 km, learners clustered round 12 centres),
 *    maxKm 5;
 * 2. school linking: LINK_CLASSES (1,000) classes in 100 schools, maxKm 15.
 *
 *   node --import tsx bench/matching.ts
 *   (LEARNERS=… CLASSES=… LINK_CLASSES=… RUNS=… SLOTS_MIN=… SLOTS_SPREAD=… ESOL_KM=… LINK_KM=… TASK=esol|linking)
 *
 * Prints wall and CPU time for each and peak memory (maxRSS).
 */
import { performance } from 'node:perf_hooks';
import { createRng, randomInt, type Rng } from '../src/stats/random.ts';
import { placeEsolLearners, type EsolClass, type Learner } from '../src/stats/matching/esol.ts';
import { linkSchoolClasses, type LinkClass } from '../src/stats/matching/linking.ts';

const LEARNERS = Number(process.env.LEARNERS ?? 10000);
const CLASSES = Number(process.env.CLASSES ?? 400);
const LINK_CLASSES = Number(process.env.LINK_CLASSES ?? 1000);
const RUNS = Math.max(1, Number(process.env.RUNS ?? 3));
/** Each learner can attend SLOTS_MIN … SLOTS_MIN + SLOTS_SPREAD − 1 of the 15 weekly slots. */
const SLOTS_MIN = Number(process.env.SLOTS_MIN ?? 2);
const SLOTS_SPREAD = Number(process.env.SLOTS_SPREAD ?? 5);
const ESOL_KM = Number(process.env.ESOL_KM ?? 5);
const LINK_KM = Number(process.env.LINK_KM ?? 15);
/** 'esol', 'linking' or 'all' (run one alone to read its own peak memory). */
const TASK = process.env.TASK ?? 'all';

const LEVELS = ['Pre-entry', 'E1', 'E2', 'E3', 'L1', 'L2'];
const LEVEL_SHARE = [0.12, 0.25, 0.25, 0.18, 0.12, 0.08];
const SLOTS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'].flatMap((d) => ['AM', 'PM', 'EVE'].map((t) => `${d}-${t}`));
const X0 = 503000;
const Y0 = 155000;
const W = 58000;
const H = 45000;

function pick<T>(rng: Rng, items: readonly T[], weights?: readonly number[]): T {
  if (!weights) return items[randomInt(rng, items.length)];
  let u = rng.next();
  for (let i = 0; i < items.length; i++) if ((u -= weights[i]) < 0) return items[i];
  return items[items.length - 1];
}

function gaussian(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
}

export function syntheticEsol(
  seed: number,
  nLearners: number,
  nClasses: number,
): { learners: Learner[]; classes: EsolClass[] } {
  const rng = createRng(seed);
  const centres = Array.from({ length: 12 }, () => [
    X0 + 8000 + rng.next() * (W - 16000),
    Y0 + 8000 + rng.next() * (H - 16000),
  ]);
  const point = (spread: number): [number, number] => {
    const [cx, cy] = pick(rng, centres);
    return [
      Math.min(X0 + W, Math.max(X0, cx + gaussian(rng) * spread)),
      Math.min(Y0 + H, Math.max(Y0, cy + gaussian(rng) * spread)),
    ];
  };
  const classes = Array.from({ length: nClasses }, (_, j): EsolClass => {
    const [x, y] = rng.next() < 0.7 ? point(5000) : [X0 + rng.next() * W, Y0 + rng.next() * H];
    return {
      id: `C${j}`,
      level: pick(rng, LEVELS, LEVEL_SHARE),
      slot: pick(rng, SLOTS),
      capacity: 12 + randomInt(rng, 9),
      x,
      y,
    };
  });
  const learners = Array.from({ length: nLearners }, (_, i): Learner => {
    const [x, y] = point(4000);
    const k = SLOTS_MIN + randomInt(rng, SLOTS_SPREAD);
    const slots = new Set<string>();
    while (slots.size < k) slots.add(pick(rng, SLOTS));
    return {
      id: `L${i}`,
      level: pick(rng, LEVELS, LEVEL_SHARE),
      slots: [...slots],
      x,
      y,
      waitedDays: randomInt(rng, 731),
    };
  });
  return { learners, classes };
}

export function syntheticLinking(seed: number, nClasses: number): LinkClass[] {
  const rng = createRng(seed);
  const schools = Array.from({ length: Math.max(2, Math.round(nClasses / 10)) }, (_, s) => ({
    id: `S${s}`,
    x: X0 + rng.next() * W,
    y: Y0 + rng.next() * H,
    mix: rng.next(),
  }));
  return Array.from({ length: nClasses }, (_, j) => {
    const s = pick(rng, schools);
    const share = Math.min(1, Math.max(0, s.mix + 0.15 * gaussian(rng)));
    return { id: `K${j}`, school: s.id, x: s.x, y: s.y, share: Math.round(share * 30) / 30 };
  });
}

function timed<T>(f: () => T): { value: T; wallMs: number; cpuMs: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = f();
  const wallMs = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { value, wallMs, cpuMs: (c.user + c.system) / 1000 };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '')) {
  const esol = syntheticEsol(1, LEARNERS, CLASSES);
  const links = syntheticLinking(2, LINK_CLASSES);
  for (let run = 0; run < RUNS; run++) {
    if (TASK !== 'linking') {
      const e = timed(() => placeEsolLearners(esol.learners, esol.classes, { maxKm: ESOL_KM }));
      const capacity = esol.classes.reduce((s, c) => s + c.capacity, 0);
      const codes = new Map<string, number>();
      for (const o of e.value.learners) codes.set(o.explanation.code, (codes.get(o.explanation.code) ?? 0) + 1);
      console.log(
        `run ${run + 1}: ESOL ${LEARNERS} learners / ${CLASSES} classes (${capacity} places, maxKm ${ESOL_KM}): ${e.wallMs.toFixed(0)} ms (cpu ${e.cpuMs.toFixed(0)}), ` +
          `placed ${e.value.placed}, objective ${e.value.objective.toFixed(3)}, ${JSON.stringify(Object.fromEntries(codes))}`,
      );
    }
    if (TASK === 'esol') continue;
    const k = timed(() => linkSchoolClasses(links, { maxKm: LINK_KM }));
    console.log(
      `run ${run + 1}: linking ${LINK_CLASSES} classes (maxKm ${LINK_KM}): ${k.wallMs.toFixed(0)} ms (cpu ${k.cpuMs.toFixed(0)}), ` +
        `${k.value.pairs.length} pairs over ${k.value.candidateEdges} candidate edges, objective ${k.value.objective.toFixed(4)}`,
    );
  }
  console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
}
