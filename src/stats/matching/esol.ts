/**
 * ESOL placement: learners into English classes, exactly optimal.
 *
 * A learner l may join class c only if (hard constraints) c is at l's level,
 * c's slot is one l can attend, and the straight-line distance d (British
 * National Grid metres / 1000, in km) is at most maxKm. Among all placements
 * that respect the class capacities and put each learner in at most one class,
 * the one returned maximises
 *   Σ over placed learners of  s(l, c) = 1 + waitedDays_l / 365 − 0.01 × d_km,
 * so a place goes first to whoever has waited longest, then to whoever lives
 * nearest; every eligible place is worth having (s > 0 unless d > 100 km +
 * waited/3.65), and a pair with s ≤ 0 is never used. Nobody is forced in.
 *
 * Solved exactly as a min-cost flow (./mincostflow.ts) on scores scaled by a
 * power of two (2^30 or more for any realistic input, see weightScale) and
 * rounded: the placement is optimal for the rounded scores, which is within
 * (placed learners) / scale of the optimum for the exact scores; the solver's
 * dual certificate proves it. Pairs whose score rounds to 0 count as ≤ 0.
 *
 * Every learner gets an explanation (codes below, checked in this order for
 * an unplaced learner):
 * - placed_best_class {classId, slot, distanceKm, score, eligibleClasses}:
 *   in the eligible class with the highest score for them;
 * - placed_other_class {…, bestClassId, bestScore}: their best class went to
 *   others because the total is higher that way (it is full);
 * - no_class_at_level {level}; no_class_in_slots {level, slots};
 * - too_far {nearestKm, maxKm} (nearest class at their level and a slot);
 * - score_not_positive {bestScore};
 * - capacity_taken {classIds, nearestKm, scores, prices}: every eligible
 *   class (nearest first) is full. scores[i] is this learner's score in
 *   classIds[i] and prices[i] that class's dual price v_c: a place there
 *   yields at least v_c to the optimal total, and v_c ≥ scores[i] (LP
 *   complementary slackness), so taking it would not raise the total.
 */
import { maxWeightTransport } from './mincostflow.ts';
import { check, distanceKm, indexIds, weightScale, type Explanation } from './types.ts';

export interface Learner {
  readonly id: string;
  readonly level: string;
  /** Slots the learner can attend, e.g. 'Mon-AM'. */
  readonly slots: readonly string[];
  /** British National Grid easting and northing, metres. */
  readonly x: number;
  readonly y: number;
  readonly waitedDays: number;
}

export interface EsolClass {
  readonly id: string;
  readonly level: string;
  readonly slot: string;
  readonly capacity: number;
  readonly x: number;
  readonly y: number;
}

export interface EsolOptions {
  /** Furthest a learner may travel, km (straight line). */
  readonly maxKm: number;
}

export type EsolCode =
  | 'placed_best_class'
  | 'placed_other_class'
  | 'no_class_at_level'
  | 'no_class_in_slots'
  | 'too_far'
  | 'score_not_positive'
  | 'capacity_taken';

export interface LearnerOutcome {
  readonly learnerId: string;
  readonly classId: string | null;
  readonly score: number | null;
  readonly distanceKm: number | null;
  readonly explanation: Explanation<EsolCode>;
}

export interface ClassOutcome {
  readonly classId: string;
  readonly capacity: number;
  readonly learnerIds: readonly string[];
}

export interface EsolPlacement {
  /** One per learner, in input order. */
  readonly learners: readonly LearnerOutcome[];
  /** One per class, in input order. */
  readonly classes: readonly ClassOutcome[];
  readonly placed: number;
  /** Σ s(l, c) over placed learners, from the unrounded scores. */
  readonly objective: number;
  /** Scores were rounded to multiples of 1 / scale before optimising. */
  readonly scale: number;
}

/** s(l, c) = 1 + waitedDays / 365 − 0.01 × distance km. */
export function esolScore(waitedDays: number, km: number): number {
  return 1 + waitedDays / 365 - 0.01 * km;
}

const round3 = (v: number): number => Math.round(v * 1000) / 1000;

function validate(learners: readonly Learner[], classes: readonly EsolClass[], options: EsolOptions): void {
  check(Number.isFinite(options.maxKm) && options.maxKm >= 0, 'maxKm must be a finite number ≥ 0');
  indexIds(
    learners.map((l) => l.id),
    'learner',
  );
  indexIds(
    classes.map((c) => c.id),
    'class',
  );
  for (const l of learners) {
    check(typeof l.level === 'string' && Array.isArray(l.slots), `learner ${l.id}: level and slots are required`);
    check(Number.isFinite(l.x) && Number.isFinite(l.y), `learner ${l.id}: coordinates must be finite`);
    check(Number.isFinite(l.waitedDays) && l.waitedDays >= 0, `learner ${l.id}: waitedDays must be finite and ≥ 0`);
  }
  for (const c of classes) {
    check(typeof c.level === 'string' && typeof c.slot === 'string', `class ${c.id}: level and slot are required`);
    check(Number.isFinite(c.x) && Number.isFinite(c.y), `class ${c.id}: coordinates must be finite`);
    check(Number.isSafeInteger(c.capacity) && c.capacity >= 0, `class ${c.id}: capacity must be a whole number ≥ 0`);
  }
}

