import { PGlite } from '@electric-sql/pglite';
import { mkdirSync } from 'node:fs';
import type { Db, Queryable, Row } from './db.ts';

/**
 * Embedded PostgreSQL. `dir` undefined means in memory (tests). `loadDataDir` starts from a dumped data
 * directory (`dumpDataDir`) instead of creating one, which is several times faster (the test helpers keep a
 * migrated template).
 */
export async function openPglite(
  dir?: string,
  opts: { loadDataDir?: Blob } = {},
): Promise<Db & { dump(): Promise<Blob> }> {
  if (dir) mkdirSync(dir, { recursive: true });
  // Options go in the one argument: PGlite's two-argument form ignores the options when the directory is undefined
  // (an in-memory database), which would silently run initdb instead of loading the dump.
  const pg = new PGlite({
    ...(dir ? { dataDir: dir } : {}),
    ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}),
  });
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
    dump: () => pg.dumpDataDir('none'),
  };
}
