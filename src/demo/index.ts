export { generateDemoCouncil, demoCensusCsv, DEMO_NOTICE, ETHNIC_GROUPS_2011 } from './council.ts';
export type { DemoArea, DemoCouncil, DemoPopulation, EthnicGroup2011 } from './council.ts';
export { dissolveTessellation } from './dissolve.ts';
