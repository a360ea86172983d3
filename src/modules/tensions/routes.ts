import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actorCan, can } from '../../kernel/access.ts';
import { addError, emptyErrors, parseForm, type FormErrors } from '../../server/forms.ts';
import { pageFrom, paginationParams } from '../../server/pagination.ts';
import { HttpError, notFound } from '../../server/errors.ts';
import type { Translate } from '../../i18n/index.ts';
import { choroplethFigure } from '../../charts/choropleth.ts';
import { lineChartFigure } from '../../charts/line.ts';
import { toCsv } from '../../lib/csv-write.ts';
import { newToken } from '../../lib/tokens.ts';
import type { AreaGeometry } from '../../geo/winding.ts';
import { addWeeks, isIsoWeek, isoWeek, weekStart, type Severity } from '../../stats/tension.ts';
import {
  CATEGORIES,
  CONFIDENCES,
  GRADINGS,
  HANDLING,
  IMPACT_SECTIONS,
  MOTIVATIONS,
  ONGOING,
  REPORTER_ROLES,
  RUMOUR_STATUSES,
  SCOPES,
  SENSITIVITIES,
  SEVERITIES,
  SOURCE_TYPES,
  STATUSES,
  idempotencyKey,
  manyOf,
  pastDate,
  reportInput,
  type Status,
} from './model.ts';
import {
  NEXT_STATUSES,
  TensionsError,
  TensionsService,
  previousQuarter,
  quarterOf,
  quarterRange,
  type Actor,
} from './service.ts';
import publicReportRoutes from './public.ts';
import { renderReportPdf } from './pdf.ts';
import { tFor } from '../../server/plugins/language.ts';
import { actorOf, userOf } from '../../server/request.ts';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/index.ts';
import type { AuditService } from '../audit/index.ts';
import type { CouncilsService } from '../councils/index.ts';
import type { GeographyService } from '../geography/index.ts';

const uuid = z.string().uuid();
const text = (min: number, max: number, required: string, tooLong: string) =>
  z.string().trim().min(min, required).max(max, tooLong);
const E = 'tensions.errors.';
const optionalUuid = (message: string) =>
  z.preprocess((v) => (v === '' || v === undefined ? null : v), z.string().uuid(message).nullable());
const optionalWard = z.preprocess(
  (v) => (v === '' || v === undefined ? null : v),
  z
    .string()
    .regex(/^[A-Z][0-9]{8}$/, `${E}wardRequired`)
    .nullable(),
);

const statusForm = z.object({
  status: z.enum(STATUSES, { message: `${E}statusRequired` }),
  statusReason: text(1, 2000, `${E}reasonRequired`, `${E}tooLong`),
});
const assignForm = z.object({
  organisationId: z.string().uuid(`${E}organisationRequired`),
  assignReason: text(1, 2000, `${E}reasonRequired`, `${E}tooLong`),
});
const shareForm = z.object({ shareOrganisationId: z.string().uuid(`${E}organisationRequired`) });
const classifyForm = z.object({
  wardCode: optionalWard,
  severity: z.enum(SEVERITIES, { message: `${E}severityRequired` }),
});
const contactForm = z.object({ kind: z.enum(['first', 'senior'], { message: `${E}contactKindRequired` }) });
const noteForm = z.object({ note: text(1, 5000, `${E}noteRequired`, `${E}tooLong`) });
const linkForm = z.object({
  reference: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^TR-[A-Z0-9]{4}-[A-Z0-9]{4}$/, `${E}referenceInvalid`),
});
const redactForm = z.object({
  parts: manyOf(['contact', 'text'] as const, `${E}redactPartsRequired`),
  redactReason: text(1, 2000, `${E}reasonRequired`, `${E}tooLong`),
});
const overrideForm = z.object({
  level: z.enum(['1', '2', '3', '4', '5', 'none'], { message: `${E}levelRequired` }),
  rationale: text(10, 2000, `${E}rationaleRequired`, `${E}tooLong`),
  week: z.string().refine(isIsoWeek, `${E}weekInvalid`),
});
const intelligenceForm = z
  .object({
    sourceType: z.enum(SOURCE_TYPES, { message: `${E}sourceRequired` }),
    grading: z.enum(GRADINGS, { message: `${E}gradingRequired` }),
    category: z.enum(CATEGORIES, { message: `${E}categoryRequired` }),
    wardCode: optionalWard,
    summary: text(1, 5000, `${E}summaryRequired`, `${E}tooLong`),
    confidence: z.enum(CONFIDENCES, { message: `${E}confidenceRequired` }),
    sensitivity: z.enum(SENSITIVITIES, { message: `${E}sensitivityRequired` }),
    handling: z.enum(HANDLING, { message: `${E}handlingRequired` }),
    severity: z.enum(SEVERITIES, { message: `${E}severityRequired` }),
    observedOn: pastDate,
    sharedWith: z.preprocess(
      (v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]),
      z.array(z.string().uuid(`${E}organisationRequired`)),
    ),
  })
  .refine((v) => v.handling !== 'named_organisations' || v.sharedWith.length > 0, {
    message: `${E}sharedWithRequired`,
    path: ['sharedWith'],
  });
