/**
 * The staff forms' schemas (zod; messages are catalogue keys) and the schemas of the staff pages' params and
 * query strings. Free text goes through the model's `plainText`: normalised and free of control characters.
 */
import { z } from 'zod';
import { councilParams, gssCode, optionalEnum, pageQuery, uuid } from '../../../server/schemas.ts';
import { isIsoWeek } from '../../../stats/tension.ts';
import {
  CATEGORIES,
  CONFIDENCES,
  GRADINGS,
  HANDLING,
  IMPACT_SECTIONS,
  MOTIVATIONS,
  RUMOUR_STATUSES,
  SCOPES,
  SENSITIVITIES,
  SEVERITIES,
  SOURCE_TYPES,
  STATUSES,
  idempotencyKey,
  manyOf,
  pastDate,
  plainText,
} from '../model.ts';

const E = 'tensions.errors.';
const text = (min: number, max: number, required: string) => plainText(min, max, required, `${E}tooLong`);
const optionalTextOf = (max: number) => plainText(0, max, `${E}tooLong`, `${E}tooLong`).default('');
const GSS = /^[A-Z][0-9]{8}$/;
const blankAsNull = (v: unknown) => (v === '' || v === undefined ? null : v);
const asList = (v: unknown) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]);
const optionalWard = z.preprocess(blankAsNull, z.string().regex(GSS, `${E}wardRequired`).nullable());

// ───── params and query strings ─────

export const wardParams = councilParams({ code: gssCode });
export const caseParams = councilParams({ caseId: uuid });
export const intelligenceParams = councilParams({ intelligenceId: uuid });
export const eventParams = councilParams({ eventId: uuid });
/** An event's page actions; `actionId` only on the path that completes an action. */
export const actionParams = councilParams({ eventId: uuid, actionId: uuid.optional() });

/** An ISO week such as 2024-W09; anything else is treated as absent. */
export const weekQuery = z.preprocess(
  (v) => (typeof v === 'string' && isIsoWeek(v) ? v : undefined),
  z.string().optional(),
);
export const pictureQuery = z.object({ week: weekQuery });
/** A filter's ISO date (yyyy-mm-dd, as `<input type="date">` sends); anything else is treated as absent. */
const filterDate = z.preprocess(
  (v) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)) ? v : undefined),
  z.string().optional(),
);
/** A ward code, or "none" for cases whose place matched no ward; anything else is treated as absent. */
const filterWard = z.preprocess(
  (v) => (typeof v === 'string' && (GSS.test(v) || v === 'none') ? v : undefined),
  z.string().optional(),
);
/** Free text searched in references (and intelligence summaries): trimmed, at most 60 characters. */
const filterText = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() ? v.trim().slice(0, 60) : undefined),
  z.string().optional(),
);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const casesQuery = z.object({
  page: pageQuery,
  status: optionalEnum(STATUSES),
  overdue: z.preprocess((v) => v === '1', z.boolean()),
  q: filterText,
  ward: filterWard,
  motivation: optionalEnum(MOTIVATIONS),
  assignee: z.preprocess(
    (v) => (typeof v === 'string' && (UUID.test(v) || v === 'none') ? v : undefined),
    z.string().optional(),
  ),
  from: filterDate,
  to: filterDate,
});
export const intelligenceQuery = z.object({
  page: pageQuery,
  q: filterText,
  ward: filterWard,
  category: optionalEnum(CATEGORIES),
  from: filterDate,
  to: filterDate,
});
/** The case page after an action: which confirmation banner to show. */
export const CASE_ACTIONS = ['status', 'assign', 'share', 'classify', 'contact', 'notes', 'link', 'redact'] as const;
export const caseQuery = z.object({ done: optionalEnum(CASE_ACTIONS) });
export const pagedQuery = z.object({ page: pageQuery });
export const weeklyQuery = z.object({ week: weekQuery, format: optionalEnum(['pdf']) });
export const quarterlyQuery = z.object({
  quarter: z.preprocess(
    (v) => (typeof v === 'string' && /^\d{4}-Q[1-4]$/.test(v) ? v : undefined),
    z.string().optional(),
  ),
  format: optionalEnum(['pdf']),
});
const dateText = z.preprocess(
  (v) =>
    typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(new Date(`${v}T00:00:00Z`).getTime())
      ? v
      : undefined,
  z.string().optional(),
);
export const exportQuery = z.object({ from: dateText, to: dateText });
export const savedQuery = z.object({ saved: z.preprocess((v) => v === '1', z.boolean()) });

// ───── cases ─────

