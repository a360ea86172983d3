import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { linkSchoolClasses, type LinkClass, type Linking } from './linking.ts';
import { distanceKm, MatchingError } from './types.ts';
import { subsetDpMatching } from './testing.ts';

const fixture = JSON.parse(readFileSync(new URL('./fixtures/lpsolve-reference.json', import.meta.url), 'utf8')) as {
  generator: string;
  linking: { name: string; maxKm: number; classes: LinkClass[]; objective: number; candidateEdges: number }[];
};

function checkLinking(classes: readonly LinkClass[], maxKm: number, r: Linking): void {
  const byId = new Map(classes.map((c) => [c.id, c]));
  const seen = new Set<string>();
  let objective = 0;
  for (const p of r.pairs) {
    const a = byId.get(p.a);
    const b = byId.get(p.b);
    if (!a || !b) throw new Error('unknown class');
    expect(a.school).not.toBe(b.school);
    expect(distanceKm(a.x, a.y, b.x, b.y)).toBeLessThanOrEqual(maxKm);
    expect(seen.has(p.a) || seen.has(p.b)).toBe(false);
    seen.add(p.a);
    seen.add(p.b);
    expect(p.difference).toBeCloseTo(Math.abs(a.share - b.share), 15);
    objective += p.difference;
  }
  expect(r.objective).toBeCloseTo(objective, 12);
  for (const o of r.classes) {
    expect(o.partnerId !== null).toBe(seen.has(o.classId));
    if (o.partnerId) expect(r.classes.find((x) => x.classId === o.partnerId)?.partnerId).toBe(o.classId);
    // An optimum never leaves two candidates with different shares both unlinked.
    if (o.explanation.code === 'partners_taken')
      for (const id of o.explanation.params.candidateIds as string[]) expect(seen.has(id)).toBe(true);
  }
}

/** Optimum by dynamic programming over subsets of classes. */
function bruteForce(classes: readonly LinkClass[], maxKm: number): number {
  const edges: [number, number, number][] = [];
  classes.forEach((a, i) =>
    classes.forEach((b, j) => {
      if (j > i && a.school !== b.school && distanceKm(a.x, a.y, b.x, b.y) <= maxKm)
        edges.push([i, j, Math.abs(a.share - b.share)]);
    }),
  );
  return subsetDpMatching(classes.length, edges);
}

describe('school linking: worked example', () => {
  const classes: LinkClass[] = [
    { id: 'a1', school: 'A', x: 0, y: 0, share: 0.9 },
    { id: 'a2', school: 'A', x: 0, y: 0, share: 0.8 },
    { id: 'b1', school: 'B', x: 3000, y: 0, share: 0.1 },
    { id: 'c1', school: 'C', x: 6000, y: 0, share: 0.2 },
    { id: 'd1', school: 'D', x: 90000, y: 0, share: 0.5 },
    { id: 'e1', school: 'E', x: 6000, y: 1000, share: 0.2 },
    { id: 'e2', school: 'E', x: 6000, y: 2000, share: 0.2 },
  ];
  const r = linkSchoolClasses(classes, { maxKm: 10 });

  it('links across schools for the largest total difference', () => {
    // a1–b1 (0.8) + a2–c1 (0.6) = 1.4 ties with a1–c1 (0.7) + a2–b1 (0.7); a1/a2 with e1/e2 give no more.
    expect(r.objective).toBeCloseTo(1.4, 12);
    checkLinking(classes, 10, r);
    expect(r.objective).toBeCloseTo(bruteForce(classes, 10), 12);
  });

  it('explains every class', () => {
    const get = (id: string) => r.classes.find((o) => o.classId === id)?.explanation;
    expect(get('a1')?.code).toBe('linked');
    expect(get('d1')).toEqual({ code: 'no_class_in_range', params: { maxKm: 10, nearestKm: 84 } });
    // e1 and e2 can only reach classes with the same share (c1) or classes already linked
    expect(['partners_taken', 'linked']).toContain(get('e1')?.code);
    const lone = linkSchoolClasses([classes[5], classes[3]], { maxKm: 10 });
    expect(lone.classes[0].explanation).toEqual({ code: 'no_difference', params: { candidates: 1 } });
    const same = linkSchoolClasses([classes[0], classes[1]], { maxKm: 10 });
    expect(same.classes[0].explanation).toEqual({ code: 'no_class_in_range', params: { maxKm: 10, nearestKm: -1 } });
  });

  it('rejects shares outside [0, 1] and repeated ids', () => {
    expect(() => linkSchoolClasses([{ ...classes[0], share: 1.2 }], { maxKm: 10 })).toThrow(MatchingError);
    expect(() => linkSchoolClasses([classes[0], classes[0]], { maxKm: 10 })).toThrow(MatchingError);
  });
});

describe(`school linking vs ${fixture.generator} 0/1 LP`, () => {
  for (const c of fixture.linking) {
    it(`${c.name}: ${c.classes.length} classes, ${c.candidateEdges} candidate pairs — same optimal objective (1e-9)`, () => {
      const r = linkSchoolClasses(c.classes, { maxKm: c.maxKm });
      expect(r.candidateEdges).toBe(c.candidateEdges);
      expect(Math.abs(r.objective - c.objective)).toBeLessThan(1e-9 * Math.max(1, c.objective));
      checkLinking(c.classes, c.maxKm, r);
    });
  }
});

describe('school linking: properties (fixed seed)', () => {
  const klass = fc.record({
    school: fc.constantFrom('A', 'B', 'C', 'D'),
    x: fc.integer({ min: 0, max: 20000 }),
    y: fc.integer({ min: 0, max: 20000 }),
    share: fc.oneof(fc.constantFrom(0, 0.25, 0.5, 1), fc.double({ min: 0, max: 1, noNaN: true })),
  });
  it('equals the optimum by subset dynamic programming and respects every constraint', () => {
    fc.assert(
      fc.property(fc.array(klass, { maxLength: 14 }), fc.integer({ min: 1, max: 25 }), (cs, maxKm) => {
        const classes = cs.map((c, i) => ({ ...c, id: `K${i}` }));
        const r = linkSchoolClasses(classes, { maxKm });
        checkLinking(classes, maxKm, r);
        expect(Math.abs(r.objective - bruteForce(classes, maxKm))).toBeLessThan(1e-9);
      }),
      { numRuns: 1000, seed: 20240618 },
    );
  });
});
