/** Geography's command-line commands: `import boundaries` and `import lookups`. */
import { parseArgs } from 'node:util';
import { readFile, stat } from 'node:fs/promises';
import { CliError, type CliCommand, type CliIo } from '../../cli/types.ts';
import { geoLevelSchema } from '../../geo/gss.ts';
import { CsvReadError, readCsvBuffer } from '../../lib/csv.ts';
import { ImportFileError, type ImportOutcome } from './service.ts';

async function readInput(file: string | undefined): Promise<Buffer> {
  if (!file) throw new CliError('missing FILE argument (see --help)');
  try {
    const s = await stat(file);
    if (!s.isFile()) throw new CliError(`${file} is not a file`);
    return await readFile(file);
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}

function report(outcome: ImportOutcome, io: CliIo, file: string): number {
  if (outcome.ok) {
    io.stdout.write(
      `imported ${file}: ${outcome.areas} areas, ${outcome.boundaries} boundaries, ${outcome.links} links\n`,
    );
    return 0;
  }
  for (const p of outcome.problems) {
    const where = p.line !== undefined ? `line ${p.line}` : p.feature !== undefined ? `feature ${p.feature}` : 'file';
    io.stderr.write(`${file}: ${where}: ${p.message}\n`);
  }
  if (outcome.problemCount > outcome.problems.length)
    io.stderr.write(`… and ${outcome.problemCount - outcome.problems.length} more\n`);
  throw new CliError(`${file} was not imported: ${outcome.problemCount} problem(s); nothing was changed`);
}

export const importBoundariesCommand: CliCommand = {
  name: 'import boundaries',
  summary: 'Import area boundaries from GeoJSON or TopoJSON (optionally .gz)',
  help: `Usage: cohesion import boundaries FILE [options]

Reads a GeoJSON FeatureCollection or TopoJSON topology (gzipped or not) of ONS areas,
for example ../shared/data/boundaries2011/lsoa/E09000030.geojson.gz, and stores each
area (by GSS code) and its boundary. The code and name properties are detected
(LSOA11CD/LSOA11NM, OA11CD, LAD11CD, code/name, …) unless given.
All or nothing: if any feature is bad, every problem is listed and nothing changes.

Options:
  --code-property NAME   feature property holding the GSS code
  --name-property NAME   feature property holding the area name
  --object NAME          TopoJSON: the object to read (default: all)
  --level LEVEL          require every area to be of this level (oa, lsoa, msoa, ward, lad, region, country)`,
  async run(argv, io, ctx) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        'code-property': { type: 'string' },
        'name-property': { type: 'string' },
        object: { type: 'string' },
        level: { type: 'string' },
      },
    });
    if (positionals.length > 1) throw new CliError('give one FILE at a time');
    const level = values.level === undefined ? undefined : geoLevelSchema.safeParse(values.level);
    if (level && !level.success)
      throw new CliError(`--level must be one of oa, lsoa, msoa, ward, lad, region, country`);
    const buf = await readInput(positionals[0]);
    return ctx.withServices(io, async ({ services }) => {
      try {
        const outcome = await services.geography.importBoundaries(buf, {
          source: positionals[0].split('/').pop() ?? 'file',
          codeProperty: values['code-property'],
          nameProperty: values['name-property'],
          object: values.object,
          level: level?.success ? level.data : undefined,
        });
        return report(outcome, io, positionals[0]);
      } catch (err) {
        if (err instanceof ImportFileError) throw new CliError(`${positionals[0]}: ${err.message}`);
        throw err;
      }
    });
  },
};

export const importLookupsCommand: CliCommand = {
  name: 'import lookups',
  summary: 'Import lookups between geography levels from an ONS/Nomis CSV',
  help: `Usage: cohesion import lookups FILE

Reads an ONS lookup CSV (plain or .gz) with code columns such as OA11CD, LSOA11CD,
MSOA11CD, WD22CD, LAD22CD, RGN11CD (names in the matching *NM columns), or the census
files' OA, LSOA, MSOA, LAD, RGN columns, and links each area to its parent at every
level present. Columns holding names only (the census LAD and RGN) are matched by name
to areas already imported (for example from lad_england.topojson.gz).
All or nothing: every bad row is listed with its line number and nothing changes.`,
  async run(argv, io, ctx) {
    const { positionals } = parseArgs({ args: argv, allowPositionals: true, strict: true, options: {} });
    if (positionals.length > 1) throw new CliError('give one FILE at a time');
    const file = positionals[0];
    const buf = await readInput(file);
    return ctx.withServices(io, async ({ services }) => {
      try {
        const rows = readCsvBuffer(buf, { name: file, trim: true });
        return report(await services.geography.importLookups(rows), io, file);
      } catch (err) {
        if (err instanceof CsvReadError) throw new CliError(`${file}: not a readable CSV file (${err.message})`);
        throw err;
      }
    });
  },
};

/** In the order `cohesion --help` lists them. */
export const geographyCommands: readonly CliCommand[] = [importBoundariesCommand, importLookupsCommand];
