import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { captureIo } from '../../../../test/helpers/cli.ts';
import { main } from '../../main.ts';
import { distanceKm, esolScore, type EsolClass, type Learner, type LinkClass } from '../../../stats/matching/index.ts';
import { bruteForceMatching } from '../../../stats/matching/testing.ts';

const dir = mkdtempSync(join(tmpdir(), 'cohesion-match-'));
let fileNo = 0;
function file(text: string): string {
  const path = join(dir, `f${fileNo++}.csv`);
  writeFileSync(path, text);
  return path;
}

const learnersCsv = (ls: readonly Learner[]) =>
  [
    'id,level,slots,x,y,waited_days',
    ...ls.map((l) => `${l.id},${l.level},${l.slots.join(';')},${l.x},${l.y},${l.waitedDays}`),
  ].join('\n');
const esolClassesCsv = (cs: readonly EsolClass[]) =>
  ['id,level,slot,capacity,x,y', ...cs.map((c) => `${c.id},${c.level},${c.slot},${c.capacity},${c.x},${c.y}`)].join(
    '\n',
  );
const linkCsv = (cs: readonly LinkClass[]) =>
  ['id,school,x,y,share', ...cs.map((c) => `${c.id},${c.school},${c.x},${c.y},${c.share}`)].join('\n');

async function run(...argv: string[]) {
  const c = captureIo();
  const code = await main(argv, c.io);
  return { code, stdout: c.stdout, stderr: c.stderr };
}

async function esol(learners: readonly Learner[], classes: readonly EsolClass[], maxKm: number) {
  const r = await run(
    'match',
    'esol',
    file(learnersCsv(learners)),
    file(esolClassesCsv(classes)),
    '--max-km',
    String(maxKm),
    '--json',
  );
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as {
    placed: number;
    unplaced: number;
    objective: number;
    assignments: { learner: string; class: string; distance_km: number }[];
    unplaced_reasons: Record<string, string>;
  };
}

async function classes(list: readonly LinkClass[], maxKm: number) {
  const r = await run('match', 'classes', file(linkCsv(list)), '--max-km', String(maxKm), '--json');
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as { pairs: [string, string][]; objective: number; unpaired: string[] };
}

/** Checks every hard constraint and that the objective is the sum of the placed learners' scores. */
function checkEsol(
  learners: readonly Learner[],
  cs: readonly EsolClass[],
  maxKm: number,
  out: Awaited<ReturnType<typeof esol>>,
) {
  expect(Object.keys(out)).toEqual(['placed', 'unplaced', 'objective', 'assignments', 'unplaced_reasons']);
  const byId = new Map(cs.map((c) => [c.id, c]));
  const used = new Map<string, number>();
  let total = 0;
  for (const a of out.assignments) {
    expect(Object.keys(a)).toEqual(['learner', 'class', 'distance_km']);
    const l = learners.find((x) => x.id === a.learner);
    const c = byId.get(a.class);
    if (!l || !c) throw new Error('unknown id in the output');
    expect(c.level).toBe(l.level);
    expect(l.slots).toContain(c.slot);
    const d = distanceKm(l.x, l.y, c.x, c.y);
    expect(d).toBeLessThanOrEqual(maxKm);
    expect(a.distance_km).toBeCloseTo(d, 3);
    used.set(c.id, (used.get(c.id) ?? 0) + 1);
    total += esolScore(l.waitedDays, d);
  }
  for (const c of cs) expect(used.get(c.id) ?? 0).toBeLessThanOrEqual(c.capacity);
  expect(new Set(out.assignments.map((a) => a.learner)).size).toBe(out.assignments.length);
  expect(out.placed).toBe(out.assignments.length);
  expect(out.unplaced).toBe(learners.length - out.placed);
  expect(Object.keys(out.unplaced_reasons).sort()).toEqual(
    learners
      .filter((l) => !out.assignments.some((a) => a.learner === l.id))
      .map((l) => l.id)
      .sort(),
  );
  expect(out.objective).toBeCloseTo(total, 9);
}

