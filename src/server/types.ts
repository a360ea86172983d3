import type { Access } from '../kernel/access.ts';
import type { Actor } from '../kernel/actor.ts';
import type { Config } from '../config.ts';
import type { Container } from '../app/container.ts';

import type { CurrentUser } from '../modules/auth/index.ts';

export type { CurrentUser };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /** Set false only for routes that cannot carry a CSRF token (none today). */
    csrf?: boolean;
  }
  interface FastifyRequest {
    user: CurrentUser | null;
    /** Set by the access plugin on council routes: the signed-in member acting in the council of the URL. */
    actor: Actor | null;
    cspNonce: string;
    lang: string;
    csrfToken: string;
  }
  interface FastifyInstance {
    config: Config;
    /** The modules this app serves: for the server's start-up (jobs, demo) and tests, never for routes. */
    container: Container;
  }
  interface FastifyReply {
    render(template: string, context?: Record<string, unknown>): FastifyReply;
  }
}
