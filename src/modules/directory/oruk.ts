/**
 * Open Referral UK (v3) JSON for the directory: `toOruk` writes an organisation with its services nested (an
 * `organization` record; a list of them is an `organization_package`), `fromOruk` reads the same shapes back,
 * reporting every problem with its JSON path. Served groups and capacity, which ORUK has no field for, travel as
 * attributes under the taxonomies in model.ts. The published schemas (../shared/standards/openreferral-uk) are
 * checked against the output by oruk.test.ts with ajv.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { hasBidiControls, hasControlCharacters } from '../../lib/text.ts';
import {
  AREA_URI_PREFIX,
  CAPACITY_TAXONOMY,
  SERVED_GROUP_TAXONOMY,
  SERVICE_STATUSES,
  type DirectoryOrganisation,
  type DirectoryService,
  type OrganisationInput,
  type ServiceInput,
} from './model.ts';

/** A UUID (version 5 layout) derived from `parts`, so that exported child records keep their ids. */
export function stableUuid(...parts: string[]): string {
  const h = createHash('sha1').update(parts.join('\u0000')).digest('hex');
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const clean = <T extends Record<string, unknown>>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined && v !== '')) as T;

function attribute(serviceId: string, taxonomy: string, name: string) {
  const termId = stableUuid('term', taxonomy, name);
  return {
    id: stableUuid('attribute', serviceId, taxonomy, name),
    link_id: serviceId,
    link_type: 'service',
    taxonomy_term_id: termId,
    taxonomy_term: { id: termId, name, description: name, taxonomy, term: name },
  };
}

export function serviceToOruk(s: DirectoryService, areaNames: ReadonlyMap<string, string>) {
  return clean({
    id: s.id,
    organization_id: s.organisationId,
    name: s.name,
    description: s.description,
    url: s.url,
    email: s.email,
    status: s.status,
    minimum_age: s.minimumAge,
    maximum_age: s.maximumAge,
    last_modified: s.lastModified.toISOString(),
    service_areas: s.areas.map((code) =>
      clean({
        id: stableUuid('area', s.id, code),
        service_id: s.id,
        name: areaNames.get(code) ?? code,
        uri: AREA_URI_PREFIX + code,
      }),
    ),
    service_at_locations: s.locations.map((l, i) => {
      const locationId = stableUuid('location', s.id, String(i));
      const address =
        l.address1 && l.city && l.postalCode
          ? [
              {
                id: stableUuid('address', locationId),
                location_id: locationId,
                address_1: l.address1,
                city: l.city,
                state_province: '',
                postal_code: l.postalCode,
                country: 'GB',
                address_type: 'physical',
              },
            ]
          : [];
      return {
        id: stableUuid('service_at_location', s.id, String(i)),
        service_id: s.id,
        location_id: locationId,
        location: clean({
          id: locationId,
          location_type: 'physical',
          name: l.name,
          latitude: l.latitude,
          longitude: l.longitude,
          addresses: address,
        }),
      };
    }),
    contacts: s.contacts.map((c, i) =>
      clean({ id: stableUuid('contact', s.id, String(i)), service_id: s.id, name: c.name, title: c.title }),
    ),
    schedules: s.schedules.map((x, i) =>
      clean({
        id: stableUuid('schedule', s.id, String(i)),
        service_id: s.id,
        freq: x.freq,
        byday: x.byday,
        opens_at: x.opensAt,
        closes_at: x.closesAt,
        description: x.description,
      }),
    ),
    attributes: [
      ...s.terms.map((t) => attribute(s.id, t.taxonomy, t.name)),
      ...s.serves.map((g) => attribute(s.id, SERVED_GROUP_TAXONOMY, g)),
      ...(s.capacity !== null ? [attribute(s.id, CAPACITY_TAXONOMY, String(s.capacity))] : []),
    ],
  });
}

export function toOruk(o: DirectoryOrganisation, areaNames: ReadonlyMap<string, string>) {
  return clean({
    id: o.id,
    name: o.name,
    description: o.description,
    email: o.email,
    website: o.website,
    services: o.services.map((s) => serviceToOruk(s, areaNames)),
  });
}

// ---- reading ----

const uuidText = z.string().uuid();
/**
 * Control characters (but tab and line breaks) and text-direction overrides: refused in any text, as on every
 * form (PostgreSQL cannot store NUL, and overrides make a name read differently from what is stored).
 */
const CONTROL_MESSAGE = 'contains control or text-direction characters';
export const plain = () => z.string().refine((v) => !hasControlCharacters(v) && !hasBidiControls(v), CONTROL_MESSAGE);
const text = (max: number) => plain().max(max);
const optionalText = (max: number) =>
  plain()
    .max(max)
    .nullish()
    .transform((v) => (v ? v : null));

const term = z.object({ name: text(200), taxonomy: text(200).nullish() }).passthrough();
const orukAttribute = z.object({ id: uuidText, taxonomy_term: term.nullish() }).passthrough();

