/** Params, query strings and form bodies of the plans pages (messages are catalogue keys). */
import { z } from 'zod';
import { isCalendarDate } from '../../../lib/dates.ts';
import { councilParams, optionalEnum, uuid } from '../../../server/schemas.ts';
import { ACTION_STATUSES, DIRECTIONS, MEASURE_STATUSES, RAGS } from '../rules.ts';

export const planParams = councilParams({ planId: uuid });
export const domainParams = councilParams({ domainId: uuid });
export const outcomeParams = councilParams({ outcomeId: uuid });
export const measureParams = councilParams({ measureId: uuid });
export const actionParams = councilParams({ actionId: uuid });
export const publicParams = z.object({ council: z.string().regex(/^[a-z0-9][a-z0-9-]{1,59}$/), planId: uuid });

const text = (max: number, required = 'plans.errors.required') =>
  z.string({ message: required }).trim().min(1, required).max(max, 'plans.errors.tooLong');
const optionalText = (max: number) =>
  z.preprocess((v) => (typeof v === 'string' ? v.trim() : ''), z.string().max(max, 'plans.errors.tooLong'));
/** A date that exists (2026-02-30 and the year 0000 are refused here, not by the database). */
const date = (key: string) => z.string({ message: key }).trim().refine(isCalendarDate, key);
const optionalDate = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() ? v.trim() : null),
  date('plans.errors.date').nullable(),
);
const optionalUuid = (key: string) =>
  z.preprocess((v) => (typeof v === 'string' && v ? v : null), z.string().uuid(key).nullable());
const list = z.preprocess(
  (v) => (Array.isArray(v) ? v : typeof v === 'string' && v ? [v] : []),
  z.array(z.string().max(12, 'plans.errors.areas')),
);
const number = (key: string) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : undefined),
    z.number({ message: key }).finite(key),
  );
const percent = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : undefined),
  z
    .number({ message: 'plans.errors.progress' })
    .int('plans.errors.progress')
    .min(0, 'plans.errors.progress')
    .max(100, 'plans.errors.progress'),
);
const rag = z.preprocess(
  (v) => (v === '' || v === undefined ? null : v),
  z.enum(RAGS, { message: 'plans.errors.rag' }).nullable(),
);

export const newPlanForm = z.object({
  title: text(200),
  periodStart: date('plans.errors.date'),
  periodEnd: date('plans.errors.date'),
  template: z.preprocess((v) => v === 'cantle', z.boolean()),
});

export const planForm = z.object({
  title: text(200),
  periodStart: date('plans.errors.date'),
  periodEnd: date('plans.errors.date'),
  status: z.enum(['draft', 'active', 'closed'], { message: 'plans.errors.status' }),
  published: z.preprocess((v) => v === 'yes', z.boolean()),
});

export const copyForm = z.object({
  title: text(200),
  periodStart: date('plans.errors.date'),
  periodEnd: date('plans.errors.date'),
});

export const domainForm = z.object({ title: text(200), description: optionalText(2000) });

export const clusterForm = z.object({ name: text(100), wards: list });

export const measureForm = z.object({
  indicatorCode: text(80, 'plans.errors.indicator'),
  areaCodes: list,
  clusterId: optionalUuid('plans.errors.cluster'),
  baselinePeriod: text(20),
  baselineValue: number('plans.errors.number'),
  targetValue: number('plans.errors.number'),
  targetDate: date('plans.errors.date'),
  direction: z.enum(DIRECTIONS, { message: 'plans.errors.direction' }),
});

export const overrideForm = z.object({
  status: z.preprocess(
    (v) => (v === 'automatic' ? null : v),
    z.enum(MEASURE_STATUSES, { message: 'plans.errors.status' }).nullable(),
  ),
  reason: optionalText(2000),
});

export const actionForm = z.object({
  outcomeId: z.string({ message: 'plans.errors.outcome' }).uuid('plans.errors.outcome'),
  title: text(200),
  description: optionalText(5000),
  ownerUserId: optionalUuid('plans.errors.owner'),
  organisationId: optionalUuid('plans.errors.organisation'),
  leadOfficer: optionalText(200),
  areaCodes: list,
  startOn: optionalDate,
  dueOn: optionalDate,
  // Pounds and pence that fit the column (numeric(14, 2)): at most 12 digits of pounds and 2 of pence.
  budget: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' ? v.replace(/[£,\s]/g, '') : null),
    z
      .string()
      .regex(/^\d{1,12}(\.\d{1,2})?$/, 'plans.errors.budget')
      .transform(Number)
      .nullable(),
  ),
  status: z.enum(ACTION_STATUSES, { message: 'plans.errors.status' }),
  rag,
  ragReason: optionalText(2000),
  progress: percent,
  weight: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : 1),
    z.number().int('plans.errors.weight').min(1, 'plans.errors.weight').max(100, 'plans.errors.weight'),
  ),
  signal: optionalText(200),
});

export const progressForm = z.object({
  status: z.enum(ACTION_STATUSES, { message: 'plans.errors.status' }),
  rag,
  ragReason: optionalText(2000),
  progress: percent,
  note: optionalText(5000),
});

export const milestoneForm = z.object({ title: text(200), dueOn: optionalDate });

/** The actions CSV upload: one non-empty file (multipart bodies arrive with files as Buffers). */
export const actionsUploadForm = z.object({
  file: z.instanceof(Buffer, { message: 'plans.csv.errors.file' }).refine((b) => b.length > 0, 'plans.csv.errors.file'),
});

export const newActionQuery = z.object({
  signal: z.string().max(200).optional().catch(undefined),
  outcome: z.string().uuid().optional().catch(undefined),
  area: z
    .string()
    .regex(/^[A-Z][0-9]{8}$/)
    .optional()
    .catch(undefined),
});

export const reportQuery = z.object({
  quarter: z
    .string()
    .regex(/^\d{4}-Q[1-4]$/)
    .optional()
    .catch(undefined),
  format: optionalEnum(['pdf']),
});
