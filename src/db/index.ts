import { join } from 'node:path';
import type { Config } from '../config.ts';
import type { Db } from './db.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';

export type { Db, Queryable, Row } from './db.ts';
export { one, oneRow } from './db.ts';

/** DATABASE_URL selects a PostgreSQL server; otherwise PGlite persisted under DATA_DIR/pglite. */
export async function openDb(config: Pick<Config, 'databaseUrl' | 'dataDir'>): Promise<Db> {
  if (config.databaseUrl) return openPostgres(config.databaseUrl);
  return openPglite(join(config.dataDir, 'pglite'));
}
