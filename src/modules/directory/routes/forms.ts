/** Form schemas of the directory pages, and the mapping from a service form to a service. */
import { z } from 'zod';
import { SERVICE_STATUSES, type DirectoryService, type ServiceInput } from '../model.ts';

const optional = (max: number, message: string) =>
  z
    .string()
    .trim()
    .max(max, message)
    .optional()
    .transform((v) => (v ? v : null));

const optionalEmail = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : null))
  .pipe(z.string().email('directory.errors.email').max(320, 'directory.errors.email').nullable());

const optionalUrl = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : null))
  .pipe(
    z
      .string()
      .max(500, 'directory.errors.url')
      .regex(/^https?:\/\/[^\s]+$/, 'directory.errors.url')
      .nullable(),
  );

const optionalInt = (min: number, max: number, message: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : null))
    .pipe(
      z
        .string()
        .regex(/^\d{1,7}$/, message)
        .nullable()
        .transform((v) => (v === null ? null : Number(v)))
        .pipe(z.number().int(message).min(min, message).max(max, message).nullable()),
    );

const list = (pattern: RegExp) =>
  z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))
    .pipe(z.array(z.string().regex(pattern)).max(500));

const time = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : null))
  .pipe(
    z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'directory.errors.time')
      .nullable(),
  );

export const organisationForm = z.object({
  name: z.string().trim().min(2, 'directory.errors.nameRequired').max(200, 'directory.errors.nameTooLong'),
  description: z.string().trim().max(4000, 'directory.errors.descriptionTooLong').optional().default(''),
  email: optionalEmail,
  website: optionalUrl,
  partnerOrganisationId: z
    .string()
    .optional()
    .transform((v) => (v ? v : null))
    .pipe(z.string().uuid('directory.errors.unknownPartner').nullable()),
});

export const serviceForm = z.object({
  name: z.string().trim().min(2, 'directory.errors.nameRequired').max(200, 'directory.errors.nameTooLong'),
  description: z.string().trim().max(4000, 'directory.errors.descriptionTooLong').optional().default(''),
  status: z.enum(SERVICE_STATUSES, { message: 'directory.errors.status' }),
  email: optionalEmail,
  url: optionalUrl,
  minimumAge: optionalInt(0, 130, 'directory.errors.age'),
  maximumAge: optionalInt(0, 130, 'directory.errors.age'),
  capacity: optionalInt(0, 1_000_000, 'directory.errors.capacity'),
  serves: list(/^[A-Za-z0-9_ .-]{1,60}$/),
  areas: list(/^[A-Z]\d{8}$/),
  category: optional(100, 'directory.errors.tooLong'),
  locationName: optional(200, 'directory.errors.tooLong'),
  address1: optional(200, 'directory.errors.tooLong'),
  city: optional(100, 'directory.errors.tooLong'),
  postalCode: optional(20, 'directory.errors.tooLong'),
  byday: z
    .string()
    .trim()
    .toUpperCase()
    .optional()
    .transform((v) => (v ? v.replace(/\s+/g, '') : null))
    .pipe(
      z
        .string()
        .regex(/^(MO|TU|WE|TH|FR|SA|SU)(,(MO|TU|WE|TH|FR|SA|SU))*$/, 'directory.errors.byday')
        .nullable(),
    ),
  opensAt: time,
  closesAt: time,
  contactTitle: optional(200, 'directory.errors.tooLong'),
});

export type ServiceFormData = z.infer<typeof serviceForm>;

export const CATEGORY_TAXONOMY = 'cohesion-observatory:activity';

/** The service the form describes; the first location, schedule and contact come from the form, later ones
 * (from an import) are kept. */
export function serviceFromForm(f: ServiceFormData, existing: DirectoryService | null): ServiceInput {
  const hasLocation = f.locationName || f.address1 || f.city || f.postalCode;
  const hasSchedule = f.byday || f.opensAt || f.closesAt;
  const rest = <T>(items: readonly T[] | undefined) => (items ?? []).slice(1);
  return {
    name: f.name,
    description: f.description,
    status: f.status,
    email: f.email,
    url: f.url,
    minimumAge: f.minimumAge,
    maximumAge: f.maximumAge,
    capacity: f.capacity,
    serves: f.serves,
    areas: f.areas,
    terms: [
      ...(f.category ? [{ taxonomy: CATEGORY_TAXONOMY, name: f.category }] : []),
      ...(existing?.terms ?? []).filter((t) => t.taxonomy !== CATEGORY_TAXONOMY),
    ],
    locations: [
      ...(hasLocation
        ? [
            {
              name: f.locationName,
              address1: f.address1,
              city: f.city,
              postalCode: f.postalCode,
              latitude: existing?.locations[0]?.latitude ?? null,
              longitude: existing?.locations[0]?.longitude ?? null,
            },
          ]
        : []),
      ...rest(existing?.locations),
    ],
    schedules: [
      ...(hasSchedule
        ? [
            {
              freq: 'WEEKLY' as const,
              byday: f.byday,
              opensAt: f.opensAt,
              closesAt: f.closesAt,
              description: existing?.schedules[0]?.description ?? null,
            },
          ]
        : []),
      ...rest(existing?.schedules),
    ],
    contacts: [...(f.contactTitle ? [{ name: null, title: f.contactTitle }] : []), ...rest(existing?.contacts)],
  };
}

/** The form's values for an existing service. */
export function serviceValues(s: DirectoryService): Record<string, unknown> {
  const l = s.locations[0];
  const x = s.schedules[0];
  return {
    name: s.name,
    description: s.description,
    status: s.status,
    email: s.email,
    url: s.url,
    minimumAge: s.minimumAge,
    maximumAge: s.maximumAge,
    capacity: s.capacity,
    serves: s.serves,
    areas: s.areas,
    category: s.terms.find((t) => t.taxonomy === CATEGORY_TAXONOMY)?.name,
    locationName: l?.name,
    address1: l?.address1,
    city: l?.city,
    postalCode: l?.postalCode,
    byday: x?.byday,
    opensAt: x?.opensAt,
    closesAt: x?.closesAt,
    contactTitle: s.contacts[0]?.title,
  };
}

export const importForm = z.object({
  file: z.custom<Buffer>((v) => Buffer.isBuffer(v) && v.length > 0, 'directory.import.errors.fileRequired'),
  format: z.enum(['auto', 'json', 'csv'], { message: 'directory.import.errors.format' }).optional().default('auto'),
});