/** Best objective by trying every placement (each learner: nowhere, or any class it may join with room). */
function bruteForceEsol(learners: readonly Learner[], cs: readonly EsolClass[], maxKm: number): number {
  const left = cs.map((c) => c.capacity);
  let best = 0;
  const visit = (i: number, total: number): void => {
    if (i === learners.length) {
      best = Math.max(best, total);
      return;
    }
    visit(i + 1, total);
    const l = learners[i];
    cs.forEach((c, j) => {
      const d = distanceKm(l.x, l.y, c.x, c.y);
      if (c.level !== l.level || !l.slots.includes(c.slot) || d > maxKm || left[j] === 0) return;
      left[j]--;
      visit(i + 1, total + esolScore(l.waitedDays, d));
      left[j]++;
    });
  };
  visit(0, 0);
  return best;
}

const fixture = JSON.parse(
  readFileSync(new URL('../../../stats/matching/fixtures/lpsolve-reference.json', import.meta.url), 'utf8'),
) as {
  esol: { name: string; maxKm: number; learners: Learner[]; classes: EsolClass[]; objective: number; placed: number }[];
  linking: { name: string; maxKm: number; classes: LinkClass[]; objective: number; pairs: number }[];
};

describe('cohesion match esol', () => {
  it.each(fixture.esol.map((f) => [f.name, f] as const))('matches lpSolve on %s', async (_name, f) => {
    const out = await esol(f.learners, f.classes, f.maxKm);
    checkEsol(f.learners, f.classes, f.maxKm, out);
    expect(out.objective).toBeCloseTo(f.objective, 6);
    expect(out.placed).toBe(f.placed);
  });

  it('equals a brute-force optimum on small random cases', async () => {
    const learner = fc.record({
      level: fc.constantFrom('E1', 'E2'),
      slots: fc.subarray(['Mon-AM', 'Tue-PM', 'Wed-EVE'], { minLength: 1 }),
      x: fc.integer({ min: 400000, max: 406000 }),
      y: fc.integer({ min: 300000, max: 306000 }),
      waitedDays: fc.integer({ min: 0, max: 730 }),
    });
    const klass = fc.record({
      level: fc.constantFrom('E1', 'E2', 'E3'),
      slot: fc.constantFrom('Mon-AM', 'Tue-PM', 'Wed-EVE'),
      capacity: fc.integer({ min: 0, max: 2 }),
      x: fc.integer({ min: 400000, max: 406000 }),
      y: fc.integer({ min: 300000, max: 306000 }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(learner, { maxLength: 6 }),
        fc.array(klass, { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 1, max: 8 }),
        async (ls, cs, maxKm) => {
          const learners = ls.map((l, i) => ({ ...l, id: `L${i}` }));
          const cls = cs.map((c, j) => ({ ...c, id: `C${j}` }));
          const out = await esol(learners, cls, maxKm);
          checkEsol(learners, cls, maxKm, out);
          expect(out.objective).toBeCloseTo(bruteForceEsol(learners, cls, maxKm), 9);
        },
      ),
      { seed: 14, numRuns: 60 },
    );
  });

  it('says in plain English why each learner was not placed', async () => {
    const at = (id: string, level: string, slots: string[], x: number, waitedDays: number): Learner => ({
      id,
      level,
      slots,
      x,
      y: 300000,
      waitedDays,
    });
    const learners = [
      at('long-wait', 'E1', ['Mon-AM'], 400000, 600),
      at('short-wait', 'E1', ['Mon-AM'], 400000, 10),
      at('no-level', 'L2', ['Mon-AM'], 400000, 100),
      at('no-slot', 'E1', ['Fri-PM'], 400000, 100),
      at('far', 'E1', ['Mon-AM'], 420000, 100),
    ];
    const cs: EsolClass[] = [{ id: 'C1', level: 'E1', slot: 'Mon-AM', capacity: 1, x: 401000, y: 300000 }];
    const out = await esol(learners, cs, 5);
    expect(out.assignments).toEqual([{ learner: 'long-wait', class: 'C1', distance_km: 1 }]);
    expect(out.unplaced_reasons).toEqual({
      'short-wait':
        'every class they could attend is full (C1; nearest 1.0 km): the places went to learners who had waited longer or live nearer',
      'no-level': 'no class at level L2',
      'no-slot': 'no E1 class runs at a time they can attend (Fri-PM)',
      far: 'the nearest class they could attend is 19.0 km away, beyond the 5 km limit',
    });
  });

  it('reports a bad row in one line naming the file and line, with a non-zero exit', async () => {
    const cs = file('id,level,slot,capacity,x,y\nC1,E1,Mon-AM,2,400000,300000\nC2,E1,Mon-AM,two,400000,300000\n');
    const ls = file('id,level,slots,x,y,waited_days\nL1,E1,Mon-AM,400000,300000,5\n');
    const bad = await run('match', 'esol', ls, cs, '--json');
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/^cohesion: f\d+\.csv line 3: capacity must be a whole number ≥ 0 \(got 'two'\)\n$/);

    const missing = await run('match', 'esol', file('id,level,x,y,waited_days\nL1,E1,1,2,3\n'), cs);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^cohesion: f\d+\.csv line 1: missing column slots\n$/);

    const dup = await run(
      'match',
      'esol',
      file('id,level,slots,x,y,waited_days\nL1,E1,Mon-AM,1,2,3\nL1,E1,Mon-AM,1,2,3\n'),
      cs,
    );
    expect(dup.stderr).toMatch(/line 3: id 'L1' already used on line 2\n$/);

    const ragged = await run('match', 'esol', file('id,level,slots,x,y,waited_days\nL1,E1,Mon-AM,1,2\n'), cs);
    expect(ragged.code).toBe(1);
    expect(ragged.stderr.trim().split('\n')).toHaveLength(1);
    expect(ragged.stderr).toContain('line 2');

    const badKm = await run('match', 'esol', ls, cs, '--max-km', 'far');
    expect(badKm.code).toBe(2);
    expect(badKm.stderr).toBe("cohesion: match esol: --max-km must be a distance in km ≥ 0 (got 'far')\n");
    const noFile = await run('match', 'esol', ls);
    expect(noFile.stderr).toBe('cohesion: match esol: missing CLASSES.csv\n');
  });
});

