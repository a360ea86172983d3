import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, testDb } from '../helpers/db.ts';
import type { Db } from '../../src/db/index.ts';
import { listMigrations, migrate, splitSql } from '../../src/db/migrate.ts';

describe.each(BACKENDS)('database layer (%s)', (backend) => {
  let db: Db;
  beforeAll(async () => {
    db = await testDb(backend);
  });
  afterAll(() => db.close());

  it('has applied every migration, and a second run applies none', async () => {
    const applied = await db.query<{ version: string }>('select version from schema_migrations order by version');
    expect(applied.map((r) => r.version)).toEqual((await listMigrations()).map((f) => f.replace(/\.sql$/, '')));
    const again = await migrate(db);
    expect(again.applied).toEqual([]);
  });

  it('rolls a transaction back when it throws, and commits when it returns', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.query(`insert into councils (slug, name) values ('rollback-test', 'Rollback')`);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await db.query(`select 1 from councils where slug = 'rollback-test'`)).toHaveLength(0);
    await db.transaction((tx) => tx.query(`insert into councils (slug, name) values ('commit-test', 'Commit')`));
    expect(await db.query(`select 1 from councils where slug = 'commit-test'`)).toHaveLength(1);
  });

  it('runs queries made together inside a transaction one after another, in call order, and a failed one fails alone', async () => {
    const out = await db.transaction(async (tx) => {
      await tx.query('create temporary table t_order (i int, at timestamptz default clock_timestamp())');
      const calls = Array.from({ length: 20 }, (_, i) => tx.query('insert into t_order (i) values ($1)', [i]));
      await Promise.all(calls);
      return tx.query<{ i: number }>('select i from t_order order by at, i');
    });
    expect(out.map((r) => r.i)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    if (backend === 'postgres') {
      // A query that fails inside the transaction rejects only its own promise; the next one then runs (and is
      // refused by PostgreSQL because the transaction is aborted), and the transaction rolls back.
      await expect(
        db.transaction(async (tx) => {
          const [a, b] = await Promise.allSettled([tx.query('select 1/0'), tx.query('select 1 as one')]);
          expect(a.status).toBe('rejected');
          expect(b.status).toBe('rejected');
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
    }
  });

  it('enforces the schema: GSS-shaped codes, known levels and roles', async () => {
    await expect(db.query(`insert into areas (code, name, level) values ('nonsense', 'x', 'lsoa')`)).rejects.toThrow();
    await expect(
      db.query(`insert into areas (code, name, level) values ('E01000001', 'x', 'street')`),
    ).rejects.toThrow();
    await expect(db.query(`insert into councils (slug, name) values ('Bad Slug!', 'x')`)).rejects.toThrow();
  });

  it('splits migration files into statements, ignoring comments', () => {
    expect(splitSql('-- c\ncreate table a (x int);\n\ncreate index i on a(x);\n')).toEqual([
      'create table a (x int)',
      'create index i on a(x)',
    ]);
  });
});
