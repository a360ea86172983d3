import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { can, publicAccess } from '../../kernel/access.ts';
import { addError, emptyErrors, parseForm, type FormErrors } from '../../server/forms.ts';
import { notFound } from '../../server/errors.ts';
import { translator, isLanguage, type Translate, type Language } from '../../i18n/index.ts';
import { toCsv } from '../../lib/csv-write.ts';
import { choroplethFigure } from '../../charts/choropleth.ts';
import { barChartFigure } from '../../charts/bar.ts';
import { formatPercent } from '../../charts/common.ts';
import { RAKE_DEFAULTS, type Estimate } from '../../stats/survey/index.ts';
import { DomainError, SurveyService, formatResumeCode, type LineProblem, type Question } from './service.ts';
import type { PublicWaveRow, WaveRow } from './repository.ts';
import { SECTIONS } from './bank.ts';
import { tFor } from '../../server/plugins/language.ts';
import { actorOf, userOf } from '../../server/request.ts';
import type { Config } from '../../config.ts';
import type { AuditService } from '../audit/index.ts';
import type { GeographyService } from '../geography/index.ts';

const PREFIX = '/c/:council/surveys';
const COOKIE = 'co_survey';
const uuid = z.string().uuid();

const text = (max: number, required: string, tooLong: string) => z.string().trim().min(1, required).max(max, tooLong);

const surveyForm = z.object({
  name: text(200, 'survey.surveys.errors.nameRequired', 'survey.surveys.errors.nameTooLong').pipe(
    z.string().min(2, 'survey.surveys.errors.nameRequired'),
  ),
  description: z.string().trim().max(2000, 'survey.surveys.errors.descriptionTooLong').optional().default(''),
});

const isoDate = (msg: string) =>
  z
    .string()
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, msg)
    .refine(
      (s) =>
        !Number.isNaN(new Date(`${s}T00:00:00Z`).getTime()) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
      msg,
    );

const waveForm = z
  .object({
    name: text(200, 'survey.waves.errors.nameRequired', 'survey.waves.errors.nameTooLong').pipe(
      z.string().min(2, 'survey.waves.errors.nameRequired'),
    ),
    period: z
      .string()
      .trim()
      .regex(/^[0-9A-Za-z][0-9A-Za-z_.-]{0,29}$/, 'survey.waves.errors.period'),
    startsOn: isoDate('survey.waves.errors.startsOn'),
    endsOn: isoDate('survey.waves.errors.endsOn'),
    targetPopulation: text(500, 'survey.waves.errors.targetRequired', 'survey.waves.errors.targetTooLong'),
    mode: z.enum(['online', 'imported'], { message: 'survey.waves.errors.mode' }),
  })
  .refine((v) => v.endsOn >= v.startsOn, { message: 'survey.waves.errors.endsBeforeStart', path: ['endsOn'] });

const questionForm = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_]{1,60}$/, 'survey.questions.errors.code'),
  kind: z.enum(['choice', 'scale'], { message: 'survey.questions.errors.kind' }),
  wording: text(1000, 'survey.questions.errors.wordingRequired', 'survey.questions.errors.wordingTooLong'),
  hint: z.string().trim().max(500, 'survey.questions.errors.hintTooLong').optional().default(''),
  options: z.string().max(4000, 'survey.questions.errors.options').optional().default(''),
  positiveCount: z.coerce
    .number({ message: 'survey.questions.errors.counts' })
    .int('survey.questions.errors.counts')
    .min(0, 'survey.questions.errors.counts')
    .max(20, 'survey.questions.errors.counts'),
  excludedCount: z.coerce
    .number({ message: 'survey.questions.errors.counts' })
    .int('survey.questions.errors.counts')
    .min(0, 'survey.questions.errors.counts')
    .max(20, 'survey.questions.errors.counts'),
  source: text(500, 'survey.questions.errors.sourceRequired', 'survey.questions.errors.sourceTooLong'),
});

const runForm = z.object({
  maxIterations: z.coerce
    .number({ message: 'survey.weighting.errors.maxIterations' })
    .int('survey.weighting.errors.maxIterations')
    .min(1, 'survey.weighting.errors.maxIterations')
    .max(1000, 'survey.weighting.errors.maxIterations'),
  epsilon: z.coerce
    .number({ message: 'survey.weighting.errors.epsilon' })
    .gt(0, 'survey.weighting.errors.epsilon')
    .max(0.1, 'survey.weighting.errors.epsilon'),
  trimLow: z.string().trim().optional().default(''),
  trimHigh: z.string().trim().optional().default(''),
});

const benchmarkForm = z.object({
  benchmarkQuestion: z.string().regex(/^[a-z][a-z0-9_]{1,60}$/, 'survey.results.errors.unknownQuestion'),
  benchmarkValue: z
    .string()
    .trim()
    .regex(/^\d{1,3}(\.\d{1,3})?$/, 'survey.results.errors.value')
    .transform(Number),
  benchmarkLabel: text(200, 'survey.results.errors.labelRequired', 'survey.results.errors.labelTooLong'),
});

const minNForm = z.object({
  minN: z.coerce
    .number({ message: 'survey.results.errors.minN' })
    .int('survey.results.errors.minN')
    .min(10, 'survey.results.errors.minN')
    .max(1000, 'survey.results.errors.minN'),
});

function langOf(req: FastifyRequest): Language {
  return isLanguage(req.lang) ? req.lang : 'en';
}

function domainErrors(err: unknown, t: Translate, fallback: string): FormErrors {
  if (err instanceof DomainError) return addError(emptyErrors(), err.field ?? fallback, t(err.key, err.params));
  throw err;
}

function problemErrors(problems: LineProblem[], total: number, t: Translate, field: string): FormErrors {
  const errors = emptyErrors();
  for (const p of problems)
    errors.list.push({
      text: t('survey.import.errors.line', { line: p.line, message: t(p.key, p.params) }),
      href: `#${field}`,
    });
  if (total > problems.length)
    errors.list.push({ text: t('survey.import.errors.more', { count: total - problems.length }), href: `#${field}` });
  errors.fields[field] = { text: t('survey.import.errors.fixFile', { count: total }) };
  return errors;
}

