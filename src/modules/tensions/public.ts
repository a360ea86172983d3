/**
 * The public reporting journey, outside any account: /report/:council/…
 *
 * One question per page (GOV.UK question pages), answers kept server-side in a draft keyed by the SHA-256 of a
 * random token in an HttpOnly cookie (never in the URL), a check-your-answers page whose form carries a one-time
 * submission key, and a confirmation page with the reference. Nothing about the person reporting (IP address,
 * browser, cookie) is stored with a report. The lean endpoint POST /report/:council/submit takes a complete
 * report with a client-generated idempotency key (for scripts, kiosks and the intake benchmark); both end in
 * TensionsService.submit.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { publicAccess } from '../../kernel/access.ts';
import { emptyErrors, parseForm, type FormErrors } from '../../server/forms.ts';
import { notFound } from '../../server/errors.ts';
import {
  consentValue,
  HONEYPOT_FIELD,
  MOTIVATIONS,
  ONGOING,
  QUESTION_ORDER,
  QUESTION_SCHEMAS,
  REPORTER_ROLES,
  idempotencyKey,
  questionApplies,
  reportInput,
  type QuestionId,
} from './model.ts';
import { resolveWard, type TensionsService, type CouncilRef } from './service.ts';
import { tFor } from '../../server/plugins/language.ts';

export const DRAFT_COOKIE = 'co_tr_draft';

/** The day, month and year boxes of the date question, as an ISO date (or the raw text, so validation explains). */
function dateFromParts(body: Record<string, unknown>): { value: string; parts: Record<string, string> } {
  const get = (k: string) => (typeof body[k] === 'string' ? (body[k] as string).trim() : '');
  const parts = {
    'happenedOn-day': get('happenedOn-day'),
    'happenedOn-month': get('happenedOn-month'),
    'happenedOn-year': get('happenedOn-year'),
  };
  const [d, m, y] = [parts['happenedOn-day'], parts['happenedOn-month'], parts['happenedOn-year']];
  if (!d || !m || !y || !/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || !/^\d{4}$/.test(y)) return { value: '', parts };
  return { value: `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`, parts };
}

