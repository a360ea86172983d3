/**
 * The survey's form bodies, validated with zod through `parseForm` (messages are catalogue keys). Every
 * text field refuses control characters (a NUL byte, say) with a message of its own, so such input is shown
 * in the GOV.UK error summary instead of reaching the database.
 */
import { z } from 'zod';
import { RAKE_DEFAULTS } from '../../../stats/survey/index.ts';
import { isBackgroundAttribute, MAX_CONTACT_ROWS } from '../contacts.ts';
import { CONTROL_CHARACTERS } from '../questions.ts';

const CONTROL = 'survey.errors.controlCharacters';

/** A string without control characters (tab and new lines are allowed); `key` is shown when it is missing. */
export const safe = (key: string) =>
  z.string({ message: key }).refine((v) => !CONTROL_CHARACTERS.test(v), { message: CONTROL, abort: true });

const text = (max: number, required: string, tooLong: string) =>
  safe(required).trim().min(1, required).max(max, tooLong);
const optionalText = (max: number, tooLong: string) => safe(tooLong).trim().max(max, tooLong).optional().default('');
const count = (key: string) => z.coerce.number({ message: key }).int(key).min(0, key).max(20, key);

export const surveyForm = z.object({
  name: text(200, 'survey.surveys.errors.nameRequired', 'survey.surveys.errors.nameTooLong').pipe(
    z.string().min(2, 'survey.surveys.errors.nameRequired'),
  ),
  description: optionalText(2000, 'survey.surveys.errors.descriptionTooLong'),
});

