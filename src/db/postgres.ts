import pg from 'pg';
import type { Db, Queryable, Row } from './db.ts';

// Return int8/numeric as JS numbers: our counts fit comfortably below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

export interface PostgresOptions {
  /** Optional schema to isolate (tests). It is created if missing and set as the search_path. */
  schema?: string;
  max?: number;
}

export async function openPostgres(url: string, opts: PostgresOptions = {}): Promise<Db> {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 10,
    options: opts.schema ? `-c search_path=${opts.schema}` : undefined,
  });
  // A broken idle client must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  if (opts.schema) {
    await pool.query(`create schema if not exists "${opts.schema}"`);
  }
  const query = async <T = Row>(sql: string, params: unknown[] = []) => (await pool.query(sql, params)).rows as T[];
  return {
    kind: 'postgres',
    query,
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        // One connection runs one query at a time: calls made together (a Promise.all inside a transaction) wait
        // their turn here, in call order, rather than relying on the driver's deprecated implicit queue.
        let last: Promise<unknown> = Promise.resolve();
        const tx: Queryable = {
          query<T = Row>(sql: string, params: unknown[] = []) {
            const run = last.then(async () => (await client.query(sql, params)).rows as T[]);
            last = run.catch(() => undefined);
            return run;
          },
        };
        const out = await fn(tx);
        await client.query('commit');
        return out;
      } catch (err) {
        await client.query('rollback').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    async ping() {
      await pool.query('select 1');
    },
    async close() {
      await pool.end();
    },
  };
}
