import Fastify, { type FastifyInstance } from 'fastify';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import { randomBytes } from 'node:crypto';
import type { Config } from '../config.ts';
import type { Db } from '../db/index.ts';
import { createContainer, type Container } from '../app/container.ts';
import type { NavEntry } from '../kernel/module.ts';
import type { AuthService } from '../modules/auth/index.ts';
import type { CouncilsService } from '../modules/councils/index.ts';
import { loggerOptions } from './logger.ts';
import { zodValidatorCompiler } from './schemas.ts';
import security from './plugins/security.ts';
import session from './plugins/session.ts';
import csrf from './plugins/csrf.ts';
import textHygiene from './plugins/text-hygiene.ts';
import access from './plugins/access.ts';
import language from './plugins/language.ts';
import views from './plugins/views.ts';
import errors from './plugins/errors.ts';
import assets from './plugins/assets.ts';
import rateLimits from './plugins/rate-limit.ts';

export interface AppOptions {
  config: Config;
  db: Db;
  /** The modules, built once; built here from config and db when not given. */
  container?: Container;
  /** Pass false to silence request logs (tests). */
  logger?: boolean;
}

/**
 * Builds the web application: cross-cutting plugins first (one file per concern, in the order a request
 * meets them), then each module's routes, in navigation order.
 */
export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const config = { ...opts.config, sessionSecret: opts.config.sessionSecret ?? randomBytes(32).toString('hex') };
  const app = Fastify({
    logger: opts.logger === false ? false : loggerOptions(config),
    trustProxy: config.trustProxy,
    bodyLimit: 1_048_576,
    return503OnClosing: true,
  });
  const container = opts.container ?? createContainer({ db: opts.db, config, log: app.log });
  app.decorate('container', container);
  await registerPlatform(app, {
    config,
    db: opts.db,
    councils: container.services.councils,
    auth: container.services.auth,
    nav: container.modules.flatMap((m) => (m.nav ? [m.nav] : [])),
  });
  for (const m of container.modules) if (m.routes) await app.register(m.routes);
  return app;
}

export interface PlatformPlugins {
  config: Config;
  /** The database, for shared rate-limit counters (RATE_LIMIT_STORE=database); route tests pass null. */
  db: Db | null;
  councils: Pick<CouncilsService, 'membership'>;
  auth: Pick<AuthService, 'userForToken'>;
  nav: readonly NavEntry[];
}

/**
 * The cross-cutting plugins every request meets, in order. Route tests register these with stub services
 * and one module's routes (test/helpers/routes.ts), so a module's pages are tested without a database.
 */
export async function registerPlatform(app: FastifyInstance, p: PlatformPlugins): Promise<void> {
  app.decorate('config', p.config);
  app.setValidatorCompiler(zodValidatorCompiler);
  await app.register(access, { councils: p.councils });
  await app.register(security);
  await app.register(session, { auth: p.auth });
  await app.register(language);
  await app.register(formbody);
  // Multipart bodies are read in a preValidation hook of their own; CSRF's check must come after it.
  // Two files at most: the network import sends an edge list and a node list together.
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: p.config.uploadLimitMb * 1024 * 1024, files: 2 },
  });
  await app.register(textHygiene);
  await app.register(csrf);
  await app.register(rateLimits, { config: p.config, db: p.db });
  await app.register(views, { nav: p.nav });
  await app.register(errors);
  await app.register(assets);
}
