/** The councils' command-line commands: `councils create` and `councils list`. */
import { parseArgs } from 'node:util';
import { CliError, type CliCommand } from '../../cli/types.ts';
import { isGssCode, levelOfCode } from '../../geo/gss.ts';

export const councilsCreateCommand: CliCommand = {
  name: 'councils create',
  summary: 'Create a council',
  help: `Usage: cohesion councils create --slug SLUG --name NAME --area CODE

Creates a council. SLUG appears in web addresses (/c/SLUG); lower-case letters, digits
and hyphens. CODE is the GSS code of the council's local authority (E06–E09, W06), and
scopes which areas its users see.`,
  async run(argv, io, ctx) {
    const { values } = parseArgs({
      args: argv,
      strict: true,
      options: { slug: { type: 'string' }, name: { type: 'string' }, area: { type: 'string' } },
    });
    const { slug, name, area } = values;
    if (!slug || !/^[a-z0-9][a-z0-9-]{1,59}$/.test(slug))
      throw new CliError('--slug is required: 2–60 lower-case letters, digits or hyphens');
    if (!name || name.trim().length < 2) throw new CliError('--name is required');
    if (!area || !isGssCode(area) || levelOfCode(area) !== 'lad')
      throw new CliError('--area must be the GSS code of a local authority, like E09000030');
    return ctx.withServices(io, async ({ services }) => {
      if (await services.councils.bySlug(slug)) throw new CliError(`a council with slug '${slug}' already exists`);
      await services.councils.create({ slug, name: name.trim(), areaCode: area, isDemo: false });
      io.stdout.write(`created council ${slug} (${name}) for area ${area}\n`);
      return 0;
    });
  },
};

export const councilsListCommand: CliCommand = {
  name: 'councils list',
  summary: 'List councils',
  help: 'Usage: cohesion councils list\n\nPrints slug, area code and name of every council.',
  async run(argv, io, ctx) {
    parseArgs({ args: argv, strict: true, options: {} });
    return ctx.withServices(io, async ({ services }) => {
      for (const t of await services.councils.all())
        io.stdout.write(`${t.slug}\t${t.areaCode ?? '-'}\t${t.name}${t.isDemo ? ' (demo)' : ''}\n`);
      return 0;
    });
  },
};

/** In the order `cohesion --help` lists them. */
export const councilsCommands: readonly CliCommand[] = [councilsCreateCommand, councilsListCommand];
