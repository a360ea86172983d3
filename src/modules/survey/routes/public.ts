/**
 * The anonymous online survey at /s/:waveId: public and rate-limited, one draft per browser held by an
 * HttpOnly cookie scoped to the wave, resumable with a code. Unknown, draft, closed or past-end waves are 404.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { publicAccess } from '../../../kernel/access.ts';
import { publicActor } from '../../../kernel/actor.ts';
import { addError, domainErrors, emptyErrors, parseForm, type FormErrors } from '../../../server/forms.ts';
import { notFound } from '../../../server/errors.ts';
import { tFor } from '../../../server/plugins/language.ts';
import { uuid, type ZodTypeProvider } from '../../../server/schemas.ts';
import type { Question } from '../model.ts';
import { readContactsForm } from '../contacts.ts';
import { contactRows, contactsValues, postedValues } from '../present/contacts.ts';
import { checkRows, placeName, questionPage, shownQuestion, storedLanguage } from '../present/public.ts';
import { formatResumeCode } from '../questions.ts';
import { nextUnanswered, type OpenWave, type Questionnaire } from '../services/responding.ts';
import { answerForm, contactsActionForm, resumeForm } from './forms.ts';
import type { SurveyRouteDeps } from './shared.ts';

const COOKIE = 'co_survey';
const waveParams = z.object({ waveId: uuid });
const questionParams = z.object({ waveId: uuid, questionId: uuid });
const resumeQuery = z.object({ code: z.string().optional().catch(undefined) });

export function publicRoutes({ survey, config }: SurveyRouteDeps) {
  return async function routes(root: FastifyInstance) {
    const app = root.withTypeProvider<ZodTypeProvider>();
    const limit = (max: number) => ({ access: publicAccess, rateLimit: { max, timeWindow: '1 minute' } });
    const form = limit(config.rateLimitPublicForms);
    // Answering is many small posts per person: a higher limit, still bounded.
    const page = limit(config.rateLimitPublicForms * 4);
    const respondent = survey.responding;

    const openWave = async (waveId: string): Promise<OpenWave> => {
      const wave = await respondent.openWave(waveId);
      if (!wave) throw notFound();
      return wave;
    };
    const draftOf = (req: FastifyRequest, wave: OpenWave) => respondent.draft(wave, req.cookies[COOKIE]);
    const setDraftCookie = (reply: FastifyReply, wave: OpenWave, token: string) =>
      reply.setCookie(COOKIE, token, {
        path: `/s/${wave.id}`,
        httpOnly: true,
        sameSite: 'lax',
        secure: config.secureCookies,
        maxAge: 60 * 60 * 24 * 90,
      });
    /** Where a respondent goes next: the given question, else the check page. */
    const goTo = (reply: FastifyReply, wave: OpenWave, next: Question | null) =>
      reply.redirect(next ? `/s/${wave.id}/questions/${next.version_id}` : `/s/${wave.id}/check`, 303);

    app.get('/:waveId', { config: page, schema: { params: waveParams } }, async (req, reply) => {
      const wave = await openWave(req.params.waveId);
      const [draft, { questions }] = await Promise.all([draftOf(req, wave), respondent.questionnaire(wave)]);
      return reply.render('survey/views/public-start.njk', { wave, draft, questionCount: questions.length });
    });

    app.post('/:waveId/start', { config: form, schema: { params: waveParams } }, async (req, reply) => {
      const wave = await openWave(req.params.waveId);
      const draft = await draftOf(req, wave);
      if (draft?.completed_at) return reply.redirect(`/s/${wave.id}/done`, 303);
      if (!draft) setDraftCookie(reply, wave, await respondent.start(publicActor(wave.council), wave));
      const { questions } = await respondent.questionnaire(wave);
      return goTo(reply, wave, nextUnanswered(questions, draft?.answers ?? {}));
    });

    const loadQuestion = async (wave: OpenWave, questionId: string) => {
      const ctx = await respondent.questionnaire(wave);
      const index = ctx.questions.findIndex((q) => q.version_id === questionId);
      if (index < 0) throw notFound();
      return { ...ctx, index };
    };

    const renderQuestion = (
      req: FastifyRequest,
      reply: FastifyReply,
      wave: OpenWave,
      ctx: Questionnaire & { index: number },
      value: unknown,
      errors: FormErrors,
      status = 200,
    ) => {
      const shown = shownQuestion(
        ctx.questions[ctx.index],
        tFor(req),
        placeName(wave.council_name),
        ctx.wards,
        storedLanguage(req.lang, wave.council),
      );
      const view = questionPage(wave.id, ctx.questions, ctx.index, value, shown);
      const q = ctx.questions[ctx.index];
      if (q.kind === 'contacts') {
        const values =
          typeof value === 'object' && value !== null ? (value as Record<string, string>) : contactsValues(q, value);
        const rows = contactRows(q, values, errors, tFor(req), shown.lang);
        return reply.code(status).render('survey/views/public-contacts.njk', { wave, ...view, rows, errors });
      }
      return reply.code(status).render('survey/views/public-question.njk', { wave, ...view, errors });
    };

    app.get(
      '/:waveId/questions/:questionId',
      { config: page, schema: { params: questionParams } },
      async (req, reply) => {
        const wave = await openWave(req.params.waveId);
        const draft = await draftOf(req, wave);
        if (!draft) return reply.redirect(`/s/${wave.id}`, 303);
        if (draft.completed_at) return reply.redirect(`/s/${wave.id}/done`, 303);
        const ctx = await loadQuestion(wave, req.params.questionId);
        return renderQuestion(req, reply, wave, ctx, draft.answers[ctx.questions[ctx.index].code], emptyErrors());
      },
    );

    app.post(
      '/:waveId/questions/:questionId',
      { config: page, schema: { params: questionParams } },
      async (req, reply) => {
        const t = tFor(req);
        const wave = await openWave(req.params.waveId);
        const draft = await draftOf(req, wave);
        if (!draft) return reply.redirect(`/s/${wave.id}`, 303);
        if (draft.completed_at) return reply.redirect(`/s/${wave.id}/done`, 303);
        const ctx = await loadQuestion(wave, req.params.questionId);
        const question = ctx.questions[ctx.index];
        const actor = publicActor(wave.council);
        let answers = draft.answers;
        let action: 'save' | 'next';
        if (question.kind === 'contacts') {
          // A name generator: N rows; the labels typed are only echoed back on an error, never stored.
          const read = readContactsForm(question, req.body);
          if (read.problems.length) {
            const errors = emptyErrors();
            for (const p of read.problems) addError(errors, p.field, t(p.key, p.params));
            return renderQuestion(req, reply, wave, ctx, postedValues(req.body), errors, 400);
          }
          const sent = contactsActionForm.safeParse(req.body);
          action = sent.success ? sent.data.action : 'next';
          answers = await respondent.answerContacts(actor, wave, draft, question, read.contacts);
        } else {
          const parsed = parseForm(answerForm, req.body, t);
          if (!parsed.ok) return renderQuestion(req, reply, wave, ctx, undefined, parsed.errors, 400);
          const answer = parsed.data.answer;
          action = parsed.data.action;
          if (answer !== '' || action === 'next') {
            try {
              answers = await respondent.answer(actor, wave, draft, question, answer, ctx.wards);
            } catch (err) {
              return renderQuestion(req, reply, wave, ctx, answer, domainErrors(err, t, 'answer'), 400);
            }
          }
        }
        if (action === 'save') {
          const code = await respondent.saveForLater(actor, wave, draft);
          const link = `${config.baseUrl}/s/${wave.id}/resume?code=${code}`;
          return reply.render('survey/views/public-saved.njk', { wave, code: formatResumeCode(code), link });
        }
        return goTo(reply, wave, nextUnanswered(ctx.questions, answers, ctx.index));
      },
    );

    const renderResume = (reply: FastifyReply, wave: OpenWave, code: string, errors: FormErrors, status = 200) =>
      reply
        .code(status)
        .render('survey/views/public-resume.njk', { wave, values: { code: code.slice(0, 20) }, errors });

    app.get(
      '/:waveId/resume',
      { config: page, schema: { params: waveParams, querystring: resumeQuery } },
      async (req, reply) => renderResume(reply, await openWave(req.params.waveId), req.query.code ?? '', emptyErrors()),
    );

    app.post('/:waveId/resume', { config: form, schema: { params: waveParams } }, async (req, reply) => {
      const t = tFor(req);
      const wave = await openWave(req.params.waveId);
      const parsed = parseForm(resumeForm, req.body, t);
      if (!parsed.ok) return renderResume(reply, wave, '', parsed.errors, 400);
      let found;
      try {
        found = await respondent.resume(publicActor(wave.council), wave, parsed.data.code);
      } catch (err) {
        return renderResume(reply, wave, parsed.data.code, domainErrors(err, t, 'code'), 400);
      }
      setDraftCookie(reply, wave, found.token);
      if (found.draft.completed_at) return reply.redirect(`/s/${wave.id}/done`, 303);
      const { questions } = await respondent.questionnaire(wave);
      return goTo(reply, wave, nextUnanswered(questions, found.draft.answers));
    });

    app.get('/:waveId/check', { config: page, schema: { params: waveParams } }, async (req, reply) => {
      const wave = await openWave(req.params.waveId);
      const draft = await draftOf(req, wave);
      if (!draft) return reply.redirect(`/s/${wave.id}`, 303);
      if (draft.completed_at) return reply.redirect(`/s/${wave.id}/done`, 303);
      const { questions, wards } = await respondent.questionnaire(wave);
      const next = nextUnanswered(questions, draft.answers);
      if (next) return goTo(reply, wave, next);
      const rows = checkRows(
        wave.id,
        questions,
        draft.answers,
        tFor(req),
        placeName(wave.council_name),
        wards,
        storedLanguage(req.lang, wave.council),
      );
      return reply.render('survey/views/public-check.njk', { wave, rows });
    });

    app.post('/:waveId/submit', { config: form, schema: { params: waveParams } }, async (req, reply) => {
      const wave = await openWave(req.params.waveId);
      const draft = await draftOf(req, wave);
      if (!draft) return reply.redirect(`/s/${wave.id}`, 303);
      if (!draft.completed_at) {
        const { questions } = await respondent.questionnaire(wave);
        const next = nextUnanswered(questions, draft.answers);
        if (next) return goTo(reply, wave, next);
        await respondent.submit(publicActor(wave.council), wave, draft);
      }
      return reply.redirect(`/s/${wave.id}/done`, 303);
    });

    app.get('/:waveId/done', { config: page, schema: { params: waveParams } }, async (req, reply) => {
      const wave = await openWave(req.params.waveId);
      const draft = await draftOf(req, wave);
      if (!draft?.completed_at) return reply.redirect(`/s/${wave.id}`, 303);
      return reply.render('survey/views/public-done.njk', { wave });
    });
  };
}
