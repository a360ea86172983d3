import { parseArgs } from 'node:util';
import { CliError, type CliCommand } from '../types.ts';
import { withServices } from '../context.ts';
import { isGssCode, levelOfCode } from '../../geo/gss.ts';

export const councilsCreateCommand: CliCommand = {
  name: 'councils create',
  summary: 'Create a council (council)',
  help: `Usage: cohesion councils create --slug SLUG --name NAME --area CODE

Creates a council. SLUG appears in web addresses (/c/SLUG); lower-case letters, digits
and hyphens. CODE is the GSS code of the council's local authority (E06–E09, W06), and
scopes which areas its users see.`,
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      strict: true,
      options: { slug: { type: 'string' }, name: { type: 'string' }, area: { type: 'string' } },
    });
    if (!values.slug || !/^[a-z0-9][a-z0-9-]{1,59}$/.test(values.slug))
      throw new CliError('--slug is required: 2–60 lower-case letters, digits or hyphens');
    if (!values.name || values.name.trim().length < 2) throw new CliError('--name is required');
    if (!values.area || !isGssCode(values.area) || levelOfCode(values.area) !== 'lad')
      throw new CliError('--area must be the GSS code of a local authority, like E09000030');
    return withServices(io, async ({ services }) => {
      if (await services.councils.bySlug(values.slug!))
        throw new CliError(`a council with slug '${values.slug}' already exists`);
      await services.councils.create({
        slug: values.slug!,
        name: values.name!.trim(),
        areaCode: values.area!,
        isDemo: false,
      });
      io.stdout.write(`created council ${values.slug} (${values.name}) for area ${values.area}\n`);
      return 0;
    });
  },
};

export const councilsListCommand: CliCommand = {
  name: 'councils list',
  summary: 'List councils',
  help: 'Usage: cohesion councils list\n\nPrints slug, area code and name of every council.',
  async run(argv, io) {
    parseArgs({ args: argv, strict: true, options: {} });
    return withServices(io, async ({ services }) => {
      for (const t of await services.councils.all())
        io.stdout.write(`${t.slug}\t${t.areaCode ?? '-'}\t${t.name}${t.isDemo ? ' (demo)' : ''}\n`);
      return 0;
    });
  },
};
