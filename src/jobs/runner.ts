/**
 * Runs the modules' jobs on every app server; the database decides which server runs what, so each
 * scheduled period runs once and each queued job runs once per request, however many servers there are.
 * Works the same on PGlite (one process) and on a PostgreSQL server shared by several.
 */
import type { Db } from '../db/index.ts';
import type { JobDefinition, JobQueue } from './types.ts';
import * as repo from './repository.ts';

export interface JobLog {
  error(obj: object, msg: string): void;
}

export interface RunnerOptions {
  /** How often each server looks for due work. */
  pollMs?: number;
  /** How long a server may hold a queued job before another may take it over. */
  leaseMs?: number;
  /** Attempts before a failing queued job is dropped (it is logged each time). */
  maxAttempts?: number;
  clock?: () => Date;
}

export interface TickResult {
  scheduled: string[];
  queued: { name: string; key: string }[];
  failed: string[];
}

const BATCH = 20;

/** The database-backed queue services enqueue into. */
export class DbJobQueue implements JobQueue {
  constructor(
    private readonly db: Db,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async enqueue(name: string, key: string, opts: { delayMs?: number } = {}): Promise<void> {
    await repo.enqueue(this.db, name, key, new Date(this.clock().getTime() + (opts.delayMs ?? 0)));
  }
}

export class JobRunner {
  private readonly byName = new Map<string, JobDefinition>();
  private readonly pollMs: number;
  private readonly leaseMs: number;
  private readonly maxAttempts: number;
  private readonly clock: () => Date;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<TickResult> | null = null;
  private registered = false;

  constructor(
    private readonly db: Db,
    jobs: readonly JobDefinition[],
    private readonly log: JobLog,
    opts: RunnerOptions = {},
  ) {
    for (const job of jobs) {
      if (this.byName.has(job.name)) throw new Error(`job ${job.name} is declared twice`);
      this.byName.set(job.name, job);
    }
    this.pollMs = opts.pollMs ?? 1_000;
    this.leaseMs = opts.leaseMs ?? 10 * 60_000;
    this.maxAttempts = opts.maxAttempts ?? 5;
    this.clock = opts.clock ?? (() => new Date());
  }

  get names(): string[] {
    return [...this.byName.keys()];
  }

  /** Runs everything due at `now` that this server wins. Ticks never overlap on one server. */
  tick(now: Date = this.clock()): Promise<TickResult> {
    const previous = this.running ?? Promise.resolve(null);
    const next = previous.then(() => this.runDue(now));
    this.running = next.finally(() => {
      if (this.running === next) this.running = null;
    });
    return next;
  }

  /** Ticks until no queued job is due (tests and the CLI use it to settle background work). */
  async drain(now: Date = this.clock(), maxTicks = 50): Promise<void> {
    for (let i = 0; i < maxTicks; i++) {
      const r = await this.tick(now);
      if (!r.queued.length && !r.scheduled.length) return;
    }
  }

  start(): void {
    if (this.timer) return;
    const loop = () => {
      void this.tick().catch((err: Error) =>
        this.log.error({ err: { type: err.name, message: err.message } }, 'job tick failed'),
      );
    };
    this.timer = setInterval(loop, this.pollMs);
    this.timer.unref();
    loop();
  }

  /** Stops polling and waits for the work in hand to finish. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  private async runDue(now: Date): Promise<TickResult> {
    const result: TickResult = { scheduled: [], queued: [], failed: [] };
    if (!this.registered) {
      for (const job of this.byName.values()) {
        if (job.everyMs) await repo.ensureSchedule(this.db, job.name, job.everyMs, now);
      }
      this.registered = true;
    }
    for (const job of this.byName.values()) {
      if (!job.everyMs || !(await repo.claimSchedule(this.db, job.name, now))) continue;
      const error = await this.attempt(job, null, now);
      await repo.finishSchedule(this.db, job.name, this.clock(), error);
      (error ? result.failed : result.scheduled).push(job.name);
    }
    const leased = await repo.claimQueued(this.db, now, new Date(now.getTime() + this.leaseMs), BATCH);
    for (const row of leased) {
      const job = this.byName.get(row.name);
      const error = job ? await this.attempt(job, row.key, now) : `no job named ${row.name}`;
      if (!error) {
        await repo.completeQueued(this.db, row.id, now);
        result.queued.push({ name: row.name, key: row.key });
        continue;
      }
      result.failed.push(row.name);
      const retry = job && row.attempts < this.maxAttempts ? new Date(now.getTime() + 2 ** row.attempts * 1_000) : null;
      await repo.failQueued(this.db, row.id, error, retry);
    }
    return result;
  }

  private async attempt(job: JobDefinition, key: string | null, now: Date): Promise<string | null> {
    try {
      await job.run({ key, now });
      return null;
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      this.log.error({ job: job.name, err: { type: e.name, message: e.message } }, 'job failed');
      return e.message.slice(0, 500);
    }
  }
}
