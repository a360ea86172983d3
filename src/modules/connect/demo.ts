/**
 * Connect's part of the fictional demo council: an ESOL waiting list with classes at community venues, placed,
 * offered and mostly answered (declined places offered again), a school linking programme for its (fictional)
 * primary schools, linked once, and an intergenerational friendship programme of older and younger volunteers,
 * paired once. Locations are British National Grid references near the demo wards' centres (the demo generator
 * draws Demoshire on a flat grid around 1.825° W, 53.75° N; eastings and northings here are that grid's
 * kilometres from an origin near there). Skipped when the council already has a programme.
 */
import { systemActor, type Council } from '../../kernel/actor.ts';
import { createRng, randomInt, type Rng } from '../../stats/random.ts';
import type { ConnectDeps } from './services/context.ts';
import type { ConnectServices } from './services/index.ts';

/** The demo generator's origin and scale (src/demo/council.ts) and a grid reference near that point. */
const LON0 = -1.825;
const LAT0 = 53.75;
const KM_PER_DEG_LAT = 111.32;
const KM_PER_DEG_LON = 111.32 * Math.cos((LAT0 * Math.PI) / 180);
const E0 = 411500;
const N0 = 428150;

const LEVELS = ['Pre-entry', 'E1', 'E2', 'E3'];
const SLOTS = ['Mon-AM', 'Mon-PM', 'Tue-AM', 'Wed-PM', 'Wed-EVE', 'Thu-AM', 'Fri-AM', 'Sat-AM'];
const VENUES = [
  'Central Library (demo)',
  'Brook Street Community Centre (demo)',
  "St Aidan's Church Hall (demo)",
  'Demoshire College Town Campus (demo)',
  'Masjid Noor Community Room (demo)',
  'Moorside Family Hub (demo)',
];
const SCHOOLS = [
  'Northgate Primary (demo)',
  'Brookside Primary (demo)',
  "St Aidan's CE Primary (demo)",
  'Hillcrest Primary (demo)',
  'Moorfield Primary (demo)',
  'Canal Side Primary (demo)',
  'Westfield Junior (demo)',
  'Holy Family RC Primary (demo)',
  'Lowmoor Primary (demo)',
  'Parkside Primary (demo)',
];

function centre(geometry: { type: string; coordinates: unknown }): [number, number] | null {
  const rings = geometry.type === 'Polygon' ? [geometry.coordinates] : (geometry.coordinates as unknown[]);
  let sx = 0;
  let sy = 0;
  let n = 0;
  for (const polygon of rings as number[][][][])
    for (const [lon, lat] of polygon[0] ?? []) {
      sx += lon;
      sy += lat;
      n++;
    }
  if (!n) return null;
  return [E0 + (sx / n - LON0) * KM_PER_DEG_LON * 1000, N0 + (sy / n - LAT0) * KM_PER_DEG_LAT * 1000];
}

const near = (rng: Rng, [x, y]: [number, number], metres: number) => [
  Math.round(x + (rng.next() - 0.5) * 2 * metres),
  Math.round(y + (rng.next() - 0.5) * 2 * metres),
];

function csv(header: string, rows: (string | number)[][]): Uint8Array {
  return new TextEncoder().encode([header, ...rows.map((r) => r.join(','))].join('\n') + '\n');
}