const eventForm = z.object({
  title: text(3, 200, `${E}titleRequired`, `${E}tooLong`),
  scope: z.enum(SCOPES, { message: `${E}scopeRequired` }),
  description: z.string().trim().max(5000, `${E}tooLong`).default(''),
  wardCodes: z.preprocess(
    (v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]),
    z.array(z.string().regex(/^[A-Z][0-9]{8}$/, `${E}wardRequired`)),
  ),
});
const rumourForm = z.object({
  rumour: text(1, 2000, `${E}rumourRequired`, `${E}tooLong`),
  heardOn: text(1, 200, `${E}heardOnRequired`, `${E}tooLong`),
  counterMessage: z.string().trim().max(2000, `${E}tooLong`).default(''),
  counterChannel: z.string().trim().max(200, `${E}tooLong`).default(''),
  status: z.enum(RUMOUR_STATUSES, { message: `${E}statusRequired` }),
});
const actionForm = z.object({
  action: text(1, 1000, `${E}actionRequired`, `${E}tooLong`),
  owner: text(1, 200, `${E}ownerRequired`, `${E}tooLong`),
  dueOn: z.preprocess(
    (v) => (v === '' || v === undefined ? null : v),
    z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, `${E}dateInvalid`)
      .nullable(),
  ),
});
const impactForm = z.object(
  Object.fromEntries(IMPACT_SECTIONS.map((s) => [s, z.string().trim().max(5000, `${E}tooLong`).default('')])) as Record<
    (typeof IMPACT_SECTIONS)[number],
    z.ZodDefault<z.ZodString>
  >,
);
const closeForm = z.object({ reason: text(1, 2000, `${E}reasonRequired`, `${E}tooLong`) });
const int = (min: number, max: number, key: string) =>
  z.coerce.number({ message: key }).int(key).min(min, key).max(max, key);
const settingsForm = z.object({
  contact_hours: int(1, 720, `${E}settings.contactHours`),
  senior_contact_days: int(1, 90, `${E}settings.seniorDays`),
  alert_level: int(2, 5, `${E}settings.alertLevel`),
  heightened_alert_level: int(2, 5, `${E}settings.alertLevel`),
  suppression_threshold: int(1, 50, `${E}settings.threshold`),
  retention_months: int(1, 240, `${E}settings.retention`),
  monitoring_group: z
    .string()
    .trim()
    .max(2000, `${E}tooLong`)
    .refine(
      (v) =>
        v === '' ||
        v
          .split(/[,;\s]+/)
          .filter(Boolean)
          .every((e) => z.string().email().safeParse(e).success),
      `${E}settings.emails`,
    ),
  assisted_reporting: z.enum(['yes', 'no'], { message: `${E}settings.assisted` }).transform((v) => v === 'yes'),
});
const assistedForm = z.object({ reportingCentre: text(2, 200, `${E}centreRequired`, `${E}tooLong`), idempotencyKey });

const CASE_PAGE = 25;

function domainErrors(err: unknown, t: Translate, fallback: string): FormErrors {
  if (err instanceof TensionsError) {
    if (err.key === 'errors.notFound') throw notFound();
    return addError(emptyErrors(), err.field ?? fallback, t(err.key));
  }
  throw err;
}

const labelsFor = (keys: readonly string[], prefix: string, t: Translate) =>
  Object.fromEntries(keys.map((k) => [k, t(`${prefix}.${k}`)]));

const levelFormat = (t: Translate) => (v: number) => `${v} – ${t(`tensions.levels.${Math.round(v)}`)}`;