const isoDate = (msg: string) =>
  safe(msg)
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, msg)
    .refine((s) => {
      const d = new Date(`${s}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
    }, msg);

export const waveForm = z
  .object({
    name: text(200, 'survey.waves.errors.nameRequired', 'survey.waves.errors.nameTooLong').pipe(
      z.string().min(2, 'survey.waves.errors.nameRequired'),
    ),
    period: safe('survey.waves.errors.period')
      .trim()
      .regex(/^[0-9A-Za-z][0-9A-Za-z_.-]{0,29}$/, 'survey.waves.errors.period'),
    startsOn: isoDate('survey.waves.errors.startsOn'),
    endsOn: isoDate('survey.waves.errors.endsOn'),
    targetPopulation: text(500, 'survey.waves.errors.targetRequired', 'survey.waves.errors.targetTooLong'),
    mode: z.enum(['online', 'imported'], { message: 'survey.waves.errors.mode' }),
  })
  .refine((v) => v.endsOn >= v.startsOn, { message: 'survey.waves.errors.endsBeforeStart', path: ['endsOn'] });

/** Answers typed one per line: blank lines dropped, at most 20. */
const optionLines = safe('survey.questions.errors.options')
  .max(4000, 'survey.questions.errors.options')
  .optional()
  .default('')
  .transform((s) =>
    s
      .split(/\r?\n/)
      .map((x) => x.trim())
      .filter(Boolean)
      .slice(0, 20),
  );

const questionFields = z.object({
  kind: z.enum(['choice', 'scale', 'contacts'], { message: 'survey.questions.errors.kind' }),
  wording: text(1000, 'survey.questions.errors.wordingRequired', 'survey.questions.errors.wordingTooLong'),
  hint: optionalText(500, 'survey.questions.errors.hintTooLong'),
  options: optionLines,
  positiveCount: count('survey.questions.errors.counts'),
  excludedCount: count('survey.questions.errors.counts'),
  source: text(500, 'survey.questions.errors.sourceRequired', 'survey.questions.errors.sourceTooLong'),
  // A name generator's own fields (ignored for other kinds).
  maxContacts: z.coerce
    .number({ message: 'survey.contacts.errors.maxContacts' })
    .int('survey.contacts.errors.maxContacts')
    .min(1, 'survey.contacts.errors.maxContacts')
    .max(MAX_CONTACT_ROWS, 'survey.contacts.errors.maxContacts')
    .optional()
    .default(5),
  relationships: optionLines,
  backgrounds: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? [] : [v].flat()).filter(isBackgroundAttribute)),
});

/** A name generator needs at least two relationship answers. */
const contactsRule = (v: { kind: string; relationships: string[] }, ctx: z.RefinementCtx) => {
  if (v.kind === 'contacts' && v.relationships.length < 2)
    ctx.addIssue({ code: 'custom', message: 'survey.contacts.errors.relationships', path: ['relationships'] });
};

/** The name generator's fields reach the service only for a name generator. */
function withoutContacts<
  T extends { kind: string; maxContacts: number; relationships: string[]; backgrounds: unknown },
>(v: T) {
  if (v.kind === 'contacts') return v;
  const { maxContacts: _m, relationships: _r, backgrounds: _b, ...rest } = v;
  return rest;
}

export const revisionForm = questionFields.superRefine(contactsRule).transform(withoutContacts);

export const questionForm = questionFields
  .extend({
    code: safe('survey.questions.errors.code')
      .trim()
      .regex(/^[a-z][a-z0-9_]{1,60}$/, 'survey.questions.errors.code'),
  })
  .superRefine(contactsRule)
  .transform(withoutContacts);

export const statusForm = z.object({
  status: z.enum(['draft', 'open', 'closed'], { message: 'survey.waves.errors.status' }),
});

/** The chosen questions: one id or several; anything that is not an id is ignored. */
export const questionnaireForm = z.object({
  questions: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? [] : [v].flat()).filter((x) => z.string().uuid().safeParse(x).success)),
});

/** The respondent id column and one `map_<n>` question code per column of the upload. */
export const mappingForm = z
  .object({
    idColumn: safe('survey.import.errors.idColumn')
      .min(1, 'survey.import.errors.idColumn')
      .max(200, 'survey.import.errors.idColumn'),
  })
  .catchall(z.unknown())
  .transform(({ idColumn, ...rest }) => {
    const columns: Record<string, string> = {};
    for (const [k, v] of Object.entries(rest))
      if (/^map_\d{1,3}$/.test(k) && typeof v === 'string' && !CONTROL_CHARACTERS.test(v)) columns[k] = v;
    return { idColumn, columns };
  });

export const censusForm = z.object({
  dataset: safe('survey.weighting.errors.noDataset').regex(/^[a-z0-9_]{2,60}$/, 'survey.weighting.errors.noDataset'),
  variable: safe('survey.weighting.errors.variableRequired')
    .min(1, 'survey.weighting.errors.variableRequired')
    .max(200, 'survey.weighting.errors.variableRequired'),
});

export const marginsForm = z.object({
  margins: safe('survey.weighting.errors.marginsRequired')
    .max(100_000, 'survey.weighting.errors.marginsRequired')
    .refine((s) => s.trim() !== '', 'survey.weighting.errors.marginsRequired'),
});

export const removeMarginForm = z.object({
  variable: safe('survey.weighting.errors.variableRequired')
    .min(1, 'survey.weighting.errors.variableRequired')
    .max(200, 'survey.weighting.errors.variableRequired'),
});

const bound = safe('survey.weighting.errors.trim').trim().optional().default('');

export const runForm = z
  .object({
    maxIterations: z.coerce
      .number({ message: 'survey.weighting.errors.maxIterations' })
      .int('survey.weighting.errors.maxIterations')
      .min(1, 'survey.weighting.errors.maxIterations')
      .max(1000, 'survey.weighting.errors.maxIterations'),
    epsilon: z.coerce
      .number({ message: 'survey.weighting.errors.epsilon' })
      .gt(0, 'survey.weighting.errors.epsilon')
      .max(0.1, 'survey.weighting.errors.epsilon'),
    trimLow: bound,
    trimHigh: bound,
  })
  .transform((v, ctx) => {
    const base = { maxIterations: v.maxIterations, epsilon: v.epsilon };
    if (!v.trimLow && !v.trimHigh) return { ...base, trim: null };
    const low = Number(v.trimLow || '0');
    const high = v.trimHigh ? Number(v.trimHigh) : Infinity;
    if (!Number.isFinite(low) || Number.isNaN(high) || low < 0 || low > 1 || high < 1) {
      ctx.addIssue({ code: 'custom', message: 'survey.weighting.errors.trim', path: ['trimLow'] });
      return z.NEVER;
    }
    return { ...base, trim: { low, high } };
  });

/** The weighting form's starting values. */
export const RUN_DEFAULTS = {
  maxIterations: String(RAKE_DEFAULTS.maxIterations),
  epsilon: String(RAKE_DEFAULTS.epsilon),
};

export const benchmarkForm = z.object({
  benchmarkQuestion: safe('survey.results.errors.unknownQuestion').regex(
    /^[a-z][a-z0-9_]{1,60}$/,
    'survey.results.errors.unknownQuestion',
  ),
  benchmarkValue: safe('survey.results.errors.value')
    .trim()
    .regex(/^\d{1,3}(\.\d{1,3})?$/, 'survey.results.errors.value')
    .transform(Number),
  benchmarkLabel: text(200, 'survey.results.errors.labelRequired', 'survey.results.errors.labelTooLong'),
});

export const minNForm = z.object({
  minN: z.coerce
    .number({ message: 'survey.results.errors.minN' })
    .int('survey.results.errors.minN')
    .min(10, 'survey.results.errors.minN')
    .max(1000, 'survey.results.errors.minN'),
});

/** A resident's answer: the chosen value (absent when saving without one) and which button was pressed. */
export const answerForm = z.object({
  answer: safe('survey.answer.errors.choose').optional().default(''),
  action: z
    .string()
    .optional()
    .transform((a) => (a === 'save' ? ('save' as const) : ('next' as const))),
});

/** Which button a name-generator page was sent with (its rows are read by readContactsForm). */
export const contactsActionForm = answerForm.pick({ action: true });

export const resumeForm = z.object({
  code: safe('survey.public.resume.errors.notFound').max(40, 'survey.public.resume.errors.notFound'),
});

/** A fieldwork upload: one non-empty file (multipart bodies arrive with files as Buffers). */
export const uploadForm = z.object({
  file: z
    .instanceof(Buffer, { message: 'survey.import.errors.fileRequired' })
    .refine((b) => b.length > 0, 'survey.import.errors.fileRequired'),
});
