/**
 * Every command by name and one-line summary, with a loader that imports only what the command needs: listing
 * the commands or running a statistics command never loads the web framework, the database or the modules
 * (docs/benchmarks.md, the start-up row of "End to end: compiled commands against the reference tools").
 * `test/platform/cli.test.ts` checks each summary against its command.
 */
import type { CliCommand } from './types.ts';

export interface CommandEntry {
  readonly name: string;
  readonly summary: string;
  load(): Promise<CliCommand>;
}

function pick(commands: readonly CliCommand[], name: string): CliCommand {
  const found = commands.find((c) => c.name === name);
  if (!found) throw new Error(`no command named ${name}`);
  return found;
}

/** In the order `cohesion --help` lists them. */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'serve',
    summary: 'Start the web service',
    load: async () => (await import('./commands/serve.ts')).serveCommand,
  },
  {
    name: 'migrate',
    summary: 'Apply database migrations (also done on every start)',
    load: async () => (await import('./commands/migrate.ts')).migrateCommand,
  },
  {
    name: 'import boundaries',
    summary: 'Import area boundaries from GeoJSON or TopoJSON (optionally .gz)',
    load: async () => pick((await import('../modules/geography/index.ts')).geographyCommands, 'import boundaries'),
  },
  {
    name: 'import lookups',
    summary: 'Import lookups between geography levels from an ONS/Nomis CSV',
    load: async () => pick((await import('../modules/geography/index.ts')).geographyCommands, 'import lookups'),
  },
  {
    name: 'import census',
    summary: 'Import census counts: a Nomis bulk table or a census 2011 ethnic group file',
    load: async () => pick((await import('../modules/insight/index.ts')).insightCommands, 'import census'),
  },
  {
    name: 'import indicators',
    summary: 'Import indicator values from a tidy CSV',
    load: async () => pick((await import('../modules/insight/index.ts')).insightCommands, 'import indicators'),
  },
  {
    name: 'councils create',
    summary: 'Create a council',
    load: async () => pick((await import('../modules/councils/index.ts')).councilsCommands, 'councils create'),
  },
  {
    name: 'councils list',
    summary: 'List councils',
    load: async () => pick((await import('../modules/councils/index.ts')).councilsCommands, 'councils list'),
  },
  {
    name: 'demo',
    summary: 'Create (or refresh) the fictional demo council',
    load: async () => (await import('./commands/demo.ts')).demoCommand,
  },
  {
    name: 'users create',
    summary: 'Create a user with a password and add them to a council',
    load: async () => pick((await import('../modules/admin/index.ts')).adminCommands, 'users create'),
  },
  {
    name: 'users invite',
    summary: 'Invite a user by email with a single-use link',
    load: async () => pick((await import('../modules/admin/index.ts')).adminCommands, 'users invite'),
  },
  {
    name: 'segregation',
    summary: 'Segregation and diversity indices from a CSV of counts by area',
    load: async () => (await import('./commands/segregation/index.ts')).segregationCommand,
  },
  {
    name: 'network',
    summary: 'Network measures (components, betweenness, communities, brokers) from an edge list CSV',
    load: async () => (await import('./commands/network/index.ts')).networkCommand,
  },
  {
    name: 'survey rake',
    summary: 'Rake survey weights to population margins (writes id,weight CSV)',
    load: async () => (await import('./commands/survey/rake.ts')).surveyRakeCommand,
  },
  {
    name: 'survey estimate',
    summary: 'Weighted means and proportions with design-based SEs, overall and by area',
    load: async () => (await import('./commands/survey/estimate.ts')).surveyEstimateCommand,
  },
  {
    name: 'match esol',
    summary: 'Place ESOL learners in classes, exactly optimally (CSV in, JSON out)',
    load: async () => (await import('./commands/match/index.ts')).matchEsolCommand,
  },
  {
    name: 'match classes',
    summary: 'Link school classes across schools for the most contrast (CSV in, JSON out)',
    load: async () => (await import('./commands/match/index.ts')).matchClassesCommand,
  },
  {
    name: 'evaluate match',
    summary: 'Propensity-score matching with balance and the effect on the treated (CSV in, JSON out)',
    load: async () => (await import('./commands/evaluate/match.ts')).evaluateMatchCommand,
  },
  {
    name: 'evaluate did',
    summary: 'Difference-in-differences with robust or clustered standard errors (CSV in, JSON out)',
    load: async () => (await import('./commands/evaluate/did.ts')).evaluateDidCommand,
  },
  {
    name: 'evaluate power',
    summary: 'Minimum detectable effect for planned sample sizes, design effect and ICC',
    load: async () => (await import('./commands/evaluate/power.ts')).evaluatePowerCommand,
  },
  {
    name: 'tensions retention',
    summary: 'Erase personal data in tension reports past each council’s retention period',
    load: async () => (await import('../modules/tensions/index.ts')).tensionsRetentionCommand,
  },
  {
    name: 'plans report',
    summary: 'Write the quarterly cabinet performance report as a PDF',
    load: async () => pick((await import('../modules/plans/index.ts')).plansCommands, 'plans report'),
  },
  {
    name: 'plans import-actions',
    summary: 'Import plan actions from a CSV (as exported); all rows or none',
    load: async () => pick((await import('../modules/plans/index.ts')).plansCommands, 'plans import-actions'),
  },
  {
    name: 'plans export-actions',
    summary: 'Print every plan action of a council as CSV',
    load: async () => pick((await import('../modules/plans/index.ts')).plansCommands, 'plans export-actions'),
  },
  {
    name: 'plans export-grants',
    summary: 'Print a council’s grants as a 360Giving JSON package',
    load: async () => (await import('../modules/commissioning/index.ts')).exportGrantsCommand,
  },
  {
    name: 'commissioning import-grants',
    summary: 'Import grants from a 360Giving JSON package or CSV spreadsheet',
    load: async () => (await import('../modules/commissioning/index.ts')).importGrantsCommand,
  },
];