/** Warn: the staff side (/c/:council/tensions) and the public journey (/report/:council). */
export interface TensionsRouteDeps {
  svc: TensionsService;
  db: Db;
  audit: AuditService;
  councils: CouncilsService;
  geography: GeographyService;
  config: Config;
}

export function tensionsRoutes(deps: TensionsRouteDeps) {
  return (app: FastifyInstance) => registerTensionsRoutes(app, deps);
}

async function registerTensionsRoutes(app: FastifyInstance, deps: TensionsRouteDeps) {
  const { svc } = deps;

  await app.register(publicReportRoutes(svc), { prefix: '/report/:council' });
  await app.register(staffRoutes(svc, deps), { prefix: '/c/:council/tensions' });
}

function staffRoutes(svc: TensionsService, deps: TensionsRouteDeps) {
  return async function routes(app: FastifyInstance) {
    const base = (req: FastifyRequest) => `/c/${actorOf(req).council.slug}/tensions`;

    // ───────────── the picture ─────────────
    app.get('/', { config: { access: can('councils.view') } }, async (req, reply) => {
      const actor = actorOf(req);
      const council = actor.council;
      if (!actorCan(actor, 'tensions.picture')) {
        if (actorCan(actor, 'tensions.cases')) return reply.redirect(`${base(req)}/cases`, 303);
        throw new HttpError(403, 'errors.forbidden');
      }
      const t = tFor(req);
      const requested = (req.query as { week?: string }).week;
      const week = requested && isIsoWeek(requested) ? requested : isoWeek(new Date());
      const picture = await svc.picture(council, week);
      const features = await deps.geography.boundaries(picture.wards.map((w) => w.code));
      const geo = new Map(features.map((f) => [f.code, f.geometry as AreaGeometry]));
      const map = geo.size
        ? choroplethFigure({
            features: picture.wards
              .filter((w) => geo.has(w.code))
              .map((w) => ({ code: w.code, name: w.name, geometry: geo.get(w.code)! })),
            values: new Map(picture.rows.map((r) => [r.code, r.level?.final_level ?? null])),
            width: 640,
            height: 520,
            title: t('tensions.picture.mapTitle', { week }),
            description: t('tensions.picture.mapDescription'),
            classes: { type: 'breaks', breaks: [2, 3, 4, 5] },
            format: levelFormat(t),
            valueLabel: t('tensions.picture.level'),
            linkFor: (code) => `${base(req)}/wards/${code}`,
            id: 'tension-map',
          })
        : null;
      const trend = await svc.trend(council.id, week, 12);
      const trendFigure = lineChartFigure({
        series: [
          {
            name: t('tensions.picture.highest'),
            points: trend.weeks.map((w) => ({ x: weekStart(w.week), y: w.maxLevel })),
          },
          {
            name: t('tensions.picture.raised'),
            points: trend.weeks.map((w) => ({ x: weekStart(w.week), y: w.maxLevel === null ? null : w.raised })),
          },
        ],
        width: 640,
        height: 320,
        title: t('tensions.picture.trendTitle'),
        description: t('tensions.picture.trendDescription'),
        xLabel: t('tensions.picture.weekBeginning'),
        id: 'tension-trend',
      });
      return reply.render('tensions/views/picture.njk', {
        week,
        previousWeek: addWeeks(week, -1),
        nextWeek: week < isoWeek(new Date()) ? addWeeks(week, 1) : null,
        picture,
        map,
        trendFigure,
        overdue: actorCan(actor, 'tensions.cases') ? await svc.overdueCount(council.id) : null,
      });
    });

    const loadWard = async (req: FastifyRequest) => {
      const { code } = req.params as { code: string };
      const ward = /^[A-Z][0-9]{8}$/.test(code) ? await svc.ward(actorOf(req).council, code) : null;
      if (!ward) throw notFound();
      return ward;
    };

    const renderWard = async (
      req: FastifyRequest,
      reply: FastifyReply,
      values: Record<string, unknown>,
      errors: FormErrors,
      status = 200,
    ) => {
      const t = tFor(req);
      const ward = await loadWard(req);
      const week = isoWeek(new Date());
      const trend = await svc.trend(actorOf(req).council.id, week, 12, ward.code);
      const current = trend.rows.find((r) => r.iso_week === week) ?? null;
      const figure = lineChartFigure({
        series: [
          {
            name: t('tensions.ward.computed'),
            points: trend.weeks.map((w) => ({ x: weekStart(w.week), y: w.computed })),
          },
          { name: t('tensions.ward.final'), points: trend.weeks.map((w) => ({ x: weekStart(w.week), y: w.final })) },
        ],
        width: 640,
        height: 300,
        yDomain: [1, 5],
        title: t('tensions.ward.trendTitle', { ward: ward.name }),
        description: t('tensions.ward.trendDescription'),
        xLabel: t('tensions.picture.weekBeginning'),
        format: levelFormat(t),
        id: 'ward-trend',
      });
      return reply.code(status).render('tensions/views/ward.njk', {
        ward,
        week,
        current,
        history: [...trend.rows].reverse(),
        figure,
        values,
        errors,
      });
    };

    app.get('/wards/:code', { config: { access: can('tensions.picture') } }, (req, reply) =>
      renderWard(req, reply, {}, emptyErrors()),
    );

    app.post('/wards/:code/override', { config: { access: can('tensions.triage') } }, async (req, reply) => {
      const t = tFor(req);
      const ward = await loadWard(req);
      const form = parseForm(overrideForm, req.body, t);
      if (!form.ok) return renderWard(req, reply, form.values, form.errors, 400);
      try {
        await svc.override(
          actorOf(req),
          ward.code,
          form.data.week,
          form.data.level === 'none' ? null : Number(form.data.level),
          form.data.rationale,
        );
      } catch (err) {
        return renderWard(req, reply, req.body as Record<string, unknown>, domainErrors(err, t, 'level'), 400);
      }
      return reply.redirect(`${base(req)}/wards/${ward.code}`, 303);
    });

    // ───────────── cases ─────────────
    app.get('/cases', { config: { access: can('tensions.cases') } }, async (req, reply) => {
      const actor = actorOf(req);
      const council = actor.council;
      const q = req.query as { status?: string; overdue?: string };
      const status = STATUSES.includes(q.status as Status) ? (q.status as Status) : undefined;
      const overdue = q.overdue === '1';
      const page = pageFrom(req.query);
      const { rows, total } = await svc.listCases(actor, { status, overdue }, page, CASE_PAGE);
      const extra: Record<string, string> = {};
      if (status) extra.status = status;
      if (overdue) extra.overdue = '1';
      return reply.render('tensions/views/cases.njk', {
        rows,
        status,
        overdue,
        statuses: STATUSES,
        pagination: paginationParams(`${base(req)}/cases`, page, CASE_PAGE, total, extra),
      });
    });

    const loadCase = async (req: FastifyRequest) => {
      const { caseId } = req.params as { caseId: string };
      if (!uuid.safeParse(caseId).success) throw notFound();
      const found = await svc.caseView(actorOf(req), caseId);
      if (!found) throw notFound();
      return found;
    };

    const renderCase = async (
      req: FastifyRequest,
      reply: FastifyReply,
      errors: FormErrors = emptyErrors(),
      values: Record<string, unknown> = {},
      status = 200,
    ) => {
      const view = await loadCase(req);
      const [organisations, wards] = await Promise.all([
        svc.organisations(actorOf(req).council.id),
        svc.wards(actorOf(req).council),
      ]);
      return reply.code(status).render('tensions/views/case.njk', {
        ...view,
        organisations,
        wards,
        values,
        errors,
        nextStatuses: NEXT_STATUSES[view.report.status],
        motivationsList: MOTIVATIONS,
        severities: SEVERITIES,
      });
    };

    app.get('/cases/:caseId', { config: { access: can('tensions.cases') } }, (req, reply) => renderCase(req, reply));

    /** One handler shape for every case action: check the case is visible, validate, act, back to the case page. */
    const caseAction = <S extends z.ZodType>(
      path: string,
      permission: Parameters<typeof can>[0],
      schema: S,
      act: (actor: Actor, id: string, data: z.infer<S>) => Promise<unknown>,
      fallback: string,
    ) => {
      app.post(`/cases/:caseId/${path}`, { config: { access: can(permission) } }, async (req, reply) => {
        const t = tFor(req);
        const { caseId } = req.params as { caseId: string };
        if (!uuid.safeParse(caseId).success || !(await svc.findCase(actorOf(req), caseId))) throw notFound();
        const form = parseForm(schema, req.body, t);
        if (!form.ok) return renderCase(req, reply, form.errors, form.values, 400);
        try {
          await act(actorOf(req), caseId, form.data);
        } catch (err) {
          return renderCase(req, reply, domainErrors(err, t, fallback), req.body as Record<string, unknown>, 400);
        }
        return reply.redirect(`${base(req)}/cases/${caseId}`, 303);
      });
    };
    caseAction(
      'status',
      'tensions.triage',
      statusForm,
      (a, id, d) => svc.changeStatus(a, id, d.status, d.statusReason),
      'status',
    );
    caseAction(
      'assign',
      'tensions.triage',
      assignForm,
      (a, id, d) => svc.assign(a, id, d.organisationId, d.assignReason),
      'organisationId',
    );
    caseAction(
      'share',
      'tensions.triage',
      shareForm,
      (a, id, d) => svc.share(a, id, d.shareOrganisationId),
      'shareOrganisationId',
    );
    caseAction(
      'classify',
      'tensions.triage',
      classifyForm,
      (a, id, d) => svc.classify(a, id, d.wardCode, Number(d.severity) as Severity),
      'wardCode',
    );
    caseAction('contact', 'tensions.cases', contactForm, (a, id, d) => svc.recordContact(a, id, d.kind), 'kind');
    caseAction('notes', 'tensions.cases', noteForm, (a, id, d) => svc.addNote(a, id, d.note), 'note');
    caseAction('link', 'tensions.triage', linkForm, (a, id, d) => svc.link(a, id, d.reference), 'reference');
    caseAction(
      'redact',
      'tensions.triage',
      redactForm,
      (a, id, d) =>
        svc.redact(a, id, { contact: d.parts.includes('contact'), text: d.parts.includes('text') }, d.redactReason),
      'parts',
    );

    // ───────────── assisted reporting (third-party reporting centres) ─────────────
    const renderAssisted = async (
      req: FastifyRequest,
      reply: FastifyReply,
      values: Record<string, unknown>,
      errors: FormErrors,
      status = 200,
    ) => {
      const settings = await svc.settings(actorOf(req).council.id);
      return reply.code(status).render('tensions/views/assisted.njk', {
        enabled: settings.assisted_reporting,
        values,
        errors,
        motivations: MOTIVATIONS,
        ongoingOptions: ONGOING,
        roles: REPORTER_ROLES,
      });
    };
    app.get('/assisted', { config: { access: can('tensions.record') } }, (req, reply) =>
      renderAssisted(req, reply, { idempotencyKey: newToken(18) }, emptyErrors()),
    );
    app.post('/assisted', { config: { access: can('tensions.record') } }, async (req, reply) => {
      const t = tFor(req);
      const settings = await svc.settings(actorOf(req).council.id);
      if (!settings.assisted_reporting) throw notFound();
      const body = (req.body ?? {}) as Record<string, unknown>;
      const day = String(body['happenedOn-day'] ?? '').trim();
      const month = String(body['happenedOn-month'] ?? '').trim();
      const year = String(body['happenedOn-year'] ?? '').trim();
      const happenedOn =
        /^\d{1,2}$/.test(day) && /^\d{1,2}$/.test(month) && /^\d{4}$/.test(year)
          ? `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`
          : '';
      const meta = parseForm(assistedForm, body, t);
      const report = parseForm(reportInput, { ...body, happenedOn }, t);
      if (!meta.ok || !report.ok) {
        const errors = emptyErrors();
        for (const r of [meta, report])
          if (!r.ok)
            for (const [field, e] of Object.entries(r.errors.fields))
              addError(errors, field === 'happenedOn' ? 'happenedOn-day' : field, e.text);
        return renderAssisted(
          req,
          reply,
          {
            ...body,
            idempotencyKey:
              typeof body.idempotencyKey === 'string' && idempotencyKey.safeParse(body.idempotencyKey).success
                ? body.idempotencyKey
                : newToken(18),
          },
          errors,
          400,
        );
      }
      const actor = actorOf(req);
      const council = actor.council;
      const result = await svc.submit(
        { id: council.id, slug: council.slug, name: council.name, areaCode: council.areaCode },
        report.data,
        meta.data.idempotencyKey,
        {
          channel: 'assisted',
          recordedBy: userOf(req).id,
          reportingCentre: meta.data.reportingCentre,
        },
      );
      await deps.audit.record({
        councilId: council.id,
        userId: userOf(req).id,
        action: 'tensions.report.assisted',
        targetType: 'tension_report',
        targetId: result.id,
        detail: { duplicate: result.duplicate },
      });
      return reply.render('tensions/views/assisted-done.njk', {
        reference: result.reference,
        caseId: actorCan(actor, 'tensions.triage') ? result.id : null,
      });
    });

    // ───────────── intelligence ─────────────
    app.get('/intelligence', { config: { access: can('tensions.record') } }, async (req, reply) => {
      const page = pageFrom(req.query);
      const { rows, total } = await svc.listIntelligence(actorOf(req), page, CASE_PAGE);
      return reply.render('tensions/views/intelligence.njk', {
        rows,
        pagination: paginationParams(`${base(req)}/intelligence`, page, CASE_PAGE, total),
      });
    });

    const renderIntelForm = async (
      req: FastifyRequest,
      reply: FastifyReply,
      values: Record<string, unknown>,
      errors: FormErrors,
      status = 200,
    ) => {
      const [wards, organisations] = await Promise.all([
        svc.wards(actorOf(req).council),
        svc.organisations(actorOf(req).council.id),
      ]);
      return reply.code(status).render('tensions/views/intelligence-new.njk', {
        values,
        errors,
        wards,
        organisations,
        sourceTypes: SOURCE_TYPES,
        gradings: GRADINGS,
        categories: CATEGORIES,
        confidences: CONFIDENCES,
        sensitivities: SENSITIVITIES,
        handling: HANDLING,
        severities: SEVERITIES,
      });
    };
    app.get('/intelligence/new', { config: { access: can('tensions.record') } }, (req, reply) =>
      renderIntelForm(
        req,
        reply,
        {
          observedOn: new Date().toISOString().slice(0, 10),
          severity: '2',
          handling: 'all_partners',
          sensitivity: 'official',
        },
        emptyErrors(),
      ),
    );
    app.post('/intelligence/new', { config: { access: can('tensions.record') } }, async (req, reply) => {
      const t = tFor(req);
      const form = parseForm(intelligenceForm, req.body, t);
      if (!form.ok) return renderIntelForm(req, reply, form.values, form.errors, 400);
      let id: string;
      try {
        id = await svc.recordIntelligence(actorOf(req), { ...form.data, severity: Number(form.data.severity) });
      } catch (err) {
        return renderIntelForm(req, reply, req.body as Record<string, unknown>, domainErrors(err, t, 'wardCode'), 400);
      }
      return reply.redirect(`${base(req)}/intelligence/${id}`, 303);
    });
    app.get('/intelligence/:intelligenceId', { config: { access: can('tensions.record') } }, async (req, reply) => {
      const { intelligenceId } = req.params as { intelligenceId: string };
      if (!uuid.safeParse(intelligenceId).success) throw notFound();
      const entry = await svc.intelligence(actorOf(req), intelligenceId);
      if (!entry) throw notFound();
      return reply.render('tensions/views/intelligence-entry.njk', { entry });
    });

    // ───────────── trigger events ─────────────
    app.get('/events', { config: { access: can('tensions.events') } }, async (req, reply) => {
      return reply.render('tensions/views/events.njk', { events: await svc.listEvents(actorOf(req).council.id) });
    });

    const renderNewEvent = async (
      req: FastifyRequest,
      reply: FastifyReply,
      values: Record<string, unknown>,
      errors: FormErrors,
      status = 200,
    ) =>
      reply.code(status).render('tensions/views/event-new.njk', {
        values,
        errors,
        scopes: SCOPES,
        wards: await svc.wards(actorOf(req).council),
      });
    app.get('/events/new', { config: { access: can('tensions.events') } }, (req, reply) =>
      renderNewEvent(req, reply, {}, emptyErrors()),
    );
    app.post('/events/new', { config: { access: can('tensions.events') } }, async (req, reply) => {
      const t = tFor(req);
      const form = parseForm(eventForm, req.body, t);
      if (!form.ok) return renderNewEvent(req, reply, form.values, form.errors, 400);
      let id: string;
      try {
        id = await svc.declareEvent(actorOf(req), form.data);
      } catch (err) {
        return renderNewEvent(req, reply, req.body as Record<string, unknown>, domainErrors(err, t, 'wardCodes'), 400);
      }
      return reply.redirect(`${base(req)}/events/${id}`, 303);
    });

    const loadEvent = async (req: FastifyRequest) => {
      const { eventId } = req.params as { eventId: string };
      if (!uuid.safeParse(eventId).success) throw notFound();
      const found = await svc.event(actorOf(req).council.id, eventId);
      if (!found) throw notFound();
      return found;
    };
    const renderEvent = async (
      req: FastifyRequest,
      reply: FastifyReply,
      errors: FormErrors = emptyErrors(),
      values: Record<string, unknown> = {},
      status = 200,
    ) => {
      const found = await loadEvent(req);
      const wards = await svc.wards(actorOf(req).council);
      return reply.code(status).render('tensions/views/event.njk', {
        ...found,
        wards,
        values,
        errors,
        rumourStatuses: RUMOUR_STATUSES,
        sections: IMPACT_SECTIONS,
      });
    };
    app.get('/events/:eventId', { config: { access: can('tensions.events') } }, (req, reply) =>
      renderEvent(req, reply),
    );

    const renderImpact = async (
      req: FastifyRequest,
      reply: FastifyReply,
      values: Record<string, unknown> | null,
      errors: FormErrors,
      status = 200,
    ) => {
      const found = await loadEvent(req);
      return reply.code(status).render('tensions/views/event-impact.njk', {
        ...found,
        values: values ?? found.event.impact,
        errors,
        sections: IMPACT_SECTIONS,
      });
    };
    app.get('/events/:eventId/impact', { config: { access: can('tensions.events') } }, (req, reply) =>
      renderImpact(req, reply, null, emptyErrors()),
    );
    app.post('/events/:eventId/impact', { config: { access: can('tensions.events') } }, async (req, reply) => {
      const t = tFor(req);
      const found = await loadEvent(req);
      const form = parseForm(impactForm, req.body, t);
      if (!form.ok) return renderImpact(req, reply, form.values, form.errors, 400);
      await svc.saveImpact(actorOf(req), found.event.id, form.data);
      return reply.redirect(`${base(req)}/events/${found.event.id}`, 303);
    });

    const eventAction = <S extends z.ZodType>(
      path: string,
      schema: S,
      act: (actor: Actor, eventId: string, data: z.infer<S>, req: FastifyRequest) => Promise<unknown>,
      fallback: string,
    ) => {
      app.post(`/events/:eventId/${path}`, { config: { access: can('tensions.events') } }, async (req, reply) => {
        const t = tFor(req);
        const found = await loadEvent(req);
        const form = parseForm(schema, req.body, t);
        if (!form.ok) return renderEvent(req, reply, form.errors, form.values, 400);
        try {
          await act(actorOf(req), found.event.id, form.data, req);
        } catch (err) {
          return renderEvent(req, reply, domainErrors(err, t, fallback), req.body as Record<string, unknown>, 400);
        }
        return reply.redirect(`${base(req)}/events/${found.event.id}`, 303);
      });
    };
    eventAction('rumours', rumourForm, (a, id, d) => svc.addRumour(a, id, d), 'rumour');
    eventAction('actions', actionForm, (a, id, d) => svc.addAction(a, id, d), 'action');
    eventAction(
      'actions/:actionId/done',
      z.object({}),
      async (a, id, _d, req) => {
        const { actionId } = req.params as { actionId: string };
        if (!uuid.safeParse(actionId).success) throw new TensionsError('errors.notFound');
        return svc.completeAction(a, id, actionId);
      },
      'action',
    );
    eventAction('close', closeForm, (a, id, d) => svc.closeEvent(a, id, d.reason), 'reason');

    // ───────────── reports ─────────────
    app.get('/reports', { config: { access: can('tensions.picture') } }, async (req, reply) => {
      const now = new Date();
      const weeks = Array.from({ length: 8 }, (_, i) => addWeeks(isoWeek(now), -i));
      const quarters = [
        quarterOf(now),
        previousQuarter(now),
        previousQuarter(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 3, 1))),
        previousQuarter(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 6, 1))),
      ];
      const to = now.toISOString().slice(0, 10);
      const from = new Date(now.getTime() - 90 * 86_400_000).toISOString().slice(0, 10);
      return reply.render('tensions/views/reports.njk', { weeks, quarters, from, to });
    });

    app.get('/reports/weekly', { config: { access: can('tensions.picture') } }, async (req, reply) => {
      const q = req.query as { week?: string; format?: string };
      const week = q.week && isIsoWeek(q.week) ? q.week : addWeeks(isoWeek(new Date()), -1);
      const report = await svc.weeklyReport(actorOf(req).council, week);
      if (q.format === 'pdf')
        return sendPdf(
          reply,
          `tension-report-${actorOf(req).council.slug}-${week}.pdf`,
          renderReportPdf('weekly', report, actorOf(req).council.name, tFor(req)),
        );
      const t = tFor(req);
      return reply.render('tensions/views/report-weekly.njk', {
        report,
        motivationLabels: labelsFor(MOTIVATIONS, 'tensions.motivations', t),
        wardLabels: { ...report.reports.wardNames, unknown: t('tensions.reports.wardUnknown') },
        gradingLabels: labelsFor(GRADINGS, 'tensions.gradings', t),
      });
    });

    app.get('/reports/quarterly', { config: { access: can('tensions.picture') } }, async (req, reply) => {
      const q = req.query as { quarter?: string; format?: string };
      const quarter = q.quarter && quarterRange(q.quarter) ? q.quarter : previousQuarter(new Date());
      const report = await svc.quarterlyReport(actorOf(req).council, quarter);
      if (q.format === 'pdf')
        return sendPdf(
          reply,
          `hate-incident-report-${actorOf(req).council.slug}-${quarter}.pdf`,
          renderReportPdf('quarterly', report, actorOf(req).council.name, tFor(req)),
        );
      const t = tFor(req);
      return reply.render('tensions/views/report-quarterly.njk', {
        report,
        motivationLabels: labelsFor(MOTIVATIONS, 'tensions.motivations', t),
        wardLabels: { ...report.wardNames, unknown: t('tensions.reports.wardUnknown') },
        statusLabels: labelsFor(STATUSES, 'tensions.statuses', t),
        monthLabels: Object.fromEntries(
          (report.byMonth?.cells ?? []).map((c) => [
            c.key,
            new Date(`${c.key}-01T00:00:00Z`).toLocaleDateString('en-GB', {
              month: 'long',
              year: 'numeric',
              timeZone: 'UTC',
            }),
          ]),
        ),
      });
    });

    app.get('/reports/export', { config: { access: can('tensions.export') } }, async (req, reply) => {
      const q = req.query as { from?: string; to?: string };
      const valid = (s: string | undefined) =>
        !!s && /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(new Date(`${s}T00:00:00Z`).getTime());
      const to = valid(q.to) ? new Date(`${q.to}T00:00:00Z`) : new Date();
      const from = valid(q.from) ? new Date(`${q.from}T00:00:00Z`) : new Date(to.getTime() - 90 * 86_400_000);
      const rows = await svc.exportCases(actorOf(req), from, new Date(to.getTime() + 86_400_000));
      const columns = [
        'reference',
        'received_at',
        'happened_on',
        'channel',
        'ward_code',
        'ward_name',
        'motivations',
        'reporter_role',
        'status',
        'severity',
        'assigned_to',
        'first_contact_at',
        'senior_contact_at',
      ];
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="tension-cases-${actorOf(req).council.slug}.csv"`)
        .send(toCsv(rows, columns));
    });

    // ───────────── settings ─────────────
    const renderSettings = async (
      req: FastifyRequest,
      reply: FastifyReply,
      values: Record<string, unknown> | null,
      errors: FormErrors,
      status = 200,
      saved = false,
    ) => {
      const s = await svc.settings(actorOf(req).council.id);
      return reply.code(status).render('tensions/views/settings.njk', {
        values: values ?? { ...s, assisted_reporting: s.assisted_reporting ? 'yes' : 'no' },
        errors,
        saved,
      });
    };
    app.get('/settings', { config: { access: can('tensions.settings') } }, (req, reply) =>
      renderSettings(req, reply, null, emptyErrors(), 200, (req.query as { saved?: string }).saved === '1'),
    );
    app.post('/settings', { config: { access: can('tensions.settings') } }, async (req, reply) => {
      const t = tFor(req);
      const form = parseForm(settingsForm, req.body, t);
      if (!form.ok) return renderSettings(req, reply, form.values, form.errors, 400);
      await svc.saveSettings(actorOf(req), form.data);
      return reply.redirect(`${base(req)}/settings?saved=1`, 303);
    });
  };
}

function sendPdf(reply: FastifyReply, filename: string, pdf: Promise<Buffer>) {
  return pdf.then((buf) =>
    reply.type('application/pdf').header('content-disposition', `attachment; filename="${filename}"`).send(buf),
  );
}
