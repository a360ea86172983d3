/**
 * Group commit for report intake. Each submission waits for the statement that stores it to commit before it
 * is acknowledged. While earlier statements are still running, new submissions queue and then go to the
 * database together in one INSERT … ON CONFLICT DO NOTHING (one commit and one WAL flush for the batch), so a
 * surge costs far fewer flushes. At low load every batch holds one report and nothing waits.
 *
 * Reports are validated and normalised before they join a batch, so a batch should never fail because of one
 * report. If one still does (the database refused a value), the batch is split in halves and each half is
 * stored again, down to single reports: every other report is stored and acknowledged, and only the report
 * the database refuses fails, with a DomainError (a 400 with a reason, never a 500 for the others). Errors
 * that are not about a row's data (the database is down) fail the batch as they are.
 *
 * A clash of random references (about 1 in 10^11 per pair) fails the statement; the batch is then retried
 * with new references.
 */
import type { Queryable } from '../../../db/index.ts';
import { DomainError } from '../../../kernel/errors.ts';
import type { Log } from '../../../kernel/module.ts';
import * as repo from '../repository/index.ts';
import { newReference } from '../rules.ts';
import { sqlState } from './context.ts';

export interface StoredReport {
  id: string;
  reference: string;
}

interface Entry {
  row: repo.NewReport;
  resolve: (r: StoredReport | undefined) => void;
  reject: (e: unknown) => void;
}

/** Data exceptions (22…), integrity constraint violations (23…) and program limits (54…) are about rows. */
const isRowError = (err: unknown) => ['22', '23', '54'].includes(sqlState(err)?.slice(0, 2) ?? '');

/** The reason a report refused by the database is given (field `form`: it is not one answer's fault we know of). */
export const NOT_STORED = 'tensions.report.errors.notStored';

export class IntakeBatcher {
  private queue: Entry[] = [];
  private running = 0;
  /** For benchmarks and tests: statements run, reports in them, and batches split after a refused row. */
  readonly stats = { statements: 0, rows: 0, splits: 0, refused: 0 };

  constructor(
    private readonly db: Queryable,
    private readonly log?: Pick<Log, 'warn'>,
    private readonly maxConcurrent = 4,
    private readonly maxBatch = 250,
  ) {}

  /** Resolves with the stored report, or undefined when the key was already stored (or repeated in the batch). */
  add(row: repo.NewReport): Promise<StoredReport | undefined> {
    return new Promise((resolve, reject) => {
      this.queue.push({ row, resolve, reject });
      this.pump();
    });
  }

  private pump() {
    while (this.running < this.maxConcurrent && this.queue.length) {
      const batch = this.queue.splice(0, this.maxBatch);
      this.running++;
      void this.store(batch).finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  private async store(batch: Entry[]): Promise<void> {
    let failure: unknown;
    for (let attempt = 0; ; attempt++) {
      try {
        this.stats.statements++;
        this.stats.rows += batch.length;
        const stored = await repo.insertReports(
          this.db,
          batch.map((b) => b.row),
        );
        const byKey = new Map(stored.map((r) => [`${r.council_id}|${r.idempotency_key}`, r]));
        for (const b of batch) {
          const hit = byKey.get(`${b.row.councilId}|${b.row.idempotencyKey}`);
          // Within one batch a repeated key is stored once: only the entry whose reference was stored gets the row.
          b.resolve(hit && hit.reference === b.row.reference ? { id: hit.id, reference: hit.reference } : undefined);
        }
        return;
      } catch (err) {
        if (sqlState(err) === '23505' && attempt < 3) {
          for (const b of batch) b.row.reference = newReference();
          continue;
        }
        failure = err;
        break;
      }
    }
    if (!isRowError(failure)) {
      for (const b of batch) b.reject(failure);
      return;
    }
    if (batch.length === 1) {
      this.stats.refused++;
      this.log?.warn({ code: sqlState(failure) }, 'the database refused a report that passed validation');
      batch[0].reject(new DomainError(NOT_STORED, 'form'));
      return;
    }
    this.stats.splits++;
    const half = Math.ceil(batch.length / 2);
    await this.store(batch.slice(0, half));
    await this.store(batch.slice(half));
  }
}
