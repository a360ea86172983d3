/**
 * The privacy notice and accessibility statement: public pages for each council (/privacy/:council,
 * /accessibility/:council), the service's standard pages without a council (/privacy, /accessibility), and the
 * administrators' page for the council's own details (/c/:council/admin/notices).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { can, publicAccess } from '../../kernel/access.ts';
import { DEFAULT_LANGUAGE, isLanguage, type Language } from '../../i18n/index.ts';
import { notFound } from '../../server/errors.ts';
import { domainErrors, emptyErrors, parseForm, type FormErrors } from '../../server/forms.ts';
import { tFor } from '../../server/plugins/language.ts';
import { actorOf } from '../../server/request.ts';
import { councilParams, slug, type ZodTypeProvider } from '../../server/schemas.ts';
import { noticesForm } from './forms.ts';
import { LAST_AUTOMATED_CHECK, localised, longDate } from './present.ts';
import type { NoticeContent, NoticesService } from './service.ts';

const PAGES = ['privacy', 'accessibility'] as const;
type Page = (typeof PAGES)[number];
const savedQuery = z.object({ saved: z.preprocess((v) => v === '1', z.boolean()) });

const langOf = (req: FastifyRequest): Language => (isLanguage(req.lang) ? req.lang : DEFAULT_LANGUAGE);

/** What both pages show, in the request's language; `content` is null on the service's own pages. */
function view(page: Page, content: NoticeContent | null, lang: Language, t: (k: string) => string) {
  const d = content?.details;
  return {
    page,
    notice: content,
    councilName: content ? content.council.name : t('notices.genericCouncil'),
    councilStart: content ? content.council.name : t('notices.genericCouncilStart'),
    extra: d ? localised(d.privacy_extra_en, d.privacy_extra_cy, lang) : null,
    issues: d ? localised(d.accessibility_issues_en, d.accessibility_issues_cy, lang) : null,
    compliance: d?.compliance ?? 'partial',
    testedOn: d?.tested_on ? longDate(d.tested_on, lang) : null,
    checkedOn: longDate(LAST_AUTOMATED_CHECK, lang),
    prepared: content?.createdAt ? longDate(content.createdAt, lang) : null,
    reviewed: content?.updatedAt ? longDate(content.updatedAt, lang) : null,
    retentionMonths: content?.retentionMonths ?? 24,
    suppressionThreshold: content?.suppressionThreshold ?? 5,
  };
}

export function noticesRoutes(notices: NoticesService, clock: () => Date = () => new Date()) {
  return async function routes(base: FastifyInstance) {
    const app = base.withTypeProvider<ZodTypeProvider>();

    for (const page of PAGES) {
      app.get(`/${page}`, { config: { access: publicAccess } }, async (req, reply) =>
        reply.render(`notices/views/${page}.njk`, view(page, null, langOf(req), tFor(req))),
      );
      app.get(
        `/${page}/:council`,
        { config: { access: publicAccess }, schema: { params: z.object({ council: slug }) } },
        async (req, reply) => {
          const content = await notices.bySlug(req.params.council);
          if (!content) throw notFound();
          return reply.render(`notices/views/${page}.njk`, {
            ...view(page, content, langOf(req), tFor(req)),
            council: content.council,
          });
        },
      );
    }

    const renderEdit = async (
      req: FastifyRequest,
      reply: FastifyReply,
      values: Record<string, unknown> | null,
      errors: FormErrors,
      status = 200,
      saved = false,
    ) => {
      const content = await notices.content(actorOf(req).council);
      return reply.code(status).render('notices/views/edit.njk', {
        values: values ?? content.details,
        content,
        errors,
        saved,
      });
    };

    app.get(
      '/c/:council/admin/notices',
      { config: { access: can('notices.edit') }, schema: { params: councilParams({}), querystring: savedQuery } },
      (req, reply) => renderEdit(req, reply, null, emptyErrors(), 200, req.query.saved),
    );

    app.post(
      '/c/:council/admin/notices',
      { config: { access: can('notices.edit') }, schema: { params: councilParams({}) } },
      async (req, reply) => {
        const t = tFor(req);
        const actor = actorOf(req);
        const today = clock().toISOString().slice(0, 10);
        const form = parseForm(noticesForm(today), req.body, t);
        if (!form.ok) return renderEdit(req, reply, form.values, form.errors, 400);
        try {
          await notices.save(actor, form.data);
        } catch (err) {
          return renderEdit(req, reply, form.data, domainErrors(err, t, 'dpo_contact'), 400);
        }
        return reply.redirect(`/c/${actor.council.slug}/admin/notices?saved=1`, 303);
      },
    );
  };
}
