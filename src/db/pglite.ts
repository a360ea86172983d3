import { PGlite } from '@electric-sql/pglite';
import { mkdirSync } from 'node:fs';
import type { Db, Queryable, Row } from './db.ts';

/** Embedded PostgreSQL. `dir` undefined means in memory (tests). */
export async function openPglite(dir?: string): Promise<Db> {
  if (dir) mkdirSync(dir, { recursive: true });
  const pg = dir ? new PGlite(dir) : new PGlite();
  await pg.waitReady;
  const q: Queryable = {
    async query<T = Row>(sql: string, params: unknown[] = []) {
      const res = params.length ? await pg.query<T>(sql, params) : await pg.query<T>(sql);
      return res.rows;
    },
  };
  return {
    kind: 'pglite',
    query: q.query,
    async transaction(fn) {
      return pg.transaction(async (tx) =>
        fn({
          async query<T = Row>(sql: string, params: unknown[] = []) {
            const res = await tx.query<T>(sql, params);
            return res.rows;
          },
        }),
      );
    },
    async ping() {
      await pg.query('select 1');
    },
    async close() {
      await pg.close();
    },
  };
}
