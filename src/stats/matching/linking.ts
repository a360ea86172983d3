/**
 * School linking: pair classes from different schools so that linked classes
 * differ as much as possible in their intake (e.g. the share of pupils from
 * one ethnic or faith background), as school-linking programmes do.
 *
 * Classes a and b may be linked only if (hard constraints) they are in
 * different schools and at most maxKm apart (straight line, British National
 * Grid metres / 1000); each class is linked at most once. The linking
 * returned maximises Σ over linked pairs of |share_a − share_b|: a maximum-
 * weight matching in a general graph, solved exactly by the blossom algorithm
 * (./blossom.ts). Pairs with equal shares (weight 0) add nothing and are left
 * out. Differences are scaled by a power of two (2^30 or more for any
 * realistic input) and rounded before optimising, so the result is optimal
 * for the rounded weights and within (pairs) / scale of the exact optimum.
 *
 * Explanations (codes):
 * - linked {partnerId, partnerSchool, difference, distanceKm, candidates}:
 *   candidates = classes it could have been linked with;
 * - no_class_in_range {maxKm, nearestKm}: no class of another school within
 *   maxKm (nearestKm is −1 when there is no other school at all);
 * - no_difference {candidates}: every class in range has the same share;
 * - partners_taken {candidateIds}: every class it could be linked with is
 *   linked to another class, because the total difference is larger that way
 *   (an optimum never leaves two unlinked candidates apart).
 */
import { maxWeightMatching } from './blossom.ts';
import { check, distanceKm, indexIds, weightScale, type Explanation } from './types.ts';

export interface LinkClass {
  readonly id: string;
  readonly school: string;
  readonly x: number;
  readonly y: number;
  /** Share of the class in the group of interest, in [0, 1]. */
  readonly share: number;
}

export interface LinkOptions {
  readonly maxKm: number;
}

export type LinkCode = 'linked' | 'no_class_in_range' | 'no_difference' | 'partners_taken';

export interface LinkOutcome {
  readonly classId: string;
  readonly partnerId: string | null;
  readonly difference: number | null;
  readonly distanceKm: number | null;
  readonly explanation: Explanation<LinkCode>;
}

export interface LinkPair {
  readonly a: string;
  readonly b: string;
  readonly difference: number;
  readonly distanceKm: number;
}

export interface Linking {
  /** Linked pairs, in order of the first class's input position. */
  readonly pairs: readonly LinkPair[];
  /** One per class, in input order. */
  readonly classes: readonly LinkOutcome[];
  /** Σ |share_a − share_b| over linked pairs, from the unrounded shares. */
  readonly objective: number;
  /** Pairs of classes from different schools within maxKm. */
  readonly candidateEdges: number;
  readonly scale: number;
}

const round3 = (v: number): number => Math.round(v * 1000) / 1000;

/** Optimal linking of classes across schools (see the header). */
export function linkSchoolClasses(classes: readonly LinkClass[], options: LinkOptions): Linking {
  check(Number.isFinite(options.maxKm) && options.maxKm >= 0, 'maxKm must be a finite number ≥ 0');
  indexIds(
    classes.map((c) => c.id),
    'class',
  );
  for (const c of classes) {
    check(typeof c.school === 'string' && c.school.length > 0, `class ${c.id}: school is required`);
    check(Number.isFinite(c.x) && Number.isFinite(c.y), `class ${c.id}: coordinates must be finite`);
    check(Number.isFinite(c.share) && c.share >= 0 && c.share <= 1, `class ${c.id}: share must be in [0, 1]`);
  }
  const n = classes.length;
  const eu: number[] = [];
  const ev: number[] = [];
  const diff: number[] = [];
  const km: number[] = [];
  const nearest = new Float64Array(n).fill(-1);
  const inRange = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const a = classes[i];
    for (let j = i + 1; j < n; j++) {
      const b = classes[j];
      if (a.school === b.school) continue;
      const d = distanceKm(a.x, a.y, b.x, b.y);
      if (nearest[i] < 0 || d < nearest[i]) nearest[i] = d;
      if (nearest[j] < 0 || d < nearest[j]) nearest[j] = d;
      if (d > options.maxKm) continue;
      inRange[i]++;
      inRange[j]++;
      eu.push(i);
      ev.push(j);
      diff.push(Math.abs(a.share - b.share));
      km.push(d);
    }
  }
  const scale = weightScale(1, 8 * (n + 1));
  const weight = Float64Array.from(diff, (d) => 2 * Math.round(d * scale));
  const mate = maxWeightMatching(n, Int32Array.from(eu), Int32Array.from(ev), weight);

  const edgeOf = new Map<number, number>();
  eu.forEach((a, k) => edgeOf.set(a * n + ev[k], k));
  // Positive-weight candidates of each class.
  const candidates: number[][] = classes.map(() => []);
  eu.forEach((a, k) => {
    if (weight[k] <= 0) return;
    candidates[a].push(ev[k]);
    candidates[ev[k]].push(a);
  });
  const pairs: LinkPair[] = [];
  let objective = 0;
  const outcomes = classes.map((c, i): LinkOutcome => {
    const j = mate[i];
    if (j >= 0) {
      const k = edgeOf.get(Math.min(i, j) * n + Math.max(i, j)) ?? -1;
      if (i < j) {
        pairs.push({ a: c.id, b: classes[j].id, difference: diff[k], distanceKm: km[k] });
        objective += diff[k];
      }
      return {
        classId: c.id,
        partnerId: classes[j].id,
        difference: diff[k],
        distanceKm: km[k],
        explanation: {
          code: 'linked',
          params: {
            partnerId: classes[j].id,
            partnerSchool: classes[j].school,
            difference: diff[k],
            distanceKm: round3(km[k]),
            candidates: candidates[i].length,
          },
        },
      };
    }
    let explanation: Explanation<LinkCode>;
    if (inRange[i] === 0)
      explanation = {
        code: 'no_class_in_range',
        params: { maxKm: options.maxKm, nearestKm: nearest[i] < 0 ? -1 : round3(nearest[i]) },
      };
    else if (candidates[i].length === 0) explanation = { code: 'no_difference', params: { candidates: inRange[i] } };
    else explanation = { code: 'partners_taken', params: { candidateIds: candidates[i].map((j2) => classes[j2].id) } };
    return { classId: c.id, partnerId: null, difference: null, distanceKm: null, explanation };
  });
  return { pairs, classes: outcomes, objective, candidateEdges: eu.length, scale };
}
