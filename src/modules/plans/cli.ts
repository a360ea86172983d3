/**
 *   cohesion plans report --council SLUG --quarter 2026-Q3 --pdf FILE
 *   cohesion plans import-actions FILE --council SLUG
 *   cohesion plans export-actions --council SLUG
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { CliError, type CliCommand } from '../../cli/types.ts';
import { councilLanguage, translator } from '../../i18n/index.ts';
import { systemActor, type Council } from '../../kernel/actor.ts';
import { CsvReadError, readCsv, type CsvRecord } from '../../lib/csv.ts';
import type { CouncilsService } from '../councils/index.ts';
import { renderCabinetPdf } from './pdf.ts';
import { reportView } from './report-view.ts';
import { quarterPeriod } from './rules.ts';
import { ActionImportError } from './services/csv.ts';

async function councilOf(councils: CouncilsService, slug: string | undefined): Promise<Council> {
  if (!slug) throw new CliError('--council SLUG is required (see `cohesion councils list`)');
  const council = await councils.bySlug(slug);
  if (!council) throw new CliError(`no council with the slug "${slug}"`);
  return council;
}

export const plansReportCommand: CliCommand = {
  name: 'plans report',
  summary: 'Write the quarterly cabinet performance report as a PDF',
  help: `Usage: cohesion plans report --council SLUG --quarter YYYY-Qn --pdf FILE

Writes the council's quarterly cabinet performance report (summary, each domain's outcomes with progress, RAG
and measures, actions completed and slipped, and other modules' sections) from live data, as a PDF.

  --council SLUG   the council (required)
  --quarter Q      the quarter, for example 2026-Q3 (required)
  --pdf FILE       where to write the PDF (required)`,
  async run(argv, io, ctx) {
    const { values } = parseArgs({
      args: argv,
      strict: true,
      options: { council: { type: 'string' }, quarter: { type: 'string' }, pdf: { type: 'string' } },
    });
    const period = quarterPeriod(values.quarter ?? '');
    if (!period) throw new CliError('--quarter must be a quarter like 2026-Q3');
    if (!values.pdf) throw new CliError('--pdf FILE is required');
    const file = values.pdf;
    return ctx.withServices(io, async ({ services, config }) => {
      const council = await councilOf(services.councils, values.council);
      // In the council's own language, as nobody chose one on the command line.
      const lang = councilLanguage(council);
      const t = translator(lang);
      const report = await services.plans.report.cabinet(systemActor(council, 'cli'), period, lang);
      const view = reportView(report, council.name, t);
      const pdf = await renderCabinetPdf(view, report.sections, council.name, t, `${config.baseUrl}/methods/plans`);
      await writeFile(file, pdf);
      io.stdout.write(
        `wrote the ${period.label} report for ${council.slug} to ${file} (${report.plans.length} plans)\n`,
      );
      return 0;
    });
  },
};

export const plansImportActionsCommand: CliCommand = {
  name: 'plans import-actions',
  summary: 'Import plan actions from a CSV (as exported); all rows or none',
  help: `Usage: cohesion plans import-actions FILE --council SLUG

Reads a CSV of actions with the columns of \`cohesion plans export-actions\`. Rows with a reference update that
action; rows without one create a new action. Every row is checked first: if any is bad, nothing is written and
each bad row is printed with its line. Importing an unedited export changes nothing.`,
  async run(argv, io, ctx) {
    const { values, positionals } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: { council: { type: 'string' } },
    });
    const file = positionals[0];
    if (!file) throw new CliError('give the CSV file to import');
    return ctx.withServices(io, async ({ services }) => {
      const council = await councilOf(services.councils, values.council);
      const t = translator('en');
      let header: string[] = [];
      const rows: CsvRecord[] = [];
      try {
        for await (const r of readCsv(file, { onHeader: (c) => (header = [...c]) })) rows.push(r);
        const out = await services.plans.csv.importRows(systemActor(council, 'cli'), header, rows);
        io.stdout.write(`created ${out.created}, updated ${out.updated}, unchanged ${out.unchanged} actions\n`);
        return 0;
      } catch (err) {
        if (err instanceof CsvReadError) throw new CliError(err.message);
        if (!(err instanceof ActionImportError)) throw err;
        for (const p of err.problems) io.stderr.write(`line ${p.line}: ${t(p.key, p.params)}\n`);
        throw new CliError(`${err.problems.length} bad rows; nothing was imported`);
      }
    });
  },
};

export const plansExportActionsCommand: CliCommand = {
  name: 'plans export-actions',
  summary: 'Print every plan action of a council as CSV',
  help: `Usage: cohesion plans export-actions --council SLUG

Prints every action of the council's plans as CSV on stdout, ready to edit in a spreadsheet and import back
with \`cohesion plans import-actions\`.`,
  async run(argv, io, ctx) {
    const { values } = parseArgs({ args: argv, strict: true, options: { council: { type: 'string' } } });
    return ctx.withServices(io, async ({ services }) => {
      const council = await councilOf(services.councils, values.council);
      io.stdout.write(await services.plans.csv.exportCsv(systemActor(council, 'cli')));
      return 0;
    });
  },
};

export const plansCommands: CliCommand[] = [plansReportCommand, plansImportActionsCommand, plansExportActionsCommand];
