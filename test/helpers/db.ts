import { randomBytes } from 'node:crypto';
import type { Db } from '../../src/db/index.ts';
import { openPglite } from '../../src/db/pglite.ts';
import { openPostgres } from '../../src/db/postgres.ts';
import { migrate } from '../../src/db/migrate.ts';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MIGRATIONS = fileURLToPath(new URL('../../src/db/migrations/', import.meta.url));

/**
 * Creating a PGlite data directory (initdb in WebAssembly) takes seconds; loading a dumped one is several
 * times faster. The first test process to need a database migrates one and dumps it to a file named after the
 * migrations and the PGlite version; every later one starts from that file.
 */
function templatePath(): string {
  const hash = createHash('sha256');
  hash.update(
    JSON.parse(readFileSync(new URL('../../node_modules/@electric-sql/pglite/package.json', import.meta.url), 'utf8'))
      .version,
  );
  for (const f of readdirSync(MIGRATIONS).sort()) hash.update(f).update(readFileSync(join(MIGRATIONS, f)));
  return join(tmpdir(), `cohesion-pglite-template-${hash.digest('hex').slice(0, 16)}.tar`);
}

async function pgliteFromTemplate(): Promise<Db> {
  const path = templatePath();
  if (existsSync(path)) {
    const db = await openPglite(undefined, { loadDataDir: new Blob([readFileSync(path)]) });
    await migrate(db);
    return db;
  }
  const db = await openPglite();
  await migrate(db);
  const partial = `${path}.${process.pid}.partial`;
  writeFileSync(partial, Buffer.from(await (await db.dump()).arrayBuffer()));
  renameSync(partial, path);
  return db;
}

export type Backend = 'pglite' | 'postgres';

/** PGlite always; the PostgreSQL server as well whenever DATABASE_URL is set (CI sets it). */
export const BACKENDS: Backend[] = process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

/**
 * One back end, the production one when configured: for tests whose subject is the web layer (which role may
 * reach which route, CSRF tokens), where the database only holds the fixtures. The SQL those routes run is
 * tested on both back ends by the modules' own tests.
 */
export const WEB_LAYER_BACKENDS: Backend[] = [process.env.DATABASE_URL ? 'postgres' : 'pglite'];

/**
 * A fresh, migrated database. On PostgreSQL each test database is its own schema, dropped on close,
 * so test files can run in parallel against one server.
 */
export async function testDb(backend: Backend): Promise<Db> {
  if (backend === 'pglite') return pgliteFromTemplate();
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
