/**
 * `cohesion plans export-grants` prints the council's grants as a 360Giving JSON package;
 * `cohesion commissioning import-grants` imports a 360Giving JSON package or spreadsheet (CSV), all or nothing.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { CliError, type CliCommand } from '../../cli/types.ts';
import { translate } from '../../i18n/index.ts';
import { systemActor } from '../../kernel/actor.ts';
import { parseLinkRef } from '../../kernel/links.ts';

export const exportGrantsCommand: CliCommand = {
  name: 'plans export-grants',
  summary: 'Print a council’s grants as a 360Giving JSON package',
  help: `Usage: cohesion plans export-grants --council SLUG [--plan ID]

Prints the council's grants (withdrawn grants left out) as a 360Giving Data Standard JSON package on stdout.
Grant identifiers use the council's 360Giving prefix (commissioning settings; default 360G-<slug>).

  --council SLUG   the council
  --plan ID        only grants linked to this plan`,
  async run(argv, io, ctx) {
    const { values } = parseArgs({
      args: argv,
      strict: true,
      options: { council: { type: 'string' }, plan: { type: 'string' } },
    });
    if (!values.council) throw new CliError('--council SLUG is required');
    const link = values.plan === undefined ? null : parseLinkRef(`plan:${values.plan}`);
    if (values.plan !== undefined && !link) throw new CliError('--plan must be a plan id');
    const slug = values.council;
    return ctx.withServices(io, async ({ services }) => {
      const council = await services.councils.bySlug(slug);
      if (!council) throw new CliError(`no council ${slug}`);
      const pkg = await services.commissioning.giving.package(council, link);
      io.stdout.write(`${JSON.stringify(pkg, null, 2)}\n`);
      return 0;
    });
  },
};

export const importGrantsCommand: CliCommand = {
  name: 'commissioning import-grants',
  summary: 'Import grants from a 360Giving JSON package or CSV spreadsheet',
  help: `Usage: cohesion commissioning import-grants FILE --council SLUG

Imports grants from a 360Giving JSON package (FILE ending .json) or a 360Giving spreadsheet saved as CSV.
Every grant is checked first; if any has a problem nothing is imported and each problem is printed with its
line (CSV) or grant number (JSON). Grants are matched by identifier: new ones are added, changed ones updated,
and unchanged ones left alone.

  --council SLUG   the council`,
  async run(argv, io, ctx) {
    const { values, positionals } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: { council: { type: 'string' } },
    });
    if (!values.council) throw new CliError('--council SLUG is required');
    const [file] = positionals;
    if (!file || positionals.length > 1) throw new CliError('give one FILE to import');
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch {
      throw new CliError(`cannot read ${file}`);
    }
    const slug = values.council;
    return ctx.withServices(io, async ({ services }) => {
      const council = await services.councils.bySlug(slug);
      if (!council) throw new CliError(`no council ${slug}`);
      const actor = systemActor(council, 'cli');
      const giving = services.commissioning.giving;
      const isJson = file.toLowerCase().endsWith('.json');
      const out = isJson
        ? await giving.importJson(actor, bytes.toString('utf8'))
        : await giving.importCsv(actor, bytes);
      if (!out.ok) {
        for (const p of out.problems) {
          // A problem of the whole file (line 0) is printed without a line number, as the web page shows it.
          const message = translate('en', p.key, p.params);
          io.stderr.write(
            `${p.line > 0 ? translate('en', 'commissioning.import.errors.line', { line: p.line, message }) : message}\n`,
          );
        }
        throw new CliError(`nothing imported: ${out.problems.length} problem(s)`);
      }
      io.stdout.write(`imported: ${out.created} added, ${out.updated} updated, ${out.unchanged} unchanged\n`);
      return 0;
    });
  },
};
