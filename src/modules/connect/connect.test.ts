import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../../../test/helpers/db.ts';
import { Client, createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { placeEsolLearners, linkSchoolClasses, pairFriendships } from '../../stats/matching/index.ts';
import type { Actor } from '../../kernel/actor.ts';
import type { ConnectServices, ProgrammeRow } from './index.ts';

const csv = (lines: string[]) => Buffer.from(lines.join('\n') + '\n');

/** Classes: two E1 places at Mon-AM near the centre, one E2 place far east. */
const CLASSES = csv([
  'id,level,slot,capacity,x,y,venue',
  'C1,E1,Mon-AM,2,400000,300000,Central Library',
  'C2,E2,Tue-PM,1,408000,300000,',
]);
/** Learners: three want C1 (two places), one's level has no class, one is out of range for C2, one has no email. */
const PEOPLE = csv([
  'reference,level,slots,x,y,waited_days,ward,email',
  'R1,E1,Mon-AM,400500,300000,400,,r1@example.test',
  'R2,E1,Mon-AM;Tue-PM,401000,300000,300,,r2@example.test',
  'R3,E1,Mon-AM,400200,300000,20,,r3@example.test',
  'R4,L2,Mon-AM,400000,300000,700,,',
  'R5,E2,Tue-PM,400000,300000,100,,r5@example.test',
]);

async function multipart(t: TestApp, c: Client, url: string, name: string, file: Buffer) {
  const boundary = '----connect';
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${c.csrf}\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n\r\n`),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return t.app.inject({
    method: 'POST',
    url,
    payload: body,
    headers: {
      'content-type': `multipart/form-data; boundary=${boundary}`,
      cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
    },
  });
}

describe.each(BACKENDS)('connect (%s)', (backend) => {
  let t: TestApp;
  let svc: ConnectServices;
  let officer: Actor;
  let programme: ProgrammeRow;

  beforeAll(async () => {
    t = await createTestApp(backend);
    svc = t.services.connect;
    officer = t.actor('officer');
    const id = await svc.programmes.create(officer, { kind: 'esol', name: 'ESOL test', maxKm: 5 });
    const found = await svc.programmes.get(t.council(), id);
    if (!found) throw new Error('no programme');
    programme = found;
  });
  afterAll(async () => t?.close());

  const people = async () => {
    const rows = await svc.waitlist.people(officer, programme);
    return new Map(rows.map((r) => [r.reference, r]));
  };

  it('reports every bad row of a waiting list with its line and imports nothing', async () => {
    const bad = csv([
      'reference,level,slots,x,y,waited_days,email',
      'B1,E1,Mon-AM,400000,300000,10,',
      'B2,E1,,400000,300000,10,',
      'B3,E1,Mon-AM,abc,300000,10,',
      'B1,E1,Mon-AM,400000,300000,10,',
      'B5,E1,Mon-AM,400000,300000,-4,',
      'B6,E1,Mon-AM,400000,300000,4,not-an-email',
    ]);
    const r = await svc.waitlist.importPeople(officer, programme, bad);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => [p.line, p.key])).toEqual([
      [3, 'connect.problems.empty'],
      [4, 'connect.problems.grid'],
      [5, 'connect.problems.duplicate'],
      [6, 'connect.problems.days'],
      [7, 'connect.problems.email'],
    ]);
    expect((await people()).size).toBe(0);
    const missing = await svc.waitlist.importPeople(officer, programme, csv(['reference,level', 'X,E1']));
    expect(missing).toMatchObject({ ok: false, problems: [{ line: 1, key: 'connect.problems.columns' }] });
  });

  it('imports classes and a waiting list, and refuses a reference already on the list', async () => {
    expect(await svc.programmes.importClasses(officer, programme, CLASSES)).toEqual({ ok: true, rows: 2 });
    expect(await svc.waitlist.importPeople(officer, programme, PEOPLE)).toEqual({ ok: true, rows: 5 });
    const again = await svc.waitlist.importPeople(
      officer,
      programme,
      csv(['reference,level,slots,x,y,waited_days', 'R1,E1,Mon-AM,1,1,1']),
    );
    expect(again).toMatchObject({ ok: false, problems: [{ line: 2, key: 'connect.problems.onList' }] });
    const list = await people();
    expect(list.get('R1')).toMatchObject({
      status: 'waiting',
      level: 'E1',
      slots: ['Mon-AM'],
      email: 'r1@example.test',
    });
  });

  it('places exactly as the matching library does and says why each unplaced person has no place', async () => {
    const summary = await svc.placement.run(officer, programme);
    const list = await people();
    const day = t.container.deps.clock().toISOString().slice(0, 10);
    const reference = placeEsolLearners(
      [...list.values()].map((p) => ({
        id: p.reference,
        level: p.level,
        slots: p.slots,
        x: p.x ?? 0,
        y: p.y ?? 0,
        waitedDays: Math.round((Date.parse(day) - Date.parse(p.joined_on)) / 86_400_000),
      })),
      [
        { id: 'C1', level: 'E1', slot: 'Mon-AM', capacity: 2, x: 400000, y: 300000 },
        { id: 'C2', level: 'E2', slot: 'Tue-PM', capacity: 1, x: 408000, y: 300000 },
      ],
      { maxKm: 5 },
    );
    expect(summary.objective).toBeCloseTo(reference.objective, 9);
    expect(summary).toMatchObject({ placed: 2, unplaced: 3, kept: 0 });
    expect(list.get('R1')?.status).toBe('placed');
    expect(list.get('R2')?.status).toBe('placed');
    expect(list.get('R3')).toMatchObject({ status: 'waiting', class_id: null });
    expect(list.get('R3')?.explanation?.code).toBe('capacity_taken');
    expect(list.get('R4')?.explanation).toMatchObject({ code: 'no_class_at_level', params: { level: 'L2' } });
    expect(list.get('R5')?.explanation).toMatchObject({ code: 'too_far', params: { nearestKm: 8, maxKm: 5 } });

    // The officer reads why on the programme page; the view of the list is audited.
    const c = new Client(t.app);
    await c.signIn('officer@a.test');
    const page = await c.get(`/c/council-a/connect/p/${programme.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('No place: there is no class at level L2');
    expect(page.body).toContain(
      'No place: the nearest class they could attend is 8.0 km away, beyond the 5.0 km limit',
    );
    expect(page.body).toContain('No place: every class they could attend is full (C1; nearest 0.2 km)');
    const audit = await t.db.query<{ n: number }>(
      `select count(*)::int as n from audit_log where action = 'connect.waitinglist.viewed' and council_id = $1`,
      [t.council().id],
    );
    expect(audit[0].n).toBeGreaterThan(0);
    // A viewer sees the totals and classes but no one's reference.
    const v = new Client(t.app);
    await v.signIn('viewer@a.test');
    const seen = await v.get(`/c/council-a/connect/p/${programme.id}`);
    expect(seen.statusCode).toBe(200);
    expect(seen.body).toContain('Central Library');
    // Only the page's text: random tokens in attributes (the CSP nonce, the CSRF token) can hold "R1" by chance.
    const mainText = (/<main[\s\S]*<\/main>/.exec(seen.body)?.[0] ?? '').replace(/<[^>]*>/g, ' ');
    expect(mainText).toContain('Central Library');
    expect(mainText).not.toContain('R1');
    expect((await v.get(`/c/council-a/connect/p/${programme.id}/people/${list.get('R1')?.id}`)).statusCode).toBe(403);
    // Another council's administrator cannot reach it.
    const b = new Client(t.app);
    await b.signIn('administrator@b.test');
    expect((await b.get(`/c/council-a/connect/p/${programme.id}`)).statusCode).toBe(404);
  });

  it('sends offers by email to those placed and records answers', async () => {
    const before = (await t.outbox.list()).length;
    // A Welsh council's offers are in Welsh (the waitlist does not record a learner's own language).
    const welsh: Actor = { ...officer, council: { ...officer.council, settings: { contentLanguage: 'cy' } } };
    const r = await svc.waitlist.sendOffers(welsh, programme);
    expect(r).toEqual({ offered: 2, emailed: 2 });
    const mail = (await t.outbox.list()).slice(before);
    expect(mail.map((m) => m.to).sort()).toEqual(['r1@example.test', 'r2@example.test']);
    expect(mail[0].subject).toBe('Cynnig lle mewn dosbarth Saesneg – Council A');
    expect(mail[0].body).toContain('Dosbarth: C1 (E1), Mon-AM');
    expect(mail[0].body).toContain('Central Library');
    const list = await people();
    expect(list.get('R1')?.status).toBe('offered');
    // A second send offers nobody new.
    expect(await svc.waitlist.sendOffers(officer, programme)).toEqual({ offered: 0, emailed: 0 });
    // R1 accepts through the link in their email, with no account; the link then stops working.
    const r1 = mail.find((m) => m.to === 'r1@example.test');
    const link = /\/connect\/offer\/[A-Za-z0-9_-]{43}/.exec(r1?.body ?? '')?.[0] ?? '';
    expect(link).not.toBe('');
    const anon = new Client(t.app);
    const offerPage = await anon.get(link);
    expect(offerPage.statusCode).toBe(200);
    expect(offerPage.body).toContain('Central Library');
    expect((await anon.post(link, {})).statusCode).toBe(400);
    const accepted = await anon.post(link, { answer: 'accept' });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.body).toContain('You accepted the place');
    expect((await anon.get(link)).statusCode).toBe(404);
    expect((await people()).get('R1')?.status).toBe('accepted');
    await expect(svc.waitlist.record(officer, programme, list.get('R4')?.id ?? '', 'accepted')).rejects.toMatchObject({
      key: 'connect.people.errors.transition',
    });
  });

  it('re-matches when a place frees up, keeping accepted and offered places fixed', async () => {
    const list = await people();
    // R2 declines over HTTP: the place is freed.
    const c = new Client(t.app);
    await c.signIn('officer@a.test');
    const url = `/c/council-a/connect/p/${programme.id}/people/${list.get('R2')?.id}`;
    const page = await c.get(url);
    expect(page.body).toContain('r2@example.test');
    const res = await c.post(url, { status: 'declined' });
    expect(res.statusCode).toBe(303);
    const bad = await c.post(url, { status: 'accepted' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('govuk-error-summary');
    const summary = await svc.placement.run(officer, programme);
    expect(summary.kept).toBe(1);
    const after = await people();
    expect(after.get('R1')).toMatchObject({ status: 'accepted', class_id: list.get('R1')?.class_id });
    expect(after.get('R2')).toMatchObject({ status: 'declined', class_id: null });
    expect(after.get('R3')).toMatchObject({ status: 'placed', class_id: list.get('R1')?.class_id });
  });

  it('imports a waiting list over HTTP and lists every bad row in the error summary', async () => {
    const c = new Client(t.app);
    await c.signIn('officer@a.test');
    await c.get(`/c/council-a/connect/p/${programme.id}/import`);
    const url = `/c/council-a/connect/p/${programme.id}/import`;
    const bad = await multipart(
      t,
      c,
      url,
      'bad.csv',
      csv(['reference,level,slots,x,y,waited_days', 'H1,E1,Mon-AM,1,2,x', 'H2,E1,Mon-AM,1,2,3,4']),
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Line 2: waited_days “x” must be a whole number of days from 0 to 3650');
    expect(bad.body).toContain('Line 3: the file is not a readable CSV from this line');
    const good = await multipart(
      t,
      c,
      url,
      'good.csv',
      csv(['reference,level,slots,x,y,waited_days', 'H1,E1,Mon-AM,400000,300000,3']),
    );
    expect(good.statusCode).toBe(303);
    expect((await people()).has('H1')).toBe(true);
    const add = await c.post(`/c/council-a/connect/p/${programme.id}/people/new`, {
      reference: 'F1',
      level: 'E2',
      slots: 'Tue-PM',
      x: 'east',
      y: '300000',
      waited_days: '2',
    });
    expect(add.statusCode).toBe(400);
    expect(add.body).toContain('is not a British National Grid reference');
  });

  it('links school classes exactly as the matching library does', async () => {
    const id = await svc.programmes.create(officer, { kind: 'linking', name: 'Linking test', maxKm: 15 });
    const linking = await svc.programmes.get(t.council(), id);
    if (!linking) throw new Error('no programme');
    const rows = [
      ['K1', 'North', 400000, 300000, 0.1],
      ['K2', 'North', 400000, 300000, 0.2],
      ['K3', 'South', 405000, 300000, 0.9],
      ['K4', 'South', 405000, 300000, 0.7],
      ['K5', 'Far', 480000, 300000, 0.5],
    ] as const;
    const r = await svc.programmes.importClasses(
      officer,
      linking,
      csv(['id,school,x,y,share', ...rows.map((x) => x.join(','))]),
    );
    expect(r).toEqual({ ok: true, rows: 5 });
    const summary = await svc.placement.run(officer, linking);
    const ref = linkSchoolClasses(
      rows.map(([id2, school, x, y, share]) => ({ id: id2, school, x, y, share })),
      { maxKm: 15 },
    );
    expect(summary.objective).toBeCloseTo(ref.objective, 9);
    expect(summary).toMatchObject({ placed: 2, unplaced: 1 });
    const classes = await svc.programmes.classes(t.council(), id);
    const k5 = classes.find((c) => c.code === 'K5');
    expect(k5?.explanation?.code).toBe('no_class_in_range');
    const c = new Client(t.app);
    await c.signIn('analyst@a.test');
    const page = await c.get(`/c/council-a/connect/p/${id}`);
    expect(page.body).toContain('Not linked: the nearest class from another school is 75.0 km away');
  });

  it('pairs friendship volunteers exactly, respecting stated preferences', async () => {
    const id = await svc.programmes.create(officer, { kind: 'friendship', name: 'Friends test', maxKm: 3 });
    const friends = await svc.programmes.get(t.council(), id);
    if (!friends) throw new Error('no programme');
    const file = csv([
      'reference,side,interests,slots,x,y,gender,partner_gender,must_share_interest,avoid',
      'O1,older,gardening;music,Mon-PM;Sat-AM,400000,300000,,,,Y1',
      'O2,older,football,Mon-PM,400500,300000,,,yes,',
      'O3,older,reading,Mon-PM,430000,300000,,,,',
      'Y1,younger,gardening;music,Mon-PM;Sat-AM,400100,300000,,,,',
      'Y2,younger,gardening,Mon-PM,400200,300000,,,,',
    ]);
    const bad = await svc.volunteers.importVolunteers(
      officer,
      friends,
      csv(['reference,side,interests,slots,x,y', 'Z,middle,,Mon-PM,1,1']),
    );
    expect(bad).toMatchObject({ ok: false, problems: [{ line: 2, key: 'connect.problems.side' }] });
    expect(await svc.volunteers.importVolunteers(officer, friends, file)).toEqual({ ok: true, rows: 5 });
    const summary = await svc.placement.run(officer, friends);
    const rows = await svc.volunteers.list(officer, friends);
    const vol = (r: (typeof rows)[number]) => ({
      id: r.reference,
      interests: r.interests,
      slots: r.slots,
      x: r.x,
      y: r.y,
      mustShareInterest: r.must_share_interest,
      avoid: r.avoid,
    });
    const ref = pairFriendships(
      rows.filter((r) => r.side === 'older').map(vol),
      rows.filter((r) => r.side === 'younger').map(vol),
      { maxKm: 3 },
    );
    expect(summary.objective).toBeCloseTo(ref.objective, 9);
    const byRef = new Map(rows.map((r) => [r.reference, r]));
    const partnerOf = (ref2: string) => rows.find((r) => r.id === byRef.get(ref2)?.partner_id)?.reference ?? null;
    // O1 asked not to be paired with Y1 (their best match otherwise); O2 must share an interest and shares none.
    expect(partnerOf('O1')).toBe('Y2');
    expect(partnerOf('Y1')).toBe(null);
    expect(byRef.get('O2')?.explanation?.code).toBe('no_compatible_partner');
    expect(byRef.get('O3')?.explanation).toMatchObject({ code: 'no_compatible_partner', params: { tooFar: 2 } });
    const c = new Client(t.app);
    await c.signIn('officer@a.test');
    const page = await c.get(`/c/council-a/connect/p/${id}`);
    expect(page.body).toContain('Paired with Y2: interests in common gardening');
    expect(page.body).toContain('Not paired: nobody suits their preferences');
  });

  it('resolves programmes for other modules only within the council', async () => {
    const links = t.container.deps.links;
    const found = await links.resolve(officer, [{ kind: 'connect.programme', id: programme.id }]);
    expect(found).toEqual([
      expect.objectContaining({ label: 'ESOL test', href: `/c/council-a/connect/p/${programme.id}` }),
    ]);
    expect(await links.resolve(t.actor('adminB'), [{ kind: 'connect.programme', id: programme.id }])).toEqual([]);
    expect(await links.resolve(t.actor('partner'), [{ kind: 'connect.programme', id: programme.id }])).toEqual([]);
  });

  it('erases the location and email of people who left the list a year ago', async () => {
    const later = new Date(t.container.deps.clock().getTime() + 400 * 86_400_000);
    const erased = await svc.retention.eraseExpired(later);
    expect(erased).toBe(2); // R1 accepted, R2 declined
    const list = await people();
    expect(list.get('R2')).toMatchObject({ email: null, x: null, y: null });
    expect(list.get('R3')?.email).toBe('r3@example.test');
  });

  it('acts once on an offer answered twice at once; runs, offers and answers together never overfill a class', async () => {
    const id = await svc.programmes.create(officer, { kind: 'esol', name: 'ESOL at once', maxKm: 5 });
    const p = await svc.programmes.get(t.council(), id);
    if (!p) throw new Error('no programme');
    expect(
      await svc.programmes.importClasses(
        officer,
        p,
        csv(['id,level,slot,capacity,x,y', 'K1,E1,Mon-AM,1,400000,300000']),
      ),
    ).toMatchObject({ ok: true });
    const learners = ['Q1', 'Q2', 'Q3'].map(
      (r, i) => `${r},E1,Mon-AM,400100,300000,${30 - i},,${r.toLowerCase()}@example.test`,
    );
    expect(
      await svc.waitlist.importPeople(
        officer,
        p,
        csv(['reference,level,slots,x,y,waited_days,ward,email', ...learners]),
      ),
    ).toMatchObject({ ok: true });
    await svc.placement.run(officer, p);
    const before = (await t.outbox.list()).length;
    expect(await svc.waitlist.sendOffers(officer, p)).toEqual({ offered: 1, emailed: 1 });
    const body = (await t.outbox.list()).slice(before)[0]?.body ?? '';
    const token = /\/connect\/offer\/([A-Za-z0-9_-]{43})/.exec(body)?.[1] ?? '';
    expect(token).not.toBe('');
    // While a placement run holds the programme (here: a transaction that took its lock), an answer waits for
    // it instead of changing a place the run is counting.
    let runDone = false;
    let answered: Promise<boolean> = Promise.resolve(false);
    await t.db.transaction(async (tx) => {
      await tx.query('select id from connect_programmes where id = $1 for update', [p.id]);
      answered = svc.waitlist.answer(token, false).then(() => runDone);
      await new Promise((resolve) => setTimeout(resolve, 300));
      runDone = true;
    });
    expect(await answered).toBe(true);
    // Put Q1 back on offer, with a new link.
    await svc.waitlist.record(officer, p, (await svc.waitlist.people(officer, p))[0].id, 'waiting');
    await svc.placement.run(officer, p);
    const again = (await t.outbox.list()).length;
    expect(await svc.waitlist.sendOffers(officer, p)).toEqual({ offered: 1, emailed: 1 });
    const token2 = /\/connect\/offer\/([A-Za-z0-9_-]{43})/.exec(
      (await t.outbox.list()).slice(again)[0]?.body ?? '',
    )?.[1];
    // Accept and decline sent together (a double click, two devices): one acts, the other finds the link used.
    const answers = await Promise.allSettled([
      svc.waitlist.answer(token2 ?? '', true),
      svc.waitlist.answer(token2 ?? '', false),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual(['fulfilled', 'rejected']);
    const q1 = (await svc.waitlist.people(officer, p)).find((x) => x.reference === 'Q1');
    const entries = await t.db.query<{ n: number }>(
      `select count(*)::int as n from audit_log where target_id = $1 and detail->>'via' = 'offer link'`,
      [q1?.id],
    );
    expect(entries[0].n).toBe(2);
    // Whatever order these run in, the one place is held or offered by one person at most.
    await Promise.all([
      svc.placement.run(officer, p),
      svc.waitlist.sendOffers(officer, p),
      svc.placement.run(officer, p),
      svc.waitlist.sendOffers(officer, p),
    ]);
    const holding = (await svc.waitlist.people(officer, p)).filter((x) =>
      ['placed', 'offered', 'accepted'].includes(x.status),
    );
    expect(holding).toHaveLength(1);
  });

  it('refuses control characters in a venue, a school and an email address', async () => {
    const id = await svc.programmes.create(officer, { kind: 'esol', name: 'ESOL control', maxKm: 5 });
    const p = await svc.programmes.get(t.council(), id);
    if (!p) throw new Error('no programme');
    const classes = await svc.programmes.importClasses(
      officer,
      p,
      csv([
        'id,level,slot,capacity,x,y,venue',
        'K1,E1,Mon-AM,1,400000,300000,Hall\u0007',
        'K2,E1,Mon-AM,1,400000,300000,Ha\u202Ell',
      ]),
    );
    expect(classes.ok).toBe(false);
    if (!classes.ok)
      expect(classes.problems.map((x) => x.key)).toEqual(['connect.problems.control', 'connect.problems.control']);
    const people = await svc.waitlist.importPeople(
      officer,
      p,
      csv(['reference,level,slots,x,y,waited_days,email', 'Q1,E1,Mon-AM,400000,300000,1,q\u0007@example.test']),
    );
    expect(people.ok).toBe(false);
    if (!people.ok) expect(people.problems.map((x) => x.key)).toEqual(['connect.problems.email']);
    expect(await svc.programmes.classes(t.council(), p.id)).toEqual([]);
  });
});
