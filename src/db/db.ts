/**
 * The data layer's one abstraction over PostgreSQL. Two back ends speak the same dialect:
 * PGlite (embedded PostgreSQL in WebAssembly, the default) and a PostgreSQL server via `pg`
 * (when DATABASE_URL is set). Repositories take a `Queryable` so the same SQL runs inside
 * or outside a transaction.
 */
export type Row = Record<string, unknown>;

export interface Queryable {
  query<T = Row>(sql: string, params?: unknown[]): Promise<T[]>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs fn in a transaction; rolls back if it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Cheap round trip, used by GET /ready. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Takes the first row or undefined; keeps call sites short. */
export async function one<T = Row>(q: Queryable, sql: string, params?: unknown[]): Promise<T | undefined> {
  const rows = await q.query<T>(sql, params);
  return rows[0];
}

/** Runs a statement that must return a row (an `insert … returning`); throws if it returned none. */
export async function oneRow<T = Row>(q: Queryable, sql: string, params?: unknown[]): Promise<T> {
  const row = await one<T>(q, sql, params);
  if (row === undefined) throw new Error('the statement returned no row');
  return row;
}
