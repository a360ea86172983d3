/**
 * The 360Giving Data Standard mapping (pure): a council's grants as 360Giving grant objects and a package,
 * the same grants flattened to the standard's spreadsheet column titles, and the reverse: a package's or a
 * spreadsheet row's grant checked field by field against the council's records. The mapping is documented in
 * docs/methods/grants.md.
 */
import { isCalendarDate } from '../../lib/dates.ts';
import { hasControlCharacters, neutraliseBidi } from '../../lib/text.ts';
import type { GrantRow, LineProblem } from './model.ts';

/** The 360Giving grant object, as far as this module writes and reads it. */
export interface Grant360 {
  id: string;
  title: string;
  description: string;
  currency: string;
  amountAwarded: number;
  awardDate: string;
  plannedDates?: { startDate?: string; endDate?: string }[];
  recipientOrganization: { id: string; name: string; charityNumber?: string; companyNumber?: string }[];
  fundingOrganization: { id: string; name: string }[];
  grantProgramme?: { code: string; title?: string }[];
  beneficiaryLocation?: { name?: string; countryCode?: string; geoCode?: string; geoCodeType?: string }[];
  dateModified?: string;
}

export interface Package360 {
  version: string;
  title: string;
  issued: string;
  publisher: { name: string; identifier: string };
  grants: Grant360[];
}

export interface Funder {
  name: string;
  identifier: string;
  prefix: string;
}

/** The version of the standard the package declares (major.minor, as the package schema requires). */
export const STANDARD_VERSION = '1.4';

/** The identifier 360Giving suggests for a recipient with no registered org-id: under the funder's prefix. */
export const fallbackRecipientId = (prefix: string, organisationId: string) => `${prefix}-org-${organisationId}`;

export function toGrant360(g: GrantRow, funder: Funder, wardNames: ReadonlyMap<string, string>): Grant360 {
  const recipient: Grant360['recipientOrganization'][number] = {
    id: g.org_identifier ?? fallbackRecipientId(funder.prefix, g.recipient_id),
    name: g.recipient_name,
  };
  if (g.charity_number) recipient.charityNumber = g.charity_number;
  if (g.company_number) recipient.companyNumber = g.company_number;
  const out: Grant360 = {
    id: g.identifier,
    title: g.title,
    description: g.description,
    currency: g.currency,
    amountAwarded: g.amount,
    awardDate: g.award_date,
    recipientOrganization: [recipient],
    fundingOrganization: [{ id: funder.identifier, name: funder.name }],
  };
  if (g.planned_start || g.planned_end) {
    const dates: { startDate?: string; endDate?: string } = {};
    if (g.planned_start) dates.startDate = g.planned_start;
    if (g.planned_end) dates.endDate = g.planned_end;
    out.plannedDates = [dates];
  }
  if (g.programme_code) out.grantProgramme = [{ code: g.programme_code, title: g.programme_name ?? g.programme_code }];
  if (g.areas.length)
    out.beneficiaryLocation = g.areas.map((code) => ({
      name: wardNames.get(code) ?? code,
      countryCode: 'GB',
      geoCode: code,
      geoCodeType: 'WD',
    }));
  out.dateModified = new Date(g.updated_at).toISOString();
  return out;
}

export function toPackage(grants: Grant360[], funder: Funder, issued: Date): Package360 {
  return {
    version: STANDARD_VERSION,
    title: `${funder.name}: grants`,
    issued: issued.toISOString().slice(0, 10),
    publisher: { name: funder.name, identifier: funder.identifier },
    grants,
  };
}

/** Columns of the first beneficiary location; later locations are numbered `Beneficiary Location:1:…`. */
const LOCATION_FIELDS = [
  ['name', 'Name'],
  ['countryCode', 'Country Code'],
  ['geoCode', 'Geographic Code'],
  ['geoCodeType', 'Geographic Code Type'],
] as const;

/** The flat columns, in order, with how each reads from a grant object. */
const COLUMNS: readonly [string, (g: Grant360) => string | number | undefined][] = [
  ['Identifier', (g) => g.id],
  ['Title', (g) => g.title],
  ['Description', (g) => g.description],
  ['Currency', (g) => g.currency],
  ['Amount Awarded', (g) => g.amountAwarded],
  ['Award Date', (g) => g.awardDate],
  ['Planned Dates:Start Date', (g) => g.plannedDates?.[0]?.startDate],
  ['Planned Dates:End Date', (g) => g.plannedDates?.[0]?.endDate],
  ['Recipient Org:Identifier', (g) => g.recipientOrganization[0]?.id],
  ['Recipient Org:Name', (g) => g.recipientOrganization[0]?.name],
  ['Recipient Org:Charity Number', (g) => g.recipientOrganization[0]?.charityNumber],
  ['Recipient Org:Company Number', (g) => g.recipientOrganization[0]?.companyNumber],
  ['Funding Org:Identifier', (g) => g.fundingOrganization[0]?.id],
  ['Funding Org:Name', (g) => g.fundingOrganization[0]?.name],
  ['Grant Programme:Code', (g) => g.grantProgramme?.[0]?.code],
  ['Grant Programme:Title', (g) => g.grantProgramme?.[0]?.title],
  ['Last Modified', (g) => g.dateModified],
];