export const statusForm = z.object({
  status: z.enum(STATUSES, { message: `${E}statusRequired` }),
  statusReason: text(1, 2000, `${E}reasonRequired`),
});
export const assignForm = z.object({
  organisationId: z.string().uuid(`${E}organisationRequired`),
  assignReason: text(1, 2000, `${E}reasonRequired`),
});
export const shareForm = z.object({ shareOrganisationId: z.string().uuid(`${E}organisationRequired`) });
export const classifyForm = z.object({
  wardCode: optionalWard,
  severity: z.enum(SEVERITIES, { message: `${E}severityRequired` }).transform((v) => Number(v) as 1 | 2 | 3),
});
export const contactForm = z.object({ kind: z.enum(['first', 'senior'], { message: `${E}contactKindRequired` }) });
export const noteForm = z.object({ note: text(1, 5000, `${E}noteRequired`) });
export const linkForm = z.object({
  reference: z
    .string({ message: `${E}referenceInvalid` })
    .trim()
    .toUpperCase()
    .regex(/^TR-[A-Z0-9]{4}-[A-Z0-9]{4}$/, `${E}referenceInvalid`),
});
export const redactForm = z.object({
  parts: manyOf(['contact', 'text'] as const, `${E}redactPartsRequired`),
  redactReason: text(1, 2000, `${E}reasonRequired`),
});

// ───── levels ─────

export const overrideForm = z.object({
  level: z
    .enum(['1', '2', '3', '4', '5', 'none'], { message: `${E}levelRequired` })
    .transform((v) => (v === 'none' ? null : Number(v))),
  rationale: text(10, 2000, `${E}rationaleRequired`),
  week: z.string({ message: `${E}weekInvalid` }).refine(isIsoWeek, `${E}weekInvalid`),
});

// ───── intelligence ─────

export const intelligenceForm = z
  .object({
    sourceType: z.enum(SOURCE_TYPES, { message: `${E}sourceRequired` }),
    grading: z.enum(GRADINGS, { message: `${E}gradingRequired` }),
    category: z.enum(CATEGORIES, { message: `${E}categoryRequired` }),
    wardCode: optionalWard,
    summary: text(1, 5000, `${E}summaryRequired`),
    confidence: z.enum(CONFIDENCES, { message: `${E}confidenceRequired` }),
    sensitivity: z.enum(SENSITIVITIES, { message: `${E}sensitivityRequired` }),
    handling: z.enum(HANDLING, { message: `${E}handlingRequired` }),
    severity: z.enum(SEVERITIES, { message: `${E}severityRequired` }).transform(Number),
    observedOn: pastDate,
    sharedWith: z.preprocess(asList, z.array(z.string().uuid(`${E}organisationRequired`))),
  })
  .refine((v) => v.handling !== 'named_organisations' || v.sharedWith.length > 0, {
    message: `${E}sharedWithRequired`,
    path: ['sharedWith'],
  });

// ───── trigger events ─────

export const eventForm = z.object({
  title: text(3, 200, `${E}titleRequired`),
  scope: z.enum(SCOPES, { message: `${E}scopeRequired` }),
  description: optionalTextOf(5000),
  wardCodes: z.preprocess(asList, z.array(z.string().regex(GSS, `${E}wardRequired`))),
});
export const rumourForm = z.object({
  rumour: text(1, 2000, `${E}rumourRequired`),
  heardOn: text(1, 200, `${E}heardOnRequired`),
  counterMessage: optionalTextOf(2000),
  counterChannel: optionalTextOf(200),
  status: z.enum(RUMOUR_STATUSES, { message: `${E}statusRequired` }),
});
export const actionForm = z.object({
  action: text(1, 1000, `${E}actionRequired`),
  owner: text(1, 200, `${E}ownerRequired`),
  dueOn: z.preprocess(
    blankAsNull,
    z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, `${E}dateInvalid`)
      .nullable(),
  ),
});
export const impactForm = z.object(
  Object.fromEntries(IMPACT_SECTIONS.map((s) => [s, optionalTextOf(5000)])) as Record<
    (typeof IMPACT_SECTIONS)[number],
    ReturnType<typeof optionalTextOf>
  >,
);
export const closeForm = z.object({ reason: text(1, 2000, `${E}reasonRequired`) });
export const emptyForm = z.object({});

// ───── settings and assisted reporting ─────

const int = (min: number, max: number, key: string) =>
  z.coerce.number({ message: key }).int(key).min(min, key).max(max, key);
const emails = (v: string) =>
  v === '' ||
  v
    .split(/[,;\s]+/)
    .filter(Boolean)
    .every((e) => z.string().email().safeParse(e).success);
export const settingsForm = z.object({
  contact_hours: int(1, 720, `${E}settings.contactHours`),
  senior_contact_days: int(1, 90, `${E}settings.seniorDays`),
  alert_level: int(2, 5, `${E}settings.alertLevel`),
  heightened_alert_level: int(2, 5, `${E}settings.alertLevel`),
  suppression_threshold: int(1, 50, `${E}settings.threshold`),
  retention_months: int(1, 240, `${E}settings.retention`),
  monitoring_group: plainText(0, 2000, `${E}tooLong`, `${E}tooLong`).refine(emails, `${E}settings.emails`),
  assisted_reporting: z.enum(['yes', 'no'], { message: `${E}settings.assisted` }).transform((v) => v === 'yes'),
});
export const assistedForm = z.object({ reportingCentre: text(2, 200, `${E}centreRequired`), idempotencyKey });
