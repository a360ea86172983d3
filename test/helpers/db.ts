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
 * Creating a PGlite data directory (initdb in WebAssembly) and migrating it takes seconds; loading a dumped one
 * takes a fraction of a second. The first test process to need a database migrates one, checkpoints it (so a
 * load replays no WAL) and dumps it to a file named after the migrations and the PGlite version; every later one
 * starts from that file, read once per process.
 */
let templateFile: string | undefined;
function templatePath(): string {
  if (templateFile) return templateFile;
  const hash = createHash('sha256');
  hash.update(
    JSON.parse(readFileSync(new URL('../../node_modules/@electric-sql/pglite/package.json', import.meta.url), 'utf8'))
      .version,
  );
  for (const f of readdirSync(MIGRATIONS).sort()) hash.update(f).update(readFileSync(join(MIGRATIONS, f)));
  templateFile = join(tmpdir(), `cohesion-pglite-template-v2-${hash.digest('hex').slice(0, 16)}.tar`);
  return templateFile;
}

let template: Blob | undefined;

async function pgliteFromTemplate(): Promise<Db> {
  const path = templatePath();
  if (!template && existsSync(path)) template = new Blob([readFileSync(path)]);
  if (template) {
    const db = await openPglite(undefined, { loadDataDir: template });
    // A template that did not load (PGlite silently runs initdb instead) would make every test pay for the
    // migrations again; say so rather than go slowly.
    const { applied } = await migrate(db);
    if (applied.length)
      throw new Error(`the PGlite template at ${path} was not loaded: ${applied.length} migrations ran`);
    return db;
  }
  const db = await openPglite();
  await migrate(db);
  await db.query('checkpoint');
  const dump = await db.dump();
  const partial = `${path}.${process.pid}.partial`;
  writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
  renameSync(partial, path);
  template = dump;
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
