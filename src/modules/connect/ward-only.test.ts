/**
 * Learners who give only a ward: imported without a grid reference, placed from the ward's centroid (the
 * geography module's boundaries), with the approximation stated in their explanation; without a boundary to
 * place them from, left waiting with that reason. A row with neither a grid reference nor a ward is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../../../test/helpers/db.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { wgs84ToGrid } from '../../geo/grid.ts';
import { translator } from '../../i18n/index.ts';
import { upsertAreas, upsertBoundaries, upsertLinks } from '../geography/repository.ts';
import { personFromRow } from './model.ts';
import { reason } from './present.ts';

const csv = (lines: string[]) => Buffer.from(lines.join('\n') + '\n');

describe('a waiting-list row with a ward only', () => {
  const row = { reference: 'W1', level: 'E1', slots: 'Mon-AM', x: '', y: '', waited_days: '10', ward: 'X05000001' };
  it('is accepted without a grid reference; with neither, a location is asked for', () => {
    expect(personFromRow(row, null)).toMatchObject({ x: null, y: null, wardCode: 'X05000001' });
    expect(() => personFromRow({ ...row, ward: '' }, null)).toThrow('connect.problems.location');
    expect(() => personFromRow({ ...row, x: '400000' }, null)).toThrow('connect.problems.empty');
  });
});

describe.each(BACKENDS)('ward-only learners (%s)', (backend) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(backend);
    await upsertAreas(t.db, [
      { code: 'X08000001', name: 'A Borough', level: 'lad' },
      { code: 'X05000001', name: 'Riverside', level: 'ward' },
      { code: 'X05000002', name: 'Hillside', level: 'ward' },
    ]);
    await upsertLinks(t.db, [
      { child: 'X05000001', parent: 'X08000001', parentLevel: 'lad' },
      { child: 'X05000002', parent: 'X08000001', parentLevel: 'lad' },
    ]);
    const square = [
      [-1.83, 53.745],
      [-1.81, 53.745],
      [-1.81, 53.757],
      [-1.83, 53.757],
      [-1.83, 53.745],
    ];
    await upsertBoundaries(t.db, [{ code: 'X05000001', geometry: { type: 'Polygon', coordinates: [square] } }], 'test');
  });
  afterAll(async () => t?.close());

  it('places a learner from the ward centroid and says so; without a boundary, says why not', async () => {
    const svc = t.services.connect;
    const officer = t.actor('officer');
    const id = await svc.programmes.create(officer, { kind: 'esol', name: 'ESOL wards', maxKm: 5 });
    const programme = await svc.programmes.get(t.council(), id);
    if (!programme) throw new Error('no programme');
    const [cx, cy] = wgs84ToGrid(-1.82, 53.751);
    const classes = csv(['id,level,slot,capacity,x,y', `C1,E1,Mon-AM,2,${Math.round(cx + 1000)},${Math.round(cy)}`]);
    expect(await svc.programmes.importClasses(officer, programme, classes)).toEqual({ ok: true, rows: 1 });
    const bad = await svc.waitlist.importPeople(
      officer,
      programme,
      csv(['reference,level,slots,x,y,waited_days,ward', 'N1,E1,Mon-AM,,,10,']),
    );
    expect(bad).toMatchObject({ ok: false, problems: [{ line: 2, key: 'connect.problems.location' }] });
    const people = csv([
      'reference,level,slots,x,y,waited_days,ward',
      'W1,E1,Mon-AM,,,100,X05000001',
      'W2,E1,Mon-AM,,,200,X05000002',
    ]);
    expect(await svc.waitlist.importPeople(officer, programme, people)).toEqual({ ok: true, rows: 2 });
    const summary = await svc.placement.run(officer, programme);
    expect(summary).toMatchObject({ placed: 1, unplaced: 1 });
    const list = new Map((await svc.waitlist.people(officer, programme)).map((p) => [p.reference, p]));
    const w1 = list.get('W1');
    expect(w1).toMatchObject({ status: 'placed', x: null, y: null });
    expect(w1?.distance_km).toBeCloseTo(1, 1);
    expect(w1?.explanation?.params).toMatchObject({ locatedBy: 'ward', ward: 'X05000001' });
    const en = translator('en');
    expect(reason(en, w1?.explanation ?? null)).toMatch(/centre of ward X05000001: distances are from there/);
    const w2 = list.get('W2');
    expect(w2).toMatchObject({ status: 'waiting', explanation: { code: 'no_location' } });
    expect(reason(en, w2?.explanation ?? null)).toContain('ward “X05000002” has no boundary loaded');
  });
});
