/** Published reports (weekly and quarterly, HTML and PDF, small counts suppressed) and the restricted export. */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { can } from '../../../../kernel/access.ts';
import { tFor } from '../../../../server/plugins/language.ts';
import { actorOf } from '../../../../server/request.ts';
import type { ZodTypeProvider } from '../../../../server/schemas.ts';
import { toCsv } from '../../../../lib/csv-write.ts';
import { addWeeks, isoWeek } from '../../../../stats/tension.ts';
import { renderReportPdf } from '../../pdf.ts';
import { EXPORT_COLUMNS, quarterlyPage, reportsIndex, weeklyPage } from '../../present/reports.ts';
import { previousQuarter } from '../../rules.ts';
import { exportQuery, quarterlyQuery, weeklyQuery } from '../forms.ts';
import type { StaffRouteDeps } from './common.ts';

const DAY = 86_400_000;

function sendPdf(reply: FastifyReply, filename: string, pdf: Buffer) {
  return reply.type('application/pdf').header('content-disposition', `attachment; filename="${filename}"`).send(pdf);
}

export function reportRoutes({ services, clock }: StaffRouteDeps) {
  const { reports } = services;
  return async function routes(base: FastifyInstance) {
    const app = base.withTypeProvider<ZodTypeProvider>();

    app.get('/reports', { config: { access: can('tensions.picture') } }, (_req, reply) =>
      reply.render('tensions/views/reports.njk', reportsIndex(clock())),
    );

    app.get(
      '/reports/weekly',
      { config: { access: can('tensions.picture') }, schema: { querystring: weeklyQuery } },
      async (req, reply) => {
        const council = actorOf(req).council;
        const t = tFor(req);
        const week = req.query.week ?? addWeeks(isoWeek(clock()), -1);
        const report = await reports.weekly(council, week);
        if (req.query.format === 'pdf')
          return sendPdf(
            reply,
            `tension-report-${council.slug}-${week}.pdf`,
            await renderReportPdf('weekly', report, council.name, t, `${req.server.config.baseUrl}/methods/tensions`),
          );
        return reply.render('tensions/views/report-weekly.njk', weeklyPage(report, t));
      },
    );

    app.get(
      '/reports/quarterly',
      { config: { access: can('tensions.picture') }, schema: { querystring: quarterlyQuery } },
      async (req, reply) => {
        const council = actorOf(req).council;
        const t = tFor(req);
        const quarter = req.query.quarter ?? previousQuarter(clock());
        const report = await reports.quarterly(council, quarter);
        if (req.query.format === 'pdf')
          return sendPdf(
            reply,
            `hate-incident-report-${council.slug}-${quarter}.pdf`,
            await renderReportPdf(
              'quarterly',
              report,
              council.name,
              t,
              `${req.server.config.baseUrl}/methods/tensions`,
            ),
          );
        return reply.render('tensions/views/report-quarterly.njk', quarterlyPage(report, t));
      },
    );

    app.get(
      '/reports/export',
      { config: { access: can('tensions.export') }, schema: { querystring: exportQuery } },
      async (req, reply) => {
        const actor = actorOf(req);
        const to = req.query.to ? new Date(`${req.query.to}T00:00:00Z`) : clock();
        const from = req.query.from ? new Date(`${req.query.from}T00:00:00Z`) : new Date(to.getTime() - 90 * DAY);
        const rows = await reports.exportCases(actor, from, new Date(to.getTime() + DAY));
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="tension-cases-${actor.council.slug}.csv"`)
          .send(toCsv(rows, EXPORT_COLUMNS));
      },
    );
  };
}
