/** The directory's SQL. Every query is filtered by council. */
import type { Queryable } from '../../db/index.ts';
import type {
  DirectoryOrganisation,
  DirectoryService,
  OrganisationInput,
  ServiceInput,
  ServiceStatus,
} from './model.ts';

interface OrgRow {
  id: string;
  name: string;
  description: string;
  email: string | null;
  website: string | null;
  partner_organisation_id: string | null;
  partner_name: string | null;
}

interface ServiceRow {
  id: string;
  organisation_id: string;
  name: string;
  description: string;
  status: ServiceStatus;
  email: string | null;
  url: string | null;
  minimum_age: number | null;
  maximum_age: number | null;
  capacity: number | null;
  serves: string[];
  last_modified: Date | string;
}

export interface OrganisationSummary {
  id: string;
  name: string;
  services: number;
  capacity: number | null;
  partner_name: string | null;
}

export function listOrganisations(q: Queryable, councilId: string) {
  return q.query<OrganisationSummary>(
    `select o.id, o.name, count(s.id)::int as services, sum(s.capacity)::int as capacity, p.name as partner_name
       from directory_organisations o
       left join directory_services s on s.organisation_id = o.id and s.council_id = o.council_id
       left join organisations p on p.id = o.partner_organisation_id and p.council_id = o.council_id
      where o.council_id = $1
      group by o.id, o.name, p.name order by o.name`,
    [councilId],
  );
}

/** Organisations with every service and its parts; `ids` limits the list. */
export async function loadOrganisations(
  q: Queryable,
  councilId: string,
  ids?: readonly string[],
): Promise<DirectoryOrganisation[]> {
  const orgs = await q.query<OrgRow>(
    `select o.id, o.name, o.description, o.email, o.website, o.partner_organisation_id, p.name as partner_name
       from directory_organisations o
       left join organisations p on p.id = o.partner_organisation_id and p.council_id = o.council_id
      where o.council_id = $1 and ($2::uuid[] is null or o.id = any($2::uuid[])) order by o.name`,
    [councilId, ids ?? null],
  );
  if (!orgs.length) return [];
  const orgIds = orgs.map((o) => o.id);
  const services = await q.query<ServiceRow>(
    `select id, organisation_id, name, description, status, email, url, minimum_age, maximum_age, capacity, serves,
            last_modified
       from directory_services where council_id = $1 and organisation_id = any($2::uuid[]) order by name`,
    [councilId, orgIds],
  );
  const sIds = services.map((s) => s.id);
  const part = <T>(table: string, columns: string) =>
    q.query<T & { service_id: string }>(
      `select service_id, ${columns} from ${table} where council_id = $1 and service_id = any($2::uuid[]) order by seq`,
      [councilId, sIds],
    );
  const [areas, locations, terms, contacts, schedules] = await Promise.all([
    part<{ area_code: string }>('directory_service_areas', 'area_code'),
    part<{
      name: string | null;
      address_1: string | null;
      city: string | null;
      postal_code: string | null;
      latitude: number | null;
      longitude: number | null;
    }>('directory_locations', 'name, address_1, city, postal_code, latitude, longitude'),
    part<{ taxonomy: string; name: string }>('directory_taxonomy_terms', 'taxonomy, name'),
    part<{ name: string | null; title: string | null }>('directory_contacts', 'name, title'),
    part<{
      freq: 'WEEKLY' | 'MONTHLY' | null;
      byday: string | null;
      opens_at: string | null;
      closes_at: string | null;
      description: string | null;
    }>('directory_schedules', 'freq, byday, opens_at, closes_at, description'),
  ]);
  const by = <T extends { service_id: string }>(rows: T[]) => {
    const m = new Map<string, T[]>();
    for (const r of rows) m.set(r.service_id, [...(m.get(r.service_id) ?? []), r]);
    return (id: string) => m.get(id) ?? [];
  };
  const [areasOf, locationsOf, termsOf, contactsOf, schedulesOf] = [
    by(areas),
    by(locations),
    by(terms),
    by(contacts),
    by(schedules),
  ];
  const servicesOf = new Map<string, DirectoryService[]>();
  for (const s of services) {
    const service: DirectoryService = {
      id: s.id,
      organisationId: s.organisation_id,
      name: s.name,
      description: s.description,
      status: s.status,
      email: s.email,
      url: s.url,
      minimumAge: s.minimum_age,
      maximumAge: s.maximum_age,
      capacity: s.capacity,
      serves: s.serves,
      lastModified: new Date(s.last_modified),
      areas: areasOf(s.id).map((a) => a.area_code),
      locations: locationsOf(s.id).map((l) => ({
        name: l.name,
        address1: l.address_1,
        city: l.city,
        postalCode: l.postal_code,
        latitude: l.latitude === null ? null : Number(l.latitude),
        longitude: l.longitude === null ? null : Number(l.longitude),
      })),
      terms: termsOf(s.id).map((t) => ({ taxonomy: t.taxonomy, name: t.name })),
      contacts: contactsOf(s.id).map((c) => ({ name: c.name, title: c.title })),
      schedules: schedulesOf(s.id).map((x) => ({
        freq: x.freq,
        byday: x.byday,
        opensAt: x.opens_at,
        closesAt: x.closes_at,
        description: x.description,
      })),
    };
    servicesOf.set(s.organisation_id, [...(servicesOf.get(s.organisation_id) ?? []), service]);
  }
  return orgs.map((o) => ({
    id: o.id,
    name: o.name,
    description: o.description,
    email: o.email,
    website: o.website,
    partnerOrganisationId: o.partner_organisation_id,
    partnerName: o.partner_name,
    services: servicesOf.get(o.id) ?? [],
  }));
}

