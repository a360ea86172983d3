/**
 * The tensions module's vocabulary and its input schemas (zod), shared by the public journey, the lean
 * submission endpoint, assisted reporting and the tests. Error messages are catalogue keys.
 */
import { z } from 'zod';

export const MOTIVATIONS = ['race', 'religion', 'disability', 'sexual_orientation', 'transgender', 'other'] as const;
export type Motivation = (typeof MOTIVATIONS)[number];
export const ONGOING = ['yes', 'no', 'unknown'] as const;
export const REPORTER_ROLES = ['victim', 'witness', 'on_behalf'] as const;
export const STATUSES = ['new', 'triaged', 'assigned', 'in_progress', 'closed'] as const;
export type Status = (typeof STATUSES)[number];
export const SOURCE_TYPES = [
  'police',
  'school',
  'housing',
  'faith',
  'voluntary',
  'councillor',
  'council',
  'health',
  'media',
  'social_media',
  'other',
] as const;
export const GRADINGS = ['evidenced', 'experienced', 'potential'] as const;
export const CATEGORIES = [
  'race',
  'faith',
  'far_right_extremism',
  'newcomers_migration',
  'anti_social_behaviour',
  'intergenerational',
  'local_event',
  'national_event',
  'international_event',
  'online_social_media',
] as const;
export const CONFIDENCES = ['low', 'medium', 'high'] as const;
export const SENSITIVITIES = ['official', 'official_sensitive'] as const;
export const HANDLING = ['all_partners', 'council_only', 'named_organisations'] as const;
export const SCOPES = ['local', 'national', 'international'] as const;
export const SEVERITIES = ['1', '2', '3'] as const;
export const RUMOUR_STATUSES = ['open', 'countered', 'closed'] as const;
/** Sections of the community impact assessment template. */
export const IMPACT_SECTIONS = [
  'background',
  'communities',
  'impact',
  'sentiment',
  'risks',
  'reassurance',
  'communications',
  'review',
] as const;
export type ImpactSection = (typeof IMPACT_SECTIONS)[number];

const P = 'tensions.report.errors.';

/**
 * Characters nobody types and the database may refuse: C0 controls other than tab and newline (PostgreSQL
 * rejects NUL outright), DEL, C1 controls, and halves of surrogate pairs (which would be stored as U+FFFD).
 */
const UNSAFE_CHARACTERS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]|\p{Cs}/u;

/** Whether text is free of the characters above (after `normaliseText`). */
export const isSafeText = (s: string): boolean => !UNSAFE_CHARACTERS.test(s);

/** Line endings as newlines (browsers send CRLF from a textarea) and Unicode in composed form (NFC). */
export function normaliseText(v: unknown): unknown {
  return typeof v === 'string' ? v.replace(/\r\n?/g, '\n').normalize('NFC') : v;
}

/**
 * Free text as every form and endpoint of the module takes it: normalised, trimmed, between `min` and `max`
 * characters, and free of control characters (`tensions.report.errors.unsafeCharacters`).
 */
export const plainText = (min: number, max: number, required: string, tooLong: string, tooShort?: string) =>
  z.preprocess(
    normaliseText,
    z
      .string({ message: required })
      .trim()
      // Blank is "required"; present but shorter than `min` is "too short" when that message is given.
      .min(tooShort && min > 1 ? 1 : min, required)
      .min(min, tooShort ?? required)
      .max(max, tooLong)
      .refine(isSafeText, `${P}unsafeCharacters`),
  );

const trimmed = (max: number, tooLong: string) =>
  z.preprocess(
    normaliseText,
    z.string({ message: tooLong }).trim().max(max, tooLong).refine(isSafeText, `${P}unsafeCharacters`),
  );
const optionalText = (max: number, tooLong: string) =>
  z
    .preprocess((v) => (v === undefined || v === null ? '' : v), trimmed(max, tooLong))
    .transform((v) => (v === '' ? null : v));

