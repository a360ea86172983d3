/** A plan's public progress page (opt-in): only published plans, only what the council publishes. */
import type { FastifyInstance } from 'fastify';
import { publicAccess } from '../../../kernel/access.ts';
import { publicActor } from '../../../kernel/actor.ts';
import { notFound } from '../../../server/errors.ts';
import { tFor } from '../../../server/plugins/language.ts';
import type { ZodTypeProvider } from '../../../server/schemas.ts';
import { pct, planTree, statusTag } from '../present.ts';
import type { PlansRouteDeps } from './common.ts';
import { publicParams } from './forms.ts';

export function publicRoutes({ services }: PlansRouteDeps) {
  return async function routes(base: FastifyInstance) {
    const app = base.withTypeProvider<ZodTypeProvider>();
    app.get(
      '/progress/:council/:planId',
      { config: { access: publicAccess }, schema: { params: publicParams } },
      async (req, reply) => {
        const t = tFor(req);
        const published = await services.plans.published(req.params.council, req.params.planId);
        if (!published) throw notFound();
        const { council, structure } = published;
        const actor = publicActor(council);
        const measures = await Promise.all(
          structure.measures.map((m) => services.measures.assess(council, structure.plan, m)),
        );
        return reply.render('plans/views/public.njk', {
          publicCouncil: council,
          plan: structure.plan,
          tree: planTree(structure),
          pct,
          actions: structure.actions.filter((a) => a.status !== 'cancelled'),
          measures: measures.map((v) => ({ view: v, tag: statusTag(v.status, t) })),
          actor,
        });
      },
    );
  };
}
