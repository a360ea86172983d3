import type { FastifyInstance } from 'fastify';
import { can, publicAccess } from '../../kernel/access.ts';
import type { Actor } from '../../kernel/actor.ts';
import type { DashboardPanel } from '../../kernel/module.ts';
import { actorOf } from '../../server/request.ts';
import type { GeographyService } from '../geography/index.ts';
import type { CouncilsService } from './service.ts';

export interface CouncilsRouteDeps {
  /** The address the feedback page gives, if configured (FEEDBACK_EMAIL). */
  feedbackEmail?: string;
  councils: CouncilsService;
  geography: GeographyService;
  panels: (actor: Actor) => Promise<DashboardPanel[]>;
}

/** The front page, the choice of council, the feedback page and each council's overview (the notices module serves /privacy and /accessibility). */
export function councilsRoutes({ councils, geography, panels, feedbackEmail }: CouncilsRouteDeps) {
  return async function routes(app: FastifyInstance) {
    app.get('/', { config: { access: publicAccess } }, async (req, reply) => {
      if (!req.user) return reply.render('councils/views/start.njk');
      const memberships = await councils.memberships(req.user.id);
      if (memberships.length === 1) return reply.redirect(`/c/${memberships[0].council.slug}`, 303);
      return reply.render('councils/views/choose.njk', { memberships });
    });

    app.get('/feedback', { config: { access: publicAccess } }, async (_req, reply) =>
      reply.render('councils/views/feedback.njk', { feedbackEmail }),
    );

    app.get('/c/:council', { config: { access: can('councils.view') } }, async (req, reply) => {
      const actor = actorOf(req);
      const [summary, shown] = await Promise.all([geography.summary(actor.council), panels(actor)]);
      return reply.render('councils/views/dashboard.njk', { summary, panels: shown });
    });
  };
}