export async function seedConnectDemo(deps: ConnectDeps, services: ConnectServices, council: Council): Promise<void> {
  if ((await services.programmes.list(council)).length || !council.areaCode) return;
  const wardRows = await deps.geography.descendants(council.areaCode, 'ward');
  const features = await deps.geography.features(wardRows);
  const wards = features.flatMap((f) => {
    const c = centre(f.geometry);
    return c ? [{ code: f.code, name: f.name, centre: c }] : [];
  });
  if (!wards.length) return;
  const actor = systemActor(council, 'demo');
  const rng = createRng(1414);
  const pick = <T>(items: readonly T[]): T => items[randomInt(rng, items.length)];

  // ESOL: classes at venues in six wards; a waiting list three times the places, some at a level with no class.
  const esol = await services.programmes.create(actor, { kind: 'esol', name: 'ESOL classes 2026–27 (demo)', maxKm: 5 });
  const classes = Array.from({ length: 9 }, (_, j) => {
    const ward = wards[(j * 3) % wards.length];
    const [x, y] = near(rng, ward.centre, 300);
    return [
      `C${String(j + 1).padStart(2, '0')}`,
      LEVELS[j % LEVELS.length],
      pick(SLOTS),
      6 + randomInt(rng, 7),
      x,
      y,
      VENUES[j % VENUES.length],
    ];
  });
  const programme = await services.programmes.get(council, esol);
  if (!programme) return;
  await services.programmes.importClasses(actor, programme, csv('id,level,slot,capacity,x,y,venue', classes));
  const learners = Array.from({ length: 160 }, (_, i) => {
    const ward = pick(wards);
    const [x, y] = near(rng, ward.centre, 900);
    const slots = new Set<string>();
    const k = 1 + randomInt(rng, 3);
    while (slots.size < k) slots.add(pick(SLOTS));
    const level = i % 23 === 0 ? 'L1' : pick(LEVELS);
    return [
      `ESOL-${String(i + 1).padStart(4, '0')}`,
      level,
      [...slots].join(';'),
      x,
      y,
      randomInt(rng, 700),
      ward.code,
      '',
    ];
  });
  await services.waitlist.importPeople(
    actor,
    programme,
    csv('reference,level,slots,x,y,waited_days,ward,email', learners),
  );
  await services.placement.run(actor, programme);
  // Offers to everyone placed (the demo's learners give no email address, so none is sent); most answer, and the
  // places declined are placed again and offered to the next learners on the list.
  await services.waitlist.sendOffers(actor, programme);
  const offered = (await services.waitlist.people(actor, programme)).filter((p) => p.status === 'offered');
  for (const [i, p] of offered.entries())
    if (i % 5 !== 4) await services.waitlist.record(actor, programme, p.id, i % 5 === 3 ? 'declined' : 'accepted');
  await services.placement.run(actor, programme);
  await services.waitlist.sendOffers(actor, programme);

  // School linking: two Year 5 classes in each of ten schools; shares follow each school's ward, with spread.
  const linkingId = await services.programmes.create(actor, {
    kind: 'linking',
    name: 'School linking, Year 5, 2026–27 (demo)',
    maxKm: 15,
  });
  const linking = await services.programmes.get(council, linkingId);
  if (!linking) return;
  const schoolRows = SCHOOLS.flatMap((school, s) => {
    const ward = wards[(s * 7) % wards.length];
    const [x, y] = near(rng, ward.centre, 400);
    const mix = s % 2 === 0 ? 0.05 + 0.25 * rng.next() : 0.45 + 0.5 * rng.next();
    return ['5A', '5B'].map((c) => [
      `${school.split(' ')[0].replace(/\W/g, '')}-${c}`,
      school,
      x,
      y,
      Math.min(1, Math.max(0, Math.round((mix + (rng.next() - 0.5) * 0.1) * 100) / 100)),
    ]);
  });
  await services.programmes.importClasses(actor, linking, csv('id,school,x,y,share', schoolRows));
  await services.placement.run(actor, linking);

  // Friendships: older and younger neighbours with interests and free times; a few stated preferences.
  const friendsId = await services.programmes.create(actor, {
    kind: 'friendship',
    name: 'Good Neighbours friendships (demo)',
    maxKm: 3,
  });
  const friends = await services.programmes.get(council, friendsId);
  if (!friends) return;
  const INTERESTS = ['gardening', 'cooking', 'football', 'music', 'reading', 'crafts', 'walking', 'history', 'films'];
  const FREE = ['Mon-PM', 'Tue-PM', 'Wed-AM', 'Thu-PM', 'Sat-AM', 'Sun-PM'];
  const volunteers = Array.from({ length: 34 }, (_, i) => {
    const older = i < 16;
    const [x, y] = near(rng, pick(wards).centre, 1200);
    const interests = new Set<string>();
    while (interests.size < 2 + randomInt(rng, 3)) interests.add(pick(INTERESTS));
    const slots = new Set<string>();
    while (slots.size < 1 + randomInt(rng, 3)) slots.add(pick(FREE));
    return [
      `${older ? 'GN-O' : 'GN-Y'}${String(i + 1).padStart(3, '0')}`,
      older ? 'older' : 'younger',
      [...interests].join(';'),
      [...slots].join(';'),
      x,
      y,
      '',
      '',
      i % 7 === 0 ? 'yes' : '',
      '',
    ];
  });
  await services.volunteers.importVolunteers(
    actor,
    friends,
    csv('reference,side,interests,slots,x,y,gender,partner_gender,must_share_interest,avoid', volunteers),
  );
  await services.placement.run(actor, friends);
}
