import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { pairFriendships, type Friendships, type Volunteer } from './friendships.ts';
import { distanceKm, MatchingError } from './types.ts';
import { bruteForceTransport } from './testing.ts';

const fixture = JSON.parse(readFileSync(new URL('./fixtures/lpsolve-reference.json', import.meta.url), 'utf8')) as {
  generator: string;
  friendships: {
    name: string;
    maxKm: number;
    older: Volunteer[];
    younger: Volunteer[];
    objective: number;
    pairs: number;
  }[];
};

const shares = (a: readonly string[], b: readonly string[]) => a.some((x) => b.includes(x));

/** Whether the hard constraints allow a and b to be paired. */
function allowed(a: Volunteer, b: Volunteer, maxKm: number): boolean {
  if (a.avoid?.includes(b.id) || b.avoid?.includes(a.id)) return false;
  if (a.partnerGender !== undefined && b.gender !== a.partnerGender) return false;
  if (b.partnerGender !== undefined && a.gender !== b.partnerGender) return false;
  if ((a.mustShareInterest || b.mustShareInterest) && !shares(a.interests, b.interests)) return false;
  return shares(a.slots, b.slots) && distanceKm(a.x, a.y, b.x, b.y) <= maxKm;
}

function score(a: Volunteer, b: Volunteer): number {
  const j = (x: readonly string[], y: readonly string[]) => {
    const u = new Set([...x, ...y]).size;
    return u === 0 ? 0 : new Set(x.filter((v) => y.includes(v))).size / u;
  };
  return (
    0.5 * j(a.interests, b.interests) + 0.3 * j(a.slots, b.slots) + 0.2 * Math.exp(-distanceKm(a.x, a.y, b.x, b.y) / 2)
  );
}

function checkPairs(older: Volunteer[], younger: Volunteer[], maxKm: number, r: Friendships): void {
  const o = new Map(older.map((v) => [v.id, v]));
  const y = new Map(younger.map((v) => [v.id, v]));
  const seen = new Set<string>();
  let objective = 0;
  for (const p of r.pairs) {
    const a = o.get(p.older);
    const b = y.get(p.younger);
    if (!a || !b) throw new Error('unknown volunteer');
    expect(allowed(a, b, maxKm)).toBe(true);
    expect(seen.has(a.id) || seen.has(b.id)).toBe(false);
    seen.add(a.id);
    seen.add(b.id);
    expect(p.score).toBeCloseTo(score(a, b), 12);
    objective += p.score;
  }
  expect(r.objective).toBeCloseTo(objective, 12);
  for (const v of r.volunteers) {
    expect(v.partnerId !== null).toBe(seen.has(v.id));
    if (v.explanation.code === 'partners_taken')
      for (const id of v.explanation.params.candidateIds as string[]) expect(seen.has(id)).toBe(true);
    if (v.explanation.code === 'no_compatible_partner') {
      const total = Object.values(v.explanation.params).reduce<number>((s, x) => s + (x as number), 0);
      expect(total).toBe(v.side === 'older' ? younger.length : older.length);
    }
  }
}

function bruteForce(older: Volunteer[], younger: Volunteer[], maxKm: number): number {
  const pl: number[] = [];
  const pr: number[] = [];
  const w: number[] = [];
  older.forEach((a, i) =>
    younger.forEach((b, j) => {
      if (!allowed(a, b, maxKm)) return;
      pl.push(i);
      pr.push(j);
      w.push(score(a, b));
    }),
  );
  return bruteForceTransport({
    leftCount: older.length,
    capacity: younger.map(() => 1),
    pairLeft: Int32Array.from(pl),
    pairRight: Int32Array.from(pr),
    weight: Float64Array.from(w),
  });
}

