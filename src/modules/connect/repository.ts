/** Connect's SQL. Every query filters by council_id. */
import { one, oneRow, type Queryable } from '../../db/index.ts';
import type {
  ClassRow,
  EsolClassInput,
  Explanation,
  LinkClassInput,
  PersonRow,
  ProgrammeKind,
  ProgrammeRow,
  Status,
  VolunteerInput,
  VolunteerRow,
} from './model.ts';

const PROGRAMME = 'id, council_id, kind, name, max_km, last_run_at, last_objective, created_at';
const CLASS = 'id, code, level, slot, capacity, venue, school, share, x, y, partner_id, explanation';
const PERSON = `id, reference, level, slots, x, y, ward_code, joined_on::text as joined_on, email, status, class_id, score,
  distance_km, explanation, offered_at, responded_at, erased_at`;

export function listProgrammes(q: Queryable, councilId: string) {
  return q.query<ProgrammeRow & { people: number; classes: number }>(
    `select ${PROGRAMME.split(', ')
      .map((c) => `p.${c}`)
      .join(', ')},
       (select count(*)::int from connect_people x where x.programme_id = p.id and x.council_id = p.council_id)
         + (select count(*)::int from connect_volunteers v where v.programme_id = p.id and v.council_id = p.council_id)
         as people,
       (select count(*)::int from connect_classes c where c.programme_id = p.id and c.council_id = p.council_id) as classes
     from connect_programmes p where p.council_id = $1 order by p.created_at, p.name`,
    [councilId],
  );
}

export function findProgramme(q: Queryable, councilId: string, id: string) {
  return one<ProgrammeRow>(q, `select ${PROGRAMME} from connect_programmes where council_id = $1 and id = $2`, [
    councilId,
    id,
  ]);
}

export function findProgrammes(q: Queryable, councilId: string, ids: readonly string[]) {
  return q.query<ProgrammeRow>(
    `select ${PROGRAMME} from connect_programmes where council_id = $1 and id = any($2::uuid[])`,
    [councilId, ids],
  );
}

export function programmeByName(q: Queryable, councilId: string, name: string) {
  return one<{ id: string }>(q, `select id from connect_programmes where council_id = $1 and lower(name) = lower($2)`, [
    councilId,
    name,
  ]);
}

export async function insertProgramme(
  q: Queryable,
  councilId: string,
  p: { kind: ProgrammeKind; name: string; maxKm: number },
): Promise<string> {
  const row = await oneRow<{ id: string }>(
    q,
    `insert into connect_programmes (council_id, kind, name, max_km) values ($1, $2, $3, $4) returning id`,
    [councilId, p.kind, p.name, p.maxKm],
  );
  return row.id;
}

export function recordRun(q: Queryable, councilId: string, id: string, at: Date, objective: number) {
  return q.query(
    `update connect_programmes set last_run_at = $3, last_objective = $4 where council_id = $1 and id = $2`,
    [councilId, id, at, objective],
  );
}

/**
 * Locks the programme's row until the transaction ends: every change to who holds a place (a placement run,
 * offers, an answer, a recorded status, a class list) takes it first, so they happen one after another and a
 * run never counts places from a state another change is rewriting.
 */
export async function lockProgramme(q: Queryable, councilId: string, id: string): Promise<boolean> {
  const rows = await q.query<{ id: string }>(
    'select id from connect_programmes where council_id = $1 and id = $2 for update',
    [councilId, id],
  );
  return rows.length === 1;
}

export function listClasses(q: Queryable, councilId: string, programmeId: string) {
  return q.query<ClassRow>(
    `select ${CLASS} from connect_classes where council_id = $1 and programme_id = $2 order by code`,
    [councilId, programmeId],
  );
}

export async function upsertEsolClass(q: Queryable, councilId: string, programmeId: string, c: EsolClassInput) {
  await q.query(
    `insert into connect_classes (council_id, programme_id, code, level, slot, capacity, venue, x, y)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     on conflict (programme_id, code) do update set level = excluded.level, slot = excluded.slot,
       capacity = excluded.capacity, venue = excluded.venue, x = excluded.x, y = excluded.y`,
    [councilId, programmeId, c.code, c.level, c.slot, c.capacity, c.venue, c.x, c.y],
  );
}

