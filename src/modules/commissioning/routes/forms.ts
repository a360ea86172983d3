/**
 * Commissioning's form bodies, validated with zod through `parseForm` (messages are catalogue keys; control
 * characters are refused by parseForm before these run).
 */
import { z } from 'zod';
import { isCalendarDate } from '../../../lib/dates.ts';
import { GRANT_STATUSES, PROGRAMME_STATUSES, RATINGS } from '../model.ts';

const E = 'commissioning.errors';
const text = (min: number, max: number, key: string) => z.string({ message: key }).trim().min(min, key).max(max, key);
const optionalText = (max: number, key: string) =>
  z.string({ message: key }).trim().max(max, key).optional().default('');

/** A date that exists, in the years 1000 to 9999 (the database refuses 2026-02-30 and the year 0000). */
const isoDate = (key: string) => z.string({ message: key }).trim().refine(isCalendarDate, key);
const optionalDate = (key: string) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), isoDate(key).optional());

/** Money in pounds with at most two decimals, typed with or without a £ sign and thousands commas. */
const money = (key: string, min: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? v.replace(/[£,\s]/g, '') : v),
    z
      .string({ message: key })
      .regex(/^\d{1,12}(\.\d{1,2})?$/, key)
      .transform(Number)
      .refine((n) => n >= min, key),
  );

/** Checkboxes: one value arrives as a string, several as an array, none as nothing. */
const list = (item: z.ZodType<string>) =>
  z.preprocess((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]), z.array(item).max(200));
const code = z.string().regex(/^[A-Z][0-9]{8}$/, `${E}.area`);

export const programmeForm = z
  .object({
    code: z
      .string({ message: 'commissioning.programmes.errors.code' })
      .trim()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/, 'commissioning.programmes.errors.code'),
    name: text(2, 200, 'commissioning.programmes.errors.name'),
    description: optionalText(4000, 'commissioning.programmes.errors.description'),
    budget: money('commissioning.programmes.errors.budget', 0),
    startsOn: isoDate('commissioning.programmes.errors.startsOn'),
    endsOn: isoDate('commissioning.programmes.errors.endsOn'),
    areas: list(code).transform((a) => [...new Set(a)].sort()),
    status: z.enum(PROGRAMME_STATUSES, { message: 'commissioning.programmes.errors.status' }),
  })
  .refine((v) => v.endsOn >= v.startsOn, {
    message: 'commissioning.programmes.errors.endsBeforeStart',
    path: ['endsOn'],
  });

const uuid = (key: string) => z.string({ message: key }).uuid(key);
const ref = z.string().regex(/^[A-Za-z0-9_.@~-]{1,128}$/, `${E}.link`);

export const grantForm = z
  .object({
    programmeId: z.preprocess(
      (v) => (v === '' ? undefined : v),
      uuid('commissioning.grants.errors.programme').optional(),
    ),
    recipientId: uuid('commissioning.grants.errors.recipient'),
    title: text(2, 200, 'commissioning.grants.errors.title'),
    description: text(2, 4000, 'commissioning.grants.errors.description'),
    amount: money('commissioning.grants.errors.amount', 0.01),
    awardDate: isoDate('commissioning.grants.errors.awardDate'),
    plannedStart: optionalDate('commissioning.grants.errors.plannedStart'),
    plannedEnd: optionalDate('commissioning.grants.errors.plannedEnd'),
    areas: list(code).transform((a) => [...new Set(a)].sort()),
    status: z.enum(GRANT_STATUSES, { message: 'commissioning.grants.errors.status' }).optional().default('active'),
    outcomes: list(ref),
    plan: z.preprocess((v) => (v === '' ? undefined : v), ref.optional()),
  })
  .refine((v) => !v.plannedStart || !v.plannedEnd || v.plannedEnd >= v.plannedStart, {
    message: 'commissioning.grants.errors.plannedOrder',
    path: ['plannedEnd'],
  });

/** A checklist stage: an answer and evidence per question, fields `<stage>-<name>-answer` and `…-evidence`. */
export function stageForm(keys: readonly string[]) {
  const shape: Record<string, z.ZodType> = {};
  for (const key of keys) {
    shape[`${fieldOf(key)}-answer`] = optionalText(8000, 'commissioning.checklist.errors.tooLong');
    shape[`${fieldOf(key)}-evidence`] = optionalText(8000, 'commissioning.checklist.errors.tooLong');
  }
  return z.object(shape).passthrough();
}
export const fieldOf = (key: string) => key.replace('.', '-');

export const ratingValue = z.preprocess((v) => (v === '' ? undefined : v), z.enum(RATINGS).optional());

export const recipientForm = z.object({
  orgIdentifier: z
    .string({ message: 'commissioning.recipients.errors.orgIdentifier' })
    .trim()
    .min(1, 'commissioning.recipients.errors.orgIdentifier'),
  charityNumber: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9-]{0,20}$/, 'commissioning.recipients.errors.charityNumber')
    .optional()
    .default(''),
  companyNumber: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9]{0,10}$/, 'commissioning.recipients.errors.companyNumber')
    .optional()
    .default(''),
});

export const measureForm = z.object({
  name: text(2, 200, 'commissioning.measures.errors.name'),
  unit: optionalText(40, 'commissioning.measures.errors.unit'),
  // Stored as numeric(14, 2), like the returns' values: at most 12 digits before the point and 2 after.
  target: z.preprocess(
    (v) => (typeof v === 'string' ? (v.replace(/,/g, '').trim() === '' ? undefined : v.replace(/,/g, '').trim()) : v),
    z
      .string({ message: 'commissioning.measures.errors.target' })
      .regex(/^-?\d{1,12}(\.\d{1,2})?$/, 'commissioning.measures.errors.target')
      .transform(Number)
      .optional(),
  ),
});

export const returnForm = z.object({
  measureId: uuid('commissioning.returns.errors.measure'),
  period: z
    .string({ message: 'commissioning.returns.errors.period' })
    .trim()
    .regex(/^\d{4}-Q[1-4]$/, 'commissioning.returns.errors.period'),
  value: z.preprocess(
    (v) => (typeof v === 'string' ? v.replace(/,/g, '').trim() : v),
    z
      .string({ message: 'commissioning.returns.errors.value' })
      .regex(/^-?\d{1,12}(\.\d{1,2})?$/, 'commissioning.returns.errors.value')
      .transform(Number),
  ),
  narrative: optionalText(4000, 'commissioning.returns.errors.narrative'),
});

export const settingsForm = z.object({
  prefix: z
    .string({ message: 'commissioning.settings.errors.prefix' })
    .trim()
    .min(1, 'commissioning.settings.errors.prefix'),
  funderIdentifier: z
    .string({ message: 'commissioning.settings.errors.funderIdentifier' })
    .trim()
    .min(1, 'commissioning.settings.errors.funderIdentifier'),
});

export const uploadForm = z.object({
  file: z
    .instanceof(Buffer, { message: 'commissioning.import.errors.fileRequired' })
    .refine((b) => b.length > 0, 'commissioning.import.errors.fileRequired'),
});
