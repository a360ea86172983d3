import type { FastifyInstance } from 'fastify';
import { can, publicAccess } from '../../server/access.ts';
import { dashboardPanels } from '../../server/modules.ts';

export default async function placesRoutes(app: FastifyInstance) {
  app.get('/', { config: { access: publicAccess } }, async (req, reply) => {
    if (!req.user) return reply.render('places/views/start.njk');
    const memberships = await app.services.places.memberships(req.user.id);
    if (memberships.length === 1) return reply.redirect(`/c/${memberships[0].slug}`, 303);
    return reply.render('places/views/choose.njk', { memberships });
  });

  for (const page of ['accessibility', 'privacy'] as const) {
    app.get(`/${page}`, { config: { access: publicAccess } }, async (_req, reply) =>
      reply.render('places/views/static.njk', { page }),
    );
  }

  app.get('/c/:council', { config: { access: can('place.view') } }, async (req, reply) => {
    const tenant = req.tenant!;
    const [summary, panels] = await Promise.all([app.services.geography.summary(tenant), dashboardPanels(app, tenant)]);
    return reply.render('places/views/dashboard.njk', { summary, panels });
  });
}
