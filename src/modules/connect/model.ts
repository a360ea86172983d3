/**
 * Connect's records and the pure validation of its CSV files and forms. A file is checked row by row and every
 * problem is reported with its line; nothing is written unless every row is good.
 */
export const STATUSES = ['waiting', 'placed', 'offered', 'accepted', 'declined', 'withdrawn'] as const;
export type Status = (typeof STATUSES)[number];
/** Statuses an officer may record by hand. */
export const RECORDABLE: readonly Status[] = ['accepted', 'declined', 'withdrawn', 'waiting'];
export const KINDS = ['esol', 'linking', 'friendship'] as const;
export type ProgrammeKind = (typeof KINDS)[number];

export interface Explanation {
  readonly code: string;
  readonly params: Record<string, unknown>;
}

export interface ProgrammeRow {
  id: string;
  council_id: string;
  kind: ProgrammeKind;
  name: string;
  max_km: number;
  last_run_at: Date | null;
  last_objective: number | null;
  created_at: Date;
}

export interface ClassRow {
  id: string;
  code: string;
  level: string | null;
  slot: string | null;
  capacity: number | null;
  venue: string | null;
  school: string | null;
  share: number | null;
  x: number;
  y: number;
  partner_id: string | null;
  explanation: Explanation | null;
}

export interface PersonRow {
  id: string;
  reference: string;
  level: string;
  slots: string[];
  x: number | null;
  y: number | null;
  ward_code: string | null;
  joined_on: string;
  email: string | null;
  status: Status;
  class_id: string | null;
  score: number | null;
  distance_km: number | null;
  explanation: Explanation | null;
  offered_at: Date | null;
  responded_at: Date | null;
  erased_at: Date | null;
}

export interface LineProblem {
  line: number;
  /** Catalogue key and its parameters. */
  key: string;
  params: Record<string, string | number>;
}

export interface PersonInput {
  reference: string;
  level: string;
  slots: string[];
  /** Null for a learner who gave only a ward: placed from the ward's centroid (see services/placement.ts). */
  x: number | null;
  y: number | null;
  wardCode: string | null;
  waitedDays: number;
  email: string | null;
}

export interface EsolClassInput {
  code: string;
  level: string;
  slot: string;
  capacity: number;
  venue: string | null;
  x: number;
  y: number;
}

export interface LinkClassInput {
  code: string;
  school: string;
  share: number;
  x: number;
  y: number;
}

type Row = Record<string, string>;
type Problem = { key: string; params: Record<string, string | number> };

const CODE = /^[A-Za-z0-9][A-Za-z0-9_.\-/]{0,39}$/;
const SLOT = /^[A-Za-z0-9][A-Za-z0-9_\-:]{0,19}$/;
const EMAIL = /^[^\s@,;<>\p{Cc}]{1,64}@[^\s@,;<>\p{Cc}]{1,190}\.[^\s@,;<>\p{Cc}]{2,}$/u;
/** Control characters and text-direction overrides: refused in free text (venues, schools), as on every form. */
const CONTROL = /[\p{Cc}\u202a-\u202e\u2066-\u2069]/u;
function freeText(column: string, value: string): string {
  if (CONTROL.test(value)) bad('connect.problems.control', { column });
  return value.slice(0, 200);
}
const GSS = /^[A-Z][0-9]{8}$/;
/** Grid references within Great Britain's National Grid (metres). */
const onGrid = (x: number, y: number) => x >= 0 && x <= 700000 && y >= 0 && y <= 1300000;

class Bad extends Error {
  constructor(readonly problem: Problem) {
    super(problem.key);
  }
}
const bad = (key: string, params: Record<string, string | number> = {}): never => {
  throw new Bad({ key, params });
};

