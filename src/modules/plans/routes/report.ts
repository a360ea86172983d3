/** The quarterly cabinet performance report, HTML or PDF, and the change history. */
import type { FastifyInstance } from 'fastify';
import { can } from '../../../kernel/access.ts';
import { tFor } from '../../../server/plugins/language.ts';
import { actorOf } from '../../../server/request.ts';
import type { ZodTypeProvider } from '../../../server/schemas.ts';
import { renderCabinetPdf } from '../pdf.ts';
import { measureFigure } from '../present.ts';
import { reportView } from '../report-view.ts';
import { quarterOf, quarterPeriod } from '../rules.ts';
import type { PlansRouteDeps } from './common.ts';
import { reportQuery } from './forms.ts';

export function reportRoutes({ services, clock }: PlansRouteDeps) {
  return async function routes(base: FastifyInstance) {
    const app = base.withTypeProvider<ZodTypeProvider>();
    app.get(
      '/report',
      { config: { access: can('plans.view') }, schema: { querystring: reportQuery } },
      async (req, reply) => {
        const actor = actorOf(req);
        const t = tFor(req);
        const quarter = req.query.quarter ?? quarterOf(clock());
        const period = quarterPeriod(quarter);
        if (!period) return reply.redirect(`/c/${actor.council.slug}/plans/report`, 303);
        const report = await services.report.cabinet(actor, period, req.lang);
        const view = reportView(report, actor.council.name, t);
        if (req.query.format === 'pdf') {
          const methods = `${req.server.config.baseUrl}/methods/plans`;
          const pdf = await renderCabinetPdf(view, report.sections, actor.council.name, t, methods);
          reply.header('content-disposition', `attachment; filename="cabinet-report-${quarter}.pdf"`);
          return reply.type('application/pdf').send(pdf);
        }
        // Each domain's trend charts (one per measure and area), beside its tables.
        const charts = report.plans.map((p) =>
          p.domains.map((d) =>
            d.outcomes.flatMap((o) =>
              o.measures.flatMap((v) => v.areas.map((a) => measureFigure(v, a, t)).filter((f) => f !== null)),
            ),
          ),
        );
        return reply.render('plans/views/report.njk', { view, charts, sections: report.sections, quarter });
      },
    );
  };
}
