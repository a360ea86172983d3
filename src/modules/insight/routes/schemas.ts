/** The insight pages' forms, query strings and params, as zod schemas (messages are catalogue keys). */
import { z } from 'zod';
import { GEO_LEVELS, geoLevelSchema } from '../../../geo/gss.ts';
import { councilParams, gssCode, optionalEnum } from '../../../server/schemas.ts';
import { BREAKDOWNS, FRAMEWORKS, UNITS } from '../model.ts';
import { INDICATOR_CODE_PATTERN } from '../parse.ts';
import { IMPORT_KINDS } from '../services/imports/service.ts';
import { formatQuery } from './download.ts';

/** An optional query-string value: blank, too long or repeated is treated as absent. */
function optionalText(max: number) {
  return z.preprocess(
    (v) => (typeof v === 'string' && v.length > 0 && v.length <= max ? v : undefined),
    z.string().optional(),
  );
}

// ---------------------------------------------------------------- params and query strings

/** An area's GSS code in the address, in any case; anything else is a 404. */
export const areaParams = councilParams({
  code: z
    .string()
    .max(20)
    .transform((c) => c.toUpperCase())
    .pipe(gssCode),
});

export const indicatorsQuery = z.object({
  ...formatQuery,
  framework: optionalEnum(FRAMEWORKS),
  created: optionalText(81),
});

export const indicatorQuery = z.object({
  ...formatQuery,
  code: optionalText(81).transform((c) => c?.toLowerCase()),
  area: optionalText(200).transform((c) => c?.toUpperCase()),
  baseline: optionalText(20),
});

/** Blank y (or x) is kept as blank: only an absent y asks for the default pair. */
const groupChoice = z.preprocess((v) => (typeof v === 'string' ? v.slice(0, 200) : undefined), z.string().optional());

export const segregationQuery = z.object({
  ...formatQuery,
  dataset: optionalText(60),
  level: optionalEnum(GEO_LEVELS),
  higher: optionalEnum(GEO_LEVELS),
  y: groupChoice,
  x: groupChoice,
  stored: z.preprocess(
    (v) => (typeof v === 'string' && /^\d{1,7}$/.test(v) ? Number(v) : undefined),
    z.number().int().optional(),
  ),
});

export const comparatorsQuery = z.object({ ...formatQuery, saved: optionalText(1) });

// ---------------------------------------------------------------- forms

export const defineForm = z.object({
  code: z.string().trim().toLowerCase().regex(INDICATOR_CODE_PATTERN, 'insight.define.errors.codeFormat'),
  name: z.string().trim().min(3, 'insight.define.errors.nameRequired').max(200, 'insight.define.errors.nameTooLong'),
  domain: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z][a-z0-9_]{1,60}$/, 'insight.define.errors.domainFormat'),
  unit: z.enum(UNITS, { message: 'insight.define.errors.unitRequired' }),
  direction: z.enum(['higher', 'lower', 'neither'], { message: 'insight.define.errors.directionRequired' }),
  level: geoLevelSchema.refine((l) => l !== 'country', 'insight.define.errors.levelRequired'),
  source: z
    .string()
    .trim()
    .min(5, 'insight.define.errors.sourceRequired')
    .max(1000, 'insight.define.errors.sourceTooLong'),
  description: z.string().trim().max(2000, 'insight.define.errors.descriptionTooLong').optional().default(''),
  breakdowns: z
    .union([z.enum(BREAKDOWNS), z.array(z.enum(BREAKDOWNS))], { message: 'insight.define.errors.breakdowns' })
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v])),
});

export const importForm = z.object({
  kind: z.enum(IMPORT_KINDS, { message: 'insight.import.errors.kindRequired' }),
  dataset: z
    .string()
    .trim()
    .toLowerCase()
    .optional()
    .transform((v) => v || undefined)
    .pipe(
      z
        .string()
        .regex(/^[a-z0-9_]{2,60}$/, 'insight.import.errors.datasetFormat')
        .optional(),
    ),
  file: z.custom<Buffer>((v) => Buffer.isBuffer(v) && v.length > 0, 'insight.import.errors.fileRequired'),
});

export const nearestForm = z.object({
  characteristics: z
    .union([z.string(), z.array(z.string())], { message: 'insight.comparators.errors.characteristicsRequired' })
    .transform((v) => (Array.isArray(v) ? v : [v]))
    .pipe(
      z
        .array(z.string().regex(INDICATOR_CODE_PATTERN))
        .min(1, 'insight.comparators.errors.characteristicsRequired')
        .max(12),
    ),
  k: z.coerce
    .number({ message: 'insight.comparators.errors.size' })
    .int('insight.comparators.errors.size')
    .min(1, 'insight.comparators.errors.size')
    .max(30, 'insight.comparators.errors.size'),
});

export const manualForm = z.object({
  codes: z
    .string()
    .trim()
    .min(1, 'insight.comparators.errors.codesRequired')
    .max(2000, 'insight.comparators.errors.codesRequired')
    .transform((v) =>
      v
        .split(/[\s,;]+/)
        .map((c) => c.trim().toUpperCase())
        .filter(Boolean),
    ),
});

export const storeForm = z.object({
  dataset: z.string().regex(/^[a-z0-9_]{2,60}$/, 'insight.segregation.errors.noData'),
  level: geoLevelSchema,
  higher: z
    .string()
    .optional()
    .transform((v) => (v ? v : null))
    .pipe(geoLevelSchema.nullable()),
  y: z.string().max(200).optional(),
  x: z.string().max(200).optional(),
});
