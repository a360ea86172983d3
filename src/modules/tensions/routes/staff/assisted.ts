/** Assisted reporting: staff at a third-party reporting centre record a report on someone's behalf. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorCan, can } from '../../../../kernel/access.ts';
import { addError, domainErrors, emptyErrors, parseForm, type FormErrors } from '../../../../server/forms.ts';
import { notFound } from '../../../../server/errors.ts';
import { tFor } from '../../../../server/plugins/language.ts';
import { actorOf } from '../../../../server/request.ts';
import type { ZodTypeProvider } from '../../../../server/schemas.ts';
import { newToken } from '../../../../lib/tokens.ts';
import { MOTIVATIONS, ONGOING, REPORTER_ROLES, idempotencyKey, reportInput } from '../../model.ts';
import { bodyValues, dateFromParts } from '../form-input.ts';
import { assistedForm } from '../forms.ts';
import type { StaffRouteDeps } from './common.ts';

export function assistedRoutes({ services }: StaffRouteDeps) {
  const { intake, settings } = services;
  return async function routes(base: FastifyInstance) {
    const app = base.withTypeProvider<ZodTypeProvider>();

    const render = async (
      req: FastifyRequest,
      reply: FastifyReply,
      values: Record<string, unknown>,
      errors: FormErrors,
      status = 200,
    ) => {
      const s = await settings.get(actorOf(req).council);
      return reply.code(status).render('tensions/views/assisted.njk', {
        enabled: s.assisted_reporting,
        values,
        errors,
        motivations: MOTIVATIONS,
        ongoingOptions: ONGOING,
        roles: REPORTER_ROLES,
      });
    };

    /** The form again with the same key (so a resend cannot store the report twice), or a new one. */
    const keyOf = (body: Record<string, unknown>) =>
      idempotencyKey.safeParse(body.idempotencyKey).success ? body.idempotencyKey : newToken(18);

    app.get('/assisted', { config: { access: can('tensions.record') } }, (req, reply) =>
      render(req, reply, { idempotencyKey: newToken(18) }, emptyErrors()),
    );

    app.post('/assisted', { config: { access: can('tensions.record') } }, async (req, reply) => {
      const t = tFor(req);
      const actor = actorOf(req);
      if (!(await settings.get(actor.council)).assisted_reporting) throw notFound();
      const body = bodyValues(req.body);
      const meta = parseForm(assistedForm, body, t);
      const report = parseForm(reportInput, { ...body, happenedOn: dateFromParts(body).value }, t);
      if (!meta.ok || !report.ok) {
        const errors = emptyErrors();
        for (const r of [meta, report])
          if (!r.ok)
            for (const [field, e] of Object.entries(r.errors.fields))
              addError(errors, field === 'happenedOn' ? 'happenedOn-day' : field, e.text);
        return render(req, reply, { ...body, idempotencyKey: keyOf(body) }, errors, 400);
      }
      let result;
      try {
        result = await intake.submitAssisted(actor, report.data, meta.data.idempotencyKey, meta.data.reportingCentre);
      } catch (err) {
        return render(req, reply, body, domainErrors(err, t, 'what'), 400);
      }
      return reply.render('tensions/views/assisted-done.njk', {
        reference: result.reference,
        caseId: actorCan(actor, 'tensions.triage') ? result.id : null,
      });
    });
  };
}