export async function organisationNameTaken(q: Queryable, councilId: string, name: string, exceptId: string | null) {
  const rows = await q.query(
    'select 1 from directory_organisations where council_id = $1 and lower(name) = lower($2) and id <> coalesce($3::uuid, gen_random_uuid())',
    [councilId, name, exceptId],
  );
  return rows.length > 0;
}

/** Ids among `ids` that another council's records use. */
export async function idsOfOtherCouncils(q: Queryable, councilId: string, ids: readonly string[]) {
  const rows = await q.query<{ id: string }>(
    `select id from directory_organisations where council_id <> $1 and id = any($2::uuid[])
     union select id from directory_services where council_id <> $1 and id = any($2::uuid[])`,
    [councilId, ids],
  );
  return rows.map((r) => r.id);
}

/** Services of the council among `ids` that belong to an organisation not in `organisationIds`. */
export async function servicesOfOtherOrganisations(
  q: Queryable,
  councilId: string,
  ids: readonly string[],
  organisationIds: readonly string[],
) {
  return q.query<{ id: string; organisation: string }>(
    `select s.id, o.name as organisation from directory_services s
       join directory_organisations o on o.id = s.organisation_id and o.council_id = s.council_id
     where s.council_id = $1 and s.id = any($2::uuid[]) and not (s.organisation_id = any($3::uuid[]))`,
    [councilId, ids, organisationIds],
  );
}

export async function insertOrganisation(q: Queryable, councilId: string, o: OrganisationInput, id?: string) {
  const rows = await q.query<{ id: string }>(
    `insert into directory_organisations (id, council_id, name, description, email, website, partner_organisation_id)
     values (coalesce($1::uuid, gen_random_uuid()), $2, $3, $4, $5, $6, $7) returning id`,
    [id ?? null, councilId, o.name, o.description, o.email, o.website, o.partnerOrganisationId],
  );
  return rows[0].id;
}

export async function updateOrganisation(q: Queryable, councilId: string, id: string, o: OrganisationInput) {
  const rows = await q.query(
    `update directory_organisations set name = $3, description = $4, email = $5, website = $6,
            partner_organisation_id = $7, updated_at = now()
      where council_id = $1 and id = $2 returning id`,
    [councilId, id, o.name, o.description, o.email, o.website, o.partnerOrganisationId],
  );
  return rows.length > 0;
}

export async function partnerOf(q: Queryable, councilId: string, id: string): Promise<string | null> {
  const rows = await q.query<{ partner_organisation_id: string | null }>(
    'select partner_organisation_id from directory_organisations where council_id = $1 and id = $2',
    [councilId, id],
  );
  return rows[0]?.partner_organisation_id ?? null;
}

export function deleteOrganisation(q: Queryable, councilId: string, id: string) {
  return q.query('delete from directory_organisations where council_id = $1 and id = $2', [councilId, id]);
}