export async function upsertLinkClass(q: Queryable, councilId: string, programmeId: string, c: LinkClassInput) {
  await q.query(
    `insert into connect_classes (council_id, programme_id, code, school, share, x, y)
     values ($1, $2, $3, $4, $5, $6, $7)
     on conflict (programme_id, code) do update set school = excluded.school, share = excluded.share,
       x = excluded.x, y = excluded.y`,
    [councilId, programmeId, c.code, c.school, c.share, c.x, c.y],
  );
}

export function setLink(
  q: Queryable,
  councilId: string,
  classId: string,
  partnerId: string | null,
  explanation: Explanation,
) {
  return q.query(`update connect_classes set partner_id = $3, explanation = $4 where council_id = $1 and id = $2`, [
    councilId,
    classId,
    partnerId,
    JSON.stringify(explanation),
  ]);
}

export function listPeople(q: Queryable, councilId: string, programmeId: string) {
  return q.query<PersonRow>(
    `select ${PERSON} from connect_people where council_id = $1 and programme_id = $2
     order by joined_on, reference`,
    [councilId, programmeId],
  );
}

export function findPerson(q: Queryable, councilId: string, programmeId: string, id: string) {
  return one<PersonRow>(
    q,
    `select ${PERSON} from connect_people where council_id = $1 and programme_id = $2 and id = $3`,
    [councilId, programmeId, id],
  );
}

export function existingReferences(q: Queryable, councilId: string, programmeId: string, refs: readonly string[]) {
  return q.query<{ reference: string }>(
    `select reference from connect_people where council_id = $1 and programme_id = $2 and reference = any($3::text[])`,
    [councilId, programmeId, refs],
  );
}

export async function insertPerson(
  q: Queryable,
  councilId: string,
  programmeId: string,
  p: {
    reference: string;
    level: string;
    slots: string[];
    x: number | null;
    y: number | null;
    wardCode: string | null;
    joinedOn: string;
    email: string | null;
  },
): Promise<string> {
  const row = await oneRow<{ id: string }>(
    q,
    `insert into connect_people (council_id, programme_id, reference, level, slots, x, y, ward_code, joined_on, email)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning id`,
    [councilId, programmeId, p.reference, p.level, p.slots, p.x, p.y, p.wardCode, p.joinedOn, p.email],
  );
  return row.id;
}

/** The outcome of a placement run for one person still to be placed. */
export function setPlacement(
  q: Queryable,
  councilId: string,
  id: string,
  p: {
    status: Status;
    classId: string | null;
    score: number | null;
    distanceKm: number | null;
    explanation: Explanation;
  },
  at: Date,
) {
  return q.query(
    `update connect_people set status = $3, class_id = $4, score = $5, distance_km = $6, explanation = $7, updated_at = $8
     where council_id = $1 and id = $2 and status in ('waiting', 'placed')`,
    [councilId, id, p.status, p.classId, p.score, p.distanceKm, JSON.stringify(p.explanation), at],
  );
}

export function setStatus(
  q: Queryable,
  councilId: string,
  id: string,
  status: Status,
  at: Date,
  opts: { offered?: boolean; responded?: boolean; clearClass?: boolean } = {},
) {
  return q.query(
    `update connect_people set status = $3, updated_at = $4,
       offered_at = case when $5 then $4 else offered_at end,
       responded_at = case when $6 then $4 else responded_at end,
       class_id = case when $7 then null else class_id end,
       score = case when $7 then null else score end,
       distance_km = case when $7 then null else distance_km end
     where council_id = $1 and id = $2`,
    [councilId, id, status, at, opts.offered ?? false, opts.responded ?? false, opts.clearClass ?? false],
  );
}

/** Erases the location and email of people who left the list (declined, withdrawn) or were placed, before `before`. */
export function eraseExpired(q: Queryable, before: Date, at: Date) {
  return q.query<{ id: string; council_id: string }>(
    `update connect_people set email = null, x = null, y = null, erased_at = $2
     where erased_at is null and status in ('accepted','declined','withdrawn') and updated_at < $1
     returning id, council_id`,
    [before, at],
  );
}

const VOLUNTEER = `id, reference, side, interests, slots, x, y, gender, partner_gender, must_share_interest, avoid, partner_id,
  explanation`;