/** Optimal placement of learners into classes (see the header). */
export function placeEsolLearners(
  learners: readonly Learner[],
  classes: readonly EsolClass[],
  options: EsolOptions,
): EsolPlacement {
  validate(learners, classes, options);
  const byLevel = new Map<string, number[]>();
  classes.forEach((c, j) => {
    const list = byLevel.get(c.level);
    if (list) list.push(j);
    else byLevel.set(c.level, [j]);
  });
  // Eligible pairs with their exact scores.
  const pl: number[] = [];
  const pr: number[] = [];
  const score: number[] = [];
  const km: number[] = [];
  let maxScore = 0;
  learners.forEach((l, i) => {
    const slots = new Set(l.slots);
    for (const j of byLevel.get(l.level) ?? []) {
      const c = classes[j];
      if (!slots.has(c.slot)) continue;
      const d = distanceKm(l.x, l.y, c.x, c.y);
      if (d > options.maxKm) continue;
      const s = esolScore(l.waitedDays, d);
      pl.push(i);
      pr.push(j);
      score.push(s);
      km.push(d);
      maxScore = Math.max(maxScore, s);
    }
  });
  const scale = weightScale(maxScore, 4 * (learners.length + classes.length + 2));
  const solution = maxWeightTransport({
    leftCount: learners.length,
    capacity: classes.map((c) => c.capacity),
    pairLeft: Int32Array.from(pl),
    pairRight: Int32Array.from(pr),
    weight: Float64Array.from(score, (s) => Math.round(s * scale)),
  });
  const usable = (k: number) => Math.round(score[k] * scale) > 0;
  // Pairs of each learner, to explain outcomes.
  const pairsOf: number[][] = learners.map(() => []);
  pl.forEach((i, k) => pairsOf[i].push(k));
  const bestPair = (i: number): number => {
    let best = -1;
    for (const k of pairsOf[i])
      if (usable(k) && (best < 0 || score[k] > score[best] || (score[k] === score[best] && km[k] < km[best]))) best = k;
    return best;
  };

  const members: string[][] = classes.map(() => []);
  let objective = 0;
  let placed = 0;
  const outcomes = learners.map((l, i): LearnerOutcome => {
    const k = solution.pair[i];
    if (k >= 0) {
      const c = classes[pr[k]];
      members[pr[k]].push(l.id);
      objective += score[k];
      placed++;
      const best = bestPair(i);
      const base = {
        classId: c.id,
        slot: c.slot,
        distanceKm: round3(km[k]),
        score: score[k],
        eligibleClasses: pairsOf[i].filter(usable).length,
      };
      const explanation: Explanation<EsolCode> =
        score[best] > score[k]
          ? {
              code: 'placed_other_class',
              params: { ...base, bestClassId: classes[pr[best]].id, bestScore: score[best] },
            }
          : { code: 'placed_best_class', params: base };
      return { learnerId: l.id, classId: c.id, score: score[k], distanceKm: km[k], explanation };
    }
    return { learnerId: l.id, classId: null, score: null, distanceKm: null, explanation: explainUnplaced(l, i) };
  });

  function explainUnplaced(l: Learner, i: number): Explanation<EsolCode> {
    const atLevel = byLevel.get(l.level) ?? [];
    if (atLevel.length === 0) return { code: 'no_class_at_level', params: { level: l.level } };
    const slots = new Set(l.slots);
    const inSlots = atLevel.filter((j) => slots.has(classes[j].slot));
    if (inSlots.length === 0) return { code: 'no_class_in_slots', params: { level: l.level, slots: [...l.slots] } };
    if (pairsOf[i].length === 0) {
      const nearest = Math.min(...inSlots.map((j) => distanceKm(l.x, l.y, classes[j].x, classes[j].y)));
      return { code: 'too_far', params: { nearestKm: round3(nearest), maxKm: options.maxKm } };
    }
    const ok = pairsOf[i].filter(usable).sort((a, b) => km[a] - km[b] || pr[a] - pr[b]);
    if (ok.length === 0)
      return { code: 'score_not_positive', params: { bestScore: Math.max(...pairsOf[i].map((k) => score[k])) } };
    return {
      code: 'capacity_taken',
      params: {
        classIds: ok.map((k) => classes[pr[k]].id),
        nearestKm: round3(km[ok[0]]),
        scores: ok.map((k) => score[k]),
        prices: ok.map((k) => solution.rightDual[pr[k]] / scale),
      },
    };
  }

  return {
    learners: outcomes,
    classes: classes.map((c, j) => ({ classId: c.id, capacity: c.capacity, learnerIds: members[j] })),
    placed,
    objective,
    scale,
  };
}