const locationColumn = (i: number, title: string) =>
  i === 0 ? `Beneficiary Location:${title}` : `Beneficiary Location:${i}:${title}`;

/** The grants as spreadsheet rows: a header of 360Giving column titles, then one row per grant. */
export function flatten(grants: readonly Grant360[]): (string | number)[][] {
  const locations = Math.max(1, ...grants.map((g) => g.beneficiaryLocation?.length ?? 0));
  const header = COLUMNS.map(([title]) => title);
  for (let i = 0; i < locations; i++) for (const [, title] of LOCATION_FIELDS) header.push(locationColumn(i, title));
  const rows = grants.map((g) => {
    const row: (string | number)[] = COLUMNS.map(([, read]) => read(g) ?? '');
    for (let i = 0; i < locations; i++) {
      const loc = g.beneficiaryLocation?.[i];
      for (const [field] of LOCATION_FIELDS) row.push(loc?.[field] ?? '');
    }
    return row;
  });
  return [header, ...rows];
}

/** Undoes the CSV writer's formula guard (a leading `'` before `=`, `+`, `-`, `@`, tab or CR). */
const unguard = (v: string) => (/^'[=+\-@\t\r]/.test(v) ? v.slice(1) : v);

/**
 * A spreadsheet row as a grant object (strings as typed; the amount a number when it reads as one). Blank
 * cells are absent. Unknown columns are ignored.
 */
export function unflatten(record: Readonly<Record<string, string>>): Record<string, unknown> {
  const cell = (title: string) => {
    const v = record[title];
    return v === undefined ? undefined : unguard(v.trim()) || undefined;
  };
  const amount = cell('Amount Awarded');
  const out: Record<string, unknown> = {
    id: cell('Identifier'),
    title: cell('Title'),
    description: cell('Description'),
    currency: cell('Currency'),
    amountAwarded: amount !== undefined && /^-?\d+(\.\d+)?$/.test(amount) ? Number(amount) : amount,
    awardDate: cell('Award Date'),
    recipientOrganization: [
      {
        id: cell('Recipient Org:Identifier'),
        name: cell('Recipient Org:Name'),
        charityNumber: cell('Recipient Org:Charity Number'),
        companyNumber: cell('Recipient Org:Company Number'),
      },
    ],
    fundingOrganization: [{ id: cell('Funding Org:Identifier'), name: cell('Funding Org:Name') }],
  };
  const start = cell('Planned Dates:Start Date');
  const end = cell('Planned Dates:End Date');
  if (start || end) out.plannedDates = [{ startDate: start, endDate: end }];
  const programme = cell('Grant Programme:Code');
  if (programme) out.grantProgramme = [{ code: programme, title: cell('Grant Programme:Title') }];
  const locations: Record<string, string | undefined>[] = [];
  for (let i = 0; ; i++) {
    const present = LOCATION_FIELDS.some(([, title]) => record[locationColumn(i, title)] !== undefined);
    if (!present) break;
    const loc = Object.fromEntries(LOCATION_FIELDS.map(([field, title]) => [field, cell(locationColumn(i, title))]));
    if (Object.values(loc).some((v) => v !== undefined)) locations.push(loc);
  }
  if (locations.length) out.beneficiaryLocation = locations;
  return out;
}

/** What a checked grant needs to know about the council's records. */
export interface ImportEnv {
  prefix: string;
  funderIdentifier: string;
  wards: ReadonlySet<string>;
  programmes: ReadonlyMap<string, string>;
  /** Recipient by org identifier, and by organisation name (exact), to organisation id. */
  recipientsById: ReadonlyMap<string, string>;
  recipientsByName: ReadonlyMap<string, string>;
}

export interface CheckedGrant {
  line: number;
  identifier: string;
  programmeId: string | null;
  recipientId: string;
  title: string;
  description: string;
  amount: number;
  awardDate: string;
  plannedStart: string | null;
  plannedEnd: string | null;
  areas: string[];
}

const isDate = (s: unknown): s is string => typeof s === 'string' && isCalendarDate(s);
/** A date or a date-time, as the date it falls on (YYYY-MM-DD); null when neither. */
function dateOf(v: unknown): string | null {
  if (isDate(v)) return v;
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(Date.parse(v)) && isDate(v.slice(0, 10)))
    return v.slice(0, 10);
  return null;
}
/** Text as it will be stored: trimmed, bidirectional overrides removed (control characters are refused). */
const text = (v: unknown) => (typeof v === 'string' ? neutraliseBidi(v.trim()) : '');
/** Amounts in pounds and pence: 0.07 is 7.000000000000001 pence in floating point, and still two places. */
const pence = (n: number) => Math.abs(n * 100 - Math.round(n * 100)) < 1e-6;
const first = (v: unknown): Record<string, unknown> =>
  Array.isArray(v) && v[0] && typeof v[0] === 'object' ? (v[0] as Record<string, unknown>) : {};