function required(row: Row, column: string): string {
  const v = (row[column] ?? '').trim();
  if (v === '') bad('connect.problems.empty', { column });
  return v;
}
function code(row: Row, column: string): string {
  const v = required(row, column);
  if (!CODE.test(v)) bad('connect.problems.code', { column, value: v.slice(0, 40) });
  return v;
}
function num(row: Row, column: string, ok: (v: number) => boolean, key: string): number {
  const raw = required(row, column);
  const v = Number(raw);
  if (!Number.isFinite(v) || !ok(v)) bad(key, { column, value: raw.slice(0, 40) });
  return v;
}
function grid(row: Row): { x: number; y: number } {
  const x = num(row, 'x', Number.isFinite, 'connect.problems.grid');
  const y = num(row, 'y', Number.isFinite, 'connect.problems.grid');
  if (!onGrid(x, y)) bad('connect.problems.grid', { column: 'x', value: `${x} ${y}` });
  return { x, y };
}
export function parseSlots(raw: string): string[] {
  const slots = [
    ...new Set(
      raw
        .split(/[;\s]+/)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
  if (!slots.length) bad('connect.problems.empty', { column: 'slots' });
  for (const s of slots) if (!SLOT.test(s)) bad('connect.problems.slot', { column: 'slots', value: s.slice(0, 20) });
  return slots;
}

/**
 * A row of a waiting list: reference,level,slots,x,y,waited_days[,ward][,email]. x and y may both be blank when
 * a ward is given: the learner is then placed from the ward's centroid.
 */
export function personFromRow(row: Row, wards: ReadonlySet<string> | null): PersonInput {
  const reference = code(row, 'reference');
  const level = code(row, 'level');
  const slots = parseSlots(required(row, 'slots'));
  const noGrid = !(row.x ?? '').trim() && !(row.y ?? '').trim();
  const hasWard = !!(row.ward ?? '').trim();
  if (noGrid && !hasWard) bad('connect.problems.location', { column: 'x' });
  const { x, y } = noGrid ? { x: null, y: null } : grid(row);
  const waitedDays = num(
    row,
    'waited_days',
    (v) => Number.isInteger(v) && v >= 0 && v <= 3650,
    'connect.problems.days',
  );
  const ward = (row.ward ?? '').trim();
  if (ward && (!GSS.test(ward) || (wards && !wards.has(ward))))
    bad('connect.problems.ward', { column: 'ward', value: ward.slice(0, 20) });
  const email = (row.email ?? '').trim();
  if (email && !EMAIL.test(email)) bad('connect.problems.email', { column: 'email' });
  return { reference, level, slots, x, y, wardCode: ward || null, waitedDays, email: email || null };
}

/** A row of an ESOL class list: id,level,slot,capacity,x,y[,venue]. */
export function esolClassFromRow(row: Row): EsolClassInput {
  const venue = (row.venue ?? '').trim();
  return {
    code: code(row, 'id'),
    level: code(row, 'level'),
    slot: parseSlots(required(row, 'slot'))[0],
    capacity: num(row, 'capacity', (v) => Number.isInteger(v) && v >= 0 && v <= 500, 'connect.problems.capacity'),
    venue: venue ? freeText('venue', venue) : null,
    ...grid(row),
  };
}

/** A row of a school linking class list: id,school,x,y,share. */
export function linkClassFromRow(row: Row): LinkClassInput {
  return {
    code: code(row, 'id'),
    school: freeText('school', required(row, 'school')),
    share: num(row, 'share', (v) => v >= 0 && v <= 1, 'connect.problems.share'),
    ...grid(row),
  };
}

export interface VolunteerInput {
  reference: string;
  side: 'older' | 'younger';
  interests: string[];
  slots: string[];
  x: number;
  y: number;
  gender: string | null;
  partnerGender: string | null;
  mustShareInterest: boolean;
  avoid: string[];
}

export interface VolunteerRow {
  id: string;
  reference: string;
  side: 'older' | 'younger';
  interests: string[];
  slots: string[];
  x: number;
  y: number;
  gender: string | null;
  partner_gender: string | null;
  must_share_interest: boolean;
  avoid: string[];
  partner_id: string | null;
  explanation: Explanation | null;
}

const list = (raw: string | undefined, column: string, max: number): string[] => {
  const items = [
    ...new Set(
      (raw ?? '')
        .split(';')
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean),
    ),
  ];
  if (items.length > max || items.some((s) => s.length > 40)) bad('connect.problems.list', { column, max });
  return items;
};

/** A row of a friendship volunteer list: reference,side,interests,slots,x,y[,gender][,partner_gender][,must_share_interest][,avoid]. */
export function volunteerFromRow(row: Row): VolunteerInput {
  const reference = code(row, 'reference');
  const side = required(row, 'side').toLowerCase();
  if (side !== 'older' && side !== 'younger')
    bad('connect.problems.side', { column: 'side', value: side.slice(0, 20) });
  const flag = (row.must_share_interest ?? '').trim().toLowerCase();
  if (!['', 'yes', 'no', 'true', 'false', '1', '0'].includes(flag))
    bad('connect.problems.flag', { column: 'must_share_interest', value: flag.slice(0, 20) });
  const text = (column: string) => {
    const v = (row[column] ?? '').trim().toLowerCase();
    if (v.length > 40) bad('connect.problems.list', { column, max: 1 });
    return v || null;
  };
  return {
    reference,
    side: side as 'older' | 'younger',
    interests: list(row.interests, 'interests', 30),
    slots: parseSlots(required(row, 'slots')),
    ...grid(row),
    gender: text('gender'),
    partnerGender: text('partner_gender'),
    mustShareInterest: ['yes', 'true', '1'].includes(flag),
    avoid: (row.avoid ?? '')
      .split(';')
      .map((s) => s.trim())
      .filter(Boolean)
      .slice(0, 50),
  };
}

export const COLUMNS = {
  volunteers: ['reference', 'side', 'interests', 'slots', 'x', 'y'],
  people: ['reference', 'level', 'slots', 'x', 'y', 'waited_days'],
  esolClasses: ['id', 'level', 'slot', 'capacity', 'x', 'y'],
  linkClasses: ['id', 'school', 'x', 'y', 'share'],
} as const;

/**
 * Checks every row: `convert` turns a row into a value or reports its problem; a repeated key is a problem too.
 * Returns the values only when every row is good.
 */
export function checkRows<T>(
  rows: readonly { line: number; record: Row }[],
  convert: (row: Row) => T,
  keyOf: (v: T) => string,
): { values: T[]; problems: LineProblem[] } {
  const values: T[] = [];
  const problems: LineProblem[] = [];
  const seen = new Map<string, number>();
  for (const { line, record } of rows) {
    try {
      const v = convert(record);
      const first = seen.get(keyOf(v));
      if (first !== undefined) {
        problems.push({ line, key: 'connect.problems.duplicate', params: { value: keyOf(v), first } });
        continue;
      }
      seen.set(keyOf(v), line);
      values.push(v);
    } catch (err) {
      if (!(err instanceof Bad)) throw err;
      problems.push({ line, ...err.problem });
    }
  }
  return { values, problems };
}

/** Whole days from `joinedOn` (YYYY-MM-DD) to `today` (YYYY-MM-DD), at least 0. */
export function daysBetween(joinedOn: string, today: string): number {
  return Math.max(0, Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${joinedOn}T00:00:00Z`)) / 86_400_000));
}

/** The date `days` before `today`. */
export function daysBefore(today: string, days: number): string {
  return new Date(Date.parse(`${today}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}

/** A person typed into the form (fields named as the CSV's columns): the input, or the first problem and its field. */
export function personFromForm(
  body: Record<string, unknown>,
  wards: ReadonlySet<string> | null,
):
  | { ok: true; value: PersonInput }
  | { ok: false; field: string; key: string; params: Record<string, string | number> } {
  const row: Row = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === 'string') row[k] = v;
  try {
    return { ok: true, value: personFromRow(row, wards) };
  } catch (err) {
    if (!(err instanceof Bad)) throw err;
    return { ok: false, field: String(err.problem.params.column ?? 'reference'), ...err.problem };
  }
}
