/**
 * The public reporting journey, outside any account: /report/:council/…
 *
 * One question per page (GOV.UK question pages), answers kept server-side in a draft keyed by the SHA-256 of a
 * random token in an HttpOnly cookie (never in the URL), a check-your-answers page whose form carries a one-time
 * submission key, and a confirmation page with the reference. Nothing about the person reporting (IP address,
 * browser, cookie) is stored with a report. The lean JSON endpoint is in submit.ts; both end in
 * IntakeService.submit.
 */
import { isLanguage } from '../../../i18n/index.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { publicAccess } from '../../../kernel/access.ts';
import { publicActor, type Council } from '../../../kernel/actor.ts';
import { domainErrors, emptyErrors, parseForm, type FormErrors } from '../../../server/forms.ts';
import { notFound } from '../../../server/errors.ts';
import { tFor } from '../../../server/plugins/language.ts';
import { councilParams, type ZodTypeProvider } from '../../../server/schemas.ts';
import {
  HONEYPOT_FIELD,
  MOTIVATIONS,
  ONGOING,
  QUESTION_ORDER,
  QUESTION_SCHEMAS,
  REPORTER_ROLES,
  consentValue,
  questionApplies,
  reportInput,
  type QuestionId,
} from '../model.ts';
import type { TensionsServices } from '../services/index.ts';
import { bodyValues, dateFromParts } from './form-input.ts';

export const DRAFT_COOKIE = 'co_tr_draft';

const params = councilParams({});
const changeQuery = z.object({ change: z.preprocess((v) => v === '1', z.boolean()) });
const base = (council: Council) => `/report/${council.slug}`;

/** The questions that apply to these answers, in order (the details page only when they want contact). */
const applicable = (answers: Record<string, unknown>) => QUESTION_ORDER.filter((q) => questionApplies(q, answers));

/** The answers a question page owns, from the draft (the date page's own boxes are not part of the report). */
function answersFor(q: QuestionId, answers: Record<string, unknown>): Record<string, unknown> {
  if (q === 'details') return { ...answers, contactConsent: consentValue(answers.contactConsent) };
  return answers;
}

const answered = (q: QuestionId, answers: Record<string, unknown>) =>
  QUESTION_SCHEMAS[q].safeParse(answersFor(q, answers)).success;

function questionContext(q: QuestionId, council: Council, change: boolean, answers: Record<string, unknown>) {
  const list = applicable(answers);
  const i = list.indexOf(q);
  const previous = i > 0 ? list[i - 1] : null;
  return {
    question: q,
    change,
    backHref: change ? `${base(council)}/check` : previous ? `${base(council)}/${previous}` : base(council),
    step: i + 1,
    steps: list.length,
    motivations: MOTIVATIONS,
    ongoingOptions: ONGOING,
    roles: REPORTER_ROLES,
  };
}

