import { loadConfig, type Config } from '../config.ts';
import { openDb, type Db } from '../db/index.ts';
import { migrate } from '../db/migrate.ts';
import { createServices, type Services } from '../server/services.ts';
import type { CliIo } from './types.ts';

/** Opens the configured database (migrated) with the service layer, runs fn, and always closes. */
export async function withServices<T>(
  io: CliIo,
  fn: (ctx: { config: Config; db: Db; services: Services }) => Promise<T>,
): Promise<T> {
  const config = loadConfig(io.env);
  const db = await openDb(config);
  try {
    await migrate(db);
    return await fn({ config, db, services: createServices(db, config) });
  } finally {
    await db.close();
  }
}
