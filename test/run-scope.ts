/**
 * Names of what one `vitest run` shares between its workers, from the run's id (test/global-setup.ts provides
 * it and removes these afterwards; the browser harness creates them).
 */

/** Temporary directories of the run: the demo template of each back end, and the claimed axe page states. */
export const runTempPrefix = (runId: string): string => `cohesion-e2e-${runId}-`;

/** PostgreSQL databases of the run: the demo template and each browser file's copy. */
export const runDatabasePrefix = (runId: string): string => `e2e_${runId}_`;