export function publicReportRoutes({ intake }: Pick<TensionsServices, 'intake'>) {
  return async function routes(base_: FastifyInstance) {
    const app = base_.withTypeProvider<ZodTypeProvider>();
    const rateLimit = { max: app.config.rateLimitPublicForms, timeWindow: '1 minute' };

    const councilOf = async (slug: string): Promise<Council> => {
      const council = await intake.publicCouncil(slug);
      if (!council) throw notFound();
      return council;
    };

    /** The visitor's draft and its token, while it has not expired. */
    const draftOf = async (req: FastifyRequest, council: Council) => {
      const token = req.cookies[DRAFT_COOKIE];
      const draft = token ? await intake.draft(council, token) : undefined;
      return token && draft ? { token, draft } : null;
    };

    const render = (reply: FastifyReply, template: string, council: Council, ctx: object, status = 200) =>
      reply.code(status).render(`tensions/views/report/${template}.njk`, {
        council,
        base: base(council),
        honeypot: HONEYPOT_FIELD,
        ...ctx,
      });

    // ---- start ----
    app.get('/', { config: { access: publicAccess }, schema: { params } }, async (req, reply) => {
      const council = await councilOf(req.params.council);
      const d = await draftOf(req, council);
      return render(reply, 'start', council, {
        inProgress: !!d && !d.draft.reference && Object.keys(d.draft.answers).length > 0,
      });
    });

    app.post('/start', { config: { access: publicAccess, rateLimit }, schema: { params } }, async (req, reply) => {
      const council = await councilOf(req.params.council);
      const d = await draftOf(req, council);
      if (d && !d.draft.reference && bodyValues(req.body).restart !== 'yes')
        return reply.redirect(`${base(council)}/${QUESTION_ORDER[0]}`, 303);
      const { token } = await intake.startDraft(publicActor(council));
      reply.setCookie(DRAFT_COOKIE, token, {
        path: '/report',
        httpOnly: true,
        sameSite: 'lax',
        secure: app.config.secureCookies,
        maxAge: 24 * 3600,
      });
      return reply.redirect(`${base(council)}/${QUESTION_ORDER[0]}`, 303);
    });

    // ---- the question pages ----
    for (const q of QUESTION_ORDER) {
      const route = { params, querystring: changeQuery };
      app.get(`/${q}`, { config: { access: publicAccess }, schema: route }, async (req, reply) => {
        const council = await councilOf(req.params.council);
        const d = await draftOf(req, council);
        if (!d || d.draft.reference) return reply.redirect(base(council), 303);
        if (!questionApplies(q, d.draft.answers)) return reply.redirect(`${base(council)}/check`, 303);
        return render(reply, 'question', council, {
          ...questionContext(q, council, req.query.change, d.draft.answers),
          values: d.draft.answers,
          errors: emptyErrors(),
        });
      });

      app.post(`/${q}`, { config: { access: publicAccess, rateLimit }, schema: route }, async (req, reply) => {
        const t = tFor(req);
        const council = await councilOf(req.params.council);
        const d = await draftOf(req, council);
        if (!d || d.draft.reference) return reply.redirect(base(council), 303);
        const { change } = req.query;
        const body = bodyValues(req.body);
        const date = q === 'when' ? dateFromParts(body) : null;
        const form = parseForm(QUESTION_SCHEMAS[q], date ? { happenedOn: date.value } : body, t);
        const again = (errors: FormErrors) =>
          render(
            reply,
            'question',
            council,
            { ...questionContext(q, council, change, d.draft.answers), values: { ...body, ...date?.parts }, errors },
            400,
          );
        if (!form.ok) return again(form.errors);
        const saved = { ...(form.data as Record<string, unknown>), ...date?.parts };
        try {
          await intake.saveAnswers(publicActor(council), d.token, saved);
        } catch (err) {
          return again(domainErrors(err, t, Object.keys(saved)[0] ?? 'form'));
        }
        const answers = { ...d.draft.answers, ...saved };
        const list = applicable(answers);
        const next = list[list.indexOf(q) + 1];
        // After a change, go back to the check page unless the change opened a question not yet answered.
        const unanswered = next && !answered(next, answers);
        return reply.redirect(
          !next || (change && !unanswered)
            ? `${base(council)}/check`
            : `${base(council)}/${next}${change ? '?change=1' : ''}`,
          303,
        );
      });
    }

    // ---- check your answers, and the one final submit ----
    const renderCheck = async (
      reply: FastifyReply,
      council: Council,
      draft: { answers: Record<string, unknown>; submission_key: string },
      errors: FormErrors,
      status = 200,
    ) => {
      const { answers } = draft;
      const ward = typeof answers.location === 'string' ? await intake.wardFor(council, answers.location) : null;
      const backHref = `${base(council)}/${answers.contact === 'yes' ? 'details' : 'contact'}`;
      const ctx = { answers, submissionKey: draft.submission_key, errors, backHref, wardName: ward?.name ?? null };
      return render(reply, 'check', council, ctx, status);
    };

    app.get('/check', { config: { access: publicAccess }, schema: { params } }, async (req, reply) => {
      const council = await councilOf(req.params.council);
      const d = await draftOf(req, council);
      if (!d) return reply.redirect(base(council), 303);
      if (d.draft.reference) return reply.redirect(`${base(council)}/confirmation`, 303);
      const missing = applicable(d.draft.answers).find((q) => !answered(q, d.draft.answers));
      if (missing) return reply.redirect(`${base(council)}/${missing}`, 303);
      return renderCheck(reply, council, d.draft, emptyErrors());
    });

    app.post('/check', { config: { access: publicAccess, rateLimit }, schema: { params } }, async (req, reply) => {
      const t = tFor(req);
      const council = await councilOf(req.params.council);
      const d = await draftOf(req, council);
      if (!d) return reply.redirect(base(council), 303);
      // A repeated submit (double click, browser retry) finds the draft already submitted: same confirmation.
      if (d.draft.reference) return reply.redirect(`${base(council)}/confirmation`, 303);
      const body = bodyValues(req.body);
      const trap = body[HONEYPOT_FIELD];
      if (typeof trap === 'string' && trap.length > 0)
        return reply.code(400).render('errors/error.njk', { status: 400, messageKey: 'errors.badRequest' });
      if (body.submissionKey !== d.draft.submission_key) return reply.redirect(`${base(council)}/check`, 303);
      const form = parseForm(reportInput, d.draft.answers, t);
      if (!form.ok) return renderCheck(reply, council, d.draft, form.errors, 400);
      try {
        await intake.submitDraft(
          publicActor(council),
          d.token,
          form.data,
          d.draft.submission_key,
          isLanguage(req.lang) ? req.lang : 'en',
        );
      } catch (err) {
        return renderCheck(reply, council, d.draft, domainErrors(err, t, 'what'), 400);
      }
      return reply.redirect(`${base(council)}/confirmation`, 303);
    });

    app.get('/confirmation', { config: { access: publicAccess }, schema: { params } }, async (req, reply) => {
      const council = await councilOf(req.params.council);
      const d = await draftOf(req, council);
      if (!d?.draft.reference) return reply.redirect(base(council), 303);
      return render(reply, 'confirmation', council, { reference: d.draft.reference });
    });
  };
}
