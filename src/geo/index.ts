export * from './gss.ts';
export * from './boundaries.ts';
export * from './lookups.ts';
