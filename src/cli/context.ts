import { loadConfig, type Config } from '../config.ts';
import { openDb, type Db } from '../db/index.ts';
import { migrate } from '../db/migrate.ts';
import { createContainer, type AppServices, type Container } from '../app/container.ts';
import type { CliIo } from './types.ts';

/** Opens the configured database (migrated) with every module built, runs fn, and always closes. */
export async function withServices<T>(
  io: CliIo,
  fn: (ctx: { config: Config; db: Db; services: AppServices; container: Container }) => Promise<T>,
): Promise<T> {
  const config = loadConfig(io.env);
  const db = await openDb(config);
  try {
    await migrate(db);
    const container = createContainer({ db, config });
    return await fn({ config, db, services: container.services, container });
  } finally {
    await db.close();
  }
}
