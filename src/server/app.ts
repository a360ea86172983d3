import Fastify, { type FastifyInstance } from 'fastify';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import { randomBytes } from 'node:crypto';
import type { Config } from '../config.ts';
import type { Db } from '../db/index.ts';
import { createServices, type Services } from './services.ts';
import { loggerOptions } from './logger.ts';
import security from './plugins/security.ts';
import session from './plugins/session.ts';
import csrf from './plugins/csrf.ts';
import access from './plugins/access.ts';
import language from './plugins/language.ts';
import views from './plugins/views.ts';
import errors from './plugins/errors.ts';
import assets from './plugins/assets.ts';
import { registerModules } from './modules.ts';

export interface AppOptions {
  config: Config;
  db: Db;
  services?: Partial<Services>;
  /** Pass false to silence request logs (tests). */
  logger?: boolean;
}

/**
 * Builds the web application: cross-cutting plugins first (one file per concern, in the order a request
 * meets them), then each capability's routes as an encapsulated plugin.
 */
export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const config = { ...opts.config, sessionSecret: opts.config.sessionSecret ?? randomBytes(32).toString('hex') };
  const app = Fastify({
    logger: opts.logger === false ? false : loggerOptions(config),
    trustProxy: config.trustProxy,
    bodyLimit: 1_048_576,
    return503OnClosing: true,
  });
  app.decorate('config', config);
  app.decorate('db', opts.db);
  app.decorate('services', createServices(opts.db, config, opts.services));

  await app.register(access);
  await app.register(security);
  await app.register(session);
  await app.register(language);
  await app.register(csrf);
  await app.register(formbody);
  await app.register(multipart, { attachFieldsToBody: 'keyValues', limits: { fileSize: 200 * 1024 * 1024, files: 1 } });
  await app.register(rateLimit, { global: false });
  await app.register(views);
  await app.register(errors);
  await app.register(assets);

  await registerModules(app);
  return app;
}