export function listVolunteers(q: Queryable, councilId: string, programmeId: string) {
  return q.query<VolunteerRow>(
    `select ${VOLUNTEER} from connect_volunteers where council_id = $1 and programme_id = $2 order by side, reference`,
    [councilId, programmeId],
  );
}

export async function upsertVolunteer(q: Queryable, councilId: string, programmeId: string, v: VolunteerInput) {
  await q.query(
    `insert into connect_volunteers (council_id, programme_id, reference, side, interests, slots, x, y, gender,
       partner_gender, must_share_interest, avoid)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
     on conflict (programme_id, reference) do update set side = excluded.side, interests = excluded.interests,
       slots = excluded.slots, x = excluded.x, y = excluded.y, gender = excluded.gender,
       partner_gender = excluded.partner_gender, must_share_interest = excluded.must_share_interest,
       avoid = excluded.avoid`,
    [
      councilId,
      programmeId,
      v.reference,
      v.side,
      v.interests,
      v.slots,
      v.x,
      v.y,
      v.gender,
      v.partnerGender,
      v.mustShareInterest,
      v.avoid,
    ],
  );
}

export function setPartner(
  q: Queryable,
  councilId: string,
  id: string,
  partnerId: string | null,
  explanation: Explanation,
) {
  return q.query(`update connect_volunteers set partner_id = $3, explanation = $4 where council_id = $1 and id = $2`, [
    councilId,
    id,
    partnerId,
    JSON.stringify(explanation),
  ]);
}

export function setOfferToken(q: Queryable, councilId: string, id: string, tokenHash: string | null) {
  return q.query(`update connect_people set offer_token_hash = $3 where council_id = $1 and id = $2`, [
    councilId,
    id,
    tokenHash,
  ]);
}

/** The offer behind a link (any council: the token is the key), with what the offer page shows. */
export function offerByToken(q: Queryable, tokenHash: string) {
  return one<{
    id: string;
    council_id: string;
    programme_id: string;
    reference: string;
    status: Status;
    class_code: string | null;
    level: string | null;
    slot: string | null;
    venue: string | null;
  }>(
    q,
    `select p.id, p.council_id, p.programme_id, p.reference, p.status, c.code as class_code, c.level, c.slot, c.venue
     from connect_people p left join connect_classes c on c.id = p.class_id and c.council_id = p.council_id
     where p.offer_token_hash = $1 and p.erased_at is null`,
    [tokenHash],
  );
}

/** The person behind a link, locked until the transaction ends (a second answer waits, then finds no link). */
export function lockOfferByToken(q: Queryable, tokenHash: string) {
  return one<{ id: string; council_id: string; programme_id: string; status: Status }>(
    q,
    `select id, council_id, programme_id, status from connect_people
     where offer_token_hash = $1 and erased_at is null for update`,
    [tokenHash],
  );
}

/** What the cabinet report counts about each ESOL learner: status and dates only (no location, email or reference). */
export function peopleForReport(q: Queryable, councilId: string) {
  return q.query<{
    programme_id: string;
    status: Status;
    joined_on: string;
    offered_at: Date | null;
    responded_at: Date | null;
  }>(
    `select programme_id, status, joined_on::text as joined_on, offered_at, responded_at
       from connect_people where council_id = $1`,
    [councilId],
  );
}

/** What the cabinet report counts about school linking: each class's school, share and partner (no pupil data). */
export function linkClassesForReport(q: Queryable, councilId: string) {
  return q.query<{
    id: string;
    programme_id: string;
    school: string | null;
    share: number | null;
    partner_id: string | null;
  }>(
    `select c.id, c.programme_id, c.school, c.share, c.partner_id
       from connect_classes c join connect_programmes p on p.id = c.programme_id and p.council_id = c.council_id
      where c.council_id = $1 and p.kind = 'linking'`,
    [councilId],
  );
}

/** What the cabinet report counts about friendship volunteers: their programme, side and whether paired. */
export function volunteersForReport(q: Queryable, councilId: string) {
  return q.query<{ programme_id: string; side: 'older' | 'younger'; paired: boolean }>(
    `select programme_id, side, partner_id is not null as paired from connect_volunteers where council_id = $1`,
    [councilId],
  );
}
