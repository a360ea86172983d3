export type { JobDefinition, JobQueue } from './types.ts';
export { DbJobQueue, JobRunner, type JobLog, type RunnerOptions, type TickResult } from './runner.ts';