/** Form checkboxes arrive as a string (one ticked) or an array (several). */
export const manyOf = <T extends readonly [string, ...string[]]>(values: T, message: string) =>
  z
    .preprocess(
      (v) => (v === undefined || v === null || v === '' ? [] : Array.isArray(v) ? v : [v]),
      z.array(z.enum(values, { message })).min(1, message),
    )
    .transform((v) => [...new Set(v)]);

/** The fewest characters an account of what happened can have: enough to be something an officer can act on. */
export const WHAT_MIN = 10;

/** A calendar date, from "YYYY-MM-DD", not in the future and not more than five years ago. */
export const pastDate = z
  .string({ message: `${P}dateInvalid` })
  .regex(/^\d{4}-\d{2}-\d{2}$/, `${P}dateInvalid`)
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== s) return false;
    return true;
  }, 'tensions.validation.dateNotReal') // well formed but no such day, such as 31/2/2026
  .refine((s) => new Date(`${s}T00:00:00Z`).getTime() <= Date.now(), `${P}dateFuture`)
  .refine((s) => new Date(`${s}T00:00:00Z`).getTime() >= Date.now() - 5 * 366 * 86_400_000, `${P}dateTooOld`);

// ---- one schema per question page (the public journey asks one thing per page) ----

export const QUESTION_SCHEMAS = {
  what: z.object({
    what: plainText(WHAT_MIN, 5000, `${P}whatRequired`, `${P}whatTooLong`, 'tensions.validation.whatTooShort'),
  }),
  where: z.object({ location: plainText(1, 200, `${P}whereRequired`, `${P}whereTooLong`) }),
  when: z.object({ happenedOn: pastDate }),
  ongoing: z.object({ ongoing: z.enum(ONGOING, { message: `${P}ongoingRequired` }) }),
  motivation: z
    .object({
      motivations: manyOf(MOTIVATIONS, `${P}motivationRequired`),
      motivationOther: optionalText(200, `${P}otherTooLong`),
    })
    .refine((v) => !v.motivations.includes('other') || !!v.motivationOther, {
      message: `${P}otherRequired`,
      path: ['motivationOther'],
    })
    .transform((v) => ({ ...v, motivationOther: v.motivations.includes('other') ? v.motivationOther : null })),
  cause: z.object({ cause: optionalText(5000, `${P}causeTooLong`) }),
  role: z.object({ reporterRole: z.enum(REPORTER_ROLES, { message: `${P}roleRequired` }) }),
  contact: z
    .object({ contact: z.enum(['yes', 'no'], { message: `${P}contactRequired` }) })
    .transform((v) =>
      v.contact === 'yes'
        ? { contact: 'yes' as const }
        : { contact: 'no' as const, contactName: null, contactEmail: null, contactPhone: null, contactConsent: false },
    ),
  details: z
    .object({
      contactName: optionalText(200, `${P}nameTooLong`),
      contactEmail: optionalText(320, `${P}emailInvalid`).pipe(z.string().email(`${P}emailInvalid`).nullable()),
      contactPhone: optionalText(40, `${P}phoneInvalid`).pipe(
        z
          .string()
          .regex(/^[0-9+() -]{6,40}$/, `${P}phoneInvalid`)
          .nullable(),
      ),
      contactConsent: z.preprocess((v) => (Array.isArray(v) ? v[0] : v), z.string().optional()),
    })
    .superRefine((v, ctx) => {
      if (!v.contactName) ctx.addIssue({ code: 'custom', message: `${P}nameRequired`, path: ['contactName'] });
      if (!v.contactEmail && !v.contactPhone)
        ctx.addIssue({ code: 'custom', message: `${P}emailOrPhone`, path: ['contactEmail'] });
      if (v.contactConsent !== 'yes')
        ctx.addIssue({ code: 'custom', message: `${P}consentRequired`, path: ['contactConsent'] });
    })
    .transform((v) => ({
      contactName: v.contactName,
      contactEmail: v.contactEmail,
      contactPhone: v.contactPhone,
      contactConsent: true,
    })),
} as const;