/** Checks one grant object against the standard's rules and the council's records; collects every problem. */
export function checkGrant(
  raw: unknown,
  line: number,
  env: ImportEnv,
): { grant?: CheckedGrant; problems: LineProblem[] } {
  const problems: LineProblem[] = [];
  const bad = (key: string, params?: Record<string, string | number>) => problems.push({ line, key, params });
  const g = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  // A control character cannot be typed or stored in the text kept from a grant.
  if ([g.id, g.title, g.description].some((v) => typeof v === 'string' && hasControlCharacters(v)))
    bad('commissioning.import.errors.control');
  const identifier = text(g.id);
  if (!identifier) bad('commissioning.import.errors.identifier');
  else if (!identifier.startsWith(`${env.prefix}-`) || identifier.length > 200)
    bad('commissioning.import.errors.prefix', { prefix: env.prefix });
  const title = text(g.title);
  if (title.length < 2 || title.length > 200) bad('commissioning.import.errors.title');
  const description = text(g.description);
  if (description.length < 2 || description.length > 4000) bad('commissioning.import.errors.description');
  if (g.currency !== 'GBP') bad('commissioning.import.errors.currency');
  const amount = g.amountAwarded;
  const amountOk = typeof amount === 'number' && Number.isFinite(amount) && amount > 0 && amount < 1e12;
  if (!amountOk || !pence(amount)) bad('commissioning.import.errors.amount');
  const awardDate = dateOf(g.awardDate);
  if (!awardDate) bad('commissioning.import.errors.awardDate');
  const planned = first(g.plannedDates);
  const plannedStart = planned.startDate === undefined ? null : dateOf(planned.startDate);
  const plannedEnd = planned.endDate === undefined ? null : dateOf(planned.endDate);
  if ((planned.startDate !== undefined && !plannedStart) || (planned.endDate !== undefined && !plannedEnd))
    bad('commissioning.import.errors.plannedDates');
  else if (plannedStart && plannedEnd && plannedEnd < plannedStart) bad('commissioning.import.errors.plannedOrder');
  const funder = first(g.fundingOrganization);
  if (text(funder.id) !== env.funderIdentifier)
    bad('commissioning.import.errors.funder', { expected: env.funderIdentifier });
  const recipient = first(g.recipientOrganization);
  const recipientId =
    env.recipientsById.get(text(recipient.id)) ??
    (text(recipient.id).startsWith(`${env.prefix}-org-`)
      ? env.recipientsById.get(text(recipient.id).slice(`${env.prefix}-org-`.length))
      : undefined) ??
    env.recipientsByName.get(text(recipient.name));
  if (!recipientId) bad('commissioning.import.errors.recipient', { id: text(recipient.id) || text(recipient.name) });
  const programmeCode = text(first(g.grantProgramme).code);
  const programmeId = programmeCode ? (env.programmes.get(programmeCode) ?? null) : null;
  if (programmeCode && !programmeId) bad('commissioning.import.errors.programme', { code: programmeCode });
  const areas: string[] = [];
  for (const loc of Array.isArray(g.beneficiaryLocation) ? (g.beneficiaryLocation as unknown[]) : []) {
    const code = text((loc as Record<string, unknown> | null)?.geoCode);
    if (!env.wards.has(code)) bad('commissioning.import.errors.ward', { code: code || '–' });
    else if (!areas.includes(code)) areas.push(code);
  }
  if (problems.length || !recipientId || !awardDate || typeof amount !== 'number') return { problems };
  // Stored to the penny (numeric(14, 2)), so a round trip compares equal.
  const amountInPence = Math.round(amount * 100) / 100;
  return {
    problems,
    grant: {
      line,
      identifier,
      programmeId,
      recipientId,
      title,
      description,
      amount: amountInPence,
      awardDate,
      plannedStart,
      plannedEnd,
      areas: [...areas].sort(),
    },
  };
}
