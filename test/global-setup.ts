import { randomBytes } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { runDatabasePrefix, runTempPrefix } from './run-scope.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Names what this run shares between its workers: the browser tests' demo template and databases. */
    runId: string;
  }
}

/** Runs once per `vitest run`, before any worker: gives the run an id, and afterwards removes what it shared. */
export default function setup(project: TestProject) {
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  project.provide('runId', runId);
  return async () => {
    for (const entry of readdirSync(tmpdir()))
      if (entry.startsWith(runTempPrefix(runId))) rmSync(join(tmpdir(), entry), { recursive: true, force: true });
    if (!process.env.DATABASE_URL) return;
    // This run's template database, and any database a file of this run left behind (a crash between its create
    // and its drop). Databases of other runs are left alone: one may be running now.
    const pg = (await import('pg')).default;
    const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await c.connect();
    try {
      const left = await c.query<{ datname: string }>(
        'select datname from pg_database where starts_with(datname, $1)',
        [runDatabasePrefix(runId)],
      );
      for (const { datname } of left.rows) await c.query(`drop database if exists "${datname}" with (force)`);
    } finally {
      await c.end();
    }
  };
}