export default function publicReportRoutes(svc: TensionsService) {
  return async function routes(app: FastifyInstance) {
    const rateLimit = { max: app.config.rateLimitPublicForms, timeWindow: '1 minute' };
    const base = (council: CouncilRef) => `/report/${council.slug}`;

    async function councilOf(req: FastifyRequest): Promise<CouncilRef> {
      const council = await svc.publicCouncil((req.params as { council: string }).council);
      if (!council) throw notFound();
      return council;
    }

    const draftToken = (req: FastifyRequest) => req.cookies[DRAFT_COOKIE];

    async function draftOf(req: FastifyRequest, council: CouncilRef) {
      return svc.draft(council.id, draftToken(req));
    }

    const render = (
      reply: FastifyReply,
      template: string,
      council: CouncilRef,
      ctx: Record<string, unknown>,
      status = 200,
    ) =>
      reply.code(status).render(`tensions/views/report/${template}.njk`, {
        council: council,
        base: base(council),
        honeypot: HONEYPOT_FIELD,
        ...ctx,
      });

    // ---- start ----
    app.get('/', { config: { access: publicAccess } }, async (req, reply) => {
      const council = await councilOf(req);
      const draft = await draftOf(req, council);
      return render(reply, 'start', council, {
        inProgress: !!draft && !draft.reference && Object.keys(draft.answers).length > 0,
      });
    });

    app.post('/start', { config: { access: publicAccess, rateLimit } }, async (req, reply) => {
      const council = await councilOf(req);
      const existing = await draftOf(req, council);
      if (existing && !existing.reference && (req.body as Record<string, unknown> | undefined)?.restart !== 'yes') {
        return reply.redirect(`${base(council)}/${QUESTION_ORDER[0]}`, 303);
      }
      const { token } = await svc.startDraft(council.id);
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
    const applicable = (answers: Record<string, unknown>) => QUESTION_ORDER.filter((q) => questionApplies(q, answers));
    const previousOf = (q: QuestionId, answers: Record<string, unknown>) => {
      const list = applicable(answers);
      const i = list.indexOf(q);
      return i > 0 ? list[i - 1] : null;
    };

    const questionContext = (
      q: QuestionId,
      council: CouncilRef,
      change: boolean,
      answers: Record<string, unknown>,
    ) => ({
      question: q,
      change,
      backHref: change
        ? `${base(council)}/check`
        : previousOf(q, answers)
          ? `${base(council)}/${previousOf(q, answers)}`
          : base(council),
      step: applicable(answers).indexOf(q) + 1,
      steps: applicable(answers).length,
      motivations: MOTIVATIONS,
      ongoingOptions: ONGOING,
      roles: REPORTER_ROLES,
    });

    for (const q of QUESTION_ORDER) {
      app.get(`/${q}`, { config: { access: publicAccess } }, async (req, reply) => {
        const council = await councilOf(req);
        const draft = await draftOf(req, council);
        if (!draft || draft.reference) return reply.redirect(base(council), 303);
        if (!questionApplies(q, draft.answers)) return reply.redirect(`${base(council)}/check`, 303);
        const change = (req.query as { change?: string }).change === '1';
        return render(reply, 'question', council, {
          ...questionContext(q, council, change, draft.answers),
          values: draft.answers,
          errors: emptyErrors(),
        });
      });

      app.post(`/${q}`, { config: { access: publicAccess, rateLimit } }, async (req, reply) => {
        const t = tFor(req);
        const council = await councilOf(req);
        const draft = await draftOf(req, council);
        if (!draft || draft.reference) return reply.redirect(base(council), 303);
        const body = (req.body ?? {}) as Record<string, unknown>;
        const change = (req.query as { change?: string }).change === '1';
        let input: Record<string, unknown> = body;
        let extra: Record<string, string> = {};
        if (q === 'when') {
          const { value, parts } = dateFromParts(body);
          input = { happenedOn: value };
          extra = parts;
        }
        const form = parseForm(QUESTION_SCHEMAS[q], input, t);
        if (!form.ok) {
          return render(
            reply,
            'question',
            council,
            {
              ...questionContext(q, council, change, draft.answers),
              values: { ...body, ...extra },
              errors: form.errors,
            },
            400,
          );
        }
        const saved = { ...(form.data as Record<string, unknown>), ...extra };
        await svc.saveAnswers(council.id, draftToken(req)!, saved);
        const answers = { ...draft.answers, ...saved };
        const list = applicable(answers);
        const next = list[list.indexOf(q) + 1];
        // After a change, go back to the check page unless the change opened a question not yet answered.
        const unanswered = next && !QUESTION_SCHEMAS[next].safeParse(answersFor(next, answers)).success;
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
      council: CouncilRef,
      answers: Record<string, unknown>,
      submissionKey: string,
      errors: FormErrors,
      status = 200,
    ) => {
      const wards = await svc.wards(council);
      const ward = typeof answers.location === 'string' ? resolveWard(wards, answers.location) : null;
      return render(
        reply,
        'check',
        council,
        {
          answers,
          submissionKey,
          errors,
          backHref: `${base(council)}/${answers.contact === 'yes' ? 'details' : 'contact'}`,
          wardName: ward ? wards.find((w) => w.code === ward)?.name : null,
        },
        status,
      );
    };

    app.get('/check', { config: { access: publicAccess } }, async (req, reply) => {
      const council = await councilOf(req);
      const draft = await draftOf(req, council);
      if (!draft) return reply.redirect(base(council), 303);
      if (draft.reference) return reply.redirect(`${base(council)}/confirmation`, 303);
      const missing = applicable(draft.answers).find(
        (q) => !QUESTION_SCHEMAS[q].safeParse(answersFor(q, draft.answers)).success,
      );
      if (missing) return reply.redirect(`${base(council)}/${missing}`, 303);
      return renderCheck(reply, council, draft.answers, draft.submission_key, emptyErrors());
    });

    app.post('/check', { config: { access: publicAccess, rateLimit } }, async (req, reply) => {
      const t = tFor(req);
      const council = await councilOf(req);
      const draft = await draftOf(req, council);
      if (!draft) return reply.redirect(base(council), 303);
      // A repeated submit (double click, browser retry) finds the draft already submitted: same confirmation.
      if (draft.reference) return reply.redirect(`${base(council)}/confirmation`, 303);
      const body = (req.body ?? {}) as Record<string, unknown>;
      if (typeof body[HONEYPOT_FIELD] === 'string' && (body[HONEYPOT_FIELD] as string).length > 0) {
        return reply.code(400).render('errors/error.njk', { status: 400, messageKey: 'errors.badRequest' });
      }
      if (body.submissionKey !== draft.submission_key) return reply.redirect(`${base(council)}/check`, 303);
      const form = parseForm(reportInput, draft.answers, t);
      if (!form.ok) return renderCheck(reply, council, draft.answers, draft.submission_key, form.errors, 400);
      await svc.submitDraft(council, draftToken(req)!, form.data, draft.submission_key);
      return reply.redirect(`${base(council)}/confirmation`, 303);
    });

    app.get('/confirmation', { config: { access: publicAccess } }, async (req, reply) => {
      const council = await councilOf(req);
      const draft = await draftOf(req, council);
      if (!draft?.reference) return reply.redirect(base(council), 303);
      return render(reply, 'confirmation', council, { reference: draft.reference });
    });

    // ---- the lean endpoint: one complete report per request, JSON or form-encoded ----
    app.post('/submit', { config: { access: publicAccess, rateLimit } }, async (req, reply) => {
      const council = await svc.publicCouncil((req.params as { council: string }).council);
      if (!council) return reply.code(404).send({ error: 'not found' });
      const body = (req.body ?? {}) as Record<string, unknown>;
      if (typeof body[HONEYPOT_FIELD] === 'string' && (body[HONEYPOT_FIELD] as string).length > 0)
        return reply.code(400).send({ error: 'rejected' });
      const key = idempotencyKey.safeParse(body.idempotencyKey);
      if (!key.success) return reply.code(400).send({ errors: { idempotencyKey: 'invalid' } });
      const parsed = reportInput.safeParse(body);
      if (!parsed.success) {
        const errors: Record<string, string> = {};
        for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? 'form')] ??= issue.message;
        return reply.code(400).send({ errors });
      }
      const result = await svc.submit(council, parsed.data, key.data, { channel: 'online' });
      return reply
        .code(result.duplicate ? 200 : 201)
        .send({ reference: result.reference, duplicate: result.duplicate });
    });
  };
}

/** The answers a question page owns, from the draft (the date page's own boxes are not part of the report). */
function answersFor(q: QuestionId, answers: Record<string, unknown>): Record<string, unknown> {
  if (q === 'details') return { ...answers, contactConsent: consentValue(answers.contactConsent) };
  return answers;
}
