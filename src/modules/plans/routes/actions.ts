/** Actions: the list (partners see their organisation's), raising one (from a signal), its page, edits, progress, CSV. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorCan, can } from '../../../kernel/access.ts';
import { parseLinkRef, type LinkRef } from '../../../kernel/links.ts';
import { readCsvBuffer, CsvReadError, type CsvRecord } from '../../../lib/csv.ts';
import { notFound } from '../../../server/errors.ts';
import { addError, domainErrors, emptyErrors, parseForm, type FormErrors } from '../../../server/forms.ts';
import { tFor } from '../../../server/plugins/language.ts';
import { actorOf } from '../../../server/request.ts';
import type { ZodTypeProvider } from '../../../server/schemas.ts';
import { ACTION_STATUSES, RAGS } from '../rules.ts';
import { fieldsOf } from '../services/actions.ts';
import { ActionImportError } from '../services/csv.ts';
import { actionRowCells, signalArea } from '../present.ts';
import { bodyValues, plansBase, withDetailText, type PlansRouteDeps } from './common.ts';
import { actionForm, actionParams, actionsUploadForm, milestoneForm, newActionQuery, progressForm } from './forms.ts';

export function actionRoutes({ services, links }: PlansRouteDeps) {
  const { actions, plans, csv } = services;
  return async function routes(base: FastifyInstance) {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const see = can('plans.actions');
    const edit = can('plans.edit');

    const renderList = async (
      req: FastifyRequest,
      reply: FastifyReply,
      errors: FormErrors,
      imported: object | null,
      status = 200,
    ) => {
      const actor = actorOf(req);
      const rows = await actions.list(actor);
      return reply.code(status).render('plans/views/actions.njk', {
        rows: rows.map((a) => actionRowCells(a, plansBase(actor), tFor(req))),
        errors,
        imported,
      });
    };

    app.get('/actions', { config: { access: see } }, async (req, reply) => renderList(req, reply, emptyErrors(), null));

    app.get('/actions.csv', { config: { access: see } }, async (req, reply) => {
      const actor = actorOf(req);
      reply.header('content-disposition', `attachment; filename="actions-${actor.council.slug}.csv"`);
      return reply.type('text/csv; charset=utf-8').send(await csv.exportCsv(actor));
    });

    app.post('/actions/import', { config: { access: edit } }, async (req, reply) => {
      const t = tFor(req);
      const form = parseForm(actionsUploadForm, req.body, t);
      if (!form.ok) return renderList(req, reply, form.errors, null, 400);
      const { file } = form.data;
      let header: string[] = [];
      const rows: CsvRecord[] = [];
      try {
        for await (const r of readCsvBuffer(file, { onHeader: (c) => (header = [...c]) })) rows.push(r);
        const outcome = await csv.importRows(actorOf(req), header, rows);
        return renderList(req, reply, emptyErrors(), outcome);
      } catch (err) {
        const errors = emptyErrors();
        if (err instanceof CsvReadError)
          addError(errors, 'file', t('plans.csv.errors.unreadable', { reason: err.message }));
        else if (err instanceof ActionImportError)
          for (const p of err.problems)
            errors.list.push({
              text: t('plans.csv.errors.line', { line: p.line, problem: t(p.key, p.params) }),
              href: '#file',
            });
        else throw err;
        if (!errors.fields.file)
          errors.fields.file = { text: t('plans.csv.errors.rejected', { count: errors.list.length }) };
        return renderList(req, reply, errors, null, 400);
      }
    });

    const choices = async (req: FastifyRequest) => {
      const council = actorOf(req).council;
      const [outcomes, owners, organisations, wards] = await Promise.all([
        plans.allOutcomes(council),
        actions.owners(council),
        services.plans.organisations(council),
        plans.wards(council),
      ]);
      return { outcomes, owners, organisations, wards, statuses: ACTION_STATUSES, rags: RAGS };
    };

    const renderNew = async (
      req: FastifyRequest,
      reply: FastifyReply,
      signal: LinkRef | null,
      values: Record<string, unknown>,
      errors: FormErrors,
      status = 200,
    ) => {
      const actor = actorOf(req);
      const [target] = signal ? await links.resolve(actor, [signal]) : [];
      return reply.code(status).render('plans/views/action-new.njk', {
        ...(await choices(req)),
        signal: signal ? { ref: `${signal.kind}:${signal.id}`, target: target ?? null } : null,
        values,
        errors,
      });
    };

    app.get(
      '/actions/new',
      { config: { access: edit }, schema: { querystring: newActionQuery } },
      async (req, reply) => {
        const signal = parseLinkRef(req.query.signal);
        const area = req.query.area ?? signalArea(signal);
        return renderNew(
          req,
          reply,
          signal,
          {
            outcomeId: req.query.outcome,
            areaCodes: area ? [area] : [],
            status: 'not_started',
            progress: '0',
            weight: '1',
          },
          emptyErrors(),
        );
      },
    );

    app.post('/actions/new', { config: { access: edit } }, async (req, reply) => {
      const t = tFor(req);
      const form = parseForm(actionForm, req.body, t);
      const signal = parseLinkRef(
        typeof bodyValues(req).signal === 'string' ? (bodyValues(req).signal as string) : null,
      );
      if (!form.ok) return renderNew(req, reply, signal, form.values, form.errors, 400);
      // Only from a signal the member can see in this council (the hidden field can be changed).
      if (signal && !(await links.resolve(actorOf(req), [signal])).length)
        return renderNew(
          req,
          reply,
          signal,
          bodyValues(req),
          addError(emptyErrors(), 'signal', t('plans.errors.signalUnknown')),
          400,
        );
      const { signal: _ignored, ...input } = form.data;
      let id: string;
      try {
        id = await actions.create(actorOf(req), input, signal);
      } catch (err) {
        return renderNew(req, reply, signal, bodyValues(req), domainErrors(err, t, 'title'), 400);
      }
      return reply.redirect(`${plansBase(actorOf(req))}/actions/${id}`, 303);
    });

    const loadAction = async (req: FastifyRequest, id: string) => {
      const a = await actions.action(actorOf(req), id);
      if (!a) throw notFound();
      return a;
    };

    const renderAction = async (
      req: FastifyRequest,
      reply: FastifyReply,
      id: string,
      values: Record<string, unknown>,
      errors: FormErrors,
      status = 200,
    ) => {
      const actor = actorOf(req);
      const a = await loadAction(req, id);
      const ref = { kind: 'plan.action', id: a.id };
      const signalRef = a.signal_kind && a.signal_id ? { kind: a.signal_kind, id: a.signal_id } : null;
      const [milestones, updates, signal, backlinks, outcome] = await Promise.all([
        actions.milestones(actor.council, a.id),
        actions.updates(actor.council, a.id),
        signalRef ? links.resolve(actor, [signalRef]) : [],
        links.backlinks(actor, ref),
        actorCan(actor, 'plans.view') ? plans.outcome(actor.council, a.outcome_id) : undefined,
      ]);
      return reply.code(status).render('plans/views/action.njk', {
        action: a,
        outcome: outcome ?? null,
        milestones,
        updates,
        signal: signal[0] ?? null,
        signalRef,
        backlinks: withDetailText(backlinks, tFor(req)),
        offered: links.actionsFrom(actor, ref),
        statuses: ACTION_STATUSES,
        rags: RAGS,
        values: {
          status: a.status,
          rag: a.rag ?? '',
          ragReason: a.rag_reason,
          progress: String(a.progress),
          ...values,
        },
        errors,
      });
    };

    app.get('/actions/:actionId', { config: { access: see }, schema: { params: actionParams } }, async (req, reply) =>
      renderAction(req, reply, req.params.actionId, {}, emptyErrors()),
    );

    app.post(
      '/actions/:actionId/progress',
      { config: { access: can('plans.update') }, schema: { params: actionParams } },
      async (req, reply) => {
        const t = tFor(req);
        await loadAction(req, req.params.actionId);
        const form = parseForm(progressForm, req.body, t);
        if (!form.ok) return renderAction(req, reply, req.params.actionId, form.values, form.errors, 400);
        try {
          await actions.recordProgress(actorOf(req), req.params.actionId, form.data);
        } catch (err) {
          return renderAction(req, reply, req.params.actionId, bodyValues(req), domainErrors(err, t, 'progress'), 400);
        }
        return reply.redirect(`${plansBase(actorOf(req))}/actions/${req.params.actionId}`, 303);
      },
    );

    app.post(
      '/actions/:actionId/milestones',
      { config: { access: edit }, schema: { params: actionParams } },
      async (req, reply) => {
        const t = tFor(req);
        await loadAction(req, req.params.actionId);
        const form = parseForm(milestoneForm, req.body, t);
        if (!form.ok) return renderAction(req, reply, req.params.actionId, form.values, form.errors, 400);
        await actions.addMilestone(actorOf(req), req.params.actionId, form.data);
        return reply.redirect(`${plansBase(actorOf(req))}/actions/${req.params.actionId}#milestones`, 303);
      },
    );

    const renderEdit = async (
      req: FastifyRequest,
      reply: FastifyReply,
      id: string,
      values: Record<string, unknown>,
      errors: FormErrors,
      status = 200,
    ) => {
      const a = await loadAction(req, id);
      return reply
        .code(status)
        .render('plans/views/action-edit.njk', { action: a, ...(await choices(req)), values, errors });
    };

    app.get(
      '/actions/:actionId/edit',
      { config: { access: edit }, schema: { params: actionParams } },
      async (req, reply) => {
        const a = await loadAction(req, req.params.actionId);
        const f = fieldsOf(a);
        const values = {
          ...f,
          rag: f.rag ?? '',
          budget: f.budget === null ? '' : String(f.budget),
          progress: String(f.progress),
          weight: String(f.weight),
        };
        return renderEdit(req, reply, a.id, values, emptyErrors());
      },
    );

    app.post(
      '/actions/:actionId/edit',
      { config: { access: edit }, schema: { params: actionParams } },
      async (req, reply) => {
        const t = tFor(req);
        const a = await loadAction(req, req.params.actionId);
        const form = parseForm(actionForm, req.body, t);
        if (!form.ok) return renderEdit(req, reply, a.id, form.values, form.errors, 400);
        const { signal: _ignored, ...input } = form.data;
        try {
          await actions.update(actorOf(req), a.id, input);
        } catch (err) {
          return renderEdit(req, reply, a.id, bodyValues(req), domainErrors(err, t, 'title'), 400);
        }
        return reply.redirect(`${plansBase(actorOf(req))}/actions/${a.id}`, 303);
      },
    );
  };
}
