/**
 * Background work, declared by modules and run by the jobs layer (src/jobs/runner.ts).
 *
 * - A **scheduled** job has `everyMs`: it runs once per period across every app server on the database.
 * - An **on-demand** job has no `everyMs`: a service asks for it with `JobQueue.enqueue(name, key)`,
 *   for example "recompute this council's tension levels in two seconds". Asking again for the same
 *   key before it runs queues it once; asking while it runs makes it run once more afterwards.
 *
 * Jobs must be idempotent: an on-demand job whose server dies mid-run is run again after its lease.
 */
export interface JobDefinition {
  /** Unique across the service, `<module>.<job>`, e.g. `tensions.recompute`. */
  readonly name: string;
  /** For scheduled jobs: the period in milliseconds. */
  readonly everyMs?: number;
  /** `key` is the enqueued key for on-demand jobs and null for scheduled runs. */
  run(input: { key: string | null; now: Date }): Promise<void>;
}

/** What services use to ask for background work. */
export interface JobQueue {
  enqueue(name: string, key: string, opts?: { delayMs?: number }): Promise<void>;
}
