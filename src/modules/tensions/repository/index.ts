/** The tensions module's SQL, by sub-domain. Every query is filtered by council_id. */
export * from './settings.ts';
export * from './intake.ts';
export * from './cases.ts';
export * from './case-records.ts';
export * from './levels.ts';
export * from './intelligence.ts';
export * from './events.ts';
export * from './statistics.ts';
export * from './retention.ts';
export * from './demo.ts';