describe('friendships: worked example', () => {
  const base = { x: 530000, y: 180000 };
  const older: Volunteer[] = [
    { id: 'o1', interests: ['chess', 'music'], slots: ['Sat-AM'], ...base, gender: 'f', partnerGender: 'f' },
    { id: 'o2', interests: ['garden'], slots: ['Sun-PM'], ...base, avoid: ['y2'] },
    { id: 'o3', interests: ['art'], slots: ['Sat-AM'], x: 560000, y: 180000 },
  ];
  const younger: Volunteer[] = [
    { id: 'y1', interests: ['chess'], slots: ['Sat-AM', 'Sun-PM'], ...base, gender: 'f' },
    { id: 'y2', interests: ['garden'], slots: ['Sun-PM'], ...base, gender: 'm' },
    { id: 'y3', interests: ['music'], slots: ['Sat-AM'], ...base, gender: 'm', mustShareInterest: true },
  ];
  const r = pairFriendships(older, younger, { maxKm: 5 });

  it('respects stated preferences, slots and distance, and maximises the score', () => {
    checkPairs(older, younger, 5, r);
    expect(r.objective).toBeCloseTo(bruteForce(older, younger, 5), 12);
    // o1 accepts only women, so only y1; o2 (avoids y2) could also take y1, but
    // o1–y1 scores 0.25 + 0.15 + 0.2 = 0.6 against o2–y1's 0 + 0.15 + 0.2 = 0.35
    expect(r.pairs.map((p) => [p.older, p.younger])).toEqual([['o1', 'y1']]);
    expect(r.pairs[0].score).toBeCloseTo(0.6, 12);
  });

  it('explains unpaired volunteers', () => {
    const get = (id: string) => r.volunteers.find((v) => v.id === id)?.explanation;
    // o3: y3 insists on a shared interest, y2 has no Saturday slot, y1 is 30 km away
    expect(get('o3')).toEqual({
      code: 'no_compatible_partner',
      params: { avoided: 0, gender: 0, noSharedInterest: 1, noSharedSlot: 1, tooFar: 1 },
    });
    expect(get('o2')?.code).toBe('partners_taken');
    // y2: o1 accepts only women, o2 avoids y2, o3 has no Sunday slot
    expect(get('y2')).toEqual({
      code: 'no_compatible_partner',
      params: { avoided: 1, gender: 1, noSharedInterest: 0, noSharedSlot: 1, tooFar: 0 },
    });
    expect(pairFriendships(older, [], { maxKm: 5 }).volunteers[0].explanation.code).toBe('no_candidates');
  });

  it('rejects an id used on both sides', () => {
    expect(() => pairFriendships([older[0]], [{ ...younger[0], id: 'o1' }], { maxKm: 5 })).toThrow(MatchingError);
  });
});

describe(`friendships vs ${fixture.generator} lp.assign`, () => {
  for (const c of fixture.friendships) {
    it(`${c.name}: ${c.older.length} older, ${c.younger.length} younger — same optimal objective (1e-9)`, () => {
      const r = pairFriendships(c.older, c.younger, { maxKm: c.maxKm });
      expect(Math.abs(r.objective - c.objective)).toBeLessThan(1e-9 * Math.max(1, c.objective));
      expect(r.pairs.length).toBeLessThanOrEqual(Math.min(c.older.length, c.younger.length));
      checkPairs(c.older, c.younger, c.maxKm, r);
    });
  }
});

describe('friendships: properties (fixed seed)', () => {
  const volunteer = fc.record({
    interests: fc.subarray(['a', 'b', 'c', 'd']),
    slots: fc.subarray(['s1', 's2', 's3']),
    x: fc.integer({ min: 0, max: 6000 }),
    y: fc.integer({ min: 0, max: 6000 }),
    gender: fc.option(fc.constantFrom('f', 'm'), { nil: undefined }),
    partnerGender: fc.option(fc.constantFrom('f', 'm'), { nil: undefined, freq: 4 }),
    mustShareInterest: fc.option(fc.constant(true), { nil: undefined, freq: 3 }),
    avoid: fc.option(fc.subarray(['o0', 'o1', 'y0', 'y1']), { nil: undefined, freq: 3 }),
  });
  it('equals the brute-force optimum and respects every hard constraint', () => {
    fc.assert(
      fc.property(fc.array(volunteer, { maxLength: 6 }), fc.array(volunteer, { maxLength: 4 }), (os, ys) => {
        const older = os.map((v, i) => ({ ...v, id: `o${i}` }));
        const younger = ys.map((v, i) => ({ ...v, id: `y${i}` }));
        const r = pairFriendships(older, younger, { maxKm: 4 });
        checkPairs(older, younger, 4, r);
        expect(Math.abs(r.objective - bruteForce(older, younger, 4))).toBeLessThan(1e-9);
      }),
      { numRuns: 1000, seed: 20240619 },
    );
  });
});
