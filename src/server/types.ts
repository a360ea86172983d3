import type { Access, Role } from '../kernel/access.ts';
import type { Db } from '../db/index.ts';
import type { Config } from '../config.ts';
import type { Services } from './services.ts';

export interface CurrentUser {
  id: string;
  email: string;
  displayName: string;
  sessionId: string;
}

export interface CouncilContext {
  id: string;
  slug: string;
  name: string;
  areaCode: string | null;
  isDemo: boolean;
  role: Role;
  organisationId: string | null;
  settings: Record<string, unknown>;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /** Set false only for routes that cannot carry a CSRF token (none today). */
    csrf?: boolean;
  }
  interface FastifyRequest {
    user: CurrentUser | null;
    council: CouncilContext | null;
    cspNonce: string;
    lang: string;
    csrfToken: string;
  }
  interface FastifyInstance {
    config: Config;
    db: Db;
    services: Services;
  }
  interface FastifyReply {
    render(template: string, context?: Record<string, unknown>): FastifyReply;
  }
}
