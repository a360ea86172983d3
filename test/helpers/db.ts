import { randomBytes } from 'node:crypto';
import type { Db } from '../../src/db/index.ts';
import { openPglite } from '../../src/db/pglite.ts';
import { openPostgres } from '../../src/db/postgres.ts';
import { migrate } from '../../src/db/migrate.ts';

export type Backend = 'pglite' | 'postgres';

/** PGlite always; the PostgreSQL server as well whenever DATABASE_URL is set (CI sets it). */
export const BACKENDS: Backend[] = process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

/**
 * A fresh, migrated database. On PostgreSQL each test database is its own schema, dropped on close,
 * so test files can run in parallel against one server.
 */
export async function testDb(backend: Backend): Promise<Db> {
  if (backend === 'pglite') {
    const db = await openPglite();
    await migrate(db);
    return db;
  }
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const db = await openPostgres(process.env.DATABASE_URL!, { schema, max: 5 });
  await migrate(db);
  const close = db.close.bind(db);
  return {
    ...db,
    kind: db.kind,
    query: db.query,
    transaction: db.transaction,
    ping: db.ping,
    async close() {
      await db.query(`drop schema if exists "${schema}" cascade`);
      await close();
    },
  };
}