/** Place name for the whole-place question: the council's name without "Borough Council" and the like. */
export function placeName(councilName: string): string {
  return (
    councilName
      .replace(/\s*\([^)]*\)\s*/g, ' ')
      .replace(/\b((Metropolitan|Royal)\s+)?((Borough|City|County|District)\s+)?Council\b/i, '')
      .replace(/\s+/g, ' ')
      .trim() || councilName
  );
}

/** A question as shown to a respondent, in their language when the catalogue has it. */
function present(q: Question, t: Translate, place: string, wards: { code: string; name: string }[]) {
  const key = q.catalogue_key;
  const fromCatalogue = key !== null && translator('en')(`${key}.text`) === q.wording;
  const fill = (s: string) => s.replace(/\{place\}/g, place);
  const textOut = fromCatalogue ? t(`${key}.text`, { place }) : fill(q.wording);
  const hintKey = `${key}.hint`;
  const hint = fromCatalogue ? (q.hint ? t(hintKey) : '') : q.hint;
  let options: { value: string; text: string }[];
  if (q.kind === 'area') options = wards.map((w) => ({ value: w.code, text: w.name }));
  else if (q.kind === 'scale') {
    options = [];
    for (let i = q.scale_min ?? 0; i <= (q.scale_max ?? 10); i++) {
      const label =
        i === (q.scale_min ?? 0)
          ? t('survey.answer.scaleLow', { n: i })
          : i === (q.scale_max ?? 10)
            ? t('survey.answer.scaleHigh', { n: i })
            : String(i);
      options.push({ value: String(i), text: label });
    }
  } else
    options = q.options.map((o) => ({ value: o.code, text: fromCatalogue ? t(`${key}.options.${o.code}`) : o.label }));
  return { text: textOut, hint, options, inline: q.kind === 'scale' };
}

function fmt(measure: 'proportion' | 'mean') {
  return measure === 'proportion' ? (v: number) => formatPercent(v, 0) : (v: number) => v.toFixed(1);
}

/** Result rows for tables and downloads; suppressed estimates have no value, SE or interval. */
function estimateRow(label: string, code: string, e: Estimate, measure: 'proportion' | 'mean') {
  return {
    code,
    label,
    n: e.n,
    estimate: e.suppressed ? null : e.estimate,
    se: e.suppressed ? null : e.se,
    ci_low: e.suppressed ? null : e.ciLow,
    ci_high: e.suppressed ? null : e.ciHigh,
    suppressed: e.suppressed,
    measure,
  };
}

/**
 * Residents' surveys. Staff pages under /c/:council/surveys; the anonymous online survey at /s/:waveId
 * (public, rate-limited, one draft per browser held by an HttpOnly cookie, resumable with a code).
 */
export interface SurveyRouteDeps {
  svc: SurveyService;
  audit: AuditService;
  geography: GeographyService;
  config: Config;
}

export function surveyRoutes(deps: SurveyRouteDeps) {
  return (app: FastifyInstance) => registerSurveyRoutes(app, deps);
}

