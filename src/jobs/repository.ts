import type { Queryable } from '../db/index.ts';

export interface QueuedJobRow {
  id: string;
  name: string;
  key: string;
  attempts: number;
}

export async function ensureSchedule(q: Queryable, name: string, everyMs: number, now: Date): Promise<void> {
  await q.query(
    `insert into job_schedules (name, every_ms, next_run_at) values ($1, $2, $3)
     on conflict (name) do update set every_ms = excluded.every_ms`,
    [name, everyMs, now],
  );
}

/** Moves the schedule on by one period if it is due; true only for the one caller that moved it. */
export async function claimSchedule(q: Queryable, name: string, now: Date): Promise<boolean> {
  const rows = await q.query(
    `update job_schedules
        set next_run_at = $2::timestamptz + every_ms * interval '1 millisecond', last_started_at = $2, runs = runs + 1
      where name = $1 and next_run_at <= $2
      returning name`,
    [name, now],
  );
  return rows.length === 1;
}

export async function finishSchedule(q: Queryable, name: string, now: Date, error: string | null): Promise<void> {
  await q.query('update job_schedules set last_finished_at = $2, last_error = $3 where name = $1', [name, now, error]);
}

export async function enqueue(q: Queryable, name: string, key: string, runAt: Date): Promise<void> {
  await q.query(
    `insert into job_queue (name, key, run_at) values ($1, $2, $3)
     on conflict (name, key) do update
       set rerun = job_queue.rerun or job_queue.locked_until is not null,
           run_at = least(job_queue.run_at, excluded.run_at)`,
    [name, key, runAt],
  );
}

/** Leases up to `limit` due jobs (skipping rows another server holds) until `leaseUntil`. */
export function claimQueued(q: Queryable, now: Date, leaseUntil: Date, limit: number): Promise<QueuedJobRow[]> {
  return q.query<QueuedJobRow>(
    `update job_queue set locked_until = $2, attempts = attempts + 1
      where id in (select id from job_queue
                    where run_at <= $1 and (locked_until is null or locked_until < $1)
                    order by run_at limit $3 for update skip locked)
      returning id::text, name, key, attempts`,
    [now, leaseUntil, limit],
  );
}

/** Done: delete the row, unless it was asked for again while running (then release it to run again). */
export async function completeQueued(q: Queryable, id: string, nextRunAt: Date): Promise<void> {
  await q.query(
    `with again as (
       update job_queue set locked_until = null, rerun = false, attempts = 0, last_error = null, run_at = $2
        where id = $1 and rerun returning id)
     delete from job_queue where id = $1 and not exists (select 1 from again)`,
    [id, nextRunAt],
  );
}

/** Failed: release the row to retry at `retryAt`, or drop it after too many attempts. */
export async function failQueued(q: Queryable, id: string, error: string, retryAt: Date | null): Promise<void> {
  if (retryAt) {
    await q.query('update job_queue set locked_until = null, run_at = $2, last_error = $3 where id = $1', [
      id,
      retryAt,
      error,
    ]);
  } else {
    await q.query('delete from job_queue where id = $1', [id]);
  }
}

export function scheduleState(q: Queryable) {
  return q.query<{ name: string; runs: string; next_run_at: Date; last_error: string | null }>(
    'select name, runs::text, next_run_at, last_error from job_schedules order by name',
  );
}
