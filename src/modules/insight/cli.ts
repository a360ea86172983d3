/**
 * CLI commands of the insight module (registered by src/cli/main.ts):
 *   cohesion import census FILE --council SLUG [--format nomis|census2011] [--dataset CODE] [--lad-name NAME]
 *   cohesion import indicators FILE --council SLUG [--source NAME]
 * Census files are read whole by the columnar reader (src/lib/columnar-csv.ts), indicator files stream through
 * src/lib/csv.ts (both plain or .gz). All or nothing: every bad row is printed with its line number and nothing
 * changes.
 */
import { parseArgs } from 'node:util';
import { basename } from 'node:path';
import { CliError, type CliCommand, type CliIo } from '../../cli/types.ts';
import { readCsv, CsvReadError } from '../../lib/csv.ts';
import { readColumnarCsv, type ColumnarTable } from '../../lib/columnar-csv.ts';
import { systemActor, type Council } from '../../kernel/actor.ts';
import type { CouncilsService } from '../councils/index.ts';
import type { ImportOutcome } from './services/imports/outcome.ts';

async function councilOf(councils: CouncilsService, slug: string | undefined): Promise<Council> {
  if (!slug) throw new CliError('--council SLUG is required (see `cohesion councils list`)');
  const council = await councils.bySlug(slug);
  if (!council) throw new CliError(`no council with the slug "${slug}"`);
  return council;
}

/** Tells a Nomis table from a census 2011 file by its header. */
function detectFormat(file: string, columns: readonly string[]): 'nomis' | 'census2011' {
  const lower = columns.map((c) => c.toLowerCase());
  if (lower.includes('geography code')) return 'nomis';
  if ((columns.includes('OA') || columns.includes('LSOA')) && columns.includes('Persons')) return 'census2011';
  throw new CliError(
    `${basename(file)}: not a Nomis bulk table (date, geography, geography code, …) or a census 2011 file (OA or LSOA, Persons, …); use --format`,
  );
}

function report(outcome: ImportOutcome, io: CliIo, file: string): number {
  if (outcome.ok) {
    const parts = [
      `${outcome.rows} rows`,
      `${outcome.values} indicator values`,
      `${outcome.areas} areas (${outcome.newAreas} new)`,
    ];
    if (outcome.dataset) parts.push(`dataset ${outcome.dataset}`);
    if (outcome.skipped) parts.push(`${outcome.skipped} rows of other authorities left out`);
    if (outcome.indicators.length) parts.push(`indicators ${outcome.indicators.join(', ')}`);
    io.stdout.write(`imported ${file}: ${parts.join(', ')}\n`);
    return 0;
  }
  for (const p of outcome.problems) io.stderr.write(`${file}: line ${p.line}: ${p.message}\n`);
  if (outcome.problemCount > outcome.problems.length)
    io.stderr.write(`… and ${outcome.problemCount - outcome.problems.length} more\n`);
  throw new CliError(`${file} was not imported: ${outcome.problemCount} problem(s); nothing was changed`);
}

async function guarded<T>(file: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof CsvReadError) throw new CliError(err.message);
    throw err;
  }
}

export const importCensusCommand: CliCommand = {
  name: 'import census',
  summary: 'Import census counts: a Nomis bulk table or a census 2011 ethnic group file',
  help: `Usage: cohesion import census FILE --council SLUG [options]

Reads a census CSV (plain or .gz) and stores its counts by area as a dataset:
  - a Nomis bulk table (columns date, geography, geography code, then one column per
    category), for example TS021 ethnic group, TS029 proficiency in English, TS066 economic
    activity or TS019 migrant indicator, at any level. Known tables are stored as <table>_<year>
    (e.g. ts021_2021) and also give the council the indicators they measure (TS029 → English
    proficiency, TS066 → economic inactivity, TS019 → migration);
  - a census 2011 ethnic group file (OA or LSOA rows with Persons, the 14 groups, LSOA, MSOA,
    LAD, RGN), for example ../shared/data/census2011/ethnic_group_oa.csv.gz. Only rows of the
    council's local authority are kept (matched by name; see --lad-name).
All or nothing: every bad row is listed with its line number and nothing changes.
Importing the same file again replaces the same values.

Options:
  --council SLUG      the council the import is for (required)
  --format FORMAT     nomis or census2011 (default: detected from the header)
  --dataset CODE      store the counts under this dataset code
  --lad-name NAME     census 2011: the LAD name in the file (default: the council's area name)`,
  async run(argv, io, ctx) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        council: { type: 'string' },
        format: { type: 'string' },
        dataset: { type: 'string' },
        'lad-name': { type: 'string' },
      },
    });
    if (positionals.length !== 1) throw new CliError('give one FILE (see --help)');
    const file = positionals[0];
    if (values.format && values.format !== 'nomis' && values.format !== 'census2011')
      throw new CliError('--format must be nomis or census2011');
    if (values.dataset && !/^[a-z0-9_]{2,60}$/.test(values.dataset))
      throw new CliError('--dataset must be 2 to 60 lower-case letters, digits or _');
    return ctx.withServices(io, async ({ services }) => {
      const council = await councilOf(services.councils, values.council);
      const svc = services.insight.imports;
      const actor = systemActor(council, 'cli');
      // Read once, when first needed (rows before a malformed one are validated first, as from a stream).
      let table: ColumnarTable | null = null;
      const read = async (): Promise<ColumnarTable> => (table ??= await readColumnarCsv(file, { deferErrors: true }));
      const format =
        (values.format as 'nomis' | 'census2011' | undefined) ??
        (await guarded(file, async () => detectFormat(file, (await read()).header)));
      const source = basename(file);
      const outcome = await guarded(file, async () => {
        if (format === 'nomis') return svc.importNomisTable(await read(), actor, { source, dataset: values.dataset });
        const areaCode = council.areaCode;
        if (!areaCode)
          throw new CliError(`the council "${council.slug}" has no area code, so its rows cannot be chosen`);
        const area = await services.geography.findArea(areaCode);
        const name = values['lad-name'] ?? area?.name;
        if (!name)
          throw new CliError(`the council's area ${areaCode} is not known; give --lad-name as written in the file`);
        return svc.importCensus2011(await read(), actor, {
          source,
          lad: { code: areaCode, name },
          dataset: values.dataset,
        });
      });
      return report(outcome, io, file);
    });
  },
};

export const importIndicatorsCommand: CliCommand = {
  name: 'import indicators',
  summary: 'Import indicator values from a tidy CSV',
  help: `Usage: cohesion import indicators FILE --council SLUG [--source NAME]

Reads indicator values (plain or .gz) with the columns
  area_code,period,indicator,group,value,numerator,denominator
(group, numerator and denominator may be blank; see docs/methods/indicators.md) and stores
them for the council. Indicators must be built in or defined by the council first.
All or nothing: every bad row is listed with its line number and nothing changes.
Importing the same file again replaces the same values.

Options:
  --council SLUG   the council the values belong to (required)
  --source NAME    where the values come from (default: the file name)`,
  async run(argv, io, ctx) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: { council: { type: 'string' }, source: { type: 'string' } },
    });
    if (positionals.length !== 1) throw new CliError('give one FILE (see --help)');
    const file = positionals[0];
    return ctx.withServices(io, async ({ services }) => {
      const council = await councilOf(services.councils, values.council);
      const outcome = await guarded(file, () =>
        services.insight.imports.importIndicatorValues(
          readCsv(file),
          systemActor(council, 'cli'),
          (values.source ?? basename(file)).slice(0, 200),
        ),
      );
      return report(outcome, io, file);
    });
  },
};