async function registerSurveyRoutes(app: FastifyInstance, { svc, audit, geography, config }: SurveyRouteDeps) {
  const manage = { config: { access: can('survey.manage') } };
  const view = { config: { access: can('survey.view') } };
  const base = (req: FastifyRequest) => `/c/${actorOf(req).council.slug}/surveys`;

  const loadWave = async (req: FastifyRequest): Promise<WaveRow> => {
    const { waveId } = req.params as { waveId: string };
    if (!uuid.safeParse(waveId).success) throw notFound();
    const wave = await svc.wave(actorOf(req).council.id, waveId);
    if (!wave) throw notFound();
    return wave;
  };

  // ───────────── surveys ─────────────

  app.get(`${PREFIX}`, view, async (req, reply) => {
    const surveys = await svc.surveys(actorOf(req).council.id);
    return reply.render('survey/views/index.njk', { surveys });
  });

  app.get(`${PREFIX}/new`, manage, async (_req, reply) =>
    reply.render('survey/views/survey-new.njk', { values: {}, errors: emptyErrors() }),
  );

  app.post(`${PREFIX}/new`, manage, async (req, reply) => {
    const t = tFor(req);
    const form = parseForm(surveyForm, req.body, t);
    if (!form.ok)
      return reply
        .code(400)
        .render('survey/views/survey-new.njk', { values: req.body as Record<string, unknown>, errors: form.errors });
    try {
      const id = await svc.createSurvey(actorOf(req).council.id, userOf(req).id, form.data.name, form.data.description);
      return reply.redirect(`${base(req)}/${id}`, 303);
    } catch (err) {
      return reply
        .code(400)
        .render('survey/views/survey-new.njk', { values: form.data, errors: domainErrors(err, t, 'name') });
    }
  });

  // ───────────── question bank ─────────────

  app.get(`${PREFIX}/questions`, view, async (req, reply) => {
    const bank = await svc.bank(actorOf(req).council.id);
    const sections = SECTIONS.map((s) => ({ section: s, questions: bank.filter((q) => q.section === s) })).filter(
      (s) => s.questions.length,
    );
    return reply.render('survey/views/bank.njk', { sections });
  });

  const renderNewQuestion = (reply: FastifyReply, values: Record<string, unknown>, errors: FormErrors, status = 200) =>
    reply.code(status).render('survey/views/question-new.njk', { values, errors });

  app.get(`${PREFIX}/questions/new`, manage, async (_req, reply) =>
    renderNewQuestion(reply, { kind: 'choice', positiveCount: '2', excludedCount: '1' }, emptyErrors()),
  );

  app.post(`${PREFIX}/questions/new`, manage, async (req, reply) => {
    const t = tFor(req);
    const form = parseForm(questionForm, req.body, t);
    if (!form.ok) return renderNewQuestion(reply, req.body as Record<string, unknown>, form.errors, 400);
    try {
      const id = await svc.addQuestion(actorOf(req).council.id, userOf(req).id, {
        ...form.data,
        options: splitOptions(form.data.options),
      });
      return reply.redirect(`${base(req)}/questions/${id}?added=1`, 303);
    } catch (err) {
      return renderNewQuestion(reply, req.body as Record<string, unknown>, domainErrors(err, t, 'options'), 400);
    }
  });

  const loadQuestion = async (req: FastifyRequest) => {
    const { questionId } = req.params as { questionId: string };
    if (!uuid.safeParse(questionId).success) throw notFound();
    const found = await svc.question(actorOf(req).council.id, questionId);
    if (!found) throw notFound();
    return found;
  };

  const renderQuestion = (
    req: FastifyRequest,
    reply: FastifyReply,
    found: Awaited<ReturnType<typeof loadQuestion>>,
    values: Record<string, unknown>,
    errors: FormErrors,
    status = 200,
  ) =>
    reply.code(status).render('survey/views/question.njk', {
      question: found.question,
      versions: found.versions,
      own: found.question.council_id === actorOf(req).council.id,
      values,
      errors,
      added: (req.query as { added?: string }).added === '1',
      revised: (req.query as { revised?: string }).revised === '1',
    });

  const questionValues = (q: Question) => ({
    code: q.code,
    kind: q.kind,
    wording: q.wording,
    hint: q.hint,
    options: q.options.map((o) => o.label).join('\n'),
    positiveCount: String(q.options.filter((o) => o.positive).length),
    excludedCount: String(q.options.filter((o) => o.excluded).length),
    source: q.source,
  });

  app.get(`${PREFIX}/questions/:questionId`, view, async (req, reply) => {
    const found = await loadQuestion(req);
    return renderQuestion(req, reply, found, questionValues(found.question), emptyErrors());
  });

  app.post(`${PREFIX}/questions/:questionId`, manage, async (req, reply) => {
    const t = tFor(req);
    const found = await loadQuestion(req);
    if (found.question.council_id !== actorOf(req).council.id) throw notFound();
    const form = parseForm(questionForm.omit({ code: true }), req.body, t);
    if (!form.ok)
      return renderQuestion(
        req,
        reply,
        found,
        { ...(req.body as Record<string, unknown>), code: found.question.code },
        form.errors,
        400,
      );
    try {
      await svc.reviseQuestion(actorOf(req).council.id, userOf(req).id, found.question.id, {
        ...form.data,
        options: splitOptions(form.data.options),
      });
    } catch (err) {
      return renderQuestion(
        req,
        reply,
        found,
        { ...(req.body as Record<string, unknown>), code: found.question.code },
        domainErrors(err, t, 'options'),
        400,
      );
    }
    return reply.redirect(`${base(req)}/questions/${found.question.id}?revised=1`, 303);
  });

  // ───────────── waves ─────────────

  app.get(`${PREFIX}/waves/:waveId`, view, async (req, reply) => {
    const wave = await loadWave(req);
    const [questions, comparability] = await Promise.all([
      svc.questionnaire(actorOf(req).council.id, wave.id),
      svc.comparability(actorOf(req).council.id, wave),
    ]);
    return reply.render('survey/views/wave.njk', {
      wave,
      questions,
      comparability,
      publicLink: svc.publicLink(wave.id),
      linkLive:
        wave.status === 'open' && wave.mode === 'online' && wave.ends_on >= new Date().toISOString().slice(0, 10),
      created: (req.query as { created?: string }).created === '1',
      errors: emptyErrors(),
    });
  });

  app.post(`${PREFIX}/waves/:waveId/status`, manage, async (req, reply) => {
    const t = tFor(req);
    const wave = await loadWave(req);
    const status = (req.body as { status?: string } | undefined)?.status;
    const parsed = z.enum(['draft', 'open', 'closed']).safeParse(status);
    let errors = emptyErrors();
    if (!parsed.success) errors = addError(errors, 'status', t('survey.waves.errors.status'));
    else {
      try {
        await svc.setStatus(actorOf(req).council.id, userOf(req).id, wave.id, parsed.data);
        return reply.redirect(`${base(req)}/waves/${wave.id}`, 303);
      } catch (err) {
        errors = domainErrors(err, t, 'status');
      }
    }
    const [questions, comparability] = await Promise.all([
      svc.questionnaire(actorOf(req).council.id, wave.id),
      svc.comparability(actorOf(req).council.id, wave),
    ]);
    return reply.code(400).render('survey/views/wave.njk', {
      wave,
      questions,
      comparability,
      publicLink: svc.publicLink(wave.id),
      linkLive:
        wave.status === 'open' && wave.mode === 'online' && wave.ends_on >= new Date().toISOString().slice(0, 10),
      errors,
    });
  });

  const renderQuestionnaire = async (
    req: FastifyRequest,
    reply: FastifyReply,
    wave: WaveRow,
    chosen: string[] | null,
    errors: FormErrors,
    status = 200,
  ) => {
    const [bank, current] = await Promise.all([
      svc.bank(actorOf(req).council.id),
      svc.questionnaire(actorOf(req).council.id, wave.id),
    ]);
    const selected = new Set(chosen ?? current.map((q) => q.id));
    const sections = SECTIONS.map((s) => ({ section: s, questions: bank.filter((q) => q.section === s) })).filter(
      (s) => s.questions.length,
    );
    return reply
      .code(status)
      .render('survey/views/questionnaire.njk', { wave, sections, selected: [...selected], errors });
  };

  app.get(`${PREFIX}/waves/:waveId/questionnaire`, manage, async (req, reply) =>
    renderQuestionnaire(req, reply, await loadWave(req), null, emptyErrors()),
  );

  app.post(`${PREFIX}/waves/:waveId/questionnaire`, manage, async (req, reply) => {
    const t = tFor(req);
    const wave = await loadWave(req);
    const raw = (req.body as { questions?: unknown } | undefined)?.questions;
    const list = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter(
      (x): x is string => typeof x === 'string' && uuid.safeParse(x).success,
    );
    try {
      await svc.setQuestionnaire(actorOf(req).council.id, userOf(req).id, wave.id, list);
    } catch (err) {
      return renderQuestionnaire(req, reply, wave, list, domainErrors(err, t, 'questions'), 400);
    }
    return reply.redirect(`${base(req)}/waves/${wave.id}`, 303);
  });

  // ───────────── survey page and new wave (after /waves and /questions so static paths win) ─────────────

  const loadSurvey = async (req: FastifyRequest) => {
    const { surveyId } = req.params as { surveyId: string };
    if (!uuid.safeParse(surveyId).success) throw notFound();
    const survey = await svc.survey(actorOf(req).council.id, surveyId);
    if (!survey) throw notFound();
    return survey;
  };

  app.get(`${PREFIX}/:surveyId`, view, async (req, reply) => {
    const survey = await loadSurvey(req);
    const waves = await svc.waves(actorOf(req).council.id, survey.id);
    return reply.render('survey/views/survey.njk', { survey, waves });
  });

  const renderNewWave = (
    reply: FastifyReply,
    survey: unknown,
    values: Record<string, unknown>,
    errors: FormErrors,
    status = 200,
  ) => reply.code(status).render('survey/views/wave-new.njk', { survey, values, errors });

  app.get(`${PREFIX}/:surveyId/waves/new`, manage, async (req, reply) => {
    const survey = await loadSurvey(req);
    return renderNewWave(
      reply,
      survey,
      { mode: 'online', targetPopulation: tFor(req)('survey.waves.defaultTarget') },
      emptyErrors(),
    );
  });

  app.post(`${PREFIX}/:surveyId/waves/new`, manage, async (req, reply) => {
    const t = tFor(req);
    const survey = await loadSurvey(req);
    const form = parseForm(waveForm, req.body, t);
    if (!form.ok) return renderNewWave(reply, survey, req.body as Record<string, unknown>, form.errors, 400);
    try {
      const id = await svc.createWave(actorOf(req).council.id, userOf(req).id, survey.id, form.data);
      return reply.redirect(`${base(req)}/waves/${id}?created=1`, 303);
    } catch (err) {
      return renderNewWave(reply, survey, req.body as Record<string, unknown>, domainErrors(err, t, 'name'), 400);
    }
  });

  // ───────────── import ─────────────

  app.get(`${PREFIX}/waves/:waveId/import`, manage, async (req, reply) => {
    const wave = await loadWave(req);
    return reply.render('survey/views/import.njk', {
      wave,
      errors: emptyErrors(),
      imported: (req.query as { rows?: string }).rows,
    });
  });

  app.post(`${PREFIX}/waves/:waveId/import`, manage, async (req, reply) => {
    const t = tFor(req);
    const wave = await loadWave(req);
    const file = (req.body as { file?: unknown } | undefined)?.file;
    if (!(file instanceof Buffer) || file.length === 0) {
      return reply.code(400).render('survey/views/import.njk', {
        wave,
        errors: addError(emptyErrors(), 'file', t('survey.import.errors.fileRequired')),
      });
    }
    try {
      const id = await svc.uploadImport(actorOf(req).council.id, userOf(req).id, wave.id, 'upload.csv', file);
      return reply.redirect(`${base(req)}/waves/${wave.id}/import/${id}`, 303);
    } catch (err) {
      return reply.code(400).render('survey/views/import.njk', { wave, errors: domainErrors(err, t, 'file') });
    }
  });

  const loadImport = async (req: FastifyRequest, wave: WaveRow) => {
    const { importId } = req.params as { importId: string };
    if (!uuid.safeParse(importId).success) throw notFound();
    const file = await svc.importFile(actorOf(req).council.id, wave.id, importId);
    if (!file) throw notFound();
    return file;
  };

  /** Guesses the mapping: a column named like a question's code maps to it; a column called id is the respondent id. */
  const renderMapping = async (
    req: FastifyRequest,
    reply: FastifyReply,
    wave: WaveRow,
    file: { id: string; columns: string[]; row_count: number },
    values: Record<string, string> | null,
    errors: FormErrors,
    status = 200,
  ) => {
    const questions = await svc.questionnaire(actorOf(req).council.id, wave.id);
    const guess: Record<string, string> = {};
    for (const [i, c] of file.columns.entries()) {
      const low = c.toLowerCase().trim();
      guess[`map_${i}`] = questions.find((q) => q.code === low)?.code ?? '';
    }
    guess.idColumn = file.columns.find((c) => /^(id|respondent_?id|serial)$/i.test(c.trim())) ?? '';
    return reply
      .code(status)
      .render('survey/views/import-map.njk', { wave, file, questions, values: values ?? guess, errors });
  };

  app.get(`${PREFIX}/waves/:waveId/import/:importId`, manage, async (req, reply) => {
    const wave = await loadWave(req);
    const file = await loadImport(req, wave);
    if (file.completed_at) return reply.redirect(`${base(req)}/waves/${wave.id}/import?rows=${file.row_count}`, 303);
    return renderMapping(req, reply, wave, file, null, emptyErrors());
  });

  app.post(`${PREFIX}/waves/:waveId/import/:importId`, manage, async (req, reply) => {
    const t = tFor(req);
    const wave = await loadWave(req);
    const file = await loadImport(req, wave);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values: Record<string, string> = {};
    for (const [k, v] of Object.entries(body))
      if (typeof v === 'string' && (k === 'idColumn' || /^map_\d+$/.test(k))) values[k] = v;
    const mapping: Record<string, string> = {};
    file.columns.forEach((c, i) => {
      if (values[`map_${i}`]) mapping[c] = values[`map_${i}`];
    });
    if (!values.idColumn)
      return renderMapping(
        req,
        reply,
        wave,
        file,
        values,
        addError(emptyErrors(), 'idColumn', t('survey.import.errors.idColumn')),
        400,
      );
    try {
      const outcome = await svc.applyImport(
        actorOf(req).council.id,
        userOf(req).id,
        wave,
        file.id,
        values.idColumn,
        mapping,
      );
      if (!outcome.ok)
        return renderMapping(
          req,
          reply,
          wave,
          file,
          values,
          problemErrors(outcome.problems, outcome.problemCount, t, 'idColumn'),
          400,
        );
      return reply.redirect(`${base(req)}/waves/${wave.id}/import?rows=${outcome.rows}`, 303);
    } catch (err) {
      return renderMapping(req, reply, wave, file, values, domainErrors(err, t, 'idColumn'), 400);
    }
  });

  // ───────────── weighting ─────────────

  const renderWeighting = async (
    req: FastifyRequest,
    reply: FastifyReply,
    wave: WaveRow,
    values: Record<string, unknown>,
    errors: FormErrors,
    status = 200,
  ) => {
    const actor = actorOf(req);
    const council = actor.council;
    const [margins, datasets, questions, coverage] = await Promise.all([
      svc.margins(council.id, wave.id),
      svc.censusDatasets(council.areaCode),
      svc.questionnaire(council.id, wave.id),
      svc.marginCoverage(council.id, wave, langOf(req)),
    ]);
    const variables = [...new Set(margins.map((m) => m.variable))].map((v) => {
      const cov = coverage.get(v);
      const rows = margins
        .filter((m) => m.variable === v)
        .map((m) => ({
          ...m,
          label: cov?.get(m.category)?.label ?? m.category,
          respondents: cov?.get(m.category)?.respondents ?? 0,
        }));
      const total = rows.reduce((s, r) => s + r.population, 0);
      const respondents = rows.reduce((s, r) => s + r.respondents, 0);
      return {
        variable: v,
        rows: rows.map((r) => ({
          ...r,
          populationShare: total > 0 ? r.population / total : 0,
          sampleShare: respondents > 0 ? r.respondents / respondents : 0,
        })),
        total,
        source: rows[0]?.source ?? '',
      };
    });
    const censusVariables = questions
      .filter((q) => q.kind === 'area' || (q.section === 'demographics' && q.kind === 'choice'))
      .flatMap((q) => {
        const t = tFor(req);
        const out = [{ value: q.code, text: `${t(`survey.bank.${q.code}.short`)} (${q.code})` }];
        if (q.options.some((o) => o.group))
          out.push({
            value: `${q.code}:group`,
            text: `${t('survey.results.broadGroups', { question: t(`survey.bank.${q.code}.short`) })} (${q.code}:group)`,
          });
        return out;
      });
    return reply.code(status).render('survey/views/weighting.njk', {
      wave,
      variables,
      datasets,
      censusVariables,
      values: { maxIterations: String(RAKE_DEFAULTS.maxIterations), epsilon: String(RAKE_DEFAULTS.epsilon), ...values },
      errors,
      done: (req.query as { done?: string }).done,
    });
  };

  app.get(`${PREFIX}/waves/:waveId/weighting`, manage, async (req, reply) =>
    renderWeighting(req, reply, await loadWave(req), {}, emptyErrors()),
  );

  app.post(`${PREFIX}/waves/:waveId/weighting/census`, manage, async (req, reply) => {
    const t = tFor(req);
    const wave = await loadWave(req);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const dataset = typeof body.dataset === 'string' ? body.dataset : '';
    const variable = typeof body.variable === 'string' ? body.variable : '';
    let errors = emptyErrors();
    if (!/^[a-z0-9_]{2,60}$/.test(dataset)) addError(errors, 'dataset', t('survey.weighting.errors.noDataset'));
    if (!variable) addError(errors, 'variable', t('survey.weighting.errors.variableRequired'));
    if (!errors.list.length) {
      try {
        await svc.marginsFromCensus(
          actorOf(req).council.id,
          userOf(req).id,
          wave,
          actorOf(req).council.areaCode,
          dataset,
          variable,
        );
        return reply.redirect(`${base(req)}/waves/${wave.id}/weighting?done=margins`, 303);
      } catch (err) {
        errors = domainErrors(err, t, 'variable');
      }
    }
    return renderWeighting(req, reply, wave, { dataset, variable }, errors, 400);
  });

  app.post(`${PREFIX}/waves/:waveId/weighting/margins`, manage, async (req, reply) => {
    const t = tFor(req);
    const wave = await loadWave(req);
    const textIn = (req.body as { margins?: unknown } | undefined)?.margins;
    if (typeof textIn !== 'string' || !textIn.trim() || textIn.length > 100_000) {
      return renderWeighting(
        req,
        reply,
        wave,
        { margins: '' },
        addError(emptyErrors(), 'margins', t('survey.weighting.errors.marginsRequired')),
        400,
      );
    }
    const outcome = await svc.marginsFromText(actorOf(req).council.id, userOf(req).id, wave, textIn);
    if (!outcome.ok)
      return renderWeighting(
        req,
        reply,
        wave,
        { margins: textIn },
        problemErrors(outcome.problems, outcome.problems.length, t, 'margins'),
        400,
      );
    return reply.redirect(`${base(req)}/waves/${wave.id}/weighting?done=margins`, 303);
  });

  app.post(`${PREFIX}/waves/:waveId/weighting/remove`, manage, async (req, reply) => {
    const wave = await loadWave(req);
    const variable = (req.body as { variable?: unknown } | undefined)?.variable;
    if (typeof variable === 'string' && variable.length <= 200)
      await svc.removeMargin(actorOf(req).council.id, userOf(req).id, wave.id, variable);
    return reply.redirect(`${base(req)}/waves/${wave.id}/weighting`, 303);
  });

  app.post(`${PREFIX}/waves/:waveId/weighting/run`, manage, async (req, reply) => {
    const t = tFor(req);
    const wave = await loadWave(req);
    const form = parseForm(runForm, req.body, t);
    if (!form.ok) return renderWeighting(req, reply, wave, req.body as Record<string, unknown>, form.errors, 400);
    let trim: { low: number; high: number } | null = null;
    if (form.data.trimLow || form.data.trimHigh) {
      const low = Number(form.data.trimLow || '0');
      const high = form.data.trimHigh ? Number(form.data.trimHigh) : Infinity;
      if (!Number.isFinite(low) || Number.isNaN(high) || low < 0 || low > 1 || high < 1) {
        return renderWeighting(
          req,
          reply,
          wave,
          req.body as Record<string, unknown>,
          addError(emptyErrors(), 'trimLow', t('survey.weighting.errors.trim')),
          400,
        );
      }
      trim = { low, high };
    }
    try {
      await svc.weight(actorOf(req).council.id, userOf(req).id, wave, {
        maxIterations: form.data.maxIterations,
        epsilon: form.data.epsilon,
        trim,
      });
    } catch (err) {
      return renderWeighting(
        req,
        reply,
        await loadWave(req),
        req.body as Record<string, unknown>,
        domainErrors(err, t, 'run'),
        400,
      );
    }
    return reply.redirect(`${base(req)}/waves/${wave.id}/weighting?done=weighted`, 303);
  });

  // ───────────── results ─────────────

  const renderResults = async (
    req: FastifyRequest,
    reply: FastifyReply,
    wave: WaveRow,
    errors: FormErrors,
    values: Record<string, unknown> = {},
    status = 200,
  ) => {
    const actor = actorOf(req);
    const council = actor.council;
    const t = tFor(req);
    const lang = langOf(req);
    const q = req.query as { question?: string; by?: string; format?: string };
    const questions = await svc.questionnaire(council.id, wave.id);
    const headline = svc.headlineQuestions(questions);
    const breakdowns = svc.breakdownQuestions(questions).flatMap((b) => {
      const out = [{ value: b.code, text: t(`survey.bank.${b.code}.short`) }];
      if (b.options.some((o) => o.group))
        out.push({
          value: `${b.code}:group`,
          text: t('survey.results.broadGroups', { question: t(`survey.bank.${b.code}.short`) }),
        });
      return out;
    });
    const code = headline.some((h) => h.code === q.question) ? q.question! : headline[0]?.code;
    const by = breakdowns.some((b) => b.value === q.by) ? q.by! : (breakdowns[0]?.value ?? null);
    const results = code ? await svc.results(council.id, wave, council.areaCode, code, by, lang) : null;
    if (q.format === 'csv' || q.format === 'json') {
      if (!results) throw notFound();
      const rows = [
        { dimension: 'all', ...estimateRow(council.name, council.areaCode ?? 'all', results.overall, results.measure) },
        ...results.wards.map((w) => ({
          dimension: 'ward',
          ...estimateRow(w.label, w.code, w.estimate, results.measure),
        })),
        ...results.groups.map((g) => ({
          dimension: results.groupBy ?? 'group',
          ...estimateRow(g.label, g.code, g.estimate, results.measure),
        })),
      ].map((r) => ({
        wave: wave.name,
        period: wave.period,
        question: code,
        ...r,
        weighted: wave.weighted_at !== null,
        min_n: wave.min_n,
      }));
      const name = `survey-${wave.period}-${code}`;
      await audit.record({
        councilId: council.id,
        userId: userOf(req).id,
        action: 'survey.results_downloaded',
        targetType: 'survey_wave',
        targetId: wave.id,
        detail: { question: code, format: q.format },
      });
      if (q.format === 'json')
        return reply
          .header('content-disposition', `attachment; filename="${name}.json"`)
          .type('application/json')
          .send({ results: rows });
      return reply
        .header('content-disposition', `attachment; filename="${name}.csv"`)
        .type('text/csv; charset=utf-8')
        .send(toCsv(rows));
    }
    let map = null;
    let bars = null;
    if (results) {
      const format = fmt(results.measure);
      const wardsForMap = await geography.features(
        results.wards.map((w) => ({ code: w.code, name: w.label, level: 'ward' as const })),
      );
      if (wardsForMap.length) {
        map = choroplethFigure({
          features: wardsForMap,
          values: new Map(results.wards.map((w) => [w.code, w.estimate.suppressed ? null : w.estimate.estimate])),
          width: 640,
          height: 500,
          title: t('survey.results.mapTitle', { question: headlineText(results.question, t) }),
          description: t('survey.results.mapDescription', { count: wardsForMap.length, minN: wave.min_n }),
          valueLabel: headlineText(results.question, t),
          format,
          id: 'survey-ward-map',
        });
      }
      if (results.groups.length) {
        bars = barChartFigure({
          bars: results.groups.map((g) => ({
            label: g.label,
            value: g.estimate.suppressed ? null : g.estimate.estimate,
            lower: g.estimate.ciLow,
            upper: g.estimate.ciHigh,
          })),
          width: 640,
          title: t('survey.results.barTitle', { question: headlineText(results.question, t) }),
          description: t('survey.results.barDescription'),
          format,
          valueLabel: headlineText(results.question, t),
          intervalLabel: t('survey.results.ci'),
          reference: results.benchmark ? { value: results.benchmark.value, label: results.benchmark.label } : undefined,
          domain:
            results.measure === 'proportion'
              ? [0, 1]
              : [results.question.scale_min ?? 0, results.question.scale_max ?? 10],
          id: 'survey-group-bars',
        });
      }
    }
    const benchmarks = await svc.benchmarks(council.id, wave.id);
    return reply.code(status).render('survey/views/results.njk', {
      wave,
      headline: headline.map((h) => ({ value: h.code, text: headlineText(h, t), selected: h.code === code })),
      breakdowns: breakdowns.map((b) => ({ ...b, selected: b.value === by })),
      code,
      by,
      results,
      map,
      bars,
      benchmarks,
      format: results ? fmtForView(results.measure) : null,
      values,
      errors,
      published: (req.query as { published?: string }).published,
    });
  };

  app.get(`${PREFIX}/waves/:waveId/results`, view, async (req, reply) =>
    renderResults(req, reply, await loadWave(req), emptyErrors()),
  );

  app.post(`${PREFIX}/waves/:waveId/results/settings`, manage, async (req, reply) => {
    const t = tFor(req);
    const wave = await loadWave(req);
    const form = parseForm(minNForm, req.body, t);
    if (!form.ok) return renderResults(req, reply, wave, form.errors, req.body as Record<string, unknown>, 400);
    await svc.setMinN(actorOf(req).council.id, userOf(req).id, wave.id, form.data.minN);
    return reply.redirect(`${base(req)}/waves/${wave.id}/results`, 303);
  });

  app.post(`${PREFIX}/waves/:waveId/benchmarks`, manage, async (req, reply) => {
    const t = tFor(req);
    const wave = await loadWave(req);
    const form = parseForm(benchmarkForm, req.body, t);
    if (!form.ok) return renderResults(req, reply, wave, form.errors, req.body as Record<string, unknown>, 400);
    try {
      await svc.setBenchmark(
        actorOf(req).council.id,
        userOf(req).id,
        wave,
        form.data.benchmarkQuestion,
        form.data.benchmarkValue,
        form.data.benchmarkLabel,
      );
    } catch (err) {
      return renderResults(
        req,
        reply,
        wave,
        domainErrors(err, t, 'benchmarkValue'),
        req.body as Record<string, unknown>,
        400,
      );
    }
    return reply.redirect(
      `${base(req)}/waves/${wave.id}/results?question=${encodeURIComponent(form.data.benchmarkQuestion)}`,
      303,
    );
  });

  app.post(`${PREFIX}/waves/:waveId/publish`, manage, async (req, reply) => {
    const t = tFor(req);
    const wave = await loadWave(req);
    try {
      const n = await svc.publish(actorOf(req).council.id, userOf(req).id, wave, actorOf(req).council.areaCode);
      return reply.redirect(`${base(req)}/waves/${wave.id}/results?published=${n}`, 303);
    } catch (err) {
      return renderResults(req, reply, wave, domainErrors(err, t, 'publish'), {}, 400);
    }
  });

  // ───────────── the public online survey ─────────────

  const publicForm = {
    config: { access: publicAccess, rateLimit: { max: config.rateLimitPublicForms, timeWindow: '1 minute' } },
  };
  // Answering is many small posts per person: a higher limit, still bounded.
  const answerForm = {
    config: { access: publicAccess, rateLimit: { max: config.rateLimitPublicForms * 4, timeWindow: '1 minute' } },
  };
  const publicPage = {
    config: { access: publicAccess, rateLimit: { max: config.rateLimitPublicForms * 4, timeWindow: '1 minute' } },
  };

  const openWave = async (req: FastifyRequest): Promise<PublicWaveRow> => {
    const { waveId } = req.params as { waveId: string };
    if (!uuid.safeParse(waveId).success) throw notFound();
    const wave = await svc.openWave(waveId);
    if (!wave) throw notFound();
    return wave;
  };
  const cookiePath = (waveId: string) => `/s/${waveId}`;
  const setDraftCookie = (reply: FastifyReply, waveId: string, token: string) =>
    reply.setCookie(COOKIE, token, {
      path: cookiePath(waveId),
      httpOnly: true,
      sameSite: 'lax',
      secure: config.secureCookies,
      maxAge: 60 * 60 * 24 * 90,
    });
  const draftOf = (req: FastifyRequest, wave: PublicWaveRow) => svc.draft(wave.id, req.cookies[COOKIE]);

  const surveyContext = async (wave: PublicWaveRow) => {
    const questions = await svc.questionnaire(wave.council_id, wave.id);
    const wards = questions.some((q) => q.kind === 'area') ? await svc.wards(wave.area_code) : [];
    return { questions, wards, place: placeName(wave.council_name) };
  };
  const nextUnanswered = (questions: Question[], answers: Record<string, unknown>) =>
    questions.find((q) => answers[q.code] === undefined);
  const publicBase = (wave: PublicWaveRow) => `/s/${wave.id}`;

  app.get('/s/:waveId', publicPage, async (req, reply) => {
    const wave = await openWave(req);
    const draft = await draftOf(req, wave);
    const { questions } = await surveyContext(wave);
    return reply.render('survey/views/public-start.njk', {
      wave,
      draft,
      questionCount: questions.length,
      errors: emptyErrors(),
    });
  });

  app.post('/s/:waveId/start', publicForm, async (req, reply) => {
    const wave = await openWave(req);
    let draft = await draftOf(req, wave);
    if (draft?.completed_at) return reply.redirect(`${publicBase(wave)}/done`, 303);
    if (!draft) {
      const token = await svc.startDraft(wave);
      setDraftCookie(reply, wave.id, token);
      draft = { id: '', answers: {}, completed_at: null, weight: null, source: 'online', external_id: null };
    }
    const { questions } = await surveyContext(wave);
    const next = nextUnanswered(questions, draft.answers);
    return reply.redirect(next ? `${publicBase(wave)}/questions/${next.version_id}` : `${publicBase(wave)}/check`, 303);
  });

  const loadPublicQuestion = async (req: FastifyRequest, wave: PublicWaveRow) => {
    const { questionId } = req.params as { questionId: string };
    if (!uuid.safeParse(questionId).success) throw notFound();
    const ctx = await surveyContext(wave);
    const index = ctx.questions.findIndex((q) => q.version_id === questionId);
    if (index < 0) throw notFound();
    return { ...ctx, index, question: ctx.questions[index] };
  };

  const renderPublicQuestion = (
    req: FastifyRequest,
    reply: FastifyReply,
    wave: PublicWaveRow,
    ctx: Awaited<ReturnType<typeof loadPublicQuestion>>,
    value: unknown,
    errors: FormErrors,
    status = 200,
  ) => {
    const t = tFor(req);
    const shown = present(ctx.question, t, ctx.place, ctx.wards);
    return reply.code(status).render('survey/views/public-question.njk', {
      wave,
      question: ctx.question,
      shown,
      items: shown.options.map((o) => ({
        value: o.value,
        text: o.text,
        checked: value !== undefined && String(value) === o.value,
      })),
      number: ctx.index + 1,
      total: ctx.questions.length,
      back:
        ctx.index > 0 ? `${publicBase(wave)}/questions/${ctx.questions[ctx.index - 1].version_id}` : publicBase(wave),
      errors,
    });
  };

  app.get('/s/:waveId/questions/:questionId', publicPage, async (req, reply) => {
    const wave = await openWave(req);
    const draft = await draftOf(req, wave);
    if (!draft) return reply.redirect(publicBase(wave), 303);
    if (draft.completed_at) return reply.redirect(`${publicBase(wave)}/done`, 303);
    const ctx = await loadPublicQuestion(req, wave);
    return renderPublicQuestion(req, reply, wave, ctx, draft.answers[ctx.question.code], emptyErrors());
  });

  app.post('/s/:waveId/questions/:questionId', answerForm, async (req, reply) => {
    const t = tFor(req);
    const wave = await openWave(req);
    const draft = await draftOf(req, wave);
    if (!draft) return reply.redirect(publicBase(wave), 303);
    if (draft.completed_at) return reply.redirect(`${publicBase(wave)}/done`, 303);
    const ctx = await loadPublicQuestion(req, wave);
    const body = (req.body ?? {}) as { answer?: unknown; action?: unknown };
    const saving = body.action === 'save';
    const hasAnswer = typeof body.answer === 'string' && body.answer !== '';
    if (hasAnswer || !saving) {
      const problem = await svc.answer(draft.id, ctx.question, body.answer, ctx.wards);
      if (problem)
        return renderPublicQuestion(
          req,
          reply,
          wave,
          ctx,
          body.answer,
          addError(emptyErrors(), 'answer', t(problem)),
          400,
        );
    }
    if (saving) {
      const code = await svc.newResumeCode(draft.id);
      return reply.render('survey/views/public-saved.njk', {
        wave,
        code: formatResumeCode(code),
        link: `${config.baseUrl}${publicBase(wave)}/resume?code=${code}`,
      });
    }
    const answers = { ...draft.answers, [ctx.question.code]: body.answer as string };
    const after =
      ctx.questions.slice(ctx.index + 1).find((q) => answers[q.code] === undefined) ??
      nextUnanswered(ctx.questions, answers);
    return reply.redirect(
      after ? `${publicBase(wave)}/questions/${after.version_id}` : `${publicBase(wave)}/check`,
      303,
    );
  });

  app.get('/s/:waveId/resume', publicPage, async (req, reply) => {
    const wave = await openWave(req);
    const code = (req.query as { code?: string }).code;
    return reply.render('survey/views/public-resume.njk', {
      wave,
      values: { code: typeof code === 'string' ? code.slice(0, 20) : '' },
      errors: emptyErrors(),
    });
  });

  app.post('/s/:waveId/resume', publicForm, async (req, reply) => {
    const t = tFor(req);
    const wave = await openWave(req);
    const code = (req.body as { code?: unknown } | undefined)?.code;
    const found = typeof code === 'string' && code.length <= 40 ? await svc.resume(wave.id, code) : null;
    if (!found) {
      return reply.code(400).render('survey/views/public-resume.njk', {
        wave,
        values: { code: typeof code === 'string' ? code.slice(0, 20) : '' },
        errors: addError(emptyErrors(), 'code', t('survey.public.resume.errors.notFound')),
      });
    }
    setDraftCookie(reply, wave.id, found.token);
    if (found.draft.completed_at) return reply.redirect(`${publicBase(wave)}/done`, 303);
    const { questions } = await surveyContext(wave);
    const next = nextUnanswered(questions, found.draft.answers);
    return reply.redirect(next ? `${publicBase(wave)}/questions/${next.version_id}` : `${publicBase(wave)}/check`, 303);
  });

  app.get('/s/:waveId/check', publicPage, async (req, reply) => {
    const t = tFor(req);
    const wave = await openWave(req);
    const draft = await draftOf(req, wave);
    if (!draft) return reply.redirect(publicBase(wave), 303);
    if (draft.completed_at) return reply.redirect(`${publicBase(wave)}/done`, 303);
    const { questions, wards, place } = await surveyContext(wave);
    const next = nextUnanswered(questions, draft.answers);
    if (next) return reply.redirect(`${publicBase(wave)}/questions/${next.version_id}`, 303);
    const rows = questions.map((q) => {
      const shown = present(q, t, place, wards);
      const value = String(draft.answers[q.code]);
      return {
        key: { text: shown.text },
        value: { text: shown.options.find((o) => o.value === value)?.text ?? value },
        actions: {
          items: [
            {
              href: `${publicBase(wave)}/questions/${q.version_id}`,
              text: t('survey.public.check.change'),
              visuallyHiddenText: shown.text,
            },
          ],
        },
      };
    });
    return reply.render('survey/views/public-check.njk', { wave, rows, errors: emptyErrors() });
  });

  app.post('/s/:waveId/submit', publicForm, async (req, reply) => {
    const wave = await openWave(req);
    const draft = await draftOf(req, wave);
    if (!draft) return reply.redirect(publicBase(wave), 303);
    if (!draft.completed_at) {
      const { questions } = await surveyContext(wave);
      const next = nextUnanswered(questions, draft.answers);
      if (next) return reply.redirect(`${publicBase(wave)}/questions/${next.version_id}`, 303);
      await svc.submit(draft.id);
    }
    return reply.redirect(`${publicBase(wave)}/done`, 303);
  });

  app.get('/s/:waveId/done', publicPage, async (req, reply) => {
    const wave = await openWave(req);
    const draft = await draftOf(req, wave);
    if (!draft?.completed_at) return reply.redirect(publicBase(wave), 303);
    return reply.render('survey/views/public-done.njk', { wave });
  });
}

function splitOptions(text: string) {
  return text
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter(Boolean)
    .slice(0, 20);
}

/** Short label of a question's headline measure. */
function headlineText(q: Question, t: Translate) {
  if (q.catalogue_key && translator('en')(`${q.catalogue_key}.text`) === q.wording)
    return t(`${q.catalogue_key}.headline`);
  const positive = q.options.filter((o) => o.positive).map((o) => o.label);
  const text = q.wording.length > 70 ? `${q.wording.slice(0, 67)}…` : q.wording;
  return positive.length ? `${text} (${positive.join(', ')})` : text;
}

function fmtForView(measure: 'proportion' | 'mean') {
  return measure === 'proportion' ? 'percent' : 'mean';
}