const orukService = z
  .object({
    id: uuidText,
    name: text(200).min(2),
    description: text(4000).nullish(),
    status: z.enum(SERVICE_STATUSES),
    url: plain().url().max(500).nullish(),
    email: plain().email().max(320).nullish(),
    minimum_age: z.number().int().min(0).max(130).nullish(),
    maximum_age: z.number().int().min(0).max(130).nullish(),
    service_areas: z
      .array(z.object({ id: uuidText, uri: plain().nullish(), name: plain().nullish() }).passthrough())
      .default([]),
    service_at_locations: z
      .array(
        z
          .object({
            id: uuidText,
            location: z
              .object({
                id: uuidText,
                location_type: z.enum(['physical', 'postal', 'virtual']),
                name: optionalText(200),
                // Out-of-range coordinates (the published example has latitude 100) are dropped, not refused.
                latitude: z
                  .number()
                  .nullish()
                  .transform((v) => (v !== null && v !== undefined && Math.abs(v) <= 90 ? v : null)),
                longitude: z
                  .number()
                  .nullish()
                  .transform((v) => (v !== null && v !== undefined && Math.abs(v) <= 180 ? v : null)),
                addresses: z
                  .array(
                    z
                      .object({
                        id: uuidText,
                        address_1: text(200),
                        city: text(100),
                        state_province: text(100),
                        postal_code: text(20),
                        country: text(2),
                        address_type: text(40),
                      })
                      .passthrough(),
                  )
                  .default([]),
              })
              .passthrough()
              .nullish(),
          })
          .passthrough(),
      )
      .default([]),
    contacts: z
      .array(z.object({ id: uuidText, name: optionalText(200), title: optionalText(200) }).passthrough())
      .default([]),
    schedules: z
      .array(
        z
          .object({
            id: uuidText,
            freq: z.enum(['WEEKLY', 'MONTHLY']).nullish(),
            byday: optionalText(40),
            opens_at: optionalText(20),
            closes_at: optionalText(20),
            description: optionalText(1000),
          })
          .passthrough(),
      )
      .default([]),
    attributes: z.array(orukAttribute).default([]),
  })
  .passthrough();

const orukOrganisation = z
  .object({
    id: uuidText,
    name: text(200).min(2),
    description: text(4000),
    email: plain().email().max(320).nullish(),
    website: plain().url().max(500).nullish(),
    services: z.array(orukService).default([]),
  })
  .passthrough();

export interface ImportedOrganisation {
  readonly id: string;
  readonly organisation: OrganisationInput;
  readonly services: readonly (ServiceInput & { readonly id: string })[];
}

export interface OrukProblem {
  /** JSON path, e.g. /0/services/2/status. */
  readonly path: string;
  readonly message: string;
}

function areaCode(uri: string | null | undefined): string | null {
  if (!uri) return null;
  const m = /([A-Z]\d{8})$/.exec(uri);
  return m ? m[1] : null;
}

function toService(s: z.infer<typeof orukService>): ServiceInput & { id: string } {
  const terms: { taxonomy: string; name: string }[] = [];
  const serves: string[] = [];
  let capacity: number | null = null;
  for (const a of s.attributes) {
    const t = a.taxonomy_term;
    if (!t) continue;
    const taxonomy = t.taxonomy ?? 'unspecified';
    if (taxonomy === SERVED_GROUP_TAXONOMY) serves.push(t.name);
    else if (taxonomy === CAPACITY_TAXONOMY && /^\d{1,7}$/.test(t.name)) capacity = Number(t.name);
    else terms.push({ taxonomy, name: t.name });
  }
  return {
    id: s.id,
    name: s.name,
    description: s.description ?? '',
    status: s.status,
    email: s.email ?? null,
    url: s.url ?? null,
    minimumAge: s.minimum_age ?? null,
    maximumAge: s.maximum_age ?? null,
    capacity,
    serves,
    areas: s.service_areas.map((a) => areaCode(a.uri)).filter((c): c is string => c !== null),
    locations: s.service_at_locations.flatMap((sal) => {
      const l = sal.location;
      if (!l) return [];
      const a = l.addresses[0];
      return [
        {
          name: l.name,
          address1: a?.address_1 ?? null,
          city: a?.city ?? null,
          postalCode: a?.postal_code ?? null,
          latitude: l.latitude ?? null,
          longitude: l.longitude ?? null,
        },
      ];
    }),
    terms,
    contacts: s.contacts.map((c) => ({ name: c.name, title: c.title })),
    schedules: s.schedules.map((x) => ({
      freq: x.freq ?? null,
      byday: x.byday,
      opensAt: x.opens_at,
      closesAt: x.closes_at,
      description: x.description,
    })),
  };
}

/**
 * Reads an Open Referral UK organisation, or a list of them (organization_package), with nested services.
 * Returns every problem with its JSON path, or the records when there is none.
 */
export function fromOruk(
  doc: unknown,
): { ok: true; organisations: ImportedOrganisation[] } | { ok: false; problems: OrukProblem[] } {
  const list = Array.isArray(doc) ? doc : [doc];
  const prefix = (i: number) => (Array.isArray(doc) ? `/${i}` : '');
  const problems: OrukProblem[] = [];
  const organisations: ImportedOrganisation[] = [];
  const seen = new Set<string>();
  list.forEach((item, i) => {
    const parsed = orukOrganisation.safeParse(item);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        problems.push({ path: prefix(i) + '/' + issue.path.join('/'), message: issue.message });
      return;
    }
    const o = parsed.data;
    for (const id of [o.id, ...o.services.map((s) => s.id)]) {
      if (seen.has(id)) problems.push({ path: prefix(i) + '/id', message: `the id ${id} appears twice` });
      seen.add(id);
    }
    organisations.push({
      id: o.id,
      organisation: {
        name: o.name,
        description: o.description,
        email: o.email ?? null,
        website: o.website ?? null,
        partnerOrganisationId: null,
      },
      services: o.services.map(toService),
    });
  });
  if (list.length === 0) problems.push({ path: '', message: 'the file lists no organisations' });
  return problems.length ? { ok: false, problems } : { ok: true, organisations };
}