async function insertParts(q: Queryable, councilId: string, serviceId: string, s: ServiceInput) {
  for (const code of new Set(s.areas))
    await q.query('insert into directory_service_areas (council_id, service_id, area_code) values ($1, $2, $3)', [
      councilId,
      serviceId,
      code,
    ]);
  for (const l of s.locations)
    await q.query(
      `insert into directory_locations (council_id, service_id, name, address_1, city, postal_code, latitude, longitude)
       values ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [councilId, serviceId, l.name, l.address1, l.city, l.postalCode, l.latitude, l.longitude],
    );
  for (const t of s.terms)
    await q.query(
      'insert into directory_taxonomy_terms (council_id, service_id, taxonomy, name) values ($1, $2, $3, $4)',
      [councilId, serviceId, t.taxonomy, t.name],
    );
  for (const c of s.contacts)
    await q.query('insert into directory_contacts (council_id, service_id, name, title) values ($1, $2, $3, $4)', [
      councilId,
      serviceId,
      c.name,
      c.title,
    ]);
  for (const x of s.schedules)
    await q.query(
      `insert into directory_schedules (council_id, service_id, freq, byday, opens_at, closes_at, description)
       values ($1, $2, $3, $4, $5, $6, $7)`,
      [councilId, serviceId, x.freq, x.byday, x.opensAt, x.closesAt, x.description],
    );
}

export async function insertService(
  q: Queryable,
  councilId: string,
  organisationId: string,
  s: ServiceInput,
  id?: string,
): Promise<string> {
  const rows = await q.query<{ id: string }>(
    `insert into directory_services (id, council_id, organisation_id, name, description, status, email, url,
            minimum_age, maximum_age, capacity, serves)
     values (coalesce($1::uuid, gen_random_uuid()), $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) returning id`,
    [
      id ?? null,
      councilId,
      organisationId,
      s.name,
      s.description,
      s.status,
      s.email,
      s.url,
      s.minimumAge,
      s.maximumAge,
      s.capacity,
      [...s.serves],
    ],
  );
  await insertParts(q, councilId, rows[0].id, s);
  return rows[0].id;
}

export async function replaceService(q: Queryable, councilId: string, id: string, s: ServiceInput) {
  const rows = await q.query(
    `update directory_services set name = $3, description = $4, status = $5, email = $6, url = $7,
            minimum_age = $8, maximum_age = $9, capacity = $10, serves = $11, last_modified = now()
      where council_id = $1 and id = $2 returning id`,
    [
      councilId,
      id,
      s.name,
      s.description,
      s.status,
      s.email,
      s.url,
      s.minimumAge,
      s.maximumAge,
      s.capacity,
      [...s.serves],
    ],
  );
  if (!rows.length) return false;
  for (const table of [
    'directory_service_areas',
    'directory_locations',
    'directory_taxonomy_terms',
    'directory_contacts',
    'directory_schedules',
  ])
    await q.query(`delete from ${table} where council_id = $1 and service_id = $2`, [councilId, id]);
  await insertParts(q, councilId, id, s);
  return true;
}

export function deleteService(q: Queryable, councilId: string, id: string) {
  return q.query('delete from directory_services where council_id = $1 and id = $2', [councilId, id]);
}

export async function serviceOrganisation(q: Queryable, councilId: string, serviceId: string) {
  const rows = await q.query<{ organisation_id: string }>(
    'select organisation_id from directory_services where council_id = $1 and id = $2',
    [councilId, serviceId],
  );
  return rows[0]?.organisation_id ?? null;
}

export function organisationsOfPartner(q: Queryable, councilId: string, partnerId: string) {
  return q.query<{ id: string; name: string }>(
    'select id, name from directory_organisations where council_id = $1 and partner_organisation_id = $2 order by name',
    [councilId, partnerId],
  );
}

export function countOrganisations(q: Queryable, councilId: string) {
  return q.query<{ n: number }>('select count(*)::int as n from directory_organisations where council_id = $1', [
    councilId,
  ]);
}

/** When each organisation was added to the directory (for the cabinet report's "listed by the quarter's end"). */
export function listingDates(q: Queryable, councilId: string) {
  return q.query<{ id: string; created_at: Date }>(
    'select id, created_at from directory_organisations where council_id = $1',
    [councilId],
  );
}
