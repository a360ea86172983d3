/** Schemas of the evaluation pages: params, query strings and forms (messages are catalogue keys). */
import { z } from 'zod';
import { parseLinkRef } from '../../../kernel/links.ts';
import { councilParams, optionalEnum, uuid } from '../../../server/schemas.ts';
import { DESIGNS, OUTCOME_ITEMS } from '../model.ts';

const E = 'evaluation.errors.';

export const evaluationParams = councilParams({ evaluationId: uuid });
/** `?saved=1` after a form was saved, for the success banner. */
export const savedQuery = z.object({ saved: optionalEnum(['1']) });

export const newQuery = z.object({
  link: z.string().max(200).optional().catch(undefined),
});
export const reportQuery = z.object({ format: optionalEnum(['pdf'] as const) });

/** What the step before the data page did (Post/Redirect/Get), with its counts, for the page's banner. */
const count = z.coerce.number().int().min(0).max(10_000_000).optional().catch(undefined);
export const dataQuery = z.object({
  done: optionalEnum(['uploaded', 'questionnaire', 'after', 'answers'] as const),
  rows: count,
  paired: count,
  before: count,
  after: count,
  repeated: count,
});
export type DataDone = z.infer<typeof dataQuery>;

const text = (max: number, required?: string) => {
  const s = z
    .string({ message: required ?? `${E}tooLong` })
    .trim()
    .max(max, `${E}tooLong`);
  return required ? s.min(1, required) : s.default('');
};

export const designForm = z.object({
  title: text(200, `${E}title`),
  summary: text(2000),
  design: z.enum(DESIGNS, { message: `${E}design` }),
  outcomeCode: z.enum(OUTCOME_ITEMS.map((o) => o.code) as [string, ...string[]], { message: `${E}outcome` }),
  link: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v) return null;
      const ref = parseLinkRef(v);
      if (!ref) ctx.addIssue({ code: 'custom', message: `${E}link`, path: [] });
      return ref;
    }),
});

const lines = z
  .string()
  .max(4000, `${E}tooLong`)
  .optional()
  .transform((v) =>
    (v ?? '')
      .split(/\r?\n/)
      .map((s) => s.trim())
      .filter((s) => s !== '')
      .map((s) => s.slice(0, 300)),
  );

export const theoryForm = z.object({
  inputs: lines,
  activities: lines,
  outputs: lines,
  outcomes: lines,
  impact: lines,
  assumptions: lines,
});

const optNumber = (min: number, max: number, key: string, integer = false) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return undefined;
      const x = Number(v);
      if (!Number.isFinite(x) || x < min || x > max || (integer && !Number.isInteger(x))) {
        ctx.addIssue({ code: 'custom', message: `${E}${key}` });
        return undefined;
      }
      return x;
    });

const asList = (v: unknown) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]);

export const planForm = z.object({
  questions: lines,
  dataSources: lines,
  nTreated: optNumber(2, 10_000_000, 'sampleSize', true),
  nControl: optNumber(2, 10_000_000, 'sampleSize', true),
  sd: optNumber(0.000001, 1000, 'sd'),
  baseline: optNumber(0.01, 0.99, 'baseline'),
  icc: optNumber(0, 1, 'icc'),
  clusterSize: optNumber(1, 100_000, 'clusterSize'),
  correlation: optNumber(-0.99, 0.99, 'correlation'),
  wardCodes: z.preprocess(asList, z.array(z.string().regex(/^[A-Z][0-9]{8}$/, `${E}ward`)).max(200)),
  preWaveId: z.union([uuid, z.literal('')], { message: `${E}wave` }).optional(),
  postWaveId: z.union([uuid, z.literal('')], { message: `${E}wave` }).optional(),
  extraWaveIds: z.preprocess(asList, z.array(uuid, { message: `${E}wave` }).max(20)),
  independentReplication: z.string().optional(),
});

export const uploadForm = z.object({
  file: z
    .instanceof(Buffer, { message: 'evaluation.data.errors.fileRequired' })
    .refine((b) => b.length > 0, 'evaluation.data.errors.fileRequired'),
});

export const emptyForm = z.object({});
