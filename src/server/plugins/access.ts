import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { roleHas, type Access } from '../../kernel/access.ts';
import { memberActor } from '../../kernel/actor.ts';
import type { CouncilsService } from '../../modules/councils/index.ts';
import { HttpError, notFound } from '../errors.ts';

/** The `:council` of a council route (any string: a slug that names no council the user belongs to is 404). */
const councilParam = z.object({ council: z.string() });

/** Every route, with the access rule it declared. Read by the role-by-route test. */
export interface RouteAccess {
  method: string;
  url: string;
  access: Access;
}

/**
 * Access control, declared per route. The server refuses to start if a route has no `config.access`.
 * - public: anyone;
 * - signedIn: any signed-in user;
 * - council: a member of the council in `:council`, whose role has the permission. A non-member gets 404,
 *   so the existence of another council's records is never revealed. Sets `req.actor`.
 */
export default fp<{ councils: Pick<CouncilsService, 'membership'> }>(async function access(app: FastifyInstance, opts) {
  const routes: RouteAccess[] = [];
  app.decorate('routeAccess', routes);
  app.decorateRequest('actor', null);

  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/assets/') || route.url.startsWith('/govuk/') || route.url.startsWith('/public/')) {
      route.config = { ...(route.config ?? {}), access: { kind: 'public' } };
    }
    const declared = (route.config as { access?: Access } | undefined)?.access;
    if (!declared) throw new Error(`route ${route.method} ${route.url} declares no access rule`);
    if (declared.kind === 'council' && !route.url.includes(':council')) {
      throw new Error(`route ${route.url} is council-scoped but has no :council parameter`);
    }
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      routes.push({ method, url: route.url, access: declared });
    }
  });

  app.addHook('preValidation', async (req, reply) => {
    const rule = req.routeOptions.config?.access;
    if (!rule || rule.kind === 'public') return;
    if (!req.user) {
      if (req.method === 'GET') {
        return reply.redirect(`/sign-in?returnTo=${encodeURIComponent(req.url)}`, 303);
      }
      throw new HttpError(401, 'errors.signInRequired');
    }
    if (rule.kind === 'signedIn') return;
    // Hooks run before the route's own schema, so the `:council` param is read through its own schema here.
    const params = councilParam.safeParse(req.params);
    const membership = params.success ? await opts.councils.membership(params.data.council, req.user.id) : null;
    if (!membership) throw notFound();
    req.actor = memberActor(membership.council, { userId: req.user.id, ...membership });
    if (!roleHas(membership.role, rule.permission)) throw new HttpError(403, 'errors.forbidden');
  });
});

declare module 'fastify' {
  interface FastifyInstance {
    routeAccess: RouteAccess[];
  }
}
