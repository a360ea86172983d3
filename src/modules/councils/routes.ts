import type { FastifyInstance } from 'fastify';
import { can, publicAccess } from '../../kernel/access.ts';
import { dashboardPanels } from '../../server/modules.ts';

export default async function councilsRoutes(app: FastifyInstance) {
  app.get('/', { config: { access: publicAccess } }, async (req, reply) => {
    if (!req.user) return reply.render('councils/views/start.njk');
    const memberships = await app.services.councils.memberships(req.user.id);
    if (memberships.length === 1) return reply.redirect(`/c/${memberships[0].slug}`, 303);
    return reply.render('councils/views/choose.njk', { memberships });
  });

  for (const page of ['accessibility', 'privacy'] as const) {
    app.get(`/${page}`, { config: { access: publicAccess } }, async (_req, reply) =>
      reply.render('councils/views/static.njk', { page }),
    );
  }

  app.get('/c/:council', { config: { access: can('council.view') } }, async (req, reply) => {
    const council = req.council!;
    const [summary, panels] = await Promise.all([app.services.geography.summary(council), dashboardPanels(app, council)]);
    return reply.render('councils/views/dashboard.njk', { summary, panels });
  });
}
