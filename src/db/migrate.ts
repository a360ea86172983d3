import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Db } from './db.ts';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
// Any fixed number: every app server takes the same lock, so only one migrates at a time.
const MIGRATION_LOCK = 4_242_001;

export interface MigrationResult {
  applied: string[];
  current: string | null;
}

export async function listMigrations(): Promise<string[]> {
  return (await readdir(MIGRATIONS_DIR)).filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f)).sort();
}

/**
 * Applies every migration not yet recorded, each in its own transaction, in file order.
 * Safe to run concurrently from several servers (transaction-scoped advisory lock).
 */
export async function migrate(db: Db): Promise<MigrationResult> {
  // Under the lock too: two servers creating the table at once on a fresh database would otherwise collide
  // ("duplicate key value violates unique constraint pg_type_typname_nsp_index").
  await db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query(
      'create table if not exists schema_migrations (version text primary key, applied_at timestamptz not null default now())',
    );
  });
  const applied: string[] = [];
  for (const file of await listMigrations()) {
    const version = file.replace(/\.sql$/, '');
    const sql = await readFile(MIGRATIONS_DIR + file, 'utf8');
    const didApply = await db.transaction(async (tx) => {
      await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      const done = await tx.query('select 1 from schema_migrations where version = $1', [version]);
      if (done.length) return false;
      for (const statement of splitSql(sql)) await tx.query(statement);
      await tx.query('insert into schema_migrations (version) values ($1)', [version]);
      return true;
    });
    if (didApply) applied.push(version);
  }
  const last = await db.query<{ version: string }>('select max(version) as version from schema_migrations');
  return { applied, current: last[0]?.version ?? null };
}

/** Splits a migration file on semicolons at line ends; migrations avoid function bodies with `;`. */
export function splitSql(sql: string): string[] {
  return sql
    .split(/;\s*(?:\r?\n|$)/)
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter((s) => s.length > 0);
}
