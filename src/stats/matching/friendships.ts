/**
 * Intergenerational friendships: pair older and younger volunteers one to one.
 *
 * Hard constraints (a pair breaking any is never made), checked in this order:
 * 1. avoid — neither volunteer lists the other in `avoid`;
 * 2. partnerGender — if a volunteer states one, the partner's `gender` must
 *    equal it (a partner with no stated gender does not qualify);
 * 3. mustShareInterest — if either volunteer sets it, they share an interest;
 * 4. at least one availability slot in common;
 * 5. straight-line distance ≤ maxKm (British National Grid metres / 1000).
 * Among the pairings that respect them, the one returned maximises the sum of
 *   score = wI · J(interests) + wS · J(slots) + wD · exp(−d / decayKm),
 * where J(A, B) = |A ∩ B| / |A ∪ B| is the Jaccard index (Jaccard 1912; 0
 * when both sets are empty) and the defaults are wI = 0.5, wS = 0.3,
 * wD = 0.2, decayKm = 2. Every allowed pair scores > 0 (they share a slot),
 * so a volunteer is left unpaired only when every compatible partner is
 * paired with someone else in the optimum, or no partner is compatible.
 *
 * A bipartite maximum-weight matching, solved exactly by the min-cost-flow
 * solver of ./mincostflow.ts with each younger volunteer of capacity 1, on
 * scores scaled by a power of two and rounded (optimal for the rounded
 * scores, within pairs / scale of the exact optimum).
 *
 * Explanations (codes):
 * - paired {partnerId, score, sharedInterests, sharedSlots, distanceKm, candidates};
 * - no_candidates: nobody on the other side;
 * - no_compatible_partner {avoided, gender, noSharedInterest, noSharedSlot,
 *   tooFar}: how many volunteers on the other side each rule excluded (each
 *   counted under the first rule it fails, so the counts add up to the
 *   other side's size);
 * - partners_taken {candidateIds}: every compatible partner is paired with
 *   someone else.
 */
import { maxWeightTransport } from './mincostflow.ts';
import { check, distanceKm, indexIds, weightScale, type Explanation } from './types.ts';

export interface Volunteer {
  readonly id: string;
  readonly interests: readonly string[];
  /** Availability slots, e.g. 'Sat-PM'. */
  readonly slots: readonly string[];
  /** British National Grid easting and northing, metres. */
  readonly x: number;
  readonly y: number;
  readonly gender?: string;
  /** Ids of volunteers this person must not be paired with. */
  readonly avoid?: readonly string[];
  /** Only pair with a volunteer whose stated gender is this. */
  readonly partnerGender?: string;
  /** Only pair with a volunteer sharing at least one interest. */
  readonly mustShareInterest?: boolean;
}

export interface FriendshipOptions {
  readonly maxKm: number;
  readonly interestWeight?: number;
  readonly slotWeight?: number;
  readonly distanceWeight?: number;
  readonly decayKm?: number;
}

export type FriendshipCode = 'paired' | 'no_candidates' | 'no_compatible_partner' | 'partners_taken';

export interface FriendshipOutcome {
  readonly id: string;
  readonly side: 'older' | 'younger';
  readonly partnerId: string | null;
  readonly score: number | null;
  readonly explanation: Explanation<FriendshipCode>;
}

export interface Friendships {
  readonly pairs: readonly {
    readonly older: string;
    readonly younger: string;
    readonly score: number;
    readonly distanceKm: number;
  }[];
  /** Older volunteers in input order, then younger ones. */
  readonly volunteers: readonly FriendshipOutcome[];
  /** Σ score over pairs, from the unrounded scores. */
  readonly objective: number;
  readonly scale: number;
}

/** Rules in the order they are checked; the first one a pair fails is its reason. */
const RULES = ['avoided', 'gender', 'noSharedInterest', 'noSharedSlot', 'tooFar'] as const;
type Rule = (typeof RULES)[number];

const round3 = (v: number): number => Math.round(v * 1000) / 1000;

function intersection(a: readonly string[], b: ReadonlySet<string>): string[] {
  return [...new Set(a)].filter((x) => b.has(x));
}

function jaccard(shared: number, a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  const union = a.size + b.size - shared;
  return union === 0 ? 0 : shared / union;
}

function validate(older: readonly Volunteer[], younger: readonly Volunteer[], o: FriendshipOptions): void {
  check(Number.isFinite(o.maxKm) && o.maxKm >= 0, 'maxKm must be a finite number ≥ 0');
  for (const w of [o.interestWeight, o.slotWeight, o.distanceWeight])
    check(w === undefined || (Number.isFinite(w) && w >= 0), 'score weights must be finite and ≥ 0');
  check(o.decayKm === undefined || (Number.isFinite(o.decayKm) && o.decayKm > 0), 'decayKm must be finite and > 0');
  indexIds(
    [...older, ...younger].map((v) => v.id),
    'volunteer',
  );
  for (const v of [...older, ...younger]) {
    check(
      Array.isArray(v.interests) && Array.isArray(v.slots),
      `volunteer ${v.id}: interests and slots must be arrays`,
    );
    check(Number.isFinite(v.x) && Number.isFinite(v.y), `volunteer ${v.id}: coordinates must be finite`);
    check(v.avoid === undefined || Array.isArray(v.avoid), `volunteer ${v.id}: avoid must be an array of ids`);
  }
}