describe('cohesion match classes', () => {
  it.each(fixture.linking.map((f) => [f.name, f] as const))('matches lpSolve on %s', async (_name, f) => {
    const out = await classes(f.classes, f.maxKm);
    expect(Object.keys(out)).toEqual(['pairs', 'objective', 'unpaired']);
    expect(out.pairs).toHaveLength(f.pairs);
    expect(out.objective).toBeCloseTo(f.objective, 6);
    const byId = new Map(f.classes.map((c) => [c.id, c]));
    const seen = new Set<string>();
    let total = 0;
    for (const [a, b] of out.pairs) {
      const ca = byId.get(a);
      const cb = byId.get(b);
      if (!ca || !cb) throw new Error('unknown id');
      expect(ca.school).not.toBe(cb.school);
      expect(distanceKm(ca.x, ca.y, cb.x, cb.y)).toBeLessThanOrEqual(f.maxKm);
      expect(seen.has(a) || seen.has(b)).toBe(false);
      seen.add(a).add(b);
      total += Math.abs(ca.share - cb.share);
    }
    expect(out.objective).toBeCloseTo(total, 9);
    expect(out.unpaired.sort()).toEqual(
      f.classes
        .map((c) => c.id)
        .filter((id) => !seen.has(id))
        .sort(),
    );
  });

  it('equals a brute-force optimum on small random cases', async () => {
    const klass = fc.record({
      school: fc.constantFrom('A', 'B', 'C'),
      x: fc.integer({ min: 400000, max: 420000 }),
      y: fc.integer({ min: 300000, max: 320000 }),
      share: fc.integer({ min: 0, max: 20 }).map((v) => v / 20),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(klass, { maxLength: 9 }), fc.integer({ min: 0, max: 25 }), async (raw, maxKm) => {
        const list = raw.map((c, i) => ({ ...c, id: `K${i}` }));
        const out = await classes(list, maxKm);
        const edges: [number, number, number][] = [];
        for (let i = 0; i < list.length; i++)
          for (let j = i + 1; j < list.length; j++)
            if (list[i].school !== list[j].school && distanceKm(list[i].x, list[i].y, list[j].x, list[j].y) <= maxKm)
              edges.push([i, j, Math.abs(list[i].share - list[j].share)]);
        expect(out.objective).toBeCloseTo(bruteForceMatching(list.length, edges), 9);
      }),
      { seed: 1414, numRuns: 60 },
    );
  });

  it('reports a share out of range on its line', async () => {
    const r = await run('match', 'classes', file('id,school,x,y,share\nK1,S1,1,2,0.5\nK2,S2,1,2,1.5\n'), '--json');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^cohesion: f\d+\.csv line 3: share must be a share between 0 and 1 \(got '1\.5'\)\n$/);
  });
});
