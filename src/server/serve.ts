import type { FastifyInstance } from 'fastify';
import { loadConfig, localUrl, type Config } from '../config.ts';
import { openDb, type Db } from '../db/index.ts';
import { migrate } from '../db/migrate.ts';
import type { Container } from '../app/container.ts';
import { JobRunner } from '../jobs/index.ts';
import { buildApp } from './app.ts';
import { ensureSessionSecret } from './secret.ts';

export interface RunningServer {
  app: FastifyInstance;
  db: Db;
  container: Container;
  jobs: JobRunner;
  url: string;
  close(): Promise<void>;
}

/**
 * Opens the database, applies migrations, builds the modules and the app, starts the jobs runner and listens.
 * `onReady` runs after migrations and before listening (the demo seeding uses it).
 */
export async function startServer(
  config: Config = loadConfig(),
  hooks: { onReady?: (container: Container) => Promise<void>; logger?: boolean; jobs?: boolean } = {},
): Promise<RunningServer> {
  const db = await openDb(config);
  await migrate(db);
  const cfg = { ...config, sessionSecret: config.sessionSecret ?? (await ensureSessionSecret(config.dataDir)) };
  const app = await buildApp({ config: cfg, db, logger: hooks.logger });
  // The app built the modules with its logger; the jobs runner and the demo use the same ones.
  const container = app.container;
  await app.ready();
  if (hooks.onReady) await hooks.onReady(container);
  const jobs = new JobRunner(db, container.jobs, app.log);
  if (hooks.jobs !== false) jobs.start();
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  // One address everywhere: the console prints the same configured base URL that emailed and resident links use
  // (only a server on a port chosen by the system, as in tests, differs from it).
  const url = port === config.port ? config.baseUrl : localUrl(config.host, port);

  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= (async () => {
      await jobs.stop();
      await app.close(); // stops accepting, lets in-flight requests finish
      await db.close();
    })();
    return closing;
  };
  return { app, db, container, jobs, url, close };
}

/** SIGTERM/SIGINT: finish in-flight requests, close the database, then exit. */
export function closeOnSignals(server: RunningServer, log: (msg: string) => void) {
  const stop = (signal: string) => {
    log(`received ${signal}, shutting down`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}