export type QuestionId = keyof typeof QUESTION_SCHEMAS;
export const QUESTION_ORDER: QuestionId[] = [
  'what',
  'where',
  'when',
  'ongoing',
  'motivation',
  'cause',
  'role',
  'contact',
  'details',
];

/** The details page is asked only of people who want to be contacted. */
export function questionApplies(q: QuestionId, answers: Record<string, unknown>): boolean {
  return q !== 'details' || answers.contact === 'yes';
}

/** Name, email, phone and consent, checked together (used for complete reports). */
const contactSchema = z
  .object({
    contact: z.enum(['yes', 'no'], { message: `${P}contactRequired` }),
    contactName: z.unknown().optional(),
    contactEmail: z.unknown().optional(),
    contactPhone: z.unknown().optional(),
    contactConsent: z.unknown().optional(),
  })
  .transform((v, ctx) => {
    if (v.contact === 'no')
      return {
        contact: 'no' as const,
        contactName: null,
        contactEmail: null,
        contactPhone: null,
        contactConsent: false,
      };
    const d = QUESTION_SCHEMAS.details.safeParse(v);
    if (!d.success) {
      for (const issue of d.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
      return z.NEVER;
    }
    return { contact: 'yes' as const, ...d.data };
  });

/** Consent arrives as a ticked box ("yes", possibly repeated), as JSON true, or from a stored draft (true). */
export function consentValue(v: unknown): 'yes' | undefined {
  return v === true || v === 'yes' || (Array.isArray(v) && v.includes('yes')) ? 'yes' : undefined;
}

/** A complete report: what the check-answers page, the lean endpoint and assisted reporting all submit. */
export const reportInput = z
  .object({
    what: QUESTION_SCHEMAS.what.shape.what,
    location: QUESTION_SCHEMAS.where.shape.location,
    happenedOn: pastDate,
    ongoing: z.enum(ONGOING, { message: `${P}ongoingRequired` }),
    motivations: manyOf(MOTIVATIONS, `${P}motivationRequired`),
    motivationOther: optionalText(200, `${P}otherTooLong`),
    cause: optionalText(5000, `${P}causeTooLong`),
    reporterRole: z.enum(REPORTER_ROLES, { message: `${P}roleRequired` }),
    contact: z.enum(['yes', 'no'], { message: `${P}contactRequired` }),
    contactName: z.unknown().optional(),
    contactEmail: z.unknown().optional(),
    contactPhone: z.unknown().optional(),
    contactConsent: z.unknown().optional(),
  })
  .transform((v, ctx) => {
    const otherMissing = v.motivations.includes('other') && !v.motivationOther;
    if (otherMissing) ctx.addIssue({ code: 'custom', message: `${P}otherRequired`, path: ['motivationOther'] });
    const c = contactSchema.safeParse({
      contact: v.contact,
      contactName: v.contactName,
      contactEmail: v.contactEmail,
      contactPhone: v.contactPhone,
      contactConsent: consentValue(v.contactConsent),
    });
    if (!c.success)
      for (const issue of c.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
    if (otherMissing || !c.success) return z.NEVER;
    return {
      what: v.what,
      location: v.location,
      happenedOn: v.happenedOn,
      ongoing: v.ongoing,
      motivations: v.motivations,
      motivationOther: v.motivations.includes('other') ? v.motivationOther : null,
      cause: v.cause,
      reporterRole: v.reporterRole,
      ...c.data,
    };
  });

export type ReportInput = z.infer<typeof reportInput>;

/** Client-generated idempotency keys: 16–64 URL-safe characters. */
export const idempotencyKey = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'tensions.report.errors.badKey');

/** The honeypot field: people never see it, so anything in it means a bot. */
export const HONEYPOT_FIELD = 'website';

/** Reference numbers: TR- and two groups of four from an alphabet without look-alike characters (0/O, 1/I/L, U/V). */
export const REFERENCE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTWXYZ';
export const REFERENCE_RE = /^TR-[2-9A-HJKMNP-TW-Z]{4}-[2-9A-HJKMNP-TW-Z]{4}$/;