/** Optimal one-to-one pairing of older with younger volunteers (see the header). */
export function pairFriendships(
  older: readonly Volunteer[],
  younger: readonly Volunteer[],
  options: FriendshipOptions,
): Friendships {
  validate(older, younger, options);
  const wI = options.interestWeight ?? 0.5;
  const wS = options.slotWeight ?? 0.3;
  const wD = options.distanceWeight ?? 0.2;
  const decay = options.decayKm ?? 2;
  const sets = (v: Volunteer) => ({
    interests: new Set(v.interests),
    slots: new Set(v.slots),
    avoid: new Set(v.avoid ?? []),
  });
  const oldSets = older.map(sets);
  const youngSets = younger.map(sets);
  const pl: number[] = [];
  const pr: number[] = [];
  const score: number[] = [];
  const km: number[] = [];
  const excluded = {
    older: older.map(() => new Map<Rule, number>()),
    younger: younger.map(() => new Map<Rule, number>()),
  };
  const count = (m: Map<Rule, number>, r: Rule) => m.set(r, (m.get(r) ?? 0) + 1);
  let maxScore = 0;
  older.forEach((a, i) => {
    const sa = oldSets[i];
    younger.forEach((b, j) => {
      const sb = youngSets[j];
      const sharedInterests = intersection(a.interests, sb.interests).length;
      const sharedSlots = intersection(a.slots, sb.slots).length;
      const d = distanceKm(a.x, a.y, b.x, b.y);
      let rule: Rule | null = null;
      if (sa.avoid.has(b.id) || sb.avoid.has(a.id)) rule = 'avoided';
      else if (
        (a.partnerGender !== undefined && b.gender !== a.partnerGender) ||
        (b.partnerGender !== undefined && a.gender !== b.partnerGender)
      )
        rule = 'gender';
      else if ((a.mustShareInterest || b.mustShareInterest) && sharedInterests === 0) rule = 'noSharedInterest';
      else if (sharedSlots === 0) rule = 'noSharedSlot';
      else if (d > options.maxKm) rule = 'tooFar';
      if (rule) {
        count(excluded.older[i], rule);
        count(excluded.younger[j], rule);
        return;
      }
      const s =
        wI * jaccard(sharedInterests, sa.interests, sb.interests) +
        wS * jaccard(sharedSlots, sa.slots, sb.slots) +
        wD * Math.exp(-d / decay);
      pl.push(i);
      pr.push(j);
      score.push(s);
      km.push(d);
      maxScore = Math.max(maxScore, s);
    });
  });
  const scale = weightScale(maxScore, 4 * (older.length + younger.length + 2));
  const solution = maxWeightTransport({
    leftCount: older.length,
    capacity: younger.map(() => 1),
    pairLeft: Int32Array.from(pl),
    pairRight: Int32Array.from(pr),
    weight: Float64Array.from(score, (s) => Math.round(s * scale)),
  });
  const usable = (k: number) => Math.round(score[k] * scale) > 0;
  const partnerPair = new Int32Array(younger.length).fill(-1);
  for (let i = 0; i < older.length; i++)
    if (solution.pair[i] >= 0) partnerPair[pr[solution.pair[i]]] = solution.pair[i];
  const candidates = { older: older.map((): number[] => []), younger: younger.map((): number[] => []) };
  pl.forEach((i, k) => {
    if (!usable(k)) return;
    candidates.older[i].push(pr[k]);
    candidates.younger[pr[k]].push(i);
  });

  const outcome = (v: Volunteer, side: 'older' | 'younger', idx: number, k: number): FriendshipOutcome => {
    const others = side === 'older' ? younger : older;
    if (k >= 0) {
      const partner = side === 'older' ? younger[pr[k]] : older[pl[k]];
      const mine = side === 'older' ? oldSets[idx] : youngSets[idx];
      return {
        id: v.id,
        side,
        partnerId: partner.id,
        score: score[k],
        explanation: {
          code: 'paired',
          params: {
            partnerId: partner.id,
            score: score[k],
            sharedInterests: intersection(partner.interests, mine.interests),
            sharedSlots: intersection(partner.slots, mine.slots),
            distanceKm: round3(km[k]),
            candidates: candidates[side][idx].length,
          },
        },
      };
    }
    let explanation: Explanation<FriendshipCode>;
    if (others.length === 0) explanation = { code: 'no_candidates', params: {} };
    else if (candidates[side][idx].length === 0) {
      const m = excluded[side][idx];
      explanation = { code: 'no_compatible_partner', params: Object.fromEntries(RULES.map((r) => [r, m.get(r) ?? 0])) };
    } else
      explanation = {
        code: 'partners_taken',
        params: { candidateIds: candidates[side][idx].map((j) => others[j].id) },
      };
    return { id: v.id, side, partnerId: null, score: null, explanation };
  };

  const pairs = [];
  let objective = 0;
  for (let i = 0; i < older.length; i++) {
    const k = solution.pair[i];
    if (k < 0) continue;
    pairs.push({ older: older[i].id, younger: younger[pr[k]].id, score: score[k], distanceKm: km[k] });
    objective += score[k];
  }
  return {
    pairs,
    volunteers: [
      ...older.map((v, i) => outcome(v, 'older', i, solution.pair[i])),
      ...younger.map((v, j) => outcome(v, 'younger', j, partnerPair[j])),
    ],
    objective,
    scale,
  };
}
